/**
 * Twilio: X-Twilio-Signature is base64 HMAC-SHA1, keyed with the auth token, of the full URL
 * Twilio requested (scheme, host, path and query string) followed by every POST parameter,
 * sorted by name, each as name+value (a repeated name contributes each of its distinct values,
 * sorted). JSON bodies are not in the signature; instead the URL carries `bodySHA256`, the hex
 * SHA-256 of the body, which must match. The URL is tried with and without an explicit default
 * port and in its normalized forms, exactly as Twilio's own SDK validates, because proxies and
 * Twilio's console differ on both. Behind an ALB the query string as sent is not known exactly
 * (see alb-query.ts): each spelling the event allows is tried, or the configured exact URL.
 */
import { createHash, createHmac } from "crypto";
import { parse as parseQuery, stringify as stringifyQuery } from "querystring";
import { PROVIDER_EVENT_SOURCES } from "../../../providers";
import type { TwilioOptions } from "../config";
import { constantTimeEqual } from "../constant-time";
import { matchesQuery, querySpellings } from "../alb-query";
import { header, WebhookRequest } from "../request";
import { parseForm } from "../../shared/body";
import { twilioEvents } from "../../shared/provider-events/twilio";
import { DeliveryFacts, Provider, Verdict } from "./types";

export const twilio: Provider<TwilioOptions> = {
    defaultSource: () => PROVIDER_EVENT_SOURCES.twilio,
    methods: ["POST"],
    sensitiveHeaders: () => [],
    keyFrom: (secret) => secret,

    verify(request: WebhookRequest, key: string, options: TwilioOptions): Verdict {
        const signature = header(request, "x-twilio-signature");
        if (!signature) return "invalid";
        const work = signingWork(request, options);
        // Each URL the request may have been sent to, in each form Twilio's SDK accepts: the
        // signature must match one, and with a JSON body that URL's own bodySHA256 must match the body.
        let valid = false;
        for (const { url, bodyHash } of work.candidates) {
            const matches = constantTimeEqual(signatureOver(key, url, work.params), signature) && (work.bodyHash === undefined || constantTimeEqual(work.bodyHash, bodyHash));
            valid = matches || valid;
        }
        return valid ? "valid" : "invalid";
    },

    facts(request: WebhookRequest, _options: TwilioOptions, requestId: string): DeliveryFacts {
        const token = header(request, "i-twilio-idempotency-token");
        return {
            deliveryId: token && /^[A-Za-z0-9._:-]{1,128}$/.test(token) ? token : requestId,
            bodyFormat: new URLSearchParams(request.rawQuery).has("bodySHA256") ? "json" : "form",
        };
    },

    events: twilioEvents,
};

/** How many bytes one unsigned request may have hashed: this many times its body, plus SIGNING_ALLOWANCE_BYTES. */
export const SIGNING_BYTES_PER_BODY_BYTE = 8;
/** The bytes any request may have hashed whatever its size (64 query spellings of small requests fit). */
export const SIGNING_ALLOWANCE_BYTES = 256 * 1024;

/**
 * More form parameters than this and the request is refused before anything is parsed: Twilio
 * sends a few dozen (an incoming message with ten media: under a hundred), and sorting a hundred
 * thousand is most of what an unsigned request could otherwise cost.
 */
export const MAX_SIGNED_PARAMS = 1000;

/** What verifying a request costs: the signed parameter text (built once) and each URL form to try with it. */
export interface TwilioSigningWork {
    /** The POST parameters as signed (sorted, each name+value), UTF-8. Empty for JSON bodies. */
    params: Buffer;
    /** The body's SHA-256 (hex) for a JSON body (bodySHA256 in the URL), else undefined. */
    bodyHash?: string;
    /** Each URL form to try, with its bodySHA256; no more than the request's byte budget allows. */
    candidates: { url: string; bodyHash: string }[];
    /** The bytes HMAC-SHA1 will read: every candidate URL plus the parameters, once per candidate. */
    hashedBytes: number;
}

/**
 * The work the signature check does, bounded before it starts: the body is parsed, sorted and
 * joined once (not per URL), and URL forms are tried only while the bytes to hash stay within
 * SIGNING_BYTES_PER_BODY_BYTE times the body plus SIGNING_ALLOWANCE_BYTES. A request whose forms do
 * not fit tries the first ones only (most likely first), so an unsigned request costs a small
 * multiple of hashing its body once, however many spellings its ALB query has. A body of more
 * than MAX_SIGNED_PARAMS parameters is refused unparsed.
 */
export function signingWork(request: WebhookRequest, options: Pick<TwilioOptions, "publicUrl">): TwilioSigningWork {
    const jsonBody = new URLSearchParams(request.rawQuery).has("bodySHA256");
    if (!jsonBody && request.body.length > 0 && countUpTo(request.body, 0x26 /* & */, MAX_SIGNED_PARAMS) >= MAX_SIGNED_PARAMS) {
        return { params: Buffer.alloc(0), candidates: [], hashedBytes: 0 };
    }
    const params = jsonBody ? Buffer.alloc(0) : signedParams(parseForm(request.body.toString("utf8")));
    const budget = SIGNING_BYTES_PER_BODY_BYTE * request.body.length + SIGNING_ALLOWANCE_BYTES;
    const seen = new Set<string>();
    const candidates: { url: string; bodyHash: string }[] = [];
    let hashedBytes = 0;
    tryAll: for (const signed of signedUrls(request, options)) {
        for (const url of candidateUrls(signed)) {
            if (seen.has(url)) continue;
            const bytes = Buffer.byteLength(url, "utf8") + params.length;
            if (hashedBytes + bytes > budget) break tryAll;
            seen.add(url);
            hashedBytes += bytes;
            candidates.push({ url, bodyHash: jsonBody ? bodyHashIn(signed) : "" });
        }
    }
    return {
        params,
        bodyHash: jsonBody ? createHash("sha256").update(request.body).digest("hex") : undefined,
        candidates,
        hashedBytes,
    };
}

/** How many times `byte` occurs in `data`, counting no further than `limit`. */
function countUpTo(data: Buffer, byte: number, limit: number): number {
    let count = 0;
    for (let at = data.indexOf(byte); at !== -1 && count < limit; at = data.indexOf(byte, at + 1)) count++;
    return count;
}

/**
 * The URLs Twilio may have signed for this request. A configured publicUrl with a query string
 * is the exact URL: the only one, if the request's query agrees with it. Otherwise the
 * configured publicUrl (custom domains, proxies) or the URL the request reached, with the query
 * as sent (function URLs) or each spelling the ALB event allows (none past the bound: refused).
 */
export function signedUrls(request: WebhookRequest, options: Pick<TwilioOptions, "publicUrl">): string[] {
    const publicUrl = options.publicUrl;
    const queryStart = publicUrl?.indexOf("?") ?? -1;
    if (publicUrl !== undefined && queryStart !== -1) {
        const expected = publicUrl.slice(queryStart + 1);
        const agrees = request.albQuery ? matchesQuery(request.albQuery, expected) : request.rawQuery === expected;
        return agrees ? [publicUrl] : [];
    }
    const base = publicUrl ?? `${request.scheme}://${request.host}${request.path}`;
    const queries = request.albQuery ? querySpellings(request.albQuery) ?? [] : [request.rawQuery];
    return queries.map((query) => (query ? `${base}?${query}` : base));
}

/** The URL's first bodySHA256 parameter, decoded, as twilio's validateRequestWithBody reads it. */
function bodyHashIn(url: string): string {
    const queryStart = url.indexOf("?");
    return queryStart === -1 ? "" : new URLSearchParams(url.slice(queryStart + 1)).get("bodySHA256") ?? "";
}

export function expectedSignature(authToken: string, url: string, params: Record<string, string | string[]>): string {
    return signatureOver(authToken, url, signedParams(params));
}

/** Base64 HMAC-SHA1 of the URL followed by the signed parameter text. */
function signatureOver(authToken: string, url: string, params: Buffer): string {
    return createHmac("sha1", authToken).update(url, "utf8").update(params).digest("base64");
}

/** The parameters as Twilio signs them: sorted by name, each as name+value (a repeated name: its distinct values, sorted). */
function signedParams(params: Record<string, string | string[]>): Buffer {
    const parts: string[] = [];
    for (const key of Object.keys(params).sort()) {
        const value = params[key];
        const values = Array.isArray(value) ? [...new Set(value)].sort() : [value];
        for (const v of values) parts.push(key, v);
    }
    return Buffer.from(parts.join(""), "utf8");
}

/** The URL forms Twilio's SDK accepts: as received and normalized, each with and without the default port. */
export function candidateUrls(url: string): string[] {
    const candidates = [withoutPort(url), withPort(url)];
    let normalized: string | undefined;
    try {
        normalized = new URL(url).toString();
    } catch {
        normalized = undefined;
    }
    if (normalized !== undefined) {
        const plain = withoutPort(normalized);
        const ported = withPort(normalized);
        candidates.push(plain, ported, withLegacyQuery(plain), withLegacyQuery(ported));
    }
    return [...new Set(candidates)];
}

interface UrlParts {
    scheme: string;
    userInfo: string;
    host: string;
    port: string;
    rest: string;
}

/** Splits without normalizing, so path and query keep the exact characters Twilio signed. */
function splitUrl(url: string): UrlParts | undefined {
    const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
    if (!match) return undefined;
    const [prefix, scheme, authority] = match;
    const userInfoEnd = authority.lastIndexOf("@");
    const hostAndPort = authority.slice(userInfoEnd + 1);
    const portStart = hostAndPort.indexOf(":", hostAndPort.lastIndexOf("]") + 1);
    return {
        scheme,
        userInfo: authority.slice(0, userInfoEnd + 1),
        host: portStart === -1 ? hostAndPort : hostAndPort.slice(0, portStart),
        port: portStart === -1 ? "" : hostAndPort.slice(portStart),
        rest: url.slice(prefix.length),
    };
}

function withPort(url: string): string {
    const parts = splitUrl(url);
    if (!parts || parts.port) return url;
    const port = parts.scheme.toLowerCase() === "https://" ? ":443" : ":80";
    return parts.scheme + parts.userInfo + parts.host + port + parts.rest;
}

function withoutPort(url: string): string {
    const parts = splitUrl(url);
    return parts ? parts.scheme + parts.userInfo + parts.host + parts.rest : url;
}

/** The query string re-encoded as Node's legacy `querystring` does (some back ends signed that form). */
function withLegacyQuery(url: string): string {
    const start = url.indexOf("?");
    if (start === -1 || start === url.length - 1) return url;
    return url.slice(0, start) + "?" + stringifyQuery(parseQuery(url.slice(start + 1)));
}
