/**
 * The CloudFormation registry's resource schemas as `@aws-cdk/aws-service-spec` carries them:
 * every property of every resource type with its type, whether it is required and, where the
 * schema enumerates them, its allowed values. (The database keeps those, but not the schemas'
 * patterns, lengths and numeric ranges: ./published-limits.ts adds them.)
 */
import { loadAwsServiceSpecSync } from "@aws-cdk/aws-service-spec";

/** The shape of a property type in the database (service-spec-types' PropertyType, read loosely). */
export type SpecType =
    | { type: "string" | "number" | "integer" | "boolean" | "json" | "date-time" | "null" | "tag"; allowedValues?: readonly (string | number)[] }
    | { type: "array" | "map"; element: SpecType }
    | { type: "union"; types: readonly SpecType[] }
    | { type: "ref"; reference: { $ref: string } };

export interface SpecProperty {
    readonly type: SpecType;
    readonly required?: boolean;
    readonly documentation?: string;
}

export interface SpecObject {
    readonly name: string;
    readonly properties: Readonly<Record<string, SpecProperty>>;
}

type Database = ReturnType<typeof loadAwsServiceSpecSync>;
let loaded: Database | undefined;

function database(): Database {
    // About a second: loaded once, on first use.
    return (loaded ??= loadAwsServiceSpecSync());
}

/** The resource type's top-level properties; throws for a type the registry does not have. */
export function resourceSpec(cloudFormationType: string): SpecObject {
    const [resource] = database().lookup("resource", "cloudFormationType", "equals", cloudFormationType);
    if (!resource) {
        throw new Error(`the CloudFormation registry has no resource type ${cloudFormationType}`);
    }
    return { name: cloudFormationType, properties: resource.properties as unknown as Record<string, SpecProperty> };
}

/** The object type a `ref` property points at. */
export function definitionOf(type: Extract<SpecType, { type: "ref" }>): SpecObject {
    const definition = database().get("typeDefinition", type.reference.$ref);
    return { name: definition.name, properties: definition.properties as unknown as Record<string, SpecProperty> };
}

/**
 * The property at `path` (`Targets[].RetryPolicy.MaximumRetryAttempts`: `[]` steps into an
 * array's element, `{}` into a map's values) of a resource type, or undefined when there is none.
 */
export function propertyAt(cloudFormationType: string, path: string): SpecProperty | undefined {
    let object: SpecObject | undefined = resourceSpec(cloudFormationType);
    let current: SpecProperty | undefined;
    for (const step of path.split(".")) {
        const [, name, suffix] = /^([A-Za-z0-9]+)((?:\[\]|\{\})*)$/.exec(step) ?? [];
        current = name && object ? object.properties[name] : undefined;
        if (!current) {
            return undefined;
        }
        let type: SpecType = current.type;
        for (const wrap of suffix.match(/\[\]|\{\}/g) ?? []) {
            const expected = wrap === "[]" ? "array" : "map";
            if (type.type !== expected) {
                return undefined;
            }
            type = (type as { element: SpecType }).element;
        }
        current = { ...current, type };
        object = type.type === "ref" ? definitionOf(type) : undefined;
    }
    return current;
}
