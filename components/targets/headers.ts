/**
 * What EventBridge does to HTTP headers on requests to API destinations: the ones it sets
 * itself, and the ones it strips before sending. A header the user sets that EventBridge would
 * override or drop is a configuration error, caught before deploy instead of discovered when
 * the endpoint never sees it.
 */
import type { Fail } from "../errors";

/** Headers EventBridge always sends with these values unless the target or connection sets them. */
export const EVENTBRIDGE_USER_AGENT = "Amazon/EventBridge/ApiDestinations";
export const DEFAULT_CONTENT_TYPE = "application/json; charset=utf-8";
export const EVENTBRIDGE_RANGE = "bytes=0-1048575";

/** Headers EventBridge sets itself and does not let a target or connection override. */
export const FIXED_HEADERS: readonly string[] = ["User-Agent", "Range"];

/** Headers EventBridge removes from every request to an API destination. */
export const STRIPPED_HEADERS: readonly string[] = [
    "A-IM", "Accept-Charset", "Accept-Datetime", "Accept-Encoding", "Cache-Control", "Connection",
    "Content-Encoding", "Content-Length", "Content-MD5", "Date", "Expect", "Forwarded", "From", "Host",
    "HTTP2-Settings", "If-Match", "If-Modified-Since", "If-None-Match", "If-Range", "If-Unmodified-Since",
    "Max-Forwards", "Origin", "Pragma", "Proxy-Authorization", "Range", "Referer", "TE", "Trailer",
    "Transfer-Encoding", "User-Agent", "Upgrade", "Via", "Warning",
];

/** RFC 9110 token characters: what a header name may consist of. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const fixed = new Map(FIXED_HEADERS.map((h) => [h.toLowerCase(), h]));
const stripped = new Map(STRIPPED_HEADERS.map((h) => [h.toLowerCase(), h]));

/**
 * Why EventBridge would not send this header as given, or undefined when it would. Names are
 * compared case-insensitively, as HTTP does.
 */
export function headerNameProblem(name: string): { problem: string; fix: string } | undefined {
    if (!HEADER_NAME.test(name)) {
        return {
            problem: `${JSON.stringify(name)} is not a valid HTTP header name.`,
            fix: "Use letters, digits and !#$%&'*+.^_`|~- only (no spaces or colons).",
        };
    }
    const lower = name.toLowerCase();
    const fixedName = fixed.get(lower);
    if (fixedName) {
        return {
            problem: `"${name}" cannot be set: EventBridge sends its own ${fixedName} header on every request to an API destination and does not let it be overridden.`,
            fix: `Remove "${name}"; send the value in another header, a query-string parameter or the body.`,
        };
    }
    const strippedName = stripped.get(lower);
    if (strippedName) {
        return {
            problem: `"${name}" would be dropped: EventBridge strips the ${strippedName} header from every request to an API destination, so the endpoint would never receive it.`,
            fix: `Remove "${name}"; send the value in another header, a query-string parameter or the body.`,
        };
    }
    return undefined;
}

/**
 * Checks a set of header names (`field` names where they come from, e.g. `headers`): each must
 * reach the endpoint, and no two may differ only in case (only one of them would be sent).
 */
export function checkHeaderNames(names: readonly string[], field: string, fail: Fail): void {
    const seen = new Map<string, string>();
    for (const name of names) {
        const problem = headerNameProblem(name);
        if (problem) {
            fail(`${field}["${name}"]`, problem.problem, problem.fix);
        }
        const earlier = seen.get(name.toLowerCase());
        if (earlier !== undefined) {
            fail(`${field}["${name}"]`, `"${earlier}" and "${name}" are the same header (header names are case-insensitive); only one would be sent.`, "Keep one of them.");
        }
        seen.set(name.toLowerCase(), name);
    }
}
