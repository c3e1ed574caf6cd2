/**
 * The query strings an ALB event is compatible with. An ALB passes query parameters to Lambda
 * still percent-encoded but already split into a JSON object, which loses two things a signed
 * URL depends on: whether a parameter had "=" (`?debug` and `?debug=` both arrive as "") and the
 * order of the pairs across keys (`a=1&b=2&a=3` and `a=1&a=3&b=2` arrive alike; only the order
 * of one key's values is kept). In the single-value form a repeated key keeps only its last
 * value, so its earlier values are gone. A verifier that signs over the query tries each
 * spelling the event allows, up to a bound (past it, refuse: fail closed), or verifies against
 * the exact URL configured for the endpoint (see `matchesQuery`).
 */
import type { ALBEvent } from "aws-lambda";

/** The query as the ALB reported it: raw keys and raw values, grouped by key. */
export interface AlbQuery {
    /** The target group has multi-value headers on: every value of a repeated key is here, in order. */
    readonly multiValue: boolean;
    readonly params: readonly (readonly [string, readonly string[]])[];
}

/** More spellings than this and the request is refused (configure the exact public URL instead). */
export const MAX_QUERY_SPELLINGS = 64;

/**
 * More query pairs than this and no spelling is tried (refused, as past MAX_QUERY_SPELLINGS):
 * one key repeated thousands of times has a single spelling, but walking it would take a stack
 * frame per pair.
 */
export const MAX_QUERY_PAIRS = 128;

export function albQueryOf(event: ALBEvent): AlbQuery {
    const params: [string, string[]][] = [];
    if (event.multiValueQueryStringParameters) {
        for (const [key, values] of Object.entries(event.multiValueQueryStringParameters)) {
            const strings = (values ?? []).filter((value): value is string => typeof value === "string");
            if (strings.length > 0) params.push([key, strings]);
        }
        return { multiValue: true, params };
    }
    for (const [key, value] of Object.entries(event.queryStringParameters ?? {})) {
        if (typeof value === "string") params.push([key, [value]]);
    }
    return { multiValue: false, params };
}

/** One spelling, for logs and the provider's non-signature uses (e.g. is there a `bodySHA256`). */
export function firstSpelling(query: AlbQuery): string {
    return query.params.flatMap(([key, values]) => values.map((value) => `${key}=${value}`)).join("&");
}

/**
 * Every raw query string the event is compatible with (each interleaving of the keys' values,
 * each empty value with and without "="), or undefined when there are more than `limit`.
 */
export function querySpellings(query: AlbQuery, limit: number = MAX_QUERY_SPELLINGS): string[] | undefined {
    const total = query.params.reduce((sum, [, values]) => sum + values.length, 0);
    if (total > MAX_QUERY_PAIRS || spellingCount(query, limit) > limit) return undefined;
    const spellings: string[] = [];
    const next = query.params.map(() => 0);
    const pairs: string[] = [];
    const walk = (): void => {
        if (pairs.length === total) {
            spellings.push(pairs.join("&"));
            return;
        }
        query.params.forEach(([key, values], k) => {
            if (next[k] === values.length) return;
            const value = values[next[k]++];
            for (const pair of value === "" ? [key, `${key}=`] : [`${key}=${value}`]) {
                pairs.push(pair);
                walk();
                pairs.pop();
            }
            next[k]--;
        });
    };
    walk();
    return spellings;
}

/** The multinomial count of interleavings times 2 per empty value, stopping once past `limit`. */
function spellingCount(query: AlbQuery, limit: number): number {
    let count = 1;
    let placed = 0;
    for (const [, values] of query.params) {
        for (let i = 0; i < values.length; i++) {
            placed++;
            // Interleavings grow by placed/(i+1) for each value placed (a running binomial product).
            count = (count * placed) / (i + 1);
            if (values[i] === "") count *= 2;
            if (count > limit) return count;
        }
    }
    return Math.round(count);
}

/**
 * Whether the exact raw query `expected` (from the configured public URL) is one the ALB event
 * could have come from: the same keys with the same values in the same order per key (the last
 * value only, in the single-value form).
 */
export function matchesQuery(query: AlbQuery, expected: string): boolean {
    const grouped = new Map<string, string[]>();
    for (const pair of expected === "" ? [] : expected.split("&")) {
        const eq = pair.indexOf("=");
        const key = eq === -1 ? pair : pair.slice(0, eq);
        const value = eq === -1 ? "" : pair.slice(eq + 1);
        if (query.multiValue) (grouped.get(key) ?? grouped.set(key, []).get(key)!).push(value);
        else grouped.set(key, [value]);
    }
    if (grouped.size !== query.params.length) return false;
    return query.params.every(([key, values]) => {
        const want = grouped.get(key);
        return want !== undefined && want.length === values.length && want.every((value, i) => value === values[i]);
    });
}
