/** Shopify: one event per delivery, the JSON resource (an order, a product...), typed by X-Shopify-Topic. */
import { parseJsonObject } from "../body";
import { DeliveryFacts, EventDraft } from "../event-drafts";

export function shopifyEvents(body: Buffer, facts: DeliveryFacts): EventDraft[] {
    const text = body.toString("utf8");
    const payload = parseJsonObject(text, "a Shopify webhook payload");
    return [{ detailType: facts.detailType!, payload, payloadText: text }];
}
