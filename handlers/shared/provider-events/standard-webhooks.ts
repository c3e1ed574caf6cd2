/**
 * Standard Webhooks: one event per message, the JSON payload (the spec's `{type, timestamp, data}`),
 * typed by its `type`; a payload without a usable `type` is a "webhook".
 */
import { parseJsonObject } from "../body";
import { EventDraft, isValidDetailType } from "../event-drafts";

export function standardWebhooksEvents(body: Buffer): EventDraft[] {
    const text = body.toString("utf8");
    const payload = parseJsonObject(text, "a Standard Webhooks payload");
    const type = (payload as { type?: unknown }).type;
    return [{ detailType: isValidDetailType(type) ? type : "webhook", payload, payloadText: text }];
}
