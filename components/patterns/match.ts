import { CompiledPattern, compileUncached } from "./compile";

const CACHE_LIMIT = 1000;
const cache = new Map<string, CompiledPattern>();
/**
 * Pattern objects seen before, with a snapshot of their content: a structural comparison with
 * the snapshot is cheaper than serialising the pattern, and still notices a pattern object
 * that was changed after it was first compiled.
 */
const byObject = new WeakMap<object, { snapshot: unknown; compiled: CompiledPattern }>();

/**
 * Compiles a pattern (object or JSON text) for repeated matching. Throws
 * {@link InvalidPatternError} listing every problem when the pattern is invalid.
 * `matchesPattern` already caches compiled patterns by their JSON text; use this when you hold
 * on to a pattern and match many events, to skip even the cache lookup.
 */
export function compilePattern(pattern: unknown): CompiledPattern {
    if (typeof pattern === "object" && pattern !== null) {
        const seen = byObject.get(pattern);
        if (seen && sameJson(seen.snapshot, pattern)) {
            return seen.compiled;
        }
        const compiled = compileByText(pattern);
        const snapshot = cloneJson(pattern);
        if (snapshot !== undefined) {
            byObject.set(pattern, { snapshot, compiled });
        }
        return compiled;
    }
    return compileByText(pattern);
}

function compileByText(pattern: unknown): CompiledPattern {
    const key = typeof pattern === "string" ? pattern : safeStringify(pattern);
    if (key === undefined) {
        return compileUncached(pattern);
    }
    const hit = cache.get(key);
    if (hit) {
        return hit;
    }
    const compiled = compileUncached(pattern);
    if (cache.size >= CACHE_LIMIT) {
        // Forget the oldest entry; Map iterates in insertion order.
        cache.delete(cache.keys().next().value as string);
    }
    cache.set(key, compiled);
    return compiled;
}

function cloneJson(value: unknown): unknown {
    try {
        return structuredClone(value);
    } catch {
        return undefined; // not plain data (functions, class instances): skip the identity cache
    }
}

/** Deep equality of JSON-like values, key order included (it decides overlapping fields). */
function sameJson(a: unknown, b: unknown): boolean {
    if (a === b) {
        return true;
    }
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
        return Number.isNaN(a) && Number.isNaN(b);
    }
    if (Array.isArray(a)) {
        if (!Array.isArray(b) || a.length !== b.length) {
            return false;
        }
        for (let i = 0; i < a.length; i++) {
            if (!sameJson(a[i], b[i])) {
                return false;
            }
        }
        return true;
    }
    if (Array.isArray(b)) {
        return false;
    }
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) {
        return false;
    }
    for (let i = 0; i < ka.length; i++) {
        if (ka[i] !== kb[i] || !sameJson((a as Record<string, unknown>)[ka[i]], (b as Record<string, unknown>)[kb[i]])) {
            return false;
        }
    }
    return true;
}

function safeStringify(value: unknown): string | undefined {
    try {
        const text = JSON.stringify(value);
        // Prefix object keys so they never collide with a pattern given as the same JSON text
        // (which is read with exact number spelling and may differ).
        return text === undefined ? undefined : `object:${text}`;
    } catch {
        return undefined;
    }
}

/**
 * Whether `event` matches `pattern`, with EventBridge's semantics (aws/event-ruler): exact
 * values, prefix, suffix, anything-but, numeric, exists, cidr, equals-ignore-case, wildcard,
 * `$or`, and EventBridge's array rules. Both arguments may be objects or JSON text.
 *
 * Throws {@link InvalidPatternError} for an invalid pattern (never a silent `false`).
 *
 * ```ts
 * matchesPattern({ source: ["aws.ec2"], detail: { state: [{ "anything-but": "pending" }] } },
 *                { source: "aws.ec2", detail: { state: "running" } }); // true
 * ```
 */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
    return compilePattern(pattern).matches(event);
}
