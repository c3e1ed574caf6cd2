/**
 * Generic HMAC for providers without a dedicated verifier: the signature header holds
 * [prefix] + hex or base64 HMAC (SHA-1, SHA-256 or SHA-512) of the raw body, or, when a timestamp
 * header is configured, of "<timestamp>.<raw body>" with the timestamp in Unix seconds checked
 * against a tolerance (default 300 s, both ways) after the signature.
 */
import { createHmac } from "crypto";
import { PROVIDER_EVENT_SOURCES } from "../../../providers";
import type { HmacOptions } from "../config";
import { constantTimeEqual } from "../constant-time";
import { header, WebhookRequest } from "../request";
import { hmacEvents } from "../../shared/provider-events/hmac";
import { DeliveryFacts, isValidDetailType, Provider, Verdict } from "./types";

const DIGEST_BYTES = { sha1: 20, sha256: 32, sha512: 64 } as const;

export const hmac: Provider<HmacOptions> = {
    defaultSource: (options) => options.source ?? PROVIDER_EVENT_SOURCES.hmac,
    methods: ["POST", "PUT"],
    sensitiveHeaders: (options) => [options.header],
    keyFrom: (secret) => secret,

    verify(request: WebhookRequest, key: string, options: HmacOptions, nowMs: number): Verdict {
        const value = header(request, options.header);
        if (!value || !value.startsWith(options.prefix)) return "invalid";
        const provided = decodeSignature(value.slice(options.prefix.length), options);
        if (!provided) return "invalid";
        const mac = createHmac(options.algorithm, key);
        let timestamp: string | undefined;
        if (options.timestampHeader) {
            timestamp = header(request, options.timestampHeader);
            if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return "invalid";
            mac.update(`${timestamp}.`);
        }
        const expected = mac.update(request.body).digest();
        if (!constantTimeEqual(expected, provided)) return "invalid";
        if (timestamp !== undefined && Math.abs(nowMs / 1000 - Number(timestamp)) > options.toleranceSeconds) return "stale";
        return "valid";
    },

    facts(request: WebhookRequest, options: HmacOptions, requestId: string): DeliveryFacts {
        const deliveryId = options.deliveryIdHeader ? header(request, options.deliveryIdHeader) : undefined;
        const detailType = options.detailTypeHeader ? header(request, options.detailTypeHeader) : undefined;
        return {
            deliveryId: deliveryId && /^[A-Za-z0-9._:-]{1,128}$/.test(deliveryId) ? deliveryId : requestId,
            detailType: isValidDetailType(detailType) ? detailType : "webhook",
            // The configured format, never the unsigned Content-Type (a JSON body replayed as a form would inject fields).
            bodyFormat: options.contentType,
        };
    },

    events: hmacEvents,
};

function decodeSignature(value: string, options: HmacOptions): Buffer | undefined {
    const bytes = DIGEST_BYTES[options.algorithm];
    if (options.encoding === "hex") {
        return value.length === bytes * 2 && /^[0-9a-fA-F]+$/.test(value) ? Buffer.from(value, "hex") : undefined;
    }
    const decoded = Buffer.from(value, "base64");
    // Only the canonical encoding (standard or URL-safe alphabet) of a digest of the right length.
    const canonical = decoded.toString("base64");
    const ok = decoded.length === bytes && (value === canonical || value === decoded.toString("base64url"));
    return ok ? decoded : undefined;
}
