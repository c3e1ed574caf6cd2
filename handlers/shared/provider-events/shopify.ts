/** Shopify: one event per delivery, the JSON resource (an order, a product...), typed by X-Shopify-Topic. */
import { parseJsonText } from "../body";
import { DeliveryFacts, EventDraft, MalformedError } from "../event-drafts";

export function shopifyEvents(body: Buffer, facts: DeliveryFacts): EventDraft[] {
    const text = body.toString("utf8");
    const payload = parseJsonText(text);
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
        throw new MalformedError("a Shopify webhook payload must be a JSON object");
    }
    return [{ detailType: facts.detailType!, payload, payloadText: text }];
}
