/** What every provider module implements: authenticate a request, then turn its body into events. */
import type { ProviderOptions } from "../config";
import type { WebhookRequest } from "../request";

/** "stale": the signature is right but its timestamp is outside the tolerance (a replay). */
export type Verdict = "valid" | "invalid" | "stale";

/** What the handler learned about an authenticated delivery from its headers; stored with raw batches in S3. */
export interface DeliveryFacts {
    deliveryId: string;
    hookId?: string;
    batchId?: string;
    /** A detail-type chosen from a header (GitHub X-GitHub-Event, generic `detailTypeHeader`). */
    detailType?: string;
    bodyFormat: "json" | "form" | "text";
}

/** One event's provider-specific parts; the handler adds source and metadata. */
export interface EventDraft {
    detailType: string;
    payload: unknown;
    recordIndex?: number;
    /** The exact JSON text `payload` was parsed from, when it is the whole body: the entry reuses it instead of serializing again. */
    payloadText?: string;
}

/** An authentic request the handler cannot use (400): the message says what is wrong, never echoes the body. */
export class MalformedError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "MalformedError";
    }
}

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

/** A detail-type EventBridge accepts (1–128 characters, no control characters). */
export function isValidDetailType(value: unknown): value is string {
    return typeof value === "string" && value.length > 0 && value.length <= 128 && !/[\u0000-\u001f\u007f]/.test(value);
}
