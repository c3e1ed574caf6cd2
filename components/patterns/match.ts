import { CompiledPattern, compileUncached } from "./compile";

const CACHE_LIMIT = 1000;
const cache = new Map<string, CompiledPattern>();

/**
 * Compiles a pattern (object or JSON text) for repeated matching. Throws
 * {@link InvalidPatternError} listing every problem when the pattern is invalid.
 * `matchesPattern` already caches compiled patterns by their JSON text; use this when you hold
 * on to a pattern and match many events, to skip even the cache lookup.
 */
export function compilePattern(pattern: unknown): CompiledPattern {
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
