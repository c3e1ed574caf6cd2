import { EventBusRef, sameEventBus } from "./event-bus";

/**
 * What this program knows publishes events, and where: components that grant
 * `events:PutEvents` (a webhook handler's role, a bus target's role...) record the function or
 * resource that holds the grant. SafeRule's loop guard warns when such a publisher is a target
 * of a rule on the same bus without declaring what it emits.
 */
const publishers = new WeakMap<object, EventBusRef[]>();

export function recordEventPublisher(publisher: object, bus: EventBusRef): void {
    publishers.set(publisher, [...(publishers.get(publisher) ?? []), bus]);
}

/** Whether `publisher` is known to hold events:PutEvents on `bus`. */
export function isKnownPublisherTo(publisher: unknown, bus: EventBusRef | undefined): boolean {
    if (typeof publisher !== "object" || publisher === null) {
        return false;
    }
    return (publishers.get(publisher) ?? []).some((b) => sameEventBus(b, bus));
}
