import { summarizePattern } from "../offline/pattern-summary";
import type { Finding, Plan, PlanLoop, PlannedResource, RoutingGraph, RoutingRedelivery } from "../offline/types";
import { isSecret, isUnknown } from "../stack";

/** Short words for the resources a reader looks for in statements and targets. */
const kindWords: Readonly<Record<string, string>> = {
    "aws:lambda/function:Function": "lambda",
    "aws:sqs/queue:Queue": "queue",
    "aws:sns/topic:Topic": "topic",
    "aws:sfn/stateMachine:StateMachine": "stateMachine",
    "aws:cloudwatch/eventBus:EventBus": "bus",
    "aws:cloudwatch/eventRule:EventRule": "rule",
    "aws:cloudwatch/eventApiDestination:EventApiDestination": "apiDestination",
    "aws:cloudwatch/eventConnection:EventConnection": "connection",
    "aws:cloudwatch/logGroup:LogGroup": "logGroup",
    "aws:iam/role:Role": "role",
    "aws:iam/policy:Policy": "policy",
    "aws:s3/bucket:Bucket": "bucket",
    "aws:s3/bucketV2:BucketV2": "bucket",
    "aws:secretsmanager/secret:Secret": "secret",
    "aws:kms/key:Key": "key",
};

/**
 * Names resources by what they are (`lambda github-on-push`) wherever their ARN, id or URL
 * appears in another resource's inputs, so a reader never decodes placeholder ARNs.
 */
export class References {
    private readonly byIdentifier = new Map<string, string>();

    constructor(resources: readonly PlannedResource[]) {
        for (const r of resources) {
            if (!r.custom || !r.outputs) continue;
            const label = `${kindWords[r.type] ?? r.type.split(":").pop()!.replace(/^./, (c) => c.toLowerCase())} ${r.name}`;
            for (const key of ["arn", "id", "url", "functionUrl", "name", "bucket"]) {
                const value = r.outputs[key];
                if (typeof value === "string" && value.length > 0 && !this.byIdentifier.has(value)) {
                    this.byIdentifier.set(value, label);
                }
            }
        }
    }

    /** `lambda github-on-push` for its ARN; `bucket raw/batches/*` for an ARN below a known one; else the value. */
    name(value: string): string {
        const exact = this.byIdentifier.get(value);
        if (exact) return exact;
        if (!value.startsWith("arn:")) return value;
        for (let cut = value.length - 1; cut > 0; cut--) {
            if (value[cut] === "/" || value[cut] === ":") {
                const known = this.byIdentifier.get(value.slice(0, cut));
                if (known) return `${known}${value.slice(cut)}`;
            }
        }
        return value;
    }
}

const noReferences = new References([]);

/** A value for a person: unknowns and secrets as their markers, known ARNs by name, objects compact. */
function show(value: unknown, refs: References = noReferences, max = 160): string {
    if (isUnknown(value) || isSecret(value)) return String(value);
    const text = typeof value === "string" ? refs.name(value) : JSON.stringify(value);
    return text.length > max ? `${text.slice(0, max - 1)}… (${text.length} chars; --format json shows all)` : text;
}

function principalText(principal: unknown): string {
    if (typeof principal === "string") return principal;
    if (!principal || typeof principal !== "object") return "";
    return Object.entries(principal).map(([kind, values]) => {
        const list = [values].flat().map(String);
        return kind === "AWS" && list.length === 1 && list[0] === "*" ? "*" : list.join(",");
    }).join(",");
}

/**
 * One line per statement of a policy document: effect, actions, principal, resources (by name
 * when in the stack) and every condition with its values, e.g.
 * `Allow sqs:SendMessage to events.amazonaws.com on queue orders-dlq if ArnEquals aws:SourceArn=rule orders-rule`.
 */
export function statements(document: unknown, refs: References = noReferences): string[] {
    if (isUnknown(document)) return [`policy: ${String(document)}`];
    let parsed: any = document;
    if (typeof document === "string") {
        try { parsed = JSON.parse(document); } catch { return ["policy (not valid JSON)"]; }
    }
    const list = parsed?.Statement ?? parsed?.statements;
    return (Array.isArray(list) ? list : list ? [list] : []).map((s: any) => {
        const effect = s.Effect ?? s.effect ?? "Allow";
        const actions = s.NotAction ? `NotAction ${[s.NotAction].flat().join(",")}` : [s.Action ?? s.actions ?? []].flat().join(",");
        const resources = [s.Resource ?? s.resources ?? []].flat().map((r) => show(r, refs)).join(",");
        const principal = s.Principal ? ` to ${principalText(s.Principal)}` : "";
        const conditions = Object.entries(s.Condition ?? {}).flatMap(([operator, entries]: [string, any]) =>
            Object.entries(entries ?? {}).map(([key, values]) => `${operator} ${key}=${[values].flat().map((v) => show(v, refs)).join("|")}`));
        return `${effect} ${actions}${principal}${resources ? ` on ${resources}` : ""}${conditions.length ? ` if ${conditions.join(", ")}` : ""}`;
    });
}

/** A rule: its pattern summarised (or its schedule) and its bus. */
function ruleInputs(i: PlannedResource["inputs"], refs: References): string[] {
    let pattern: string;
    if (isUnknown(i.eventPattern)) pattern = String(i.eventPattern);
    else if (typeof i.eventPattern === "string") {
        try { pattern = summarizePattern(JSON.parse(i.eventPattern)); } catch { pattern = i.eventPattern; }
    } else pattern = i.scheduleExpression ? `schedule ${i.scheduleExpression}` : "(none)";
    return [`pattern: ${pattern}`, `bus: ${show(i.eventBusName ?? "default", refs)}`];
}

/** A rule target: where it delivers, as whom, its dead-letter queue, retries and transformer. */
function targetInputs(i: PlannedResource["inputs"], refs: References): string[] {
    return [
        `target: ${show(i.arn, refs)}`,
        `role: ${i.roleArn === undefined ? "none" : show(i.roleArn, refs)}`,
        `dead-letter queue: ${i.deadLetterConfig?.arn === undefined ? "none" : show(i.deadLetterConfig.arn, refs)}`,
        `retry: ${i.retryPolicy ? `${show(i.retryPolicy.maximumRetryAttempts)} attempts / ${show(i.retryPolicy.maximumEventAgeInSeconds)} s` : "default"}`,
        ...(i.inputTransformer ? [`input transformer: ${show(i.inputTransformer.inputTemplate)}`] : []),
    ];
}

/** A Lambda permission as one sentence: action, principal, function and its conditions. */
function permissionInputs(i: PlannedResource["inputs"], refs: References): string[] {
    return [`${i.action} to ${show(i.principal, refs)} on ${show(i.function, refs)}${[
        ...["sourceArn", "sourceAccount", "principalOrgId", "functionUrlAuthType", "invokedViaFunctionUrl"].filter((k) => i[k] !== undefined).map((k) => `${k}=${show(i[k], refs)}`),
    ].map((c, n) => `${n === 0 ? " if " : ", "}${c}`).join("")}`];
}

/** The inputs worth reading for each type; everything else is in `--format json`. */
function keyInputs(r: PlannedResource, refs: References): string[] {
    const i = r.inputs;
    const pick = (...keys: string[]) => keys.filter((k) => i[k] !== undefined).map((k) => `${k}: ${show(i[k], refs)}`);
    switch (r.type) {
        case "aws:cloudwatch/eventRule:EventRule":
            return ruleInputs(i, refs);
        case "aws:cloudwatch/eventTarget:EventTarget":
            return targetInputs(i, refs);
        case "aws:lambda/function:Function":
            return [
                ...pick("runtime", "handler", "timeout", "memorySize", "reservedConcurrentExecutions"),
                ...(i.environment?.variables ? [`environment: ${Object.keys(i.environment.variables).join(", ")}`] : isSecret(i.environment) ? ["environment: <secret>"] : []),
            ];
        case "aws:iam/role:Role":
            return [
                ...(isUnknown(i.assumeRolePolicy) ? [`trust: ${String(i.assumeRolePolicy)}`] : statements(i.assumeRolePolicy, refs).map((s) => `trust: ${s}`)),
                ...(Array.isArray(i.inlinePolicies) ? i.inlinePolicies.flatMap((p: any) => statements(p.policy, refs)) : []),
                ...pick("managedPolicyArns"),
            ];
        case "aws:iam/rolePolicy:RolePolicy":
            return [...pick("role"), ...statements(i.policy, refs)];
        case "aws:sqs/queuePolicy:QueuePolicy":
            return [...pick("queueUrl"), ...statements(i.policy, refs)];
        case "aws:sns/topicPolicy:TopicPolicy":
            return [...pick("arn"), ...statements(i.policy, refs)];
        case "aws:cloudwatch/eventBusPolicy:EventBusPolicy":
            return [...pick("eventBusName"), ...statements(i.policy, refs)];
        case "aws:iam/policy:Policy":
        case "aws:s3/bucketPolicy:BucketPolicy":
            return statements(i.policy, refs);
        case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
            return pick("policyArn");
        case "aws:lambda/permission:Permission":
            return permissionInputs(i, refs);
        case "aws:lambda/functionUrl:FunctionUrl":
            return pick("authorizationType", "cors");
        case "aws:sqs/queue:Queue":
            return [...pick("name", "sqsManagedSseEnabled", "kmsMasterKeyId", "fifoQueue", "messageRetentionSeconds"), ...(i.policy ? statements(i.policy, refs) : [])];
        case "aws:cloudwatch/eventApiDestination:EventApiDestination":
            return pick("invocationEndpoint", "httpMethod", "invocationRateLimitPerSecond");
        case "aws:cloudwatch/eventConnection:EventConnection":
            return pick("authorizationType", "kmsKeyIdentifier");
        case "aws:cloudwatch/eventArchive:EventArchive":
            return pick("retentionDays", "eventPattern");
        case "aws:cloudwatch/logGroup:LogGroup":
            return pick("name", "retentionInDays");
        case "aws:cloudwatch/metricAlarm:MetricAlarm":
            return pick("metricName", "threshold", "alarmActions");
        default: {
            const scalars = Object.entries(i).filter(([, v]) => typeof v !== "object" || isUnknown(v) || isSecret(v)).slice(0, 4);
            return scalars.map(([k, v]) => `${k}: ${show(v, refs)}`);
        }
    }
}

/** The resources as a tree under their components, with the inputs that matter. */
export function renderResourceTree(plan: Plan): string {
    const children = new Map<string | undefined, PlannedResource[]>();
    const urns = new Set(plan.resources.map((r) => r.urn));
    for (const r of plan.resources) {
        const parent = r.parent && urns.has(r.parent) ? r.parent : undefined;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const refs = new References(plan.resources);
    const place = plan.preview ? "offline preview" : `offline update, account ${plan.account}, ${plan.region}`;
    const lines: string[] = [`Resources (${plan.resources.length}) — ${plan.project}/${plan.stack}, ${place}`];
    const walk = (parent: string | undefined, indent: string) => {
        const list = children.get(parent) ?? [];
        list.forEach((r, index) => {
            const last = index === list.length - 1;
            lines.push(`${indent}${last ? "└─ " : "├─ "}${r.type} "${r.name}"`);
            const inner = indent + (last ? "   " : "│  ");
            for (const detail of keyInputs(r, refs)) {
                lines.push(`${inner}${children.has(r.urn) ? "│ " : "  "} ${detail}`);
            }
            walk(r.urn, inner);
        });
    };
    walk(undefined, "");
    return lines.join("\n");
}

const levels = ["mandatory", "advisory"] as const;

/** Findings grouped by enforcement level, each with its resource and remediation. */
export function renderFindings(findings: readonly Finding[]): string {
    if (findings.length === 0) {
        return "Policy findings: none";
    }
    const lines = [`Policy findings (${findings.length})`];
    for (const level of levels) {
        const atLevel = findings.filter((f) => f.enforcementLevel === level);
        if (atLevel.length === 0) continue;
        lines.push("", `${level.toUpperCase()} (${atLevel.length})`);
        for (const f of atLevel) {
            lines.push(`  [${f.policyName}] ${f.severity ?? ""} ${f.resourceName ? `${f.resourceType} "${f.resourceName}"` : "stack"}`.replace(/\s+$/, ""));
            lines.push(`    ${f.message}`);
            if (f.remediationSteps) lines.push(`    fix: ${f.remediationSteps}`);
        }
    }
    return lines.join("\n");
}

/** The durable-acceptance path of a webhook: store → redrive (sweep, dead-letter queue). */
export function durablePathText(durable: NonNullable<RoutingGraph["webhooks"][number]["durable"]>): string {
    const extras = [durable.sweep ? `sweep ${durable.sweep}` : "", durable.deadLetterQueue ? `dlq ${durable.deadLetterQueue}` : ""].filter(Boolean).join(", ");
    return `durable store S3 bucket ${durable.store} → redrive ${durable.redrive}${extras ? ` (${extras})` : ""}`;
}

/** The routing as a readable tree: webhook → bus → rule (pattern) → targets. */
export function renderRoutingText(routing: RoutingGraph): string {
    const lines = ["Routing"];
    if (routing.buses.length === 0 && routing.webhooks.length === 0) {
        return "Routing: no buses, rules or webhooks";
    }
    for (const webhook of routing.webhooks) {
        const buses = webhook.buses.map((id) => routing.buses.find((b) => b.id === id)?.name).join(", ") || "(no bus found)";
        // A credential that is not a signature is said so: it does not bind the body.
        const credential = webhook.authentication && !webhook.authentication.signsBody ? ` — ${webhook.authentication.scheme}, not a signature` : "";
        lines.push(`webhook ${webhook.name}${webhook.provider ? ` [${webhook.provider}]` : ""} (${webhook.endpoint})${webhook.via ? ` → ${webhook.via}` : ""} → bus ${buses}${credential}`);
        if (webhook.redelivery) lines.push(`  ${redeliveryText(webhook.redelivery)}`);
        if (webhook.durable) lines.push(`   unconfirmed → ${durablePathText(webhook.durable)} → bus ${buses}`);
    }
    for (const bus of routing.buses) {
        const archives = bus.archives.map((a) => ` archive ${a.name}${a.retentionDays !== undefined ? ` (${a.retentionDays} d)` : ""}`).join(",");
        lines.push(`bus ${bus.name}${archives ? ` —${archives}` : ""}`);
        const rules = routing.rules.filter((r) => r.bus === bus.id);
        rules.forEach((rule, i) => {
            const lastRule = i === rules.length - 1;
            lines.push(`${lastRule ? "└─" : "├─"} rule ${rule.name}: ${rule.summary}`);
            rule.targets.forEach((t, j) => {
                const lastTarget = j === rule.targets.length - 1;
                const extras = [t.deadLetterQueue ? `dlq ${t.deadLetterQueue}` : "no dlq", t.inputTransformer ? "input transformer" : "", t.sizeAdvisory ? `too small: ${t.sizeAdvisory}` : ""]
                    .filter(Boolean).join(", ");
                lines.push(`${lastRule ? "   " : "│  "}${lastTarget ? "└─" : "├─"} ${t.kind} ${t.name} (${extras})`);
            });
            if (rule.targets.length === 0) {
                lines.push(`${lastRule ? "   " : "│  "}└─ (no target)`);
            }
        });
    }
    return lines.join("\n");
}

/** The loops the plan found, each with what started it; what the check could not follow. */
export function renderLoops(plan: Pick<Plan, "preview" | "loops" | "loopCheckSkipped">): string {
    if (plan.preview) {
        return "Loops: not checked in a preview plan (target ARNs are unknown)";
    }
    const lines = [plan.loops.length === 0 ? "Loops: none" : `Loops (${plan.loops.length}): events that come back to a bus they went through, matched again forever`];
    for (const loop of plan.loops) {
        lines.push(`  ${loop.text}`, `    started by: ${loop.startedBy.join(", ")}`);
    }
    if (plan.loopCheckSkipped.length > 0) {
        lines.push(`  not followed (${plan.loopCheckSkipped.length}):`, ...plan.loopCheckSkipped.map((s) => `    ${s}`));
    }
    return lines.join("\n");
}

/** Mermaid's entity codes for the characters that would otherwise be read as markup or syntax. */
const mermaidEntities: Readonly<Record<string, string>> = { "#": "#35;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "\"": "#quot;" };

/** A quoted node label: each line escaped, lines joined with Mermaid's line break. */
export function label(...lines: string[]): string {
    return `"${lines.map((line) => line.replace(/[#<>&"]/g, (c) => mermaidEntities[c])).join("<br/>")}"`;
}

/** One line for an ingress's GitHub redelivery function. */
export function redeliveryText(redelivery: RoutingRedelivery): string {
    const when = [redelivery.schedule, redelivery.hook].filter(Boolean).join(", ");
    return `↻ redelivery ${redelivery.function}${when ? ` (${when})` : ""}: asks GitHub to redeliver each failed delivery once`;
}

/** The routing as a Mermaid flowchart; each loop's way back to a bus as a dashed edge. */
export function renderRoutingMermaid(routing: RoutingGraph, loops: readonly PlanLoop[] = []): string {
    const lines = ["flowchart LR"];
    for (const w of routing.webhooks) {
        lines.push(`  ${w.id}[/${label(`webhook ${w.name}${w.provider ? ` (${w.provider})` : ""}`, w.endpoint)}/]`);
        if (w.redelivery) {
            lines.push(`  ${w.id}redelivery[${label(`redelivery ${w.redelivery.function}`, ...(w.redelivery.schedule ? [w.redelivery.schedule] : []))}]`);
            lines.push(`  ${w.id}redelivery -.->|${label("asks GitHub to redeliver failed")}| ${w.id}`);
        }
        if (w.durable) {
            lines.push(`  ${w.id}durable[(${label(`durable store ${w.durable.store}`, `redrive ${w.durable.redrive}`)})]`);
            lines.push(`  ${w.id} -.->|${label("unconfirmed")}| ${w.id}durable`);
            for (const bus of w.buses) lines.push(`  ${w.id}durable -.-> ${bus}`);
        }
    }
    for (const b of routing.buses) {
        lines.push(`  ${b.id}((${label(`bus ${b.name}`)}))`);
        b.archives.forEach((a, i) => {
            lines.push(`  ${b.id}archive${i}[(${label(`archive ${a.name}${a.retentionDays !== undefined ? ` (${a.retentionDays} d)` : ""}`)})]`);
            lines.push(`  ${b.id} -.-> ${b.id}archive${i}`);
        });
    }
    for (const r of routing.rules) {
        lines.push(`  ${r.id}{{${label(`rule ${r.name}`, r.summary)}}}`);
        for (const t of r.targets) {
            lines.push(`  ${t.id}[${label(`${t.kind} ${t.name}`)}]`);
        }
    }
    for (const e of routing.edges) {
        lines.push(`  ${e.from} -->${e.label ? `|${label(e.label)}|` : ""} ${e.to}`);
    }
    const back = new Set<string>();
    for (const loop of loops) {
        loop.cycle.forEach((step, i) => {
            const next = loop.cycle[i + 1];
            if (step.kind !== "bus" && next?.kind === "bus") back.add(`  ${step.id} -.->|loop| ${next.id}`);
        });
    }
    lines.push(...back);
    return lines.join("\n");
}
