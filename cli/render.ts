import type { Finding, Plan, PlannedResource, RoutingGraph } from "../testing";
import { isSecret, isUnknown, summarizePattern } from "../testing";

/** A value for a person: unknowns and secrets as their markers, objects compact. */
function show(value: unknown, max = 160): string {
    if (isUnknown(value) || isSecret(value)) return String(value);
    const text = typeof value === "string" ? value : JSON.stringify(value);
    return text.length > max ? `${text.slice(0, max - 1)}… (${text.length} chars; --format json shows all)` : text;
}

/** `Allow states:StartExecution on arn:... (if aws:SourceArn)` for each statement of a document. */
function statements(document: unknown): string[] {
    if (isUnknown(document)) return [`policy: ${String(document)}`];
    let parsed: any = document;
    if (typeof document === "string") {
        try { parsed = JSON.parse(document); } catch { return ["policy (not valid JSON)"]; }
    }
    const list = parsed?.Statement ?? parsed?.statements;
    return (Array.isArray(list) ? list : list ? [list] : []).map((s: any) => {
        const effect = s.Effect ?? s.effect ?? "Allow";
        const actions = [s.Action ?? s.actions ?? []].flat().join(",");
        const resources = [s.Resource ?? s.resources ?? []].flat().map(show).join(",");
        const principal = s.Principal ? ` to ${typeof s.Principal === "string" ? s.Principal : Object.values(s.Principal).flat().join(",")}` : "";
        const conditions = Object.values(s.Condition ?? {}).flatMap((c: any) => Object.keys(c ?? {}));
        return `${effect} ${actions}${principal}${resources ? ` on ${resources}` : ""}${conditions.length ? ` if ${conditions.join(",")}` : ""}`;
    });
}

/** The inputs worth reading for each type; everything else is in `--format json`. */
function keyInputs(r: PlannedResource): string[] {
    const i = r.inputs;
    const pick = (...keys: string[]) => keys.filter((k) => i[k] !== undefined).map((k) => `${k}: ${show(i[k])}`);
    switch (r.type) {
        case "aws:cloudwatch/eventRule:EventRule": {
            let pattern: string;
            if (isUnknown(i.eventPattern)) pattern = String(i.eventPattern);
            else if (typeof i.eventPattern === "string") {
                try { pattern = summarizePattern(JSON.parse(i.eventPattern)); } catch { pattern = i.eventPattern; }
            } else pattern = i.scheduleExpression ? `schedule ${i.scheduleExpression}` : "(none)";
            return [`pattern: ${pattern}`, `bus: ${show(i.eventBusName ?? "default")}`];
        }
        case "aws:cloudwatch/eventTarget:EventTarget":
            return [
                `arn: ${show(i.arn)}`,
                `role: ${i.roleArn === undefined ? "none" : show(i.roleArn)}`,
                `dead-letter queue: ${i.deadLetterConfig?.arn === undefined ? "none" : show(i.deadLetterConfig.arn)}`,
                `retry: ${i.retryPolicy ? `${show(i.retryPolicy.maximumRetryAttempts)} attempts / ${show(i.retryPolicy.maximumEventAgeInSeconds)} s` : "default"}`,
                ...(i.inputTransformer ? [`input transformer: ${show(i.inputTransformer.inputTemplate)}`] : []),
            ];
        case "aws:lambda/function:Function":
            return [
                ...pick("runtime", "handler", "timeout", "memorySize", "reservedConcurrentExecutions"),
                ...(i.environment?.variables ? [`environment: ${Object.keys(i.environment.variables).join(", ")}`] : isSecret(i.environment) ? ["environment: <secret>"] : []),
            ];
        case "aws:iam/role:Role":
            return [
                ...(isUnknown(i.assumeRolePolicy) ? [`trust: ${String(i.assumeRolePolicy)}`] : statements(i.assumeRolePolicy).map((s) => `trust: ${s}`)),
                ...(Array.isArray(i.inlinePolicies) ? i.inlinePolicies.flatMap((p: any) => statements(p.policy)) : []),
                ...pick("managedPolicyArns"),
            ];
        case "aws:iam/rolePolicy:RolePolicy":
        case "aws:iam/policy:Policy":
        case "aws:sqs/queuePolicy:QueuePolicy":
        case "aws:sns/topicPolicy:TopicPolicy":
        case "aws:cloudwatch/eventBusPolicy:EventBusPolicy":
            return statements(i.policy);
        case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
            return pick("policyArn");
        case "aws:lambda/permission:Permission":
            return pick("action", "principal", "sourceArn", "functionUrlAuthType", "invokedViaFunctionUrl");
        case "aws:lambda/functionUrl:FunctionUrl":
            return pick("authorizationType", "cors");
        case "aws:sqs/queue:Queue":
            return pick("name", "sqsManagedSseEnabled", "kmsMasterKeyId", "fifoQueue", "messageRetentionSeconds");
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
            return scalars.map(([k, v]) => `${k}: ${show(v)}`);
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
    const lines: string[] = [`Resources (${plan.resources.length}) — ${plan.project}/${plan.stack}, offline ${plan.preview ? "preview" : "update"}`];
    const walk = (parent: string | undefined, indent: string) => {
        const list = children.get(parent) ?? [];
        list.forEach((r, index) => {
            const last = index === list.length - 1;
            lines.push(`${indent}${last ? "└─ " : "├─ "}${r.type} "${r.name}"`);
            const inner = indent + (last ? "   " : "│  ");
            for (const detail of keyInputs(r)) {
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

/** The routing as a readable tree: webhook → bus → rule (pattern) → targets. */
export function renderRoutingText(routing: RoutingGraph): string {
    const lines = ["Routing"];
    if (routing.buses.length === 0 && routing.webhooks.length === 0) {
        return "Routing: no buses, rules or webhooks";
    }
    for (const webhook of routing.webhooks) {
        const buses = webhook.buses.map((id) => routing.buses.find((b) => b.id === id)?.name).join(", ") || "(no bus found)";
        lines.push(`webhook ${webhook.name}${webhook.provider ? ` [${webhook.provider}]` : ""} (${webhook.endpoint})${webhook.via ? ` → ${webhook.via}` : ""} → bus ${buses}`);
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
                const extras = [t.deadLetterQueue ? `dlq ${t.deadLetterQueue}` : "no dlq", t.inputTransformer ? "input transformer" : ""].filter(Boolean).join(", ");
                lines.push(`${lastRule ? "   " : "│  "}${lastTarget ? "└─" : "├─"} ${t.kind} ${t.name} (${extras})`);
            });
            if (rule.targets.length === 0) {
                lines.push(`${lastRule ? "   " : "│  "}└─ (no target)`);
            }
        });
    }
    return lines.join("\n");
}

/** Mermaid's entity codes for the characters that would otherwise be read as markup or syntax. */
const mermaidEntities: Readonly<Record<string, string>> = { "#": "#35;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "\"": "#quot;" };

/** A quoted node label: each line escaped, lines joined with Mermaid's line break. */
export function label(...lines: string[]): string {
    return `"${lines.map((line) => line.replace(/[#<>&"]/g, (c) => mermaidEntities[c])).join("<br/>")}"`;
}

/** The routing as a Mermaid flowchart. */
export function renderRoutingMermaid(routing: RoutingGraph): string {
    const lines = ["flowchart LR"];
    for (const w of routing.webhooks) {
        lines.push(`  ${w.id}[/${label(`webhook ${w.name}${w.provider ? ` (${w.provider})` : ""}`, w.endpoint)}/]`);
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
    return lines.join("\n");
}
