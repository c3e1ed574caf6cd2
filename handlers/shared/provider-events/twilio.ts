/**
 * Twilio: a form body is one event of its parameters (repeated ones as arrays); a JSON body
 * (Event Streams) is one event per CloudEvent, typed by its `type`.
 */
import { parseForm, parseJsonText } from "../body";
import { DeliveryFacts, EventDraft, isValidDetailType } from "../event-drafts";

export function twilioEvents(body: Buffer, facts: DeliveryFacts): EventDraft[] {
    if (facts.bodyFormat === "json") {
        const text = body.toString("utf8");
        const payload = parseJsonText(text);
        // Event Streams deliver an array of CloudEvents: one event each.
        if (Array.isArray(payload)) return payload.map((item) => ({ detailType: jsonDetailType(item), payload: item }));
        return [{ detailType: jsonDetailType(payload), payload, payloadText: text }];
    }
    const params = parseForm(body.toString("utf8"));
    return [{ detailType: formDetailType(params), payload: params }];
}

function formDetailType(params: Record<string, string | string[]>): string {
    if ("MessageStatus" in params) return "twilio.message.status";
    if ("MessageSid" in params || "SmsSid" in params) return "twilio.message";
    if ("CallSid" in params) return "twilio.call";
    return "twilio.webhook";
}

function jsonDetailType(item: unknown): string {
    const type = typeof item === "object" && item !== null ? (item as { type?: unknown }).type : undefined;
    return isValidDetailType(type) ? type : "twilio.webhook";
}
