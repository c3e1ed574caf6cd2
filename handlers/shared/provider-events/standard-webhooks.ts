/**
 * Standard Webhooks: one event per message, the JSON payload (the spec's `{type, timestamp, data}`),
 * typed by its `type`; a payload without a usable `type` is a "webhook".
 */
import { parseJsonText } from "../body";
import { EventDraft, isValidDetailType, MalformedError } from "../event-drafts";

export function standardWebhooksEvents(body: Buffer): EventDraft[] {
    const text = body.toString("utf8");
    const payload = parseJsonText(text);
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
        throw new MalformedError("a Standard Webhooks payload must be a JSON object");
    }
    const type = (payload as { type?: unknown }).type;
    return [{ detailType: isValidDetailType(type) ? type : "webhook", payload, payloadText: text }];
}
