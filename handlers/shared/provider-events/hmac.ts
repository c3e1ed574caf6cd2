/** Generic HMAC: one event of the body, parsed as JSON, form fields or UTF-8 text, typed from the configured header. */
import { parseForm, parseJsonText, parseText } from "../body";
import { DeliveryFacts, EventDraft } from "../event-drafts";

export function hmacEvents(body: Buffer, facts: DeliveryFacts): EventDraft[] {
    const detailType = facts.detailType ?? "webhook";
    if (facts.bodyFormat === "json") {
        const text = body.toString("utf8");
        return [{ detailType, payload: parseJsonText(text), payloadText: text }];
    }
    const payload = facts.bodyFormat === "form" ? parseForm(body.toString("utf8")) : parseText(body);
    return [{ detailType, payload }];
}
