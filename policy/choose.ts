import type { EnforcementLevel, PolicyConfigSchema, PolicyPackConfig, ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy/policy";
import { policies } from "./all";
import type { KitPolicy, KitResourcePolicy, KitStackPolicy } from "./internal/define";

/** Which of eventbridge-kit's policies an organisation's own pack holds, and how they are set. */
export interface PolicySelection {
    /** Only these policies, by name. Default: every policy. */
    readonly only?: readonly string[];
    /** Leave these policies out. */
    readonly except?: readonly string[];
    /**
     * What a `--policy-pack-config` file says, per policy: an enforcement level, or settings
     * with an optional `enforcementLevel`; `all` sets the level of every policy. The levels
     * become the policies' own and the settings their defaults, so a stack's own pack
     * configuration can still override them.
     */
    readonly config?: PolicyPackConfig;
}

const levels: readonly EnforcementLevel[] = ["advisory", "mandatory", "disabled"];

/**
 * eventbridge-kit's policies, chosen and set for an organisation's own pack:
 *
 *     new PolicyPack("acme-eventbridge", { policies: choosePolicies({ except: [...], config: {...} }) });
 *
 * Unlike a pack configuration file, which the Pulumi CLI applies without complaint when it names
 * no policy, every name, level and setting is checked here and a mistake throws.
 */
export function choosePolicies(selection: PolicySelection = {}): KitPolicy[] {
    const names = policies.map((p) => p.name);
    const mustName = (field: string, name: string) => {
        if (!names.includes(name)) {
            throw new Error(`choosePolicies: ${field} names "${name}", which is not a policy of eventbridge-kit/policy. The policies are: ${names.join(", ")}.`);
        }
    };
    selection.only?.forEach((name) => mustName("only", name));
    selection.except?.forEach((name) => mustName("except", name));
    const chosen = policies.filter((p) => (selection.only ?? names).includes(p.name) && !selection.except?.includes(p.name));

    const config = selection.config ?? {};
    const allLevel = config.all === undefined ? undefined : levelOf("all", config.all);
    for (const name of Object.keys(config).filter((n) => n !== "all")) {
        mustName("config", name);
        if (!chosen.some((p) => p.name === name)) {
            throw new Error(`choosePolicies: config sets "${name}", but only/except leave that policy out of the pack. Choose it, or drop its configuration.`);
        }
    }
    return chosen.map((policy) => {
        const entry = config[policy.name];
        const level = (entry === undefined ? undefined : levelOf(policy.name, entry)) ?? allLevel ?? policy.enforcementLevel;
        const settings = typeof entry === "object" ? settingsOf(policy, entry) : {};
        return Object.keys(settings).length === 0 ? { ...policy, enforcementLevel: level } : withSettings({ ...policy, enforcementLevel: level }, settings);
    });
}

function levelOf(name: string, entry: PolicyPackConfig[string]): EnforcementLevel | undefined {
    const level = typeof entry === "string" ? entry : entry.enforcementLevel;
    if (level !== undefined && !levels.includes(level)) {
        throw new Error(`choosePolicies: config["${name}"] sets enforcement level "${String(level)}"; use ${levels.join(", ")}${level === "remediate" ? " (these policies report violations; they do not remediate resources)" : ""}.`);
    }
    return level;
}

/** The entry's settings, checked against the policy's schema. */
function settingsOf(policy: KitPolicy, entry: Record<string, unknown>): Record<string, unknown> {
    const properties = policy.configSchema?.properties ?? {};
    const settings: Record<string, unknown> = { ...entry };
    delete settings.enforcementLevel;
    for (const [key, value] of Object.entries(settings)) {
        const schema = properties[key] as SettingSchema | undefined;
        const where = `choosePolicies: config["${policy.name}"].${key}`;
        if (!schema) {
            const known = Object.keys(properties);
            throw new Error(`${where} is not a setting of ${policy.name}; ${known.length > 0 ? `its settings are ${known.join(", ")}` : "it has no settings"}.`);
        }
        const problem = problemWith(value, schema);
        if (problem) {
            throw new Error(`${where} is ${JSON.stringify(value)}; it must be ${problem}.`);
        }
    }
    return settings;
}

type SettingSchema = { type?: string; minimum?: number; maximum?: number; items?: SettingSchema };

function problemWith(value: unknown, schema: SettingSchema): string | undefined {
    if (schema.type === "array") {
        // typeof never says "array": a list is checked as one, then item by item.
        const items = schema.items;
        const itemProblem = Array.isArray(value) && items ? value.map((item) => problemWith(item, items)).find((p) => p !== undefined) : undefined;
        return !Array.isArray(value) || itemProblem ? `an array${items?.type ? ` of ${items.type}s` : ""}` : undefined;
    }
    const range = [schema.minimum !== undefined ? `at least ${schema.minimum}` : "", schema.maximum !== undefined ? `at most ${schema.maximum}` : ""].filter(Boolean).join(" and ");
    const expected = `${schema.type === "integer" ? "an integer" : `a ${schema.type}`}${range ? ` ${range}` : ""}`;
    const typeOk = schema.type === "integer" ? Number.isInteger(value)
        : schema.type === "number" ? typeof value === "number" && Number.isFinite(value)
            : schema.type === undefined || typeof value === schema.type;
    if (!typeOk) {
        return expected;
    }
    if (typeof value === "number" && ((schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum))) {
        return expected;
    }
    return undefined;
}

/**
 * The policy with the settings as its schema's defaults. The check reads its configuration
 * through `getConfig`, so the settings are laid under whatever the engine passes: the Pulumi
 * CLI sends the schema's defaults, an in-process runner may send nothing.
 */
function withSettings(policy: KitPolicy, settings: Record<string, unknown>): KitPolicy {
    const schema = policy.configSchema as PolicyConfigSchema;
    const properties = Object.fromEntries(Object.entries(schema.properties).map(([key, property]) =>
        [key, key in settings ? { ...property, default: settings[key] } : property]));
    const configSchema = { ...schema, properties } as PolicyConfigSchema;
    const getConfig = (given: () => object) => (() => ({ ...settings, ...given() })) as StackValidationArgs["getConfig"];
    if ("validateStack" in policy) {
        const validateStack = policy.validateStack;
        return { ...policy, configSchema, validateStack: (args: StackValidationArgs, report: ReportViolation) => validateStack({ ...args, getConfig: getConfig(args.getConfig) }, report) } as KitStackPolicy;
    }
    const resourcePolicy = policy as KitResourcePolicy;
    const validations = [resourcePolicy.validateResource ?? []].flat().map((validate) =>
        (args: ResourceValidationArgs, report: ReportViolation) => validate({ ...args, getConfig: getConfig(args.getConfig) }, report));
    return { ...resourcePolicy, configSchema, validateResource: validations.length === 1 ? validations[0] : validations };
}
