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
        const jsonBody = new URLSearchParams(request.rawQuery).has("bodySHA256");
        const params = jsonBody ? {} : parseForm(request.body.toString("utf8"));
        const bodyHash = jsonBody ? createHash("sha256").update(request.body).digest("hex") : "";
        // Each URL the request may have been sent to; the signature must match one of its forms,
        // and with a JSON body that URL's own bodySHA256 must match the body.
        return signedUrls(request, options).some((url) =>
            candidateUrls(url).some((candidate) => constantTimeEqual(expectedSignature(key, candidate, params), signature)) &&
            (!jsonBody || constantTimeEqual(bodyHash, bodyHashIn(url))),
        )
            ? "valid"
            : "invalid";
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
    let data = url;
    for (const key of Object.keys(params).sort()) {
        const value = params[key];
        const values = Array.isArray(value) ? [...new Set(value)].sort() : [value];
        for (const v of values) data += key + v;
    }
    return createHmac("sha1", authToken).update(Buffer.from(data, "utf8")).digest("base64");
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
