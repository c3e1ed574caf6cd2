/** What every provider module implements: authenticate a request, then turn its body into events. */
import type { ProviderOptions } from "../config";
import type { WebhookRequest } from "../request";
import type { DeliveryFacts, EventDraft } from "../../shared/event-drafts";

export { isValidDetailType, MalformedError } from "../../shared/event-drafts";
export type { DeliveryFacts, EventDraft } from "../../shared/event-drafts";

/** "stale": the signature is right but its timestamp is outside the tolerance (a replay). */
export type Verdict = "valid" | "invalid" | "stale";

export interface Provider<O extends ProviderOptions = ProviderOptions> {
    /** Event source when EBK_EVENT_SOURCE does not override it. */
    defaultSource(options: O): string;
    /** HTTP methods the provider uses. */
    methods: readonly string[];
    /** Headers to redact from logs besides the standard signature and authorization headers. */
    sensitiveHeaders(options: O): string[];
    /** The key material in the secret's text; throws ConfigError when the secret has the wrong shape. */
    keyFrom(secret: string, options: O): string;
    /** Authenticates the request with one candidate key, in constant time, parsing only what the scheme needs. */
    verify(request: WebhookRequest, key: string, options: O, nowMs: number): Verdict;
    /** Delivery facts from the headers of an authenticated request; throws MalformedError. */
    facts(request: WebhookRequest, options: O, requestId: string): DeliveryFacts;
    /** The events in an authenticated body; throws MalformedError. */
    events(body: Buffer, facts: DeliveryFacts): EventDraft[];
}
