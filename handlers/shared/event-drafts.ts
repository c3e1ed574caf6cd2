/**
 * What a provider's body becomes before the handler adds source and metadata: shared by the
 * webhook (which authenticates the request) and the batch processor (which reads the raw
 * delivery the webhook stored).
 */

/** What the handler learned about an authenticated delivery from its headers; stored with raw batches in S3. */
export interface DeliveryFacts {
    deliveryId: string;
    hookId?: string;
    batchId?: string;
    /** A detail-type chosen from a header (GitHub X-GitHub-Event, generic `detailTypeHeader`). */
    detailType?: string;
    bodyFormat: "json" | "form" | "text";
    /** Shopify X-Shopify-Shop-Domain. */
    shopDomain?: string;
    /** Slack X-Slack-Retry-Num: which retry of the delivery this is. */
    retryNum?: number;
    /** The answer a delivery without events asks for (Slack's url_verification challenge); never put on the bus. */
    reply?: Record<string, string>;
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

/** A detail-type EventBridge accepts (1–128 characters, no control characters). */
export function isValidDetailType(value: unknown): value is string {
    return typeof value === "string" && value.length > 0 && value.length <= 128 && !/[\u0000-\u001f\u007f]/.test(value);
}
