/**
 * Facts about the webhook senders, written once and read by both sides: the WebhookIngress
 * component (which configures the handler) and the webhook handler (which enforces them). No
 * Pulumi and no AWS SDK here, so the handler bundles stay small.
 */

import type { ProviderName } from "./contract";

export * from "./contract";

/** The `source` of the events each provider's deliveries become (hmac: the default, configurable). */
export const PROVIDER_EVENT_SOURCES: Readonly<Record<ProviderName, string>> = {
    github: "github.com",
    twilio: "twilio.com",
    stripe: "stripe.com",
    bird: "bird.com",
    hmac: "webhook.hmac",
};

/** GitHub and Bird give up after 10 s; Twilio after 15 s; Stripe and generic senders are assumed to wait 10 s. */
export const PROVIDER_DEADLINE_MS: Readonly<Record<ProviderName, number>> = {
    github: 10_000,
    twilio: 15_000,
    stripe: 10_000,
    bird: 10_000,
    hmac: 10_000,
};

/** Largest request body the handler accepts by default: EventBridge's largest event (1 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

/** Largest PutEvents entry by default (256 KiB, EventBridge's entry limit). */
export const DEFAULT_MAX_ENTRY_BYTES = 262_144;

/** How to write a Twilio `publicUrl`, quoted by every error about one. */
export const TWILIO_PUBLIC_URL_FIX = "Set it to the https URL configured in Twilio, without the #fragment (e.g. \"https://hooks.example.com/twilio\").";

/**
 * What is wrong with a Twilio `publicUrl` (the URL Twilio signs, when it is not the endpoint's
 * own: a custom domain or a proxy), or undefined when it is usable: an absolute https URL with no
 * fragment. Without a query string the handler appends each request's own; with one it is the
 * exact URL signed (behind an ALB, the way to verify a repeated or valueless parameter).
 */
export function twilioPublicUrlProblem(value: unknown): string | undefined {
    if (typeof value !== "string") {
        return `must be a string, not ${JSON.stringify(value)}.`;
    }
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return `"${value}" is not an absolute URL.`;
    }
    if (url.protocol !== "https:") {
        return `"${value}" is not https: Twilio signs the URL it calls, and webhooks must not travel in clear text.`;
    }
    if (url.hash !== "" || value.includes("#")) {
        return `"${value}" has a fragment; Twilio does not send it, so it is not part of the signed URL.`;
    }
    return undefined;
}
