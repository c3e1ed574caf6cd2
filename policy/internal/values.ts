import { UnknownValueError } from "@pulumi/policy";

/**
 * Stands for a value that only exists after deployment (an ARN, a generated name...). During
 * `pulumi preview` the policy engine hands policies such values as "unknown": reading one
 * through the engine's proxy throws, so policies first copy their inputs with {@link plain}
 * and then decide explicitly what an unknown value means for them.
 */
export const UNKNOWN: unique symbol = Symbol.for("eventbridge-kit.unknown");
export type Unknown = typeof UNKNOWN;

export function isUnknown(value: unknown): value is Unknown {
    return value === UNKNOWN;
}

/**
 * A plain deep copy of resource properties as the policy engine passes them, with every value
 * that is unknown at preview replaced by {@link UNKNOWN}. Never throws on unknowns.
 */
export function plain(value: any): any {
    if (value === null || typeof value !== "object") {
        return value;
    }
    if (Array.isArray(value)) {
        const out: any[] = [];
        for (let i = 0; i < value.length; i++) {
            out.push(readPlain(value, i));
        }
        return out;
    }
    const out: Record<string, any> = {};
    for (const key of Object.keys(value)) {
        out[key] = readPlain(value, key);
    }
    return out;
}

function readPlain(container: any, key: string | number): any {
    try {
        return plain(container[key]);
    } catch (err) {
        if (err instanceof UnknownValueError) {
            return UNKNOWN;
        }
        throw err;
    }
}

/** The value as a string, UNKNOWN when unknown, undefined when absent or not a string. */
export function stringOf(value: unknown): string | Unknown | undefined {
    if (isUnknown(value)) {
        return UNKNOWN;
    }
    return typeof value === "string" ? value : undefined;
}

/** Parses a JSON document input (a pattern, a policy). Objects are taken as they are. */
export type Parsed = { ok: true; value: any } | { ok: false; error: string } | Unknown;

export function parseJson(value: unknown): Parsed {
    if (isUnknown(value)) {
        return UNKNOWN;
    }
    if (typeof value !== "string") {
        return { ok: true, value };
    }
    if (value.includes("04da6b54-80e4-46f7-96ec-b56ff0331ba9")) {
        // A document built with pulumi.interpolate / jsonStringify over unknown values.
        return UNKNOWN;
    }
    try {
        return { ok: true, value: JSON.parse(value) };
    } catch (err) {
        return { ok: false, error: (err as Error).message };
    }
}

/** True when any value anywhere inside is unknown. */
export function containsUnknown(value: unknown): boolean {
    if (isUnknown(value)) {
        return true;
    }
    if (value && typeof value === "object") {
        return Object.values(value).some(containsUnknown);
    }
    return false;
}

/** Always an array: IAM and EventBridge accept a single value or a list in many places. */
export function listOf<T>(value: T | T[] | undefined | null): T[] {
    if (value === undefined || value === null) {
        return [];
    }
    return Array.isArray(value) ? value : [value];
}
