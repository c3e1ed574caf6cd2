import { isUnknown, parseJson, plain } from "../policy/values";
import { PROVIDER_AUTHENTICATION, PROVIDER_NAMES, ProviderName } from "../providers";
import { busOfRule as busOfRuleIn, StackResource, StackView, targetKind, targetResource, targetSizeAdvisories, TargetSizeAdvisory, types } from "../stack";
import { durablePathOf } from "./durable-routing";
import { summarizePattern } from "./pattern-summary";
import { linkedResources, PolicyInputResource, urnOf } from "./policy-runner";
import type { RoutingBus, RoutingEdge, RoutingGraph, RoutingRedelivery, RoutingRule, RoutingTarget, RoutingWebhook } from "./types";

/** The name to show for a resource: its component's when it is the component's main resource. */
function displayName(stack: StackView, entry: StackResource, componentType?: string): string {
    const parent = stack.ancestors(entry)[0];
    if (parent && componentType && parent.type === componentType) {
        return parent.name;
    }
    return entry.name;
}

function physicalName(entry: StackResource): string {
    return typeof entry.props.name === "string" ? entry.props.name : entry.name;
}

/**
 * `placement`: the stack's account and region. A rule on the default bus of another region or
 * account (an explicit provider) is on that default bus, named by its ARN.
 */
export function routingOf(
    resources: readonly PolicyInputResource[], displayed: readonly { urn: string; type: string; outputs?: Record<string, any> }[],
    placement?: { account: string; region: string },
): RoutingGraph {
    const stack = new StackView(linkedResources(resources.map((r) => ({ ...r, urn: r.urn ?? urnOf(r.type, r.name) }))), plain);
    const outputsOf = new Map(displayed.map((d) => [d.urn, d.outputs]));
    const edges: RoutingEdge[] = [];

    const buses: RoutingBus[] = [];
    const busIdOf = new Map<StackResource | string, string>();
    const busFor = (key: StackResource | string): string => {
        const known = busIdOf.get(key);
        if (known) return known;
        const id = `bus${buses.length}`;
        busIdOf.set(key, id);
        const archives = typeof key === "string" ? [] : stack.ofType(types.eventArchive)
            .filter((a) => stack.referenced(a, "eventSourceArn", [types.eventBus]).includes(key))
            .map((a) => ({ name: a.name, retentionDays: typeof a.props.retentionDays === "number" ? a.props.retentionDays : undefined }));
        buses.push({ id, name: typeof key === "string" ? key : physicalName(key), urn: typeof key === "string" ? undefined : key.urn, archives });
        return id;
    };
    for (const bus of stack.ofType(types.eventBus)) {
        busFor(bus);
    }
    // Archives on the default bus (or a bus outside the stack) name it by ARN.
    const busOfRule = (rule: StackResource): string => {
        const bus = busOfRuleIn(stack, rule);
        return busFor(bus === undefined ? "(bus known after deployment)" : bus === "default" ? defaultBusOf(rule, placement) : bus);
    };

    const webhooks: RoutingWebhook[] = stack.ofType(types.webhookIngress).map((ingress, i) =>
        webhookRoute(stack, ingress, `webhook${i}`, outputsOf.get(ingress.urn) ?? {}, busFor, edges));

    const sizeAdvisories = new Map(targetSizeAdvisories(stack).map((a) => [a.target.urn, a]));
    let targetCount = 0;
    const nextTargetId = () => `target${targetCount++}`;
    // Registration order depends on when inputs resolve; names give a stable order.
    const rules: RoutingRule[] = [...stack.ofType(types.eventRule)].sort((a, b) => a.name.localeCompare(b.name)).map((rule, i) => {
        const id = `rule${i}`;
        const bus = busOfRule(rule);
        edges.push({ from: bus, to: id });
        const targets = stack.referencing(rule, types.eventTarget, "rule").sort((a, b) => a.name.localeCompare(b.name)).map((target) => {
            const routed = targetRoute(stack, target, nextTargetId(), sizeAdvisories);
            edges.push({ from: id, to: routed.id });
            return routed;
        });
        return { id, name: displayName(stack, rule, types.safeRule), urn: rule.urn, bus, ...patternOf(rule), targets };
    });

    return { webhooks, buses, rules, edges };
}

/** A WebhookIngress: its provider, endpoint, raw-delivery bucket, redelivery and durable path, and an edge to each bus it publishes to. */
function webhookRoute(
    stack: StackView, ingress: StackResource, id: string, outputs: Record<string, any>,
    busFor: (key: StackResource) => string, edges: RoutingEdge[],
): RoutingWebhook {
    const descendants = stack.resources.filter((r) => stack.ancestors(r).includes(ingress));
    const published = new Set<string>();
    for (const child of descendants) {
        if (child.type === types.eventBus) {
            published.add(busFor(child));
        }
        for (const dep of child.resource.dependencies) {
            const entry = stack.of(dep);
            if (entry?.type === types.eventBus) {
                published.add(busFor(entry));
            }
        }
    }
    const provider = typeof outputs.provider === "string" ? outputs.provider : providerFromEnvironment(descendants);
    const listener = descendants.find((d) => d.type === "aws:lb/listener:Listener");
    const record = descendants.find((d) => d.type === "aws:route53/record:Record" && d.props.aliases !== undefined);
    const endpoint = listener
        ? `ALB :${typeof listener.props.port === "number" ? listener.props.port : "?"}${typeof record?.props.name === "string" ? ` (${record.props.name})` : ""}`
        : descendants.some((d) => d.type === types.functionUrl) ? "function URL" : "endpoint";
    // The bucket raw deliveries are stored in: created inside, or passed in and referenced.
    // (Not the durable store, which keeps only what PutEvents did not confirm.)
    const durable = durablePathOf(stack, descendants);
    const isRawBucket = (d: StackResource | undefined): boolean => !!d && ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"].includes(d.type) && d !== durable?.bucket;
    const bucket = descendants.find(isRawBucket)
        ?? descendants.flatMap((d) => d.resource.dependencies.map((dep) => stack.of(dep))).find(isRawBucket);
    for (const bus of published) {
        edges.push({ from: id, to: bus, label: bucket ? "via S3" : undefined });
    }
    const redelivery = redeliveryOf(descendants);
    const authentication = provider !== undefined && (PROVIDER_NAMES as readonly string[]).includes(provider) ? PROVIDER_AUTHENTICATION[provider as ProviderName] : undefined;
    return {
        id, name: ingress.name, urn: ingress.urn, provider, ...(authentication ? { authentication } : {}), endpoint, via: bucket ? `S3 bucket ${bucket.name}` : undefined, buses: [...published],
        ...(redelivery ? { redelivery } : {}),
        ...(durable ? { durable: durable.path } : {}),
    };
}

/** A rule's pattern as parsed ("unknown" at preview) and its one-line summary (or its schedule). */
function patternOf(rule: StackResource): Pick<RoutingRule, "pattern" | "summary"> {
    const parsed = parseJson(rule.props.eventPattern);
    const pattern = isUnknown(parsed) ? "unknown" as const : parsed.ok ? parsed.value : undefined;
    const summary = pattern === "unknown" ? "<pattern known after deployment>"
        : pattern ? summarizePattern(pattern)
        : typeof rule.props.scheduleExpression === "string" ? `schedule ${rule.props.scheduleExpression}` : "(no pattern)";
    return { pattern, summary };
}

/** A rule target: what it delivers to, its kind, dead-letter queue, transformer and size advisory. */
function targetRoute(stack: StackView, target: StackResource, id: string, sizeAdvisories: ReadonlyMap<string, TargetSizeAdvisory>): RoutingTarget {
    const destination = targetResource(stack, target);
    const dlq = stack.referenced(target, "deadLetterConfig.arn", [types.queue])[0];
    const dlqArn = target.props.deadLetterConfig?.arn;
    return {
        id,
        name: destination ? displayName(stack, destination, types.apiDestinationTarget)
            : typeof target.props.arn === "string" ? target.props.arn : target.name,
        urn: target.urn,
        kind: targetKind(stack, target) ?? "unknown",
        deadLetterQueue: dlq ? dlq.name : typeof dlqArn === "string" ? dlqArn : undefined,
        inputTransformer: target.props.inputTransformer !== undefined,
        ...sizeAdvisoryOf(sizeAdvisories.get(target.urn)),
    };
}

function sizeAdvisoryOf(advisory: TargetSizeAdvisory | undefined): Pick<RoutingTarget, "sizeAdvisory"> {
    if (!advisory) return {};
    return { sizeAdvisory: `takes ${advisory.limitBytes} bytes, ${advisory.ingress.name} sends up to ${advisory.eventBytes}: set its maxEntryBytes ${advisory.suggestedMaxEntryBytes} with largeEvents, or an input transformer` };
}

/** "default", or the ARN of the default bus of the rule's own region and account when they are not the stack's. */
function defaultBusOf(rule: StackResource, placement?: { account: string; region: string }): string {
    const match = typeof rule.props.arn === "string" ? /^arn:([^:]+):events:([^:]+):(\d+):rule\//.exec(rule.props.arn) : null;
    if (!placement || !match || (match[2] === placement.region && match[3] === placement.account)) return "default";
    return `arn:${match[1]}:events:${match[2]}:${match[3]}:event-bus/default`;
}

/** The ingress's GitHub redelivery function (the one configured with EBK_GITHUB_HOOK) and its schedule. */
function redeliveryOf(descendants: StackResource[]): RoutingRedelivery | undefined {
    const fn = descendants.find((d) => d.type === types.lambdaFunction && d.props.environment?.variables?.EBK_GITHUB_HOOK !== undefined);
    if (!fn) return undefined;
    const schedule = descendants.find((d) => d.type === "aws:scheduler/schedule:Schedule")?.props.scheduleExpression;
    const hook = parseJson(fn.props.environment.variables.EBK_GITHUB_HOOK);
    const target = !isUnknown(hook) && hook.ok ? hook.value as Record<string, unknown> : undefined;
    const described = target?.kind === "app" ? "GitHub App"
        : target?.kind === "repository" ? `repository ${target.owner}/${target.repo} hook ${target.hookId}`
        : target?.kind === "organization" ? `organization ${target.org} hook ${target.hookId}` : undefined;
    return { function: fn.name, ...(typeof schedule === "string" ? { schedule } : {}), ...(described ? { hook: described } : {}) };
}

function providerFromEnvironment(descendants: StackResource[]): string | undefined {
    for (const fn of descendants.filter((d) => d.type === types.lambdaFunction)) {
        const variables = fn.props.environment?.variables ?? {};
        for (const [key, value] of Object.entries(variables)) {
            if (/PROVIDER$/i.test(key) && typeof value === "string") {
                return value;
            }
        }
    }
    return undefined;
}
