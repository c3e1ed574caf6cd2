/** Body parsing for authenticated requests (never called before the signature check). */
import { MalformedError } from "./event-drafts";

export function parseJson(body: Buffer): unknown {
    return parseJsonText(body.toString("utf8"));
}

export function parseJsonText(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        throw new MalformedError("the body is not valid JSON");
    }
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

export function isFormMediaType(contentType: string | undefined): boolean {
    return mediaType(contentType) === "application/x-www-form-urlencoded";
}

/** Text payloads must be valid UTF-8 to travel inside a JSON event. */
export function parseText(body: Buffer): string {
    const text = body.toString("utf8");
    if (!Buffer.from(text, "utf8").equals(body)) throw new MalformedError("the body is neither JSON, form data nor UTF-8 text");
    return text;
}
