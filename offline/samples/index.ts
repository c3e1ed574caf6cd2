/**
 * The built-in deliveries `simulateWebhook` and `eventbridge-kit simulate --webhook` send, by
 * provider and name (`github:pull_request.opened`): payloads as the providers send them.
 * - github: recorded payloads from @octokit/webhooks-examples, picked by ./generate.ts into
 *   github.json (`npm run samples`), plus `pull_request.merged`, derived from the recorded
 *   `closed` one (the examples record no merge).
 * - stripe: event objects in the shape of Stripe's API reference (https://docs.stripe.com/api/events/object),
 *   each `data.object` with the fields of that resource's reference object.
 * - twilio: Messaging status callbacks (https://www.twilio.com/docs/messaging/guides/track-outbound-message-status)
 *   and an incoming message (https://www.twilio.com/docs/messaging/guides/webhook-request), as form fields.
 * - bird: a SparkPost event batch (https://developers.sparkpost.com/api/webhooks/): one record per
 *   event, `msys.message_event` or `msys.track_event`; and the test batch sent when a webhook is created.
 * - hmac: an illustrative JSON body for the generic provider (it has no payload format of its own).
 * - standardWebhooks, slack, shopify, gitlab: see ./senders.ts.
 */
import type { ProviderName } from "../../providers";
import type { WebhookSample } from "../types";
import githubPayloads from "./github.json";
import { gitlabSamples, shopifySamples, slackSamples, standardWebhooksSamples } from "./senders";

const github: Record<string, WebhookSample> = githubPayloads;
const closed = github["pull_request.closed"].body as { pull_request: Record<string, unknown> };

const ACCOUNT = "AC0123456789abcdef0123456789abcdef";
const MESSAGE = "SM0123456789abcdef0123456789abcdef";
/** A status callback's fields (ErrorCode only on failed and undelivered; RawDlrDoneDate once the carrier reports). */
const statusCallback = (status: string, extra: Record<string, string> = {}): WebhookSample => ({
    body: {
        ApiVersion: "2010-04-01", AccountSid: ACCOUNT, MessagingServiceSid: "MG0123456789abcdef0123456789abcdef",
        MessageSid: MESSAGE, SmsSid: MESSAGE, MessageStatus: status, SmsStatus: status,
        From: "+15017122661", To: "+15558675310", ...extra,
    },
});

/** The fields every record of a SparkPost message event has (sample values of the webhook reference). */
const messageEvent = {
    campaign_id: "Example Campaign Name", customer_id: "1", delv_method: "esmtp", friendly_from: "sender@example.com",
    injection_time: "2016-04-18T14:25:07.000Z", ip_address: "18.236.253.72", ip_pool: "example-ip-pool",
    message_id: "000443ee14578172be22", msg_from: "sender@example.com", msg_size: "1337", rcpt_meta: { customKey: "customValue" },
    rcpt_tags: ["male", "US"], rcpt_to: "recipient@example.com", raw_rcpt_to: "recipient@example.com", recv_method: "rest",
    routing_domain: "example.com", sending_ip: "127.0.0.1", subaccount_id: "101", subject: "Summer deals", template_id: "templ-1234",
    template_version: "1", timestamp: "1460989507", transmission_id: "65832150921904138",
};
const trackEvent = {
    campaign_id: "Example Campaign Name", customer_id: "1", delv_method: "esmtp", geo_ip: { country: "US", region: "MD", city: "Columbia", latitude: 39.1749, longitude: -76.8375 },
    injection_time: "2016-04-18T14:25:07.000Z", ip_address: "18.236.253.72", message_id: "000443ee14578172be22", msg_from: "sender@example.com",
    rcpt_meta: { customKey: "customValue" }, rcpt_tags: ["male", "US"], rcpt_to: "recipient@example.com", raw_rcpt_to: "recipient@example.com",
    subaccount_id: "101", template_id: "templ-1234", template_version: "1", timestamp: "1460989507", transmission_id: "65832150921904138",
    user_agent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/55.0.2883.95 Safari/537.36",
};

/** A Stripe event around `object` (https://docs.stripe.com/api/events/object). */
const stripeEvent = (id: string, type: string, created: number, object: Record<string, unknown>, request: string | null = "req_8Fb3GvkZ2yPq1A"): WebhookSample => ({
    body: {
        id, object: "event", api_version: "2026-10-28.endive", created, data: { object }, livemode: false, pending_webhooks: 1,
        request: { id: request, idempotency_key: request ? "2b8f0a7e-6c1d-4f6b-9a3e-7d2c5e8b1f40" : null }, type,
    },
});
const paymentIntent = (status: string, extra: Record<string, unknown>) => ({
    id: "pi_3MtwBwLkdIwHu7ix28a3tqPa", object: "payment_intent", amount: 2000, amount_capturable: 0, amount_received: status === "succeeded" ? 2000 : 0,
    automatic_payment_methods: { enabled: true }, capture_method: "automatic", client_secret: "pi_3MtwBwLkdIwHu7ix28a3tqPa_secret_YrKJUKribcBjcG8HVhfZluoGH",
    confirmation_method: "automatic", created: 1680800504, currency: "usd", customer: "cus_NffrFeUfNV2Hib", description: null, last_payment_error: null,
    latest_charge: "ch_3MtwBwLkdIwHu7ix28a3tqPa", livemode: false, metadata: { order_id: "6735" }, payment_method: "pm_1MtwBwLkdIwHu7ixmJhbKOZM",
    payment_method_types: ["card"], receipt_email: null, status, ...extra,
});

export const webhookSamples: Record<ProviderName, Record<string, WebhookSample>> = {
    github: {
        ...github,
        "pull_request.merged": {
            event: "pull_request",
            body: { ...closed, pull_request: { ...closed.pull_request, merged: true, merged_at: closed.pull_request.closed_at } },
        },
    },
    stripe: {
        "payment_intent.succeeded": stripeEvent("evt_3MtwBwLkdIwHu7ix0zBT6Ve2", "payment_intent.succeeded", 1680800505, paymentIntent("succeeded", {})),
        "payment_intent.payment_failed": stripeEvent("evt_3MtwBwLkdIwHu7ix1bwA5Ld6", "payment_intent.payment_failed", 1680800506, paymentIntent("requires_payment_method", {
            latest_charge: "ch_3MtwBwLkdIwHu7ix0snN0B15",
            last_payment_error: {
                charge: "ch_3MtwBwLkdIwHu7ix0snN0B15", code: "card_declined", decline_code: "insufficient_funds",
                doc_url: "https://stripe.com/docs/error-codes/card-declined", message: "Your card has insufficient funds.", type: "card_error",
            },
        })),
        "checkout.session.completed": stripeEvent("evt_1NG8Du2eZvKYlo2CUI79vXWy", "checkout.session.completed", 1679600215, {
            id: "cs_test_a11YYufWQzNY63zpQ6QSNRQhkUpVph4WRmzW0zWJO2znZKdVujZ0N0S22u", object: "checkout.session", amount_subtotal: 2198, amount_total: 2198,
            cancel_url: null, client_reference_id: null, created: 1679600215, currency: "usd", customer: "cus_NffrFeUfNV2Hib",
            customer_details: { email: "jenny.rosen@example.com", name: "Jenny Rosen", phone: null, tax_exempt: "none" }, expires_at: 1679686615,
            livemode: false, metadata: {}, mode: "payment", payment_intent: "pi_3MtwBwLkdIwHu7ix28a3tqPa", payment_status: "paid", status: "complete",
            success_url: "https://example.com/success", url: null,
        }, null),
        "invoice.paid": stripeEvent("evt_1MtvnSLkdIwHu7ixUG3sEfTh", "invoice.paid", 1680644467, {
            id: "in_1MtHbELkdIwHu7ixl4OzzPMv", object: "invoice", account_country: "US", amount_due: 999, amount_paid: 999, amount_remaining: 0,
            attempt_count: 1, attempted: true, billing_reason: "subscription_cycle", collection_method: "charge_automatically", created: 1680644467,
            currency: "usd", customer: "cus_NeZwdNtLEOXuvB", customer_email: "jennyrosen@example.com", hosted_invoice_url: "https://invoice.stripe.com/i/acct_1M2JTkLkdIwHu7ix/test_YWNjdF8xTTJKVGtMa2RJd0h1N2l4LF9OZVp3dVBYNnF0dGlvdXRubGVjSXVOOWhiVWpmUktPLDcxMTg1MjY40200x7P2wMSm",
            livemode: false, metadata: {}, number: "8C4A7E2D-0001", period_end: 1680644467, period_start: 1680644467, status: "paid",
            // Since API version 2025-03-31 an invoice names its subscription under parent (no top-level subscription or paid).
            parent: { type: "subscription_details", quote_details: null, subscription_details: { metadata: {}, subscription: "sub_1MowQVLkdIwHu7ixeRlqHVzs" } }, total: 999,
        }, null),
        "customer.subscription.deleted": stripeEvent("evt_1MowTpLkdIwHu7ixnBhcJNrS", "customer.subscription.deleted", 1679500211, {
            id: "sub_1MowQVLkdIwHu7ixeRlqHVzs", object: "subscription", cancel_at: null, cancel_at_period_end: false, canceled_at: 1679500210,
            cancellation_details: { comment: null, feedback: null, reason: "cancellation_requested" }, collection_method: "charge_automatically",
            created: 1679609767, currency: "usd", customer: "cus_Na6dX7aXxi11N4",
            ended_at: 1679500210, items: { object: "list", data: [{ id: "si_Na6dzxczY5fwHx", object: "subscription_item", current_period_end: 1682288167, current_period_start: 1679609767, price: { id: "price_1MowQULkdIwHu7ixraBm864M", object: "price", currency: "usd", unit_amount: 1000, recurring: { interval: "month", interval_count: 1 } }, quantity: 1 }], has_more: false, url: "/v1/subscription_items?subscription=sub_1MowQVLkdIwHu7ixeRlqHVzs" },
            livemode: false, metadata: {}, status: "canceled",
        }),
        "charge.refunded": stripeEvent("evt_3MmlLrLkdIwHu7ix0c0ZgTdT", "charge.refunded", 1679090540, {
            id: "ch_3MmlLrLkdIwHu7ix0snN0B15", object: "charge", amount: 1099, amount_captured: 1099, amount_refunded: 1099,
            balance_transaction: "txn_3MmlLrLkdIwHu7ix0uke3Ezy", billing_details: { address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }, email: null, name: null, phone: null },
            captured: true, created: 1679090539, currency: "usd", customer: null, description: null, disputed: false, failure_code: null, failure_message: null,
            livemode: false, metadata: {}, paid: true, payment_intent: null, payment_method: "card_1MmlLrLkdIwHu7ixIJwEWSNR",
            receipt_url: "https://pay.stripe.com/receipts/payment/CAcaFwoVYWNjdF8xTTJKVGtMa2RJd0h1N2l4KOvG06AGMgZfBXyr1aw6LBa9vaaSRWU96d8qBwz9z2J_CObiV_H2-e8RezSK_sw0KISesp4czsOUlVKY",
            refunded: true, status: "succeeded",
        }),
    },
    twilio: {
        failed: statusCallback("failed", { ErrorCode: "30007" }),
        undelivered: statusCallback("undelivered", { ErrorCode: "30003", RawDlrDoneDate: "2611300800" }),
        delivered: statusCallback("delivered", { RawDlrDoneDate: "2611300800" }),
        sent: statusCallback("sent"),
        queued: statusCallback("queued"),
        inbound: {
            body: {
                ToCountry: "US", ToState: "CA", SmsMessageSid: "SM1f0e8ae6ade43cb3c0ce4525424e404f", NumMedia: "0", ToCity: "SAN FRANCISCO",
                FromZip: "94105", SmsSid: "SM1f0e8ae6ade43cb3c0ce4525424e404f", FromState: "CA", SmsStatus: "received", FromCity: "SAN FRANCISCO",
                Body: "Hello from the other side", FromCountry: "US", To: "+15017122661", MessagingServiceSid: "MG0123456789abcdef0123456789abcdef",
                ToZip: "94105", NumSegments: "1", MessageSid: "SM1f0e8ae6ade43cb3c0ce4525424e404f", AccountSid: ACCOUNT, From: "+15558675310", ApiVersion: "2010-04-01",
            },
        },
    },
    bird: {
        batch: {
            body: [
                { msys: { message_event: { ...messageEvent, type: "delivery", event_id: "92356927693813856", num_retries: "0", outbound_tls: "1", queue_time: "12" } } },
                { msys: { message_event: { ...messageEvent, type: "bounce", event_id: "92356927693813857", bounce_class: "10", error_code: "554", num_retries: "2", raw_reason: "554 5.1.1 Invalid recipient: recipient@example.com", reason: "554 5.1.1 Invalid recipient" } } },
                { msys: { message_event: { ...messageEvent, type: "out_of_band", event_id: "92356927693813858", bounce_class: "60", error_code: "550", raw_reason: "550: 5.0.0 Message rejected by recipient's domain", reason: "550: 5.0.0 Message rejected" } } },
                { msys: { track_event: { ...trackEvent, type: "open", event_id: "92356927693813859" } } },
                { msys: { track_event: { ...trackEvent, type: "click", event_id: "92356927693813860", target_link_name: "Example Link Name", target_link_url: "https://example.com/deals" } } },
            ],
        },
        test: { body: [{ msys: {} }] },
    },
    hmac: {
        "order.created": { event: "order.created", body: { id: "ord_1042", type: "order.created", created: "2026-11-30T08:00:00Z", data: { total: 4200, currency: "EUR" } } },
    },
    standardWebhooks: standardWebhooksSamples,
    slack: slackSamples,
    shopify: shopifySamples,
    gitlab: gitlabSamples,
};
