/**
 * Bird (SparkPost) webhook event records, as documented (no package records real batches). A
 * batch is a JSON array of `{"msys": {"<category>": {...}}}`; the handler emits one event per
 * record with the record as payload and its `type` as detail-type, falling back to the category
 * (handlers/shared/provider-events/bird.ts).
 *
 * Sources: https://docs.bird.com/api/email-api/webhooks (event types, batches),
 * https://developers.sparkpost.com/api/webhooks/ (event fields, sample batch), and the event
 * models of SparkPost's Java client, which are generated from that documentation
 * (https://github.com/SparkPost/java-sparkpost, libs/sparkpost-lib/src/main/java/com/sparkpost/model/webhook/event).
 */
import type { FieldShape } from "../../components/patterns/emitted-events";

/** Fields every message-related record has. */
const MESSAGE_FIELDS = [
    "type", "event_id", "timestamp", "customer_id", "subaccount_id", "message_id", "transmission_id", "campaign_id", "template_id",
    "template_version", "friendly_from", "msg_from", "rcpt_to", "raw_rcpt_to", "rcpt_hash", "rcpt_type", "rcpt_tags", "recipient_domain",
    "routing_domain", "subject", "ip_pool", "sending_ip", "ip_address", "msg_size", "injection_time", "scheduled_time", "transactional",
    "delv_method", "num_retries", "queue_time", "click_tracking", "open_tracking", "initial_pixel", "amp_enabled", "ab_test_id",
    "ab_test_version", "mailbox_provider", "mailbox_provider_region", "device_token", "outbound_tls", "sending_domain",
];
/** User-defined maps: recipient metadata and template substitutions. */
const USER_MAPS = ["rcpt_meta", "rcpt_subs"];
/** Delivery problems: bounce, delay, out_of_band, policy_rejection, generation failures. */
const FAILURE_FIELDS = ["reason", "raw_reason", "error_code", "bounce_class"];
/** SMS deliveries (sms_status and SMS bounces). */
const SMS_FIELDS = [
    "sms_coding", "sms_dst", "sms_dst_npi", "sms_dst_ton", "sms_src", "sms_src_npi", "sms_src_ton", "sms_remoteids", "sms_segments", "sms_text",
];
/** Spam complaints (feedback loops). */
const COMPLAINT_FIELDS = ["fbtype", "report_by", "report_to", "user_str"];
/** Engagement (clicks and opens): where the request came from. */
const ENGAGEMENT_FIELDS = ["user_agent", "target_link_name", "target_link_url"];
const GEO_IP: FieldShape = { city: "value", country: "value", latitude: "value", longitude: "value", region: "value", zip: "value", postal_code: "value" };
/** Unsubscribes: the mail-from address of the list. */
const UNSUBSCRIBE_FIELDS = ["mailfrom"];
/** Relay (inbound) events. */
const RELAY_FIELDS = [
    "type", "event_id", "timestamp", "customer_id", "subaccount_id", "relay_id", "webhook_id", "msg_from", "rcpt_to", "raw_rcpt_to",
    "routing_domain", "sending_ip", "ip_pool", "msg_size", "origination", "reason", "raw_reason", "error_code", "remote_addr",
];

function fields(names: readonly string[], extra: Record<string, FieldShape> = {}): FieldShape {
    return { ...Object.fromEntries(names.map((name) => [name, "value" as const])), ...Object.fromEntries(USER_MAPS.map((m) => [m, "unknown" as const])), ...extra };
}

/** Each record category, its event types, and the fields of its records. */
export const BIRD_CATEGORIES: Readonly<Record<string, { readonly types: readonly string[]; readonly fields: FieldShape }>> = {
    message_event: {
        types: ["injection", "delivery", "bounce", "delay", "out_of_band", "policy_rejection", "spam_complaint", "sms_status"],
        fields: fields([...MESSAGE_FIELDS, ...FAILURE_FIELDS, ...SMS_FIELDS, ...COMPLAINT_FIELDS]),
    },
    track_event: {
        types: ["click", "open", "initial_open", "amp_click", "amp_open", "amp_initial_open"],
        fields: fields([...MESSAGE_FIELDS, ...ENGAGEMENT_FIELDS], { geo_ip: GEO_IP, user_agent_parsed: "unknown" }),
    },
    gen_event: {
        types: ["generation_failure", "generation_rejection"],
        fields: fields([...MESSAGE_FIELDS, ...FAILURE_FIELDS]),
    },
    unsubscribe_event: {
        types: ["list_unsubscribe", "link_unsubscribe"],
        fields: fields([...MESSAGE_FIELDS, ...ENGAGEMENT_FIELDS, ...UNSUBSCRIBE_FIELDS], { geo_ip: GEO_IP, user_agent_parsed: "unknown" }),
    },
    relay_event: {
        types: ["relay_injection", "relay_rejection", "relay_delivery", "relay_tempfail", "relay_permfail"],
        fields: fields(RELAY_FIELDS),
    },
    ab_test_event: {
        types: ["ab_test_completed", "ab_test_cancelled"],
        fields: { type: "value", event_id: "value", timestamp: "value", customer_id: "value", subaccount_id: "value", ab_test: "unknown" },
    },
    ingest_event: {
        types: ["success", "error"],
        // Ingest (event import) records are not documented field by field.
        fields: "unknown",
    },
};

/** Each detail-type the handler can emit for Bird, with the record's shape (the payload). */
export function birdPayloads(): Record<string, FieldShape> {
    const payloads: Record<string, FieldShape> = {};
    for (const [category, { types, fields: shape }] of Object.entries(BIRD_CATEGORIES)) {
        const record: FieldShape = { msys: { [category]: shape } };
        // A record without a usable `type` is typed by its category.
        payloads[category] = record;
        for (const type of types) payloads[type] = record;
    }
    return payloads;
}
