/**
 * What the Standard Webhooks, Slack, Shopify and GitLab ingresses emit, as far as their
 * documentation fixes it. None of these publishes machine-readable payload types for its
 * webhooks that this package ships, so payloads are "unknown" and the check is of the
 * detail-types: GitLab's are a closed list (docs.gitlab.com, "Webhook events": the
 * X-Gitlab-Event values), Shopify's are its topics in REST form ("orders/create", shopify.dev
 * "Webhook topics"; the GraphQL enum form ORDERS_CREATE is never the header's), Slack's are event
 * and interaction types in snake_case (api.slack.com "Event types", "Interactivity"), and a
 * Standard Webhooks sender names its own (the spec's `type`, e.g. "invoice.paid").
 */
import type { EmittedEvents, FieldShape } from "../../components/patterns/emitted-events";
import type { ProviderName } from "../index";

/** The senders whose catalogue is this file's. */
export type DocumentedSender = Extract<ProviderName, "standardWebhooks" | "slack" | "shopify" | "gitlab">;

export const DOCUMENTED_SENDERS: readonly DocumentedSender[] = ["standardWebhooks", "slack", "shopify", "gitlab"];

export function isDocumentedSender(provider: ProviderName): provider is DocumentedSender {
    return (DOCUMENTED_SENDERS as readonly string[]).includes(provider);
}

/** X-Gitlab-Event values, as GitLab documents them. */
export const GITLAB_EVENTS: readonly string[] = [
    "Push Hook", "Tag Push Hook", "Issue Hook", "Confidential Issue Hook", "Note Hook", "Confidential Note Hook",
    "Merge Request Hook", "Wiki Page Hook", "Pipeline Hook", "Job Hook", "Deployment Hook", "Feature Flag Hook",
    "Release Hook", "Emoji Hook", "Resource Access Token Hook", "Member Hook", "Subgroup Hook", "Project Hook",
    "Milestone Hook", "Vulnerability Hook", "System Hook",
];

const OPEN_TYPES: Readonly<Record<Exclude<DocumentedSender, "gitlab">, { description: string; accepts: (detailType: string) => boolean }>> = {
    standardWebhooks: { description: "the sender's own event types (the payload's `type`)", accepts: () => true },
    slack: { description: "a Slack event or interaction type in snake_case (message, app_mention, block_actions, slash_command...)", accepts: (t) => /^[a-z][a-z0-9_]*$/.test(t) },
    shopify: { description: "a Shopify topic in its REST form (orders/create, products/update...)", accepts: (t) => /^[a-z0-9_]+(\/[a-z0-9_]+)+$/.test(t) },
};

export function documentedSenderEvents(provider: DocumentedSender, emitter: string, source: string, detailOf: (payload: FieldShape) => FieldShape): EmittedEvents {
    const detail = detailOf("unknown");
    if (provider === "gitlab") {
        return { emitter, source, detailTypes: Object.fromEntries(GITLAB_EVENTS.map((event) => [event, detail])) };
    }
    const detailTypes: Record<string, FieldShape> = provider === "standardWebhooks" ? { webhook: detail } : {};
    return { emitter, source, detailTypes, otherDetailTypes: { ...OPEN_TYPES[provider], detail } };
}
