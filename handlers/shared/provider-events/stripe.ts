/** Stripe: one event per delivery, the JSON event object itself, with its `id` and `type`. */
import { parseJsonText } from "../body";
import { EventDraft, isValidDetailType, MalformedError } from "../event-drafts";

export function stripeEvents(body: Buffer): EventDraft[] {
    const text = body.toString("utf8");
    const event = parseStripeEvent(text);
    return [{ detailType: event.type, payload: event, payloadText: text }];
}

/** The Stripe event in a body; throws MalformedError when it has no valid id or type. */
export function parseStripeEvent(text: string): { id: string; type: string } {
    const event = parseJsonText(text) as { id?: unknown; type?: unknown } | null;
    if (typeof event !== "object" || event === null || Array.isArray(event)) {
        throw new MalformedError("a Stripe event must be a JSON object");
    }
    if (typeof event.id !== "string" || !/^[A-Za-z0-9_-]{1,128}$/.test(event.id)) {
        throw new MalformedError("the Stripe event has no valid id");
    }
    if (!isValidDetailType(event.type)) throw new MalformedError("the Stripe event has no valid type");
    return event as { id: string; type: string };
}
