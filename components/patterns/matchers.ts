/**
 * Value matchers: one element of a field's array in a pattern, compiled to a test on one
 * event value (string, number, boolean or null), with EventBridge's semantics:
 * strings and numbers never equal each other, numbers compare by value, string operators
 * (prefix, suffix, wildcard, equals-ignore-case, cidr) only match strings, `numeric` only
 * matches numbers, and `anything-but` matches any present value not excluded.
 */
import { ignoreCaseRegExpSource, ipInRange, IpRange, parseIpAddress, wildcardRegExpSource } from "./strings";

/** A leaf value of an event, as event-ruler sees it. */
export type EventValue = string | number | boolean | null;

/**
 * How a matcher is found from an event value without testing it (used by `PatternMachine`,
 * which holds many matchers per field). A lookup may find matchers the value then fails;
 * it never misses one the value satisfies.
 */
export type MatcherIndex =
    /** Equal to `value`; an IP literal also equals other spellings of the same address. */
    | { readonly by: "value"; readonly value: EventValue; readonly ip?: IpRange }
    | { readonly by: "prefix" | "suffix"; readonly text: string; readonly ignoreCase: boolean }
    | { readonly by: "equals-ignore-case"; readonly text: string }
    | { readonly by: "numeric"; readonly bounds: NumericBounds }
    | { readonly by: "ip"; readonly range: IpRange }
    | { readonly by: "wildcard"; readonly pattern: string }
    /** Tested against every value of the field (anything-but, exists). */
    | { readonly by: "scan" };

/** The compiled form of one pattern array element. */
export interface ValueMatcher {
    /** Operator name (`exact` for plain values). */
    readonly kind: string;
    /** The element as written in the pattern, for messages. */
    readonly source: unknown;
    /** For `exists`: whether the field must be present (true) or absent (false). */
    readonly exists?: boolean;
    /** Whether one event value satisfies this matcher (not used for `exists`). */
    test(value: EventValue): boolean;
    readonly index: MatcherIndex;
}

const SCAN: MatcherIndex = { by: "scan" };

const always = (): boolean => true;

/** A RegExp built on first use: validation builds matchers it never runs. */
function lazyRegExp(source: () => string): (text: string) => boolean {
    let re: RegExp | undefined;
    return (text) => (re ??= new RegExp(source())).test(text);
}

export function existsMatcher(source: unknown, present: boolean): ValueMatcher {
    return { kind: "exists", source, exists: present, test: always, index: SCAN };
}

export function exactMatcher(source: unknown, value: EventValue): ValueMatcher {
    if (typeof value === "string") {
        const ip = parseIpAddress(value);
        if (ip) {
            // EventBridge compares IP literals as addresses, so "10.0.0.1" also matches "10.0.0.01".
            const range: IpRange = { low: ip, high: ip };
            return {
                kind: "exact", source, index: { by: "value", value, ip: range },
                test: (v) => v === value || (typeof v === "string" && inIpRange(v, range)),
            };
        }
    }
    return { kind: "exact", source, index: { by: "value", value }, test: (v) => v === value };
}

function inIpRange(value: string, range: IpRange): boolean {
    const address = parseIpAddress(value);
    return address !== undefined && ipInRange(address, range);
}

export function prefixMatcher(source: unknown, prefix: string, ignoreCase: boolean): ValueMatcher {
    const index: MatcherIndex = { by: "prefix", text: prefix, ignoreCase };
    if (ignoreCase) {
        const re = lazyRegExp(() => `^${ignoreCaseRegExpSource(prefix)}`);
        return { kind: "prefix", source, index, test: (v) => typeof v === "string" && re(v) };
    }
    return { kind: "prefix", source, index, test: (v) => typeof v === "string" && v.startsWith(prefix) };
}

export function suffixMatcher(source: unknown, suffix: string, ignoreCase: boolean): ValueMatcher {
    const index: MatcherIndex = { by: "suffix", text: suffix, ignoreCase };
    if (ignoreCase) {
        const re = lazyRegExp(() => `${ignoreCaseRegExpSource(suffix)}$`);
        return { kind: "suffix", source, index, test: (v) => typeof v === "string" && re(v) };
    }
    return { kind: "suffix", source, index, test: (v) => typeof v === "string" && v.endsWith(suffix) };
}

export function equalsIgnoreCaseMatcher(source: unknown, value: string): ValueMatcher {
    const re = lazyRegExp(() => `^${ignoreCaseRegExpSource(value)}$`);
    return { kind: "equals-ignore-case", source, index: { by: "equals-ignore-case", text: value }, test: (v) => typeof v === "string" && re(v) };
}

export function wildcardMatcher(source: unknown, pattern: string): ValueMatcher {
    const re = lazyRegExp(() => wildcardRegExpSource(pattern));
    return { kind: "wildcard", source, index: { by: "wildcard", pattern }, test: (v) => typeof v === "string" && re(v) };
}

export function cidrMatcher(source: unknown, range: IpRange): ValueMatcher {
    return { kind: "cidr", source, index: { by: "ip", range }, test: (v) => typeof v === "string" && inIpRange(v, range) };
}

/** A numeric condition: optional lower and upper bounds, or equality. */
export interface NumericBounds {
    readonly equals?: number;
    readonly lower?: number;
    readonly lowerInclusive?: boolean;
    readonly upper?: number;
    readonly upperInclusive?: boolean;
}

export function numericMatcher(source: unknown, b: NumericBounds): ValueMatcher {
    const { equals, lower, upper } = b;
    const index: MatcherIndex = { by: "numeric", bounds: b };
    if (equals !== undefined) {
        return { kind: "numeric", source, index, test: (v) => typeof v === "number" && v === equals };
    }
    const lowerOk = lower === undefined ? always
        : b.lowerInclusive ? (v: number) => v >= lower : (v: number) => v > lower;
    const upperOk = upper === undefined ? always
        : b.upperInclusive ? (v: number) => v <= upper : (v: number) => v < upper;
    return { kind: "numeric", source, index, test: (v) => typeof v === "number" && lowerOk(v) && upperOk(v) };
}

/** `anything-but`: matches any present value that `excluded` does not match. */
export function anythingButMatcher(source: unknown, excluded: (v: EventValue) => boolean): ValueMatcher {
    return { kind: "anything-but", source, index: SCAN, test: (v) => !excluded(v) };
}

/** The exclusion test for `anything-but` of a value list (all strings or all numbers). */
export function excludedValues(values: readonly (string | number)[]): (v: EventValue) => boolean {
    const set = new Set<string | number>(values);
    return (v) => (typeof v === "string" || typeof v === "number") && set.has(v);
}

/** The exclusion test for `anything-but` of prefix/suffix/wildcard/equals-ignore-case operands. */
export function excludedByStringTest(operands: readonly string[], kind: "prefix" | "suffix" | "wildcard" | "equals-ignore-case"): (v: EventValue) => boolean {
    const tests = operands.map((operand): ((s: string) => boolean) => {
        switch (kind) {
            case "prefix": return (s) => s.startsWith(operand);
            case "suffix": return (s) => s.endsWith(operand);
            case "wildcard":
                return lazyRegExp(() => wildcardRegExpSource(operand));
            case "equals-ignore-case":
                return lazyRegExp(() => `^${ignoreCaseRegExpSource(operand)}$`);
        }
    });
    return (v) => typeof v === "string" && tests.some((t) => t(v));
}
