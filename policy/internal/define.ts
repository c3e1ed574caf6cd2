// Types from @pulumi/policy/policy: they are in our public declarations, and the package index.d.ts
// (1.21) does not type-check without skipLibCheck.
import type {
    EnforcementLevel, PolicyConfigSchema, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy,
    Severity, StackValidationArgs, StackValidationPolicy,
} from "@pulumi/policy/policy";
import { StackView } from "../../stack";
import { plain } from "../values";

/** What every policy of this pack declares besides its check. */
interface Described {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly severity: Severity;
    /** What to change so the violation goes away (shown with each finding). */
    readonly remediationSteps: string;
    readonly configSchema?: PolicyConfigSchema;
}

export type KitResourcePolicy = ResourceValidationPolicy & Described;
export type KitStackPolicy = StackValidationPolicy & Described;
export type KitPolicy = KitResourcePolicy | KitStackPolicy;

/**
 * The policy's configuration: the schema's defaults overlaid with what the pack configuration
 * sets (the Pulumi CLI applies defaults too; doing it here keeps the policy correct wherever
 * it runs, including the offline plan and unit tests).
 */
function configOf<T>(schema: PolicyConfigSchema | undefined, given: object): T {
    const defaults: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema?.properties ?? {})) {
        if (property && typeof property === "object" && "default" in property) {
            defaults[key] = (property as { default: unknown }).default;
        }
    }
    return { ...defaults, ...given } as T;
}

/**
 * A policy over single resources of the given types. `check` receives the properties as a
 * plain copy in which values unknown at preview are `UNKNOWN`, so it never trips over them.
 */
export function resourcePolicy<C = Record<string, never>>(
    described: Described & { readonly resourceTypes: readonly string[] },
    check: (props: Record<string, any>, report: (message: string) => void, config: C, args: ResourceValidationArgs) => void,
): KitResourcePolicy {
    const { resourceTypes, ...rest } = described;
    return {
        ...rest,
        validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
            if (!resourceTypes.includes(args.type)) {
                return;
            }
            const config = configOf<C>(described.configSchema, args.getConfig());
            check(plain(args.props) ?? {}, (message) => reportViolation(message), config, args);
        },
    };
}

/** A policy over the whole stack: for rules that need parents or references between resources. */
export function stackPolicy<C = Record<string, never>>(
    described: Described,
    check: (stack: StackView, report: ReportViolation, config: C, args: StackValidationArgs) => void,
): KitStackPolicy {
    return {
        ...described,
        validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
            const config = configOf<C>(described.configSchema, args.getConfig());
            check(new StackView(args.resources, plain), reportViolation, config, args);
        },
    };
}
