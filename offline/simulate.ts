/**
 * Offline simulation of one event through a resolved plan: the bus it is put on → every rule on
 * that bus (match, or why not) → what each target receives, exactly as EventBridge delivers it
 * → the next bus for event-bus targets, until the event leaves the stack or comes back to a bus
 * it already went through (a loop).
 *
 * ```ts
 * const trace = await simulate(await plan(program), { Source: "github.com", DetailType: "push", Detail: "{...}", EventBusName: "github-dev" });
 * assert.strictEqual(trace.deliveries[0].rules[0].targets[0].input, "...");
 * ```
 */
import { explainMatch, matchesPattern, renderInputTransformer } from "../components/patterns";
import { evaluateJsonPath, parseJsonPath } from "../components/patterns/json-path";
import { isSecret, isUnknown } from "../stack";
import type { DeliveryRequest } from "./delivery";
import { emitsFunctionsOf } from "./emits-functions";
import { PlanIndex, planIndex } from "./plan-index";
import { apiDestinationDelivery, SimulatedPrivateEndpoint } from "./simulate-api-destination";
import type { LoopStep, Plan, PutEventsEntry, RoutingBus, RoutingRule, RoutingTarget } from "./types";

/** An event as rules and targets see it. */
export interface SimulatedEvent {
    readonly version: string;
    readonly id: string;
    readonly "detail-type": string;
    readonly source: string;
    readonly account: string;
    readonly time: string;
    readonly region: string;
    readonly resources: readonly string[];
    readonly detail: unknown;
}

export interface SimulateOptions {
    /** The bus a full event (not a PutEvents entry) is put on: name, ARN or routing id. Default: the bus the stack's webhook publishes to, else "default". */
    readonly bus?: string;
    /** The event's `time` when the entry has none (default: now, to the second). */
    readonly time?: string;
    /** The event's `id` (default a fixed UUID, so traces compare equal). */
    readonly id?: string;
    /** For OAuth API destinations: the token shown in place of the real one. Default `<redacted>`. */
    readonly oauthAccessToken?: string;
    /** How many bus-to-bus hops to follow before stopping (default 10). */
    readonly maxHops?: number;
    /**
     * Say why each rule that did not match failed. False leaves those rules out of the trace:
     * faster when following many events (the plan's loop check does).
     * @default true
     */
    readonly explain?: boolean;
}

/** What one target receives. */
export interface SimulatedTargetDelivery {
    /** Routing id (`target0`...), name and kind as in the plan's routing. */
    readonly id: string;
    readonly name: string;
    readonly kind: string;
    readonly arn?: string;
    /**
     * The input exactly as delivered: the Lambda payload, Step Functions execution input, SQS
     * message body, SNS message, event-bus entry... (the rendered input transformer, the
     * constant input, the `inputPath` selection, or the event itself).
     */
    readonly input: string;
    /** SQS FIFO targets: the message group id. */
    readonly messageGroupId?: string;
    /** API destinations: the HTTP request EventBridge sends, the connection's credentials redacted. */
    readonly request?: DeliveryRequest;
    /** Private API destinations: the VPC Lattice resource configuration the request goes through. */
    readonly privateEndpoint?: SimulatedPrivateEndpoint;
    /**
     * Event-bus targets, and targets that declare `emits`: the routing id of the bus the event
     * continues on (absent when that bus is outside the stack: see `leavesStack`).
     */
    readonly nextBus?: string;
    /** Targets that declare `emits` (a Lambda function, a state machine): the events they put on their bus. */
    readonly emitted?: readonly SimulatedEvent[];
    /** The bus the event goes to is not in the stack: the event leaves it there, and the trace ends. */
    readonly leavesStack?: LeavingBus;
    /** Why the input could not be computed (e.g. a value known only after deployment). */
    readonly problem?: string;
}

/** A bus outside the stack that an event goes to. */
export interface LeavingBus {
    readonly arn: string;
    readonly bus: string;
    readonly account: string;
    readonly region: string;
}

/** One rule on the bus, and whether it fired. */
export interface SimulatedRule {
    readonly id: string;
    readonly name: string;
    /** The rule's physical name and ARN, as `<aws.events.rule-name>` and `<aws.events.rule-arn>` render. */
    readonly ruleName?: string;
    readonly ruleArn?: string;
    readonly matched: boolean;
    /** For a rule that did not fire: the field that decided it, e.g. `$.detail.payload.action: event has "closed", ...`. */
    readonly reason?: string;
    /** Empty when the rule did not match. */
    readonly targets: readonly SimulatedTargetDelivery[];
}

/** The event arriving on one bus. */
export interface SimulatedBusDelivery {
    /** Routing id of the bus (`bus0`...), and its name. */
    readonly bus: string;
    readonly busName: string;
    readonly event: SimulatedEvent;
    /** How it got here: absent for the entry itself; else the rule and target that forwarded it. */
    readonly from?: { readonly rule: string; readonly target: string; readonly bus: string };
    /** Archives on this bus (each keeps the events its own pattern selects). */
    readonly archives: readonly string[];
    readonly rules: readonly SimulatedRule[];
}

/**
 * An event that comes back to a bus it already went through, through rules that match it
 * again: EventBridge would deliver it forever. `cycle` starts and ends on the same bus.
 */
export interface SimulatedLoop {
    readonly cycle: readonly LoopStep[];
    /** `bus-a → rule-ab → bus-b → rule-ba → bus-a`. */
    readonly text: string;
}

/** The path of one event through the stack. */
export interface SimulationTrace {
    /** Every arrival on a bus, in the order EventBridge would deliver them (breadth first). */
    readonly deliveries: readonly SimulatedBusDelivery[];
    readonly loops: readonly SimulatedLoop[];
    /** Targets that received the event, in delivery order. */
    readonly targets: readonly SimulatedTargetDelivery[];
}

/** The `id` of a simulated event unless told otherwise: fixed, so traces compare equal. */
export const DEFAULT_EVENT_ID = "6f1b2c3d-0000-4000-8000-000000000001";

/** An event as EventBridge builds it from a PutEvents entry (or the event itself when given whole). */
export function eventFrom(input: PutEventsEntry | SimulatedEvent, placement: { account: string; region: string }, options: SimulateOptions = {}): SimulatedEvent {
    if ("detail-type" in input || "source" in input) {
        const e = input as Partial<SimulatedEvent>;
        return {
            version: e.version ?? "0",
            id: e.id ?? options.id ?? DEFAULT_EVENT_ID,
            "detail-type": required(e["detail-type"], "detail-type"),
            source: required(e.source, "source"),
            account: e.account ?? placement.account,
            time: e.time ?? defaultTime(options),
            region: e.region ?? placement.region,
            resources: e.resources ?? [],
            detail: e.detail ?? {},
        };
    }
    const entry = input as PutEventsEntry;
    let detail: unknown = {};
    if (entry.Detail !== undefined) {
        try {
            detail = JSON.parse(entry.Detail);
        } catch {
            throw new Error("simulate: the entry's Detail is not JSON text; PutEvents rejects it (MalformedDetail). Pass Detail as JSON.stringify(detail).");
        }
    }
    const time = entry.Time instanceof Date ? entry.Time.toISOString().replace(/\.\d{3}Z$/, "Z") : entry.Time ?? defaultTime(options);
    return {
        version: "0",
        id: options.id ?? DEFAULT_EVENT_ID,
        "detail-type": required(entry.DetailType, "DetailType"),
        source: required(entry.Source, "Source"),
        account: placement.account,
        time,
        region: placement.region,
        resources: entry.Resources ?? [],
        detail,
    };
}

function required(value: string | undefined, field: string): string {
    if (typeof value !== "string" || value === "") {
        throw new Error(`simulate: the event has no ${field}; PutEvents rejects an entry without one. Set ${field}.`);
    }
    return value;
}

function defaultTime(options: SimulateOptions): string {
    return options.time ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Simulates `input` (a PutEvents entry, or a whole event) through a resolved plan: which rules
 * match on each bus, what each target receives, where event-bus targets forward it, and any
 * loop. Needs a resolved plan (`plan(...)` without `preview`): a preview does not know the
 * ARNs and names targets are given.
 */
export async function simulate(plan: Plan, input: PutEventsEntry | SimulatedEvent, options: SimulateOptions = {}): Promise<SimulationTrace> {
    // One index per plan: the plan's loop check simulates every example of every rule.
    const index = planIndex(plan);
    const start = startBus(index, input, options);
    const event = eventFrom(input, plan, options);
    const deliveries: SimulatedBusDelivery[] = [];
    const loops: SimulatedLoop[] = [];
    const targets: SimulatedTargetDelivery[] = [];
    const maxHops = options.maxHops ?? 10;

    // `seen` holds, for each bus step of the path, the event as it arrived there.
    interface Arrival { bus: RoutingBus; event: SimulatedEvent; path: LoopStep[]; seen: string[]; from?: SimulatedBusDelivery["from"] }
    let queue: Arrival[] = [{ bus: start, event, path: [{ kind: "bus", id: start.id, name: start.name }], seen: [loopKey(start, event)] }];
    for (let hop = 0; queue.length > 0 && hop <= maxHops; hop++) {
        const next: Arrival[] = [];
        for (const arrival of queue) {
            const rules: SimulatedRule[] = [];
            for (const rule of index.rulesOn(arrival.bus.id)) {
                if (options.explain === false && !(typeof rule.pattern === "object" && matchesPattern(rule.pattern, arrival.event))) continue;
                const simulated = await simulateRule(index, rule, arrival.event, options);
                rules.push(simulated);
                for (const delivered of simulated.targets) {
                    targets.push(delivered);
                    const nextBus = delivered.nextBus ? plan.routing.buses.find((b) => b.id === delivered.nextBus) : undefined;
                    if (!nextBus) continue;
                    const via: LoopStep[] = delivered.emitted ? [{ kind: "target", id: delivered.id, name: delivered.name }] : [];
                    const path: LoopStep[] = [...arrival.path, { kind: "rule", id: rule.id, name: rule.name }, ...via, { kind: "bus", id: nextBus.id, name: nextBus.name }];
                    for (const forwarded of delivered.emitted ?? [forwardedEvent(delivered.input, arrival.event)]) {
                        const key = loopKey(nextBus, forwarded);
                        // The same event back on a bus it went through: the same rules match it again, forever.
                        const seen = arrival.seen.indexOf(key);
                        if (seen >= 0) {
                            const cycle = path.slice(busStepIndex(path, seen));
                            loops.push({ cycle, text: cycle.map((s) => s.name).join(" → ") });
                            continue;
                        }
                        next.push({ bus: nextBus, event: forwarded, path, seen: [...arrival.seen, key], from: { rule: rule.id, target: delivered.id, bus: arrival.bus.id } });
                    }
                }
            }
            deliveries.push({
                bus: arrival.bus.id,
                busName: arrival.bus.name,
                event: arrival.event,
                ...(arrival.from ? { from: arrival.from } : {}),
                archives: arrival.bus.archives.map((a) => a.name),
                rules,
            });
        }
        queue = next;
    }
    return { deliveries, loops, targets };
}

/** What makes two arrivals the same: the bus, and the event apart from its id and time (which EventBridge sets anew). */
function loopKey(bus: RoutingBus, event: SimulatedEvent): string {
    return `${bus.id} ${JSON.stringify({ ...event, id: undefined, time: undefined })}`;
}

/** The position in `path` of its n-th bus step. */
function busStepIndex(path: readonly LoopStep[], n: number): number {
    let count = -1;
    return path.findIndex((step) => step.kind === "bus" && ++count === n);
}

function startBus(index: PlanIndex, input: PutEventsEntry | SimulatedEvent, options: SimulateOptions): RoutingBus {
    const routing = index.plan.routing;
    const given = ("EventBusName" in input && typeof input.EventBusName === "string" ? input.EventBusName : undefined) ?? options.bus;
    const key = given ?? routing.buses.find((b) => b.id === routing.webhooks[0]?.buses[0])?.id ?? "default";
    const bus = index.findBus(key);
    if (!bus) {
        const known = routing.buses.map((b) => b.name).join(", ") || "none";
        throw new Error(`simulate: no bus "${key}" in the stack (buses: ${known}). Name one of them (EventBusName, or the bus option).`);
    }
    return bus;
}

/** What an event-bus target puts on the next bus: the event, or (with an input transformer) the event it renders. */
function forwardedEvent(input: string, event: SimulatedEvent): SimulatedEvent {
    try {
        const parsed = JSON.parse(input);
        if (parsed && typeof parsed === "object" && typeof parsed.source === "string" && typeof parsed["detail-type"] === "string") {
            return parsed as SimulatedEvent;
        }
    } catch {
        // Not an event: EventBridge would reject it; keep the event so the trace goes on.
    }
    return event;
}

async function simulateRule(index: PlanIndex, rule: RoutingRule, event: SimulatedEvent, options: SimulateOptions): Promise<SimulatedRule> {
    const resource = index.resource(rule.urn);
    const ruleName = stringOr(resource?.outputs?.name) ?? stringOr(resource?.inputs.name);
    const ruleArn = stringOr(resource?.outputs?.arn);
    const base = { id: rule.id, name: rule.name, ruleName, ruleArn };
    if (rule.pattern === undefined || rule.pattern === "unknown") {
        const reason = rule.pattern === "unknown" ? "its pattern is known only after deployment" : "it has no event pattern (a schedule)";
        return { ...base, matched: false, reason, targets: [] };
    }
    if (!matchesPattern(rule.pattern, event)) {
        const why = explainMatch(rule.pattern, event);
        return { ...base, matched: false, reason: `${why.path ?? "$"}: ${why.reason ?? "no match"}`, targets: [] };
    }
    const targets: SimulatedTargetDelivery[] = [];
    for (const target of rule.targets) {
        targets.push(await simulateTarget(index, rule, target, event, { ruleName, ruleArn }, options));
    }
    return { ...base, matched: true, targets };
}

function stringOr(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

async function simulateTarget(
    index: PlanIndex, rule: RoutingRule, target: RoutingTarget, event: SimulatedEvent,
    context: { ruleName?: string; ruleArn?: string }, options: SimulateOptions,
): Promise<SimulatedTargetDelivery> {
    const inputs = index.resource(target.urn)?.inputs ?? {};
    const arn = stringOr(inputs.arn);
    const base = { id: target.id, name: target.name, kind: target.kind, ...(arn ? { arn } : {}) };
    try {
        const input = targetInput(inputs, event, context);
        const messageGroupId = stringOr(inputs.sqsTarget?.messageGroupId);
        const out: SimulatedTargetDelivery = { ...base, input, ...(messageGroupId ? { messageGroupId } : {}) };
        if (target.kind === "apiDestination" && arn) {
            return { ...out, ...await apiDestinationDelivery(index, inputs, arn, event, context, options.oauthAccessToken) };
        }
        if (target.kind === "eventBus" && arn) {
            return { ...out, ...onto(index, arn) };
        }
        const emits = declaredEmits(index, target);
        if (emits) {
            const place = leavingBus(emits.bus) ?? index.plan;
            const emitted = emits.events(event).map((e, i) => eventFrom(e as SimulatedEvent, place, { ...options, id: emittedEventId(event.id, i) }));
            return { ...out, emitted, ...onto(index, emits.bus) };
        }
        return out;
    } catch (err) {
        return { ...base, input: "", problem: `${rule.name} → ${target.name}: ${(err as Error).message}` };
    }
}

/** Where an event put on the bus `arn` goes: a bus of the stack, or out of it. */
function onto(index: PlanIndex, arn: string): Pick<SimulatedTargetDelivery, "nextBus" | "leavesStack"> {
    const next = index.findBus(arn);
    if (next) return { nextBus: next.id };
    const leaving = leavingBus(arn);
    return leaving ? { leavesStack: leaving } : {};
}

function leavingBus(arn: string): LeavingBus | undefined {
    const match = /^arn:[^:]+:events:([^:]*):(\d*):event-bus\/(.+)$/.exec(arn);
    return match ? { arn, bus: match[3], account: match[2], region: match[1] } : undefined;
}

/** Each emitted event gets its own id, derived from the one that caused it so traces compare equal. */
function emittedEventId(cause: string, i: number): string {
    return `${cause.slice(0, -4)}${(parseInt(cause.slice(-4), 16) + i + 1 & 0xffff).toString(16).padStart(4, "0")}`;
}

/**
 * What a target declared it publishes (`emits` on targets.lambda / targets.stateMachine), as its
 * SafeRule recorded it: the bus ARN, and a function of the delivered event (the declared
 * function when this process planned the program, else the recorded samples).
 */
function declaredEmits(index: PlanIndex, target: RoutingTarget): { bus: string; events: (event: SimulatedEvent) => readonly object[] } | undefined {
    const eventTarget = index.resource(target.urn);
    const rule = index.resource(eventTarget?.parent);
    const records: unknown = rule?.outputs?.emits;
    if (!eventTarget || !rule || !Array.isArray(records)) return undefined;
    const record = records.find((r) => `${rule.name}-target-${r?.target}` === eventTarget.name);
    if (!record || typeof record.bus !== "string") return undefined;
    const declared = emitsFunctionsOf(index.plan).get(eventTarget.urn);
    const samples = Array.isArray(record.events) ? record.events.map((e: { event: object }) => e.event) : [];
    return { bus: record.bus, events: declared ?? (() => samples) };
}

/** The input EventBridge hands the target: constant input, inputPath, input transformer, or the event. */
function targetInput(inputs: Record<string, any>, event: SimulatedEvent, context: { ruleName?: string; ruleArn?: string }): string {
    for (const field of ["input", "inputPath", "inputTransformer"]) {
        if (isUnknown(inputs[field]) || isSecret(inputs[field])) {
            throw new Error(`the target's ${field} is known only after deployment (or is a secret); it cannot be shown offline.`);
        }
    }
    if (typeof inputs.input === "string") {
        return inputs.input;
    }
    if (typeof inputs.inputPath === "string") {
        const steps = parseJsonPath(inputs.inputPath);
        if (typeof steps === "string") throw new Error(`inputPath ${JSON.stringify(inputs.inputPath)} ${steps}`);
        return JSON.stringify(evaluateJsonPath(steps, event) ?? null);
    }
    if (inputs.inputTransformer) {
        return renderInputTransformer(
            { inputPaths: inputs.inputTransformer.inputPaths, inputTemplate: inputs.inputTransformer.inputTemplate },
            event, context,
        );
    }
    return JSON.stringify(event);
}
