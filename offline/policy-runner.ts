// Types from @pulumi/policy/policy: they are in our public declarations, and the package index.d.ts
// (1.21) does not type-check without skipLibCheck.
import type {
    EnforcementLevel, PolicyPackConfig, PolicyResource, PolicyResourceOptions, ReportViolation,
    ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy,
} from "@pulumi/policy/policy";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import type { AnyPolicy, Finding } from "./types";

/**
 * What the policy engine sends in place of a value that is unknown during preview (the Pulumi
 * wire format's unknown sentinel). Put it in fabricated resource properties to test how a
 * policy behaves at preview.
 */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A resource as the policy engine presents it: properties in wire form, links by URN. */
export interface PolicyInputResource {
    readonly type: string;
    readonly name: string;
    /** Defaults to a URN built from the stack, type and name. */
    readonly urn?: string;
    readonly props: Record<string, any>;
    /** URN of the parent resource (components are resources too). */
    readonly parent?: string;
    readonly dependencies?: readonly string[];
    /** For each property, the URNs of the resources its value came from. */
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

export interface RunPoliciesOptions {
    readonly policies: readonly AnyPolicy[];
    /** Per-policy enforcement level or configuration, as in a policy pack config file. */
    readonly config?: PolicyPackConfig;
    /** The pack's default enforcement level for policies that set none. */
    readonly enforcementLevel?: EnforcementLevel;
    readonly stack?: string;
    readonly project?: string;
}

class NotApplicable extends Error {}

const defaultOptions: PolicyResourceOptions = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
};

/** The URN the engine would give a resource with no parent. */
export function urnOf(type: string, name: string, stack = "dev", project = "project"): string {
    return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
    const token = (resourceClass as { __pulumiType?: string }).__pulumiType;
    return token === type;
}

function levelOf(policy: AnyPolicy, options: RunPoliciesOptions): EnforcementLevel {
    const configured = options.config?.[policy.name];
    const fromConfig = typeof configured === "string" ? configured : configured?.enforcementLevel;
    const level = fromConfig ?? policy.enforcementLevel ?? options.enforcementLevel ?? "advisory";
    // The engine reports a remediation policy that still finds a violation as mandatory.
    return level === "remediate" ? "mandatory" : level;
}

function configFor(policy: AnyPolicy, options: RunPoliciesOptions): () => any {
    return () => {
        const configured = options.config?.[policy.name];
        if (!configured || typeof configured === "string") {
            return {};
        }
        const properties: Record<string, unknown> = { ...configured };
        delete properties.enforcementLevel;
        return properties;
    };
}

/**
 * Runs policies over resources exactly as the Pulumi policy engine does: each resource policy
 * once per resource with `ResourceValidationArgs` whose `props` throw on unknown values, then
 * each stack policy once with every resource linked to its parent and dependencies. A policy
 * that reads an unknown value yields the engine's advisory "can't run ... during preview".
 */
export async function runPolicies(resources: readonly PolicyInputResource[], options: RunPoliciesOptions): Promise<Finding[]> {
    const stack = options.stack ?? "dev";
    const project = options.project ?? "project";
    const findings: Finding[] = [];
    const withUrns = resources.map((r) => ({ ...r, urn: r.urn ?? urnOf(r.type, r.name, stack, project) }));
    const reporting = findingsReporter(findings, new Map(withUrns.map((r) => [r.urn, r])));

    for (const resource of withUrns) {
        for (const policy of options.policies) {
            const level = levelOf(policy, options);
            if (level === "disabled" || !("validateResource" in policy) || !policy.validateResource) {
                continue;
            }
            const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
            for (const validate of validations) {
                await validateResource(validate, resource, policy, level, options, reporting);
            }
        }
    }

    const stackPolicies = options.policies.filter((p): p is StackValidationPolicy => "validateStack" in p && typeof p.validateStack === "function");
    for (const policy of stackPolicies) {
        const level = levelOf(policy, options);
        if (level === "disabled") {
            continue;
        }
        await validateStack(policy, withUrns, level, options, reporting);
    }
    return findings;
}

type WithUrn = PolicyInputResource & { urn: string };
type ResourceValidation = Exclude<NonNullable<ResourceValidationPolicy["validateResource"]>, readonly unknown[]>;

/** How violations become findings: `reporter` for what a policy reports, `cannotRun` for a policy that read an unknown value. */
interface Reporting {
    reporter(policy: AnyPolicy, level: EnforcementLevel, fallbackUrn?: string): ReportViolation;
    cannotRun(policy: AnyPolicy, err: Error, urn?: string): void;
}

function findingsReporter(findings: Finding[], byUrn: ReadonlyMap<string, WithUrn>): Reporting {
    const reporter = (policy: AnyPolicy, level: EnforcementLevel, fallbackUrn?: string): ReportViolation => (message: string, urn?: string) => {
        const about = byUrn.get(urn ?? fallbackUrn ?? "");
        findings.push({
            policyName: policy.name,
            enforcementLevel: level,
            severity: policy.severity,
            description: policy.description,
            message,
            remediationSteps: policy.remediationSteps,
            urn: about?.urn ?? urn,
            resourceType: about?.type,
            resourceName: about?.name,
        });
    };
    const cannotRun = (policy: AnyPolicy, err: Error, urn?: string) => {
        reporter(policy, "advisory", urn)(`can't run policy '${policy.name}' during preview: ${err.message}`, urn);
    };
    return { reporter, cannotRun };
}

/** One validation of a resource policy over one resource. */
async function validateResource(
    validate: ResourceValidation, resource: WithUrn, policy: AnyPolicy, level: EnforcementLevel, options: RunPoliciesOptions, reporting: Reporting,
): Promise<void> {
    const view = resourceView(resource);
    const args: ResourceValidationArgs = {
        ...view,
        // The same function; @pulumi/policy types it by the args' shape here.
        asType: view.asType as unknown as ResourceValidationArgs["asType"],
        stackTags: new Map(),
        getConfig: configFor(policy, options),
        notApplicable: (reason?: string) => { throw new NotApplicable(reason); },
    };
    try {
        await validate(args, reporting.reporter(policy, level, resource.urn));
    } catch (err) {
        if (err instanceof UnknownValueError) {
            reporting.cannotRun(policy, err as Error, resource.urn);
        } else if (!(err instanceof NotApplicable)) {
            throw new Error(`policy '${policy.name}' failed on ${resource.type} "${resource.name}": ${(err as Error).message}`);
        }
    }
}

/** A stack policy over every resource, linked to its parent and dependencies. */
async function validateStack(
    policy: StackValidationPolicy, resources: readonly WithUrn[], level: EnforcementLevel, options: RunPoliciesOptions, reporting: Reporting,
): Promise<void> {
    const args: StackValidationArgs = {
        resources: linkedResources(resources),
        stackTags: new Map(),
        getConfig: configFor(policy, options),
        notApplicable: (reason?: string) => { throw new NotApplicable(reason); },
    };
    try {
        await policy.validateStack(args, reporting.reporter(policy, level));
    } catch (err) {
        if (err instanceof UnknownValueError) {
            reporting.cannotRun(policy, err as Error);
        } else if (!(err instanceof NotApplicable)) {
            throw new Error(`policy '${policy.name}' failed on the stack: ${(err as Error).message}`);
        }
    }
}

/** What a policy sees of one resource, in a resource or a stack validation: props that refuse unknown values. */
function resourceView(r: PolicyInputResource & { urn: string }): Pick<PolicyResource, "type" | "props" | "urn" | "name" | "opts" | "isType" | "asType"> {
    const props = unknownCheckingProxy(r.props);
    return {
        type: r.type,
        props,
        urn: r.urn,
        name: r.name,
        opts: { ...defaultOptions, parent: r.parent },
        isType: (resourceClass) => isTypeOf(r.type, resourceClass),
        asType: ((resourceClass: unknown) => (isTypeOf(r.type, resourceClass) ? props : undefined)) as PolicyResource["asType"],
    };
}

/** Stack resources with parent, dependencies and property dependencies as object links. */
export function linkedResources(resources: readonly (PolicyInputResource & { urn: string })[]): PolicyResource[] {
    const out = resources.map((r) => {
        const resource: PolicyResource = { ...resourceView(r), dependencies: [], propertyDependencies: {} };
        return resource;
    });
    const byUrn = new Map(out.map((r) => [r.urn, r]));
    resources.forEach((r, i) => {
        const resource = out[i];
        const parent = r.parent ? byUrn.get(r.parent) : undefined;
        if (parent) {
            resource.parent = parent;
        }
        resource.dependencies = (r.dependencies ?? []).map((u) => byUrn.get(u)).filter((d): d is PolicyResource => !!d);
        for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
            resource.propertyDependencies[key] = urns.map((u) => byUrn.get(u)).filter((d): d is PolicyResource => !!d);
        }
    });
    return out;
}

/** Findings at the given level. */
export function findingsAt(findings: readonly Finding[], level: EnforcementLevel): Finding[] {
    return findings.filter((f) => f.enforcementLevel === level);
}
