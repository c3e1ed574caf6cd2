import type { PolicyResource } from "@pulumi/policy/policy";

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

    /**
     * `readProps` copies a resource's properties into plain values; the policies pass one that
     * marks values unknown at preview instead of throwing on them (the engine's props throw).
     */
    constructor(resources: PolicyResource[], readProps: (props: Record<string, any>) => Record<string, any> | undefined = (props) => props) {
        this.resources = resources.map((resource) => {
            const entry = { resource, type: resource.type, name: resource.name, urn: resource.urn, props: readProps(resource.props) ?? {} };
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
    // A value unknown at preview is not an object (the policies mark it with a symbol): the walk stops there.
    return path.split(".").reduce<any>((value, key) => (value && typeof value === "object" ? value[key] : undefined), props);
}

/** The known strings other resources may use to name this one. */
function identifiers(entry: StackResource): string[] {
    const p = entry.props;
    return [p.arn, p.name, p.id, p.url, p.functionName, p.bucket, p.keyId].filter((v): v is string => typeof v === "string" && v.length > 0);
}
