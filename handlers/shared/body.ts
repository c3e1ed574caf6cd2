/** Body parsing for authenticated requests (never called before the signature check). */
import { MalformedError } from "./event-drafts";

export function parseJson(body: Buffer): unknown {
    return parseJsonText(body.toString("utf8"));
}

/**
 * Deeper than this and an authentic body is refused (400): serializing, matching or a hook's
 * walk of it would overflow the stack (a 500 the provider retries for ever). Real payloads nest
 * a dozen levels.
 */
export const MAX_JSON_DEPTH = 512;

export function parseJsonText(text: string): unknown {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        throw new MalformedError("the body is not valid JSON");
    }
    if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
        throw new MalformedError(`the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`);
    }
    return value;
}

/** JSON text that must hold an object (`what` names it in the 400's message). */
export function parseJsonObject(text: string, what: string): Record<string, unknown> {
    const value = parseJsonText(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new MalformedError(`${what} must be a JSON object`);
    }
    return value as Record<string, unknown>;
}

/** The nesting depth of valid JSON text, counted without recursion, stopping once past `limit`. */
export function jsonDepth(text: string, limit: number): number {
    let depth = 0;
    let deepest = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x22) {
            // Skip the string: up to the next quote not escaped.
            for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
        } else if (c === 0x5b || c === 0x7b) {
            if (++depth > deepest && (deepest = depth) > limit) return deepest;
        } else if (c === 0x5d || c === 0x7d) {
            depth--;
        }
    }
    return deepest;
}

/** application/x-www-form-urlencoded: one value per key, or every value in order when a key repeats. */
export function parseForm(body: string): Record<string, string | string[]> {
    // No prototype: a key named "__proto__" stays an ordinary field.
    const params: Record<string, string | string[]> = Object.create(null);
    for (const [key, value] of new URLSearchParams(body)) {
        const existing = params[key];
        if (existing === undefined) params[key] = value;
        else if (Array.isArray(existing)) existing.push(value);
        else params[key] = [existing, value];
    }
    return params;
}

export function mediaType(contentType: string | undefined): string {
    return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

export function isJsonMediaType(contentType: string | undefined): boolean {
    const type = mediaType(contentType);
    return type === "application/json" || type.endsWith("+json");
}

/** Text payloads must be valid UTF-8 to travel inside a JSON event. */
export function parseText(body: Buffer): string {
    const text = body.toString("utf8");
    if (!Buffer.from(text, "utf8").equals(body)) throw new MalformedError("the body is neither JSON, form data nor UTF-8 text");
    return text;
}
