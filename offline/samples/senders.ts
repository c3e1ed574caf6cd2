/**
 * Built-in deliveries of the Standard Webhooks, Slack, Shopify and GitLab senders, in the shapes
 * their documentation shows:
 * - standardWebhooks: the spec's payload `{type, timestamp, data}` (github.com/standard-webhooks/standard-webhooks, spec/standard-webhooks.md).
 * - slack: Events API callbacks and the url_verification challenge (api.slack.com/apis/events-api).
 * - shopify: an orders/create resource and a customers/update one (shopify.dev "Webhook topics"), the topic as `event`.
 * - gitlab: Push Hook and Merge Request Hook payloads (docs.gitlab.com "Webhook events"), the X-Gitlab-Event as `event`.
 */
import type { WebhookSample } from "../types";

export const standardWebhooksSamples: Record<string, WebhookSample> = {
    "invoice.paid": { body: { type: "invoice.paid", timestamp: "2026-11-30T08:00:00.000Z", data: { id: "inv_2Nc8b1Zx", customer_id: "cus_7hJ2k", amount: 4200, currency: "EUR" } } },
    "user.created": { body: { type: "user.created", timestamp: "2026-11-30T08:00:00.000Z", data: { id: "user_2Nc8b1Zx", email: "jenny.rosen@example.com" } } },
};

const slackCallback = (eventId: string, event: Record<string, unknown>): WebhookSample => ({
    body: {
        token: "Jhj5dZrVaK7ZwHHjRyZWjbDl", team_id: "T0001", api_app_id: "A0KRD7HC3", event, type: "event_callback",
        event_id: eventId, event_time: 1796025600, authorizations: [{ team_id: "T0001", user_id: "U0LAN0Z89", is_bot: true }],
        event_context: "4-eyJldCI6ImFwcF9tZW50aW9uIn0",
    },
});

export const slackSamples: Record<string, WebhookSample> = {
    app_mention: slackCallback("Ev0LAN670R", { type: "app_mention", user: "U061F7AUR", text: "<@U0LAN0Z89> is it everything a river should be?", ts: "1796025600.000200", channel: "C0LAN2Q65", event_ts: "1796025600.000200" }),
    message: slackCallback("Ev0LAN670S", { type: "message", channel: "C2147483705", user: "U2147483697", text: "Hello world", ts: "1796025600.000300", event_ts: "1796025600.000300", channel_type: "channel" }),
    url_verification: { body: { token: "Jhj5dZrVaK7ZwHHjRyZWjbDl", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", type: "url_verification" } },
};

export const shopifySamples: Record<string, WebhookSample> = {
    "orders/create": {
        event: "orders/create",
        body: {
            id: 820982911946154500, admin_graphql_api_id: "gid://shopify/Order/820982911946154508", name: "#9999", email: "jon@example.com",
            created_at: "2026-11-30T03:00:00-05:00", currency: "USD", financial_status: "voided", fulfillment_status: "pending",
            total_price: "403.00", subtotal_price: "393.00", total_tax: "0.00", order_number: 1234, test: true,
            customer: { id: 115310627314723950, email: "john@example.com", first_name: "John", last_name: "Smith" },
            line_items: [{ id: 866550311766439000, product_id: 632910392, variant_id: 808950810, title: "IPod Nano - 8GB", quantity: 1, price: "199.00", sku: "IPOD2008PINK" }],
        },
    },
    "customers/update": {
        event: "customers/update",
        body: { id: 706405506930370000, admin_graphql_api_id: "gid://shopify/Customer/706405506930370084", email: "bob@example.com", first_name: "Bob", last_name: "Biller", state: "disabled", updated_at: "2026-11-30T03:00:00-05:00", verified_email: true, tags: "" },
    },
};

export const gitlabSamples: Record<string, WebhookSample> = {
    push: {
        event: "Push Hook",
        body: {
            object_kind: "push", event_name: "push", before: "95790bf891e76fee5e1747ab589903a6a1f80f22", after: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
            ref: "refs/heads/master", ref_protected: true, checkout_sha: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7", user_id: 4, user_name: "John Smith",
            user_username: "jsmith", project_id: 15,
            project: { id: 15, name: "Diaspora", path_with_namespace: "mike/diaspora", default_branch: "master", web_url: "http://example.com/mike/diaspora" },
            commits: [{ id: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7", message: "fixed readme", timestamp: "2026-11-30T08:00:00+00:00", author: { name: "GitLab dev user", email: "gitlabdev@dv6700.(none)" } }],
            total_commits_count: 1,
        },
    },
    "merge_request.merge": {
        event: "Merge Request Hook",
        body: {
            object_kind: "merge_request", event_type: "merge_request", user: { id: 1, name: "Administrator", username: "root" },
            project: { id: 1, name: "Gitlab Test", path_with_namespace: "gitlabhq/gitlab-test", default_branch: "master" },
            object_attributes: { id: 99, iid: 1, target_branch: "master", source_branch: "ms-viewport", state: "merged", action: "merge", title: "MS-Viewport", merge_status: "can_be_merged" },
            labels: [], changes: {},
        },
    },
};
