/**
 * Stripe: Stripe-Signature is "t=<unix seconds>,v1=<hex>[,v1=<hex>...]" where each v1 is
 * HMAC-SHA256 of "<t>.<raw body>" with the endpoint secret (whsec_...). Stripe sends several v1
 * values while an endpoint secret is being rolled; any one matching is enough. The header is
 * parsed exactly as stripe-node's `constructEvent` parses it (see parseStripeSignature), and the
 * signature is checked before the timestamp, so an unauthenticated caller cannot probe the
 * tolerance window. Two refusals are deliberate and go beyond stripe-node: the tolerance
 * (default 300 s) applies to timestamps in the future too, and a `t` that is not a finite number
 * (which stripe-node signs as "NaN." and then never checks for age) is refused. A malformed
 * header is simply not a valid signature (401).
 */
import { createHmac } from "crypto";
import { PROVIDER_EVENT_SOURCES } from "../../../providers";
import type { StripeOptions } from "../config";
import { constantTimeEqual } from "../constant-time";
import { header, WebhookRequest } from "../request";
import { parseStripeEvent, stripeEvents } from "../../shared/provider-events/stripe";
import { DeliveryFacts, Provider, Verdict } from "./types";

export interface StripeSignatureHeader {
    /** As stripe-node reads it: parseInt of the last `t`, so it may be NaN, negative or huge. */
    timestamp: number;
    /** Every `v1` value as written; undefined for a bare `v1` without "=". */
    v1: (string | undefined)[];
}

/**
 * stripe-node's parser, step for step: split on ",", then each item on every "=" (so
 * "v1=<hex>=x" is "<hex>"); only the exact keys "t" and "v1" count (no trimming); the last `t`
 * wins and is read with parseInt ("0012" signs as "12", "12abc" as "12"); a `t` of -1 is no
 * timestamp. Undefined when there is no timestamp or no v1.
 */
export function parseStripeSignature(value: string | undefined): StripeSignatureHeader | undefined {
    if (!value) return undefined;
    let timestamp = -1;
    const v1: (string | undefined)[] = [];
    for (const item of value.split(",")) {
        const [key, itemValue] = item.split("=") as [string, string | undefined];
        if (key === "t") timestamp = parseInt(itemValue as string, 10);
        if (key === "v1") v1.push(itemValue);
    }
    if (timestamp === -1 || v1.length === 0) return undefined;
    return { timestamp, v1 };
}

export const stripe: Provider<StripeOptions> = {
    defaultSource: () => PROVIDER_EVENT_SOURCES.stripe,
    methods: ["POST"],
    sensitiveHeaders: () => [],
    keyFrom: (secret) => secret,

    verify(request: WebhookRequest, key: string, options: StripeOptions, nowMs: number): Verdict {
        const parsed = parseStripeSignature(header(request, "stripe-signature"));
        // stripe-node throws on an empty or bare v1 anywhere in the header. (An empty body it refuses
        // too; here an authentic empty body is a 400, as it is not a Stripe event.)
        if (!parsed || parsed.v1.some((candidate) => !candidate)) return "invalid";
        if (!Number.isFinite(parsed.timestamp)) return "invalid";
        const expected = createHmac("sha256", key).update(`${parsed.timestamp}.`).update(request.body).digest("hex");
        // Compare against every v1 without stopping early.
        let matched = false;
        for (const candidate of parsed.v1) matched = constantTimeEqual(expected, candidate as string) || matched;
        if (!matched) return "invalid";
        const age = Math.floor(nowMs / 1000) - parsed.timestamp;
        return age > options.toleranceSeconds || -age > options.toleranceSeconds ? "stale" : "valid";
    },

    facts(request: WebhookRequest): DeliveryFacts {
        const event = parseStripeEvent(request.body.toString("utf8"));
        return { deliveryId: event.id, bodyFormat: "json" };
    },

    events: stripeEvents,
};
