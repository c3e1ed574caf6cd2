/** The events the handlers emit, and how they become PutEvents entries. */

import type { ProviderName } from "../../providers";

export type { ProviderName } from "../../providers";
export { PROVIDER_NAMES } from "../../providers";

/** Where an event came from; the same for every event of one delivery (plus `recordIndex` in a batch). */
export interface EventMetadata {
    provider: ProviderName;
    /** The provider's id for this delivery (GitHub X-GitHub-Delivery, Bird batch id, Stripe event id...). */
    deliveryId: string;
    /** ISO-8601 time the request reached the handler. */
    receivedAt: string;
    /** GitHub X-GitHub-Hook-ID. */
    hookId?: string;
    /** Bird X-MessageSystems-Batch-ID. */
    batchId?: string;
    /** Position of the record in its batch (Bird), so consumers can de-duplicate redelivered batches. */
    recordIndex?: number;
    /** Shopify X-Shopify-Shop-Domain: the shop the event is about. */
    shopDomain?: string;
    /** Slack X-Slack-Retry-Num: which retry this delivery was (the event id stays the same). */
    retryNum?: number;
}

/** An authenticated event, before it becomes a PutEvents entry (this is what a hook receives). */
export interface VerifiedEvent {
    /** The event's `source`: the provider's (`github.com`...) or the ingress's `eventSource`. */
    source: string;
    /** The event's `detail-type`, e.g. GitHub's `X-GitHub-Event` (`pull_request`) or Stripe's event type. */
    detailType: string;
    /** The event's `detail`: where it came from, and the provider's body as parsed. */
    detail: {
        /** The delivery's facts: provider, delivery id, time received... */
        metadata: EventMetadata;
        /** The provider's body, parsed: patterns and transformers name it as `detail.payload.*`. */
        payload: unknown;
    };
}

/** An event stored in S3 because it was too large for one entry: the entry carries this instead of `payload`. */
export interface PayloadPointer {
    bucket: string;
    key: string;
    size: number;
    sha256: string;
}

/** The JSON text each payload object was parsed from (see `rememberPayloadText`). */
const payloadTexts = new WeakMap<object, string>();

/**
 * Remembers the exact JSON text `payload` was parsed from, so its entry embeds that text instead
 * of serializing the object again (for a 25 KB delivery that is most of the handler's own work).
 * Only for payloads nothing changes after parsing: with a hook, events are serialized in full.
 */
export function rememberPayloadText(payload: unknown, text: string): void {
    if (typeof payload === "object" && payload !== null) payloadTexts.set(payload, text);
}

function detailJson(detail: VerifiedEvent["detail"]): string {
    const payload = detail.payload;
    const text = typeof payload === "object" && payload !== null ? payloadTexts.get(payload) : undefined;
    const keys = Object.keys(detail);
    if (text === undefined || keys.length !== 2 || keys[0] !== "metadata" || keys[1] !== "payload") return JSON.stringify(detail);
    return `{"metadata":${JSON.stringify(detail.metadata)},"payload":${text}}`;
}

/**
 * A PutEvents entry: the fields of the SDK's `PutEventsRequestEntry` the handlers use, declared
 * here because this module's types are public (hooks) and the package does not depend on the SDK.
 */
export interface EventEntry {
    EventBusName?: string;
    Source?: string;
    DetailType?: string;
    Detail?: string;
    Time?: Date;
    Resources?: string[];
}

export function toEntry(event: VerifiedEvent, busName: string): EventEntry {
    return {
        EventBusName: busName,
        Source: event.source,
        DetailType: event.detailType,
        Detail: detailJson(event.detail),
    };
}

/**
 * The size EventBridge charges against the entry limit, as AWS documents it: Time (14 bytes when
 * set), and the UTF-8 bytes of Source, DetailType, Detail and each resource.
 */
export function entrySize(entry: EventEntry): number {
    let size = entry.Time ? 14 : 0;
    size += Buffer.byteLength(entry.Source ?? "", "utf8");
    size += Buffer.byteLength(entry.DetailType ?? "", "utf8");
    size += Buffer.byteLength(entry.Detail ?? "", "utf8");
    for (const resource of entry.Resources ?? []) size += Buffer.byteLength(resource, "utf8");
    return size;
}
