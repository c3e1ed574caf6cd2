/**
 * Durable acceptance facts shared by the WebhookIngress component and the redrive function: the
 * store's key prefixes, the backlog metrics the sweep logs and the alarms read, and which senders
 * get durable acceptance by default (those that never retry a failed delivery on their own).
 */
import type { ProviderName } from "./index";

/** Key prefix of the entries waiting for the redrive. */
export const DURABLE_PENDING_PREFIX = "pending/";
/** Key prefix where the redrive keeps entries it cannot deliver. */
export const DURABLE_DEAD_LETTER_PREFIX = "dead-letter/";

/** The CloudWatch embedded metrics of the store's backlog, logged by each sweep. */
export const DURABLE_BACKLOG_METRICS = {
    namespace: "EventBridgeKit/DurableStore",
    dimension: "Store",
    objects: "BacklogObjects",
    oldestAge: "BacklogOldestAgeSeconds",
} as const;

/**
 * Whether a sender's failed deliveries come back on their own (PROVIDER_RETRIES has the
 * schedules): GitHub and GitLab never retry, a generic HMAC sender is assumed not to; Stripe,
 * Bird, Standard Webhooks senders, Slack, Shopify and Twilio (by the URL's connection overrides)
 * retry a 5xx.
 */
export const SENDER_RETRIES: Readonly<Record<ProviderName, boolean>> = {
    github: false,
    twilio: true,
    stripe: true,
    bird: true,
    hmac: false,
    standardWebhooks: true,
    slack: true,
    shopify: true,
    gitlab: false,
};
