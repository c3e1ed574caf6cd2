import type { PolicyResource } from "@pulumi/policy/policy";
import { isUnknown, plain } from "./values";

/** The type tokens the policies reason about. */
export const types = {
    webhookIngress: "eventbridge-kit:ingress:WebhookIngress",
    safeRule: "eventbridge-kit:rules:SafeRule",
    apiDestinationTarget: "eventbridge-kit:targets:ApiDestinationTarget",
    eventBus: "aws:cloudwatch/eventBus:EventBus",
    eventBusPolicy: "aws:cloudwatch/eventBusPolicy:EventBusPolicy",
    eventPermission: "aws:cloudwatch/eventPermission:EventPermission",
    eventRule: "aws:cloudwatch/eventRule:EventRule",
    eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
    eventArchive: "aws:cloudwatch/eventArchive:EventArchive",
    apiDestination: "aws:cloudwatch/eventApiDestination:EventApiDestination",
    connection: "aws:cloudwatch/eventConnection:EventConnection",
    lambdaFunction: "aws:lambda/function:Function",
    lambdaPermission: "aws:lambda/permission:Permission",
    functionUrl: "aws:lambda/functionUrl:FunctionUrl",
    stateMachine: "aws:sfn/stateMachine:StateMachine",
    queue: "aws:sqs/queue:Queue",
    queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
    topic: "aws:sns/topic:Topic",
    kinesisStream: "aws:kinesis/stream:Stream",
    ecsCluster: "aws:ecs/cluster:Cluster",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    managedPolicy: "aws:iam/policy:Policy",
    secret: "aws:secretsmanager/secret:Secret",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
} as const;

/** One stack resource with its properties copied once, unknowns marked. */
export interface StackResource {
    readonly resource: PolicyResource;
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: Record<string, any>;
}

/**
 * The stack as the policies read it: properties unwrapped once, and references between
 * resources followed the way the engine records them (property dependencies at preview, when
 * ARNs and names are still unknown) or, failing that, by matching known names and ARNs.
 */
export class StackView {
    readonly resources: StackResource[];
    private readonly byResource = new Map<PolicyResource, StackResource>();
    private readonly byType = new Map<string, StackResource[]>();
    /** Known ARNs, names, ids and URLs → the resources they identify. */
    private readonly byIdentifier = new Map<string, StackResource[]>();
    /** `${type} ${prop}` → for each referenced resource, the resources of that type referring to it. */
    private readonly reverse = new Map<string, Map<StackResource, StackResource[]>>();

    constructor(resources: PolicyResource[]) {
        this.resources = resources.map((resource) => {
            const entry = { resource, type: resource.type, name: resource.name, urn: resource.urn, props: plain(resource.props) ?? {} };
            this.byResource.set(resource, entry);
            this.byType.set(entry.type, [...(this.byType.get(entry.type) ?? []), entry]);
            for (const identifier of identifiers(entry)) {
                this.byIdentifier.set(identifier, [...(this.byIdentifier.get(identifier) ?? []), entry]);
            }
            return entry;
        });
    }

    ofType(type: string): StackResource[] {
        return this.byType.get(type) ?? [];
    }

    of(resource: PolicyResource): StackResource | undefined {
        return this.byResource.get(resource);
    }

    /**
     * The resources of the given types that the property `prop` of `from` refers to. Uses the
     * engine's property dependencies first; then a known string value equal to a resource's
     * ARN, name, id or URL (for stacks that wire resources by literal names).
     */
    referenced(from: StackResource, prop: string, wanted: readonly string[]): StackResource[] {
        const found = new Set<StackResource>();
        const topLevel = prop.split(".")[0];
        for (const dep of from.resource.propertyDependencies?.[topLevel] ?? []) {
            const entry = this.byResource.get(dep);
            if (entry && wanted.includes(entry.type)) {
                found.add(entry);
            }
        }
        const value = valueAt(from.props, prop);
        if (typeof value === "string") {
            for (const candidate of this.byIdentifier.get(value) ?? []) {
                if (wanted.includes(candidate.type)) {
                    found.add(candidate);
                }
            }
        }
        return [...found];
    }

    /** Resources of `type` whose property `prop` refers to `to` (the reverse of {@link referenced}). */
    referencing(to: StackResource, type: string, prop: string): StackResource[] {
        const key = `${type} ${prop}`;
        let index = this.reverse.get(key);
        if (!index) {
            index = new Map();
            for (const from of this.ofType(type)) {
                for (const target of this.referenced(from, prop, [...this.byType.keys()])) {
                    index.set(target, [...(index.get(target) ?? []), from]);
                }
            }
            this.reverse.set(key, index);
        }
        return index.get(to) ?? [];
    }

    /** The chain of parents, nearest first. */
    ancestors(entry: StackResource): StackResource[] {
        const chain: StackResource[] = [];
        let parent = entry.resource.parent;
        while (parent) {
            const found = this.byResource.get(parent);
            if (found) {
                chain.push(found);
            }
            parent = parent.parent;
        }
        return chain;
    }

    hasAncestor(entry: StackResource, type: string): boolean {
        return this.ancestors(entry).some((a) => a.type === type);
    }
}

/** `a.b` paths are allowed so nested references (`deadLetterConfig.arn`) can be followed. */
function valueAt(props: Record<string, any>, path: string): unknown {
    return path.split(".").reduce<any>((value, key) => (value && typeof value === "object" && !isUnknown(value) ? value[key] : undefined), props);
}

/** The known strings other resources may use to name this one. */
function identifiers(entry: StackResource): string[] {
    const p = entry.props;
    return [p.arn, p.name, p.id, p.url, p.functionName, p.bucket].filter((v): v is string => typeof v === "string" && v.length > 0);
}
