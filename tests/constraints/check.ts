/**
 * Checks a planned resource's inputs against the CloudFormation registry schema of its type
 * (./registry.ts) and AWS's published limits (./published-limits.ts), through the mapping in
 * ./mapping.ts: every input, nested objects included, and the physical name the provider would
 * auto-name it with when the program gives none.
 */
import { isSecret, isUnknown, physicalName } from "../../stack";
import { mappings, TypeMapping } from "./mapping";
import { Limit, publishedLimits } from "./published-limits";
import { definitionOf, resourceSpec, SpecProperty, SpecType } from "./registry";

export interface Violation {
    /** `<pulumi type> "<name>"`. */
    readonly resource: string;
    /** `AWS::Type.Property.Path`. */
    readonly property: string;
    readonly value: unknown;
    readonly says: string;
}

/** What one or more checks found: how many constraints were evaluated, and those broken. */
export class ConstraintReport {
    checks = 0;
    secretsSkipped = 0;
    readonly violations: Violation[] = [];
    /** Published limits that at least one value was held to (`AWS::Type.Path`). */
    readonly limitsUsed = new Set<string>();

    /** The violations as one line each, for assertion messages. */
    lines(): string[] {
        return this.violations.map((v) => `${v.resource}: ${v.property} = ${JSON.stringify(v.value)} ${v.says}`);
    }
}

/** The suffix the provider appends to a `namePrefix`: 26 characters (a timestamp and a counter). */
const PREFIX_SUFFIX = "0".repeat(26);

export interface CheckedResource {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
}

/**
 * Adds the checks of one resource to `report`. Throws for a type the mapping does not name:
 * an unmapped resource type must fail loudly, never pass unchecked.
 */
export function checkResource(resource: CheckedResource, report: ConstraintReport): void {
    const mapping = mappings[resource.type];
    const label = `${resource.type} "${resource.name}"`;
    if (!mapping) {
        throw new Error(`${label}: no CloudFormation mapping for ${resource.type}; add one to tests/constraints/mapping.ts`);
    }
    const violation = (property: string, value: unknown, says: string): void => {
        report.violations.push({ resource: label, property, value, says });
    };
    const { root, unmapped } = toCloudFormation(resource, mapping);
    for (const key of unmapped) {
        report.checks++;
        violation(`${mapping.cfn ?? "(none)"}`, key, `: input "${key}" has no entry in tests/constraints/mapping.ts (map it, or skip it with the reason)`);
    }
    if (mapping.cfn === null) {
        return;
    }
    const cfn = mapping.cfn;
    const limits = publishedLimits[cfn]?.properties ?? {};
    const spec = resourceSpec(cfn);
    const walk = (value: unknown, type: SpecType, path: string): void => {
        if (value === undefined || value === null) {
            return;
        }
        if (isSecret(value) || isUnknown(value)) {
            report.secretsSkipped++;
            return;
        }
        const at = `${cfn}.${path}`;
        const fail = (says: string) => violation(at, value, says);
        const limit = limits[path];
        if (limit) {
            report.limitsUsed.add(at);
            applyLimit(limit, value, report, fail);
        }
        switch (type.type) {
            case "union": {
                const member = type.types.find((t) => fits(value, t)) ?? type.types[0];
                return walk(value, member, path);
            }
            case "string": case "integer": case "number": case "boolean":
                report.checks++;
                if (!fits(value, type)) {
                    return fail(`is not ${type.type === "integer" ? "an" : "a"} ${type.type}`);
                }
                if (type.allowedValues) {
                    report.checks++;
                    if (!type.allowedValues.includes(value as string | number)) {
                        fail(`is not one of ${type.allowedValues.join(", ")}`);
                    }
                }
                return;
            case "array":
                report.checks++;
                if (!Array.isArray(value)) {
                    return fail("is not a list");
                }
                return value.forEach((element) => walk(element, type.element, `${path}[]`));
            case "map":
                report.checks++;
                if (typeof value !== "object" || Array.isArray(value)) {
                    return fail("is not a map");
                }
                return Object.values(value).forEach((element) => walk(element, type.element, `${path}{}`));
            case "ref":
                return walkObject(value, definitionOf(type).properties, `${path}.`, definitionOf(type).name, true);
            default:
                return; // json, date-time: no structure to check
        }
    };
    const walkObject = (value: unknown, properties: Readonly<Record<string, SpecProperty>>, prefix: string, definition: string, required: boolean): void => {
        report.checks++;
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
            violation(`${cfn}.${prefix.slice(0, -1)}`, value, `is not an object (${definition})`);
            return;
        }
        const byLowerName = new Map(Object.keys(properties).map((name) => [name.toLowerCase(), name]));
        for (const [key, element] of Object.entries(value)) {
            if (element === undefined) {
                continue;
            }
            if (key.startsWith("(")) {
                walk(element, { type: "string" }, key); // an API parameter CloudFormation does not expose
                continue;
            }
            const name = byLowerName.get(key.toLowerCase());
            report.checks++;
            if (!name) {
                violation(`${cfn}.${prefix}${key}`, element, `is not a property of ${definition} in the registry schema`);
                continue;
            }
            walk(element, properties[name].type, `${prefix}${name}`);
        }
        if (required) {
            for (const [name, property] of Object.entries(properties)) {
                if (property.required) {
                    report.checks++;
                    const present = Object.keys(value).some((key) => key.toLowerCase() === name.toLowerCase() && (value as Record<string, unknown>)[key] !== undefined);
                    if (!present) {
                        violation(`${cfn}.${prefix}${name}`, undefined, `is required by ${definition}`);
                    }
                }
            }
        }
    };
    // A resource that is only part of its CloudFormation type (a rule's target, a bucket's
    // settings) cannot be held to the whole type's required properties; its own part can.
    walkObject(root, spec.properties, "", cfn, mapping.at === undefined);
}

function fits(value: unknown, type: SpecType): boolean {
    switch (type.type) {
        case "string": return typeof value === "string";
        case "integer": return typeof value === "number" && Number.isInteger(value);
        case "number": return typeof value === "number";
        case "boolean": return typeof value === "boolean";
        case "array": return Array.isArray(value);
        case "map": case "ref": return typeof value === "object" && value !== null && !Array.isArray(value);
        case "union": return type.types.some((t) => fits(value, t));
        default: return true;
    }
}

function applyLimit(limit: Limit, value: any, report: ConstraintReport, fail: (says: string) => void): void {
    const check = (broken: boolean, says: string) => {
        report.checks++;
        if (broken) {
            fail(says);
        }
    };
    if (typeof value === "string") {
        if (limit.minLength !== undefined) check(value.length < limit.minLength, `is shorter than ${limit.minLength} characters`);
        if (limit.maxLength !== undefined) check(value.length > limit.maxLength, `is ${value.length} characters long; at most ${limit.maxLength} allowed`);
        if (limit.pattern) check(!limit.pattern.test(value), `does not match ${limit.pattern}`);
    }
    if (typeof value === "number") {
        if (limit.min !== undefined) check(value < limit.min, `is below the minimum ${limit.min}`);
        if (limit.max !== undefined) check(value > limit.max, `is above the maximum ${limit.max}`);
    }
    if (limit.values) check(!limit.values.includes(value), `is not one of ${limit.values.join(", ")}`);
    if (limit.maxItems !== undefined && typeof value === "object") {
        const count = Array.isArray(value) ? value.length : Object.keys(value).length;
        check(count > limit.maxItems, `has ${count} entries; at most ${limit.maxItems} allowed`);
    }
    if ((limit.keyPattern || limit.keyMaxLength !== undefined) && typeof value === "object" && !Array.isArray(value)) {
        for (const key of Object.keys(value)) {
            if (limit.keyPattern) check(!limit.keyPattern.test(key), `has key ${JSON.stringify(key)}, which does not match ${limit.keyPattern}`);
            if (limit.keyMaxLength !== undefined) check(key.length > limit.keyMaxLength, `has key ${JSON.stringify(key)} longer than ${limit.keyMaxLength}`);
        }
    }
    if (limit.maxJsonLength !== undefined) {
        const length = JSON.stringify(typeof value === "string" ? JSON.parse(value) : value).length;
        check(length > limit.maxJsonLength, `is ${length} characters of JSON; at most ${limit.maxJsonLength} allowed`);
    }
    if (limit.rule) check(!limit.rule.holds(value), limit.rule.says.replace(/^(must|is|has)/, "breaks: $1"));
}

/** The CloudFormation properties the Pulumi inputs become, and the inputs the mapping does not name. */
function toCloudFormation(resource: CheckedResource, mapping: TypeMapping): { root: Record<string, unknown>; unmapped: string[] } {
    const root: Record<string, unknown> = {};
    const own: Record<string, unknown> = {};
    const unmapped: string[] = [];
    const inputs = { ...resource.inputs };
    if (mapping.autoName && inputs[mapping.autoName] === undefined) {
        // The provider names it: `<prefix><26 characters>` (namePrefix, statementIdPrefix,
        // bucketPrefix), else Pulumi's `<logical name>-<7 hex>`.
        const prefixInput = mapping.autoName === "name" ? "namePrefix" : `${mapping.autoName}Prefix`;
        const prefix = inputs[prefixInput];
        inputs[mapping.autoName] = typeof prefix === "string" ? `${prefix}${PREFIX_SUFFIX}` : physicalName(resource.type, resource.name, inputs);
        delete inputs[prefixInput];
    }
    for (const [key, value] of Object.entries(inputs)) {
        const field = mapping.inputs[key];
        if (field === undefined) {
            unmapped.push(key);
            continue;
        }
        if (typeof field === "object" && "skip" in field) {
            continue;
        }
        const [path, convert] = typeof field === "string" ? [field, undefined] : field;
        const converted = convert && !isSecret(value) && !isUnknown(value) ? convert(value) : value;
        setPath(path.startsWith("/") ? root : own, path.replace(/^\//, ""), converted);
    }
    if (mapping.at === undefined) {
        Object.assign(root, own);
    } else if (mapping.at.endsWith("[]")) {
        root[mapping.at.slice(0, -2)] = [own];
    } else {
        root[mapping.at] = own;
    }
    return { root, unmapped };
}

function setPath(target: Record<string, any>, path: string, value: unknown): void {
    const steps = path.split(".");
    let at = target;
    for (const step of steps.slice(0, -1)) {
        at = at[step] ??= {};
    }
    at[steps[steps.length - 1]] = value;
}
