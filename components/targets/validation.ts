/**
 * Checks EventBridge applies to API destinations and connections, run before anything is
 * created so a bad value fails `pulumi preview` with the field, the rule and the fix.
 */
import type { Fail } from "../errors";

/** Methods EventBridge accepts for an API destination (any HTTP method but CONNECT and TRACE). */
export const API_DESTINATION_METHODS = ["GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE"] as const;
export type ApiDestinationMethod = typeof API_DESTINATION_METHODS[number];

/** Methods EventBridge accepts for an OAuth token request. */
export const OAUTH_METHODS = ["GET", "POST", "PUT"] as const;

/** The longest invocation endpoint EventBridge accepts. */
export const MAX_ENDPOINT_LENGTH = 2048;

/**
 * Each destination is also capped by the account's "invocations per API destination" quota,
 * 300 per second unless raised through Service Quotas.
 */
export const DEFAULT_RATE_LIMIT_QUOTA = 300;

/** What is wrong with an HTTPS endpoint URL, or undefined when EventBridge can call it. */
export function httpsUrlProblem(url: string): { problem: string; fix: string } | undefined {
    if (url.length > MAX_ENDPOINT_LENGTH) {
        return { problem: `is ${url.length} characters long; EventBridge accepts at most ${MAX_ENDPOINT_LENGTH}.`, fix: "Shorten the URL." };
    }
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        return { problem: `${JSON.stringify(url)} is not a valid URL.`, fix: "Give an absolute URL such as https://api.example.com/events." };
    }
    if (parsed.protocol !== "https:") {
        return {
            problem: `${JSON.stringify(url)} uses ${parsed.protocol.replace(/:$/, "")}; EventBridge only calls HTTPS endpoints.`,
            fix: "Use an https:// URL.",
        };
    }
    if (parsed.username || parsed.password) {
        return {
            problem: `${JSON.stringify(url.replace(/\/\/[^@/]*@/, "//***@"))} carries credentials in the URL, which would be stored and shown in plain text.`,
            fix: "Remove them from the URL and use the connection's auth (auth.basic, auth.apiKey or auth.oauth) instead.",
        };
    }
    return undefined;
}

/** Checks the method of an API destination; returns it in upper case. */
export function checkMethod(method: string, field: string, fail: Fail): ApiDestinationMethod {
    const upper = String(method).toUpperCase();
    if (upper === "CONNECT" || upper === "TRACE") {
        fail(field, `${upper} is not allowed: EventBridge invokes API destinations with any HTTP method except CONNECT and TRACE.`,
            `Use one of ${API_DESTINATION_METHODS.join(", ")}.`);
    }
    if (!(API_DESTINATION_METHODS as readonly string[]).includes(upper)) {
        fail(field, `${JSON.stringify(method)} is not an HTTP method EventBridge supports.`, `Use one of ${API_DESTINATION_METHODS.join(", ")}.`);
    }
    return upper as ApiDestinationMethod;
}

/** Checks `invocationRateLimitPerSecond`: a whole number of at least 1, as the API requires. */
export function checkRateLimit(rate: number, field: string, fail: Fail): void {
    if (typeof rate !== "number" || !Number.isInteger(rate) || rate < 1) {
        fail(field, `${JSON.stringify(rate)} is not accepted: EventBridge needs a whole number of invocations per second, at least 1.`,
            "Set it to what the endpoint can take, e.g. 10.");
    }
}

/** The number of `*` path parameters in an endpoint (EventBridge fills them from `pathParameterValues`). */
export function pathParameterCount(endpoint: string): number {
    return (endpoint.match(/\*/g) ?? []).length;
}

/** Checks that `pathParameterValues` fills exactly the endpoint's `*` path parameters. */
export function checkPathParameters(endpoint: string, values: number, field: string, fail: Fail): void {
    const wildcards = pathParameterCount(endpoint);
    if (wildcards !== values) {
        fail(field, `has ${values} value${values === 1 ? "" : "s"} but the endpoint ${JSON.stringify(endpoint)} has ${wildcards} "*" path parameter${wildcards === 1 ? "" : "s"}; EventBridge fills each "*" with one value, in order.`,
            wildcards > values ? `Add ${wildcards - values} value(s) to pathParameterValues.` : `Remove ${values - wildcards} value(s), or add "*" segments to the endpoint.`);
    }
}
