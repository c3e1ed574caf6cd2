/**
 * What a target declares it publishes (`emits`): checked at construction, expanded into sample
 * events for the loop guard, and recorded on the SafeRule so the offline plan and simulation
 * can follow the events onto the bus they go to.
 */
import type { Fail } from "../errors";
import type { LabelledEvent } from "./examples";
import type { EmittedEvents, RuleTarget } from "./target";

/** The fields PutEvents requires of every entry, as they appear in the event. */
const REQUIRED_FIELDS = ["source", "detail-type"] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkEvent(event: unknown, field: string, fail: Fail): void {
    if (!isPlainObject(event)) {
        fail(field, `is ${JSON.stringify(event) ?? String(event)}, not an event.`,
            "Give a full EventBridge event: { source, \"detail-type\", detail }.");
    }
    for (const key of REQUIRED_FIELDS) {
        if (typeof event[key] !== "string" || event[key] === "") {
            fail(field, `has no "${key}"; PutEvents rejects an entry without one, and rules match on it.`,
                `Set "${key}" to what the target puts (e.g. { source: "app.enricher", "detail-type": "enriched", detail: {...} }).`);
        }
    }
    if (event.detail !== undefined && !isPlainObject(event.detail)) {
        fail(field, "has a detail that is not an object; EventBridge details are JSON objects.", "Make detail an object, or leave it out.");
    }
}

/**
 * Refuses an `emits` that cannot be followed: no bus, no events, events without the fields
 * PutEvents requires. Runs before anything is created.
 */
export function checkEmits(targets: readonly RuleTarget[], fail: Fail): void {
    targets.forEach((target, index) => {
        const emits: unknown = target.emits;
        if (emits === undefined) return;
        const field = `targets[${index}].emits`;
        if (!isPlainObject(emits)) {
            fail(field, `(${target.description}) is ${JSON.stringify(emits)}.`, "Declare { bus, events: [sample events] } (or events: (event) => [...]), or leave emits out.");
        }
        if (emits.bus === undefined || emits.bus === null || emits.bus === "") {
            fail(`${field}.bus`, `(${target.description}) is missing; the loop guard and the simulation need to know where the events go.`,
                "Give the bus the target publishes to: the aws.cloudwatch.EventBus, its name or its ARN (\"default\" for the default bus).");
        }
        if (typeof emits.events === "function") return;
        if (!Array.isArray(emits.events) || emits.events.length === 0) {
            fail(`${field}.events`, `(${target.description}) is ${JSON.stringify(emits.events) ?? "missing"}; it must list what the target publishes.`,
                "Give at least one sample event, or a function (event) => [events] of the event the target receives.");
        }
        emits.events.forEach((event: unknown, i: number) => checkEvent(event, `${field}.events[${i}]`, fail));
    });
}

/**
 * The events a target publishes, labelled for messages: the listed samples, or what the
 * `events` function returns for each of the rule's `examples.match` events.
 */
export function emittedSamples(emits: EmittedEvents, matchExamples: readonly LabelledEvent[], field: string, fail: Fail): LabelledEvent[] {
    const events = emits.events;
    if (typeof events !== "function") {
        return events.map((event, i) => ({ label: `emits.events[${i}]`, event }));
    }
    return matchExamples.flatMap((example) => emittedFor(events, example.event, `${field}.emits.events(${example.label})`, fail)
        .map((event, i) => ({ label: `emits.events(${example.label})[${i}]`, event })));
}

/** Calls an `events` function and checks what it returns. */
export function emittedFor(events: (event: object) => readonly object[], event: object, field: string, fail: Fail): readonly object[] {
    let emitted: unknown;
    try {
        emitted = events(event);
    } catch (err) {
        return fail(field, `threw: ${(err as Error).message}.`, "Make the function return the events the target publishes for any event the rule delivers.");
    }
    if (!Array.isArray(emitted)) {
        return fail(field, `returned ${JSON.stringify(emitted) ?? String(emitted)}, not a list of events.`, "Return an array (empty when the target publishes nothing for that event).");
    }
    emitted.forEach((e, i) => checkEvent(e, `${field}[${i}]`, fail));
    return emitted;
}
