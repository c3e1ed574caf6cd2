/**
 * How policies read resource properties as the policy engine hands them over: values unknown at
 * preview become {@link UNKNOWN} instead of throwing, JSON documents are parsed once. Every policy
 * reads through these, and so does the offline plan's routing, so both see a stack the same way.
 */
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
    if (isUnknownSentinel(value)) {
        return UNKNOWN;
    }
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
        if (isUnknownValueError(err)) {
            return UNKNOWN;
        }
        throw err;
    }
}

/**
 * The engine's stand-ins for values unknown at preview, one per type (the Pulumi wire format;
 * the policy engine sends every unknown as the string one).
 */
const unknownSentinels: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

function isUnknownSentinel(value: unknown): boolean {
    return typeof value === "string" && unknownSentinels.has(value);
}

/**
 * True for the error the policy engine's property proxy throws on reading an unknown value.
 * Recognised by shape as well as by class: a pack that resolves its own copy of
 * `@pulumi/policy` (npm link, a pinned version) runs under that copy's engine, whose error is
 * not an instance of the class this module imports. Missing it would fail the policy, and the
 * engine would turn the mandatory finding into an advisory "can't run policy during preview".
 */
export function isUnknownValueError(err: unknown): boolean {
    if (err instanceof UnknownValueError) {
        return true;
    }
    const shape = err as { unknownTypeSentinel?: unknown; props?: unknown } | null;
    return err instanceof Error && isUnknownSentinel(shape?.unknownTypeSentinel) && Array.isArray(shape?.props);
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
