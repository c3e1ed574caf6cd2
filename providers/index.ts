/**
 * Facts about the webhook senders, written once and read by both sides: the WebhookIngress
 * component (which configures the handler) and the webhook handler (which enforces them). No
 * Pulumi and no AWS SDK here, so the handler bundles stay small.
 */
import { FUNCTION_URL_MAX_BODY_BYTES, PUT_EVENTS_MAX_ENTRY_BYTES } from "./limits";

export { GITHUB_EVENT_TABLE } from "./catalogue/github-shapes";

import type { ProviderName } from "./contract";

export * from "./contract";
export { standardWebhooksKeyOf, strictBase64 } from "./standard-webhooks";
export type { StandardWebhooksKey } from "./standard-webhooks";

/** The `source` of the events each provider's deliveries become (hmac: the default, configurable). */
export const PROVIDER_EVENT_SOURCES: Readonly<Record<ProviderName, string>> = {
    github: "github.com",
    twilio: "twilio.com",
    stripe: "stripe.com",
    bird: "bird.com",
    hmac: "webhook.hmac",
    standardWebhooks: "webhook.standard",
    slack: "slack.com",
    shopify: "shopify.com",
    gitlab: "gitlab.com",
};

/**
 * How long each sender waits for an answer. GitHub, Bird and GitLab give up after 10 s; Twilio
 * after 15 s; Svix (the reference Standard Webhooks sender) after 15 s; Shopify after 5 s; Slack
 * after 3 s. Stripe and generic senders are assumed to wait 10 s.
 */
export const PROVIDER_DEADLINE_MS: Readonly<Record<ProviderName, number>> = {
    github: 10_000,
    twilio: 15_000,
    stripe: 10_000,
    bird: 10_000,
    hmac: 10_000,
    standardWebhooks: 15_000,
    slack: 3_000,
    shopify: 5_000,
    gitlab: 10_000,
};

/** Whether a sender delivers again what it got no 2xx answer for, and how (see docs/webhook-handlers.md). */
export interface SenderRetries {
    /**
     * "yes": a refused or timed-out delivery comes again, so answering 503 loses nothing; "no":
     * it is lost unless the handler accepts it durably; "configurable": it depends on the sender's settings.
     */
    readonly retries: "yes" | "no" | "configurable";
    /** The sender's schedule, as it documents it. */
    readonly schedule: string;
}

export const PROVIDER_RETRIES: Readonly<Record<ProviderName, SenderRetries>> = {
    github: { retries: "no", schedule: "never redelivered automatically; a failed delivery can be redelivered by hand (or the API) for 3 days" },
    twilio: { retries: "configurable", schedule: "a failed connection once by default; 5xx answers only with connection overrides on the URL (#rc= retry count, #rp= which failures)" },
    stripe: { retries: "yes", schedule: "up to 3 days with exponential backoff (live mode)" },
    bird: { retries: "yes", schedule: "any non-200 for 8 hours, with the same batch id" },
    hmac: { retries: "configurable", schedule: "as the sender documents" },
    standardWebhooks: { retries: "yes", schedule: "the spec asks senders to retry with exponential backoff; Svix: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h" },
    slack: { retries: "yes", schedule: "3 retries (about immediately, after 1 minute, after 5 minutes), each with X-Slack-Retry-Num and X-Slack-Retry-Reason" },
    shopify: { retries: "yes", schedule: "8 retries over 4 hours with exponential backoff; then a subscription made through the Admin API is deleted" },
    gitlab: { retries: "no", schedule: "never retried; after 4 consecutive failures the webhook is disabled (5xx: temporarily, backing off up to 24 h; 4xx: until re-enabled by hand)" },
};

/** How each sender proves a request is its own; a credential that is not a signature does not bind the body. */
export interface SenderAuthentication {
    readonly scheme: string;
    /** False for a credential sent as it is: whoever sees one request can send others. */
    readonly signsBody: boolean;
}

export const PROVIDER_AUTHENTICATION: Readonly<Record<ProviderName, SenderAuthentication>> = {
    github: { scheme: "HMAC-SHA256 signature of the body", signsBody: true },
    twilio: { scheme: "HMAC-SHA1 signature of the URL and parameters (JSON: bodySHA256)", signsBody: true },
    stripe: { scheme: "timestamped HMAC-SHA256 signature", signsBody: true },
    bird: { scheme: "basic or bearer credentials", signsBody: false },
    hmac: { scheme: "HMAC signature", signsBody: true },
    standardWebhooks: { scheme: "timestamped HMAC-SHA256 (v1) or ed25519 (v1a) signature", signsBody: true },
    slack: { scheme: "timestamped HMAC-SHA256 signature", signsBody: true },
    shopify: { scheme: "HMAC-SHA256 signature of the body", signsBody: true },
    gitlab: { scheme: "shared token", signsBody: false },
};

export * from "./limits";
export * from "./metrics";

/** Largest request body the handler accepts when not told (a function URL's limit; an ALB refuses more than 1 MB itself). */
export const DEFAULT_MAX_BODY_BYTES = FUNCTION_URL_MAX_BODY_BYTES;

/** Largest event sent inline by default: EventBridge's entry limit; larger ones go by S3 pointer (`largeEvents`) or are refused. */
export const DEFAULT_MAX_ENTRY_BYTES = PUT_EVENTS_MAX_ENTRY_BYTES;

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
