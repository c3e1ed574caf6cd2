/**
 * Stripe: Stripe-Signature is "t=<unix seconds>,v1=<hex>[,v1=<hex>...]" where each v1 is
 * HMAC-SHA256 of "<t>.<raw body>" with the endpoint secret (whsec_...). Stripe sends several v1
 * values while an endpoint secret is being rolled; any one matching is enough. The signature is
 * checked before the timestamp, so an unauthenticated caller cannot probe the tolerance window;
 * the tolerance (default 300 s) applies both ways. A malformed header is simply not a valid
 * signature (401).
 */
import { createHmac } from "crypto";
import type { StripeOptions } from "../config";
import { constantTimeEqual, decodeHex } from "../constant-time";
import { header, WebhookRequest } from "../request";
import { parseStripeEvent, stripeEvents } from "../../shared/provider-events/stripe";
import { DeliveryFacts, Provider, Verdict } from "./types";

export interface StripeSignatureHeader {
    timestamp: string;
    v1: Buffer[];
}

export function parseStripeSignature(value: string | undefined): StripeSignatureHeader | undefined {
    if (!value) return undefined;
    let timestamp: string | undefined;
    const v1: Buffer[] = [];
    for (const part of value.split(",")) {
        const eq = part.indexOf("=");
        if (eq <= 0) continue;
        const key = part.slice(0, eq).trim();
        const item = part.slice(eq + 1).trim();
        if (key === "t") timestamp = item;
        else if (key === "v1") {
            const decoded = decodeHex(item, 32);
            if (decoded) v1.push(decoded);
        }
    }
    if (!timestamp || !/^\d{1,12}$/.test(timestamp) || v1.length === 0) return undefined;
    return { timestamp, v1 };
}

export const stripe: Provider<StripeOptions> = {
    defaultSource: () => "stripe.com",
    methods: ["POST"],
    sensitiveHeaders: () => [],
    keyFrom: (secret) => secret,

    verify(request: WebhookRequest, key: string, options: StripeOptions, nowMs: number): Verdict {
        const parsed = parseStripeSignature(header(request, "stripe-signature"));
        if (!parsed) return "invalid";
        const expected = createHmac("sha256", key).update(`${parsed.timestamp}.`).update(request.body).digest();
        // Compare against every v1 without stopping early.
        let matched = false;
        for (const candidate of parsed.v1) matched = constantTimeEqual(expected, candidate) || matched;
        if (!matched) return "invalid";
        return Math.abs(nowMs / 1000 - Number(parsed.timestamp)) <= options.toleranceSeconds ? "valid" : "stale";
    },

    facts(request: WebhookRequest): DeliveryFacts {
        const event = parseStripeEvent(request.body.toString("utf8"));
        return { deliveryId: event.id, bodyFormat: "json" };
    },

    events: stripeEvents,
};
