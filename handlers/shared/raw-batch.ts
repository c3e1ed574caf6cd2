/**
 * Raw deliveries stored in S3 (the Bird flow): the body exactly as received, under a key derived
 * from the delivery id and the SHA-256 of the signed body (a redelivered batch writes the same
 * object again; a replay that names another delivery's id with another body cannot overwrite
 * it, as the id is not signed), with the delivery facts
 * in the object's metadata so the batch processor can emit the same events the webhook would.
 */
import { createHash } from "crypto";
import type { DeliveryFacts } from "./event-drafts";
import type { ProviderName } from "./events";
import { PROVIDER_NAMES } from "./events";
import { keySegment } from "./s3-objects";

export interface RawBatchDescription {
    provider: ProviderName;
    /** The event source the webhook would have used. */
    source: string;
    receivedAt: string;
    facts: DeliveryFacts;
}

export function rawBatchKey(prefix: string, deliveryId: string, body: Buffer): string {
    return `${prefix}${keySegment(deliveryId)}/${createHash("sha256").update(body).digest("hex")}`;
}

const FIELDS = {
    provider: "ebk-provider",
    source: "ebk-source",
    receivedAt: "ebk-received-at",
    deliveryId: "ebk-delivery-id",
    hookId: "ebk-hook-id",
    batchId: "ebk-batch-id",
    detailType: "ebk-detail-type",
    bodyFormat: "ebk-body-format",
} as const;

/** S3 user metadata (ASCII only, so every value is URI-encoded). */
export function toObjectMetadata(description: RawBatchDescription): Record<string, string> {
    const { facts } = description;
    const values: Record<string, string | undefined> = {
        [FIELDS.provider]: description.provider,
        [FIELDS.source]: description.source,
        [FIELDS.receivedAt]: description.receivedAt,
        [FIELDS.deliveryId]: facts.deliveryId,
        [FIELDS.hookId]: facts.hookId,
        [FIELDS.batchId]: facts.batchId,
        [FIELDS.detailType]: facts.detailType,
        [FIELDS.bodyFormat]: facts.bodyFormat,
    };
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) if (value !== undefined) out[key] = encodeURIComponent(value);
    return out;
}

/** Reads the description back; throws with the missing field named when the object was not written by the webhook handler. */
export function fromObjectMetadata(metadata: Record<string, string> | undefined): RawBatchDescription {
    const read = (key: string): string | undefined => {
        const value = metadata?.[key];
        return value === undefined ? undefined : decodeURIComponent(value);
    };
    const provider = read(FIELDS.provider) as ProviderName;
    const source = read(FIELDS.source);
    const deliveryId = read(FIELDS.deliveryId);
    const receivedAt = read(FIELDS.receivedAt);
    const bodyFormat = read(FIELDS.bodyFormat) as DeliveryFacts["bodyFormat"];
    if (!PROVIDER_NAMES.includes(provider) || !source || !deliveryId || !receivedAt || !["json", "form", "text"].includes(bodyFormat)) {
        throw new Error(
            `the object has no complete webhook metadata (${Object.values(FIELDS).join(", ")}); ` +
            "only objects written by the webhook handler can be processed",
        );
    }
    return {
        provider,
        source,
        receivedAt,
        facts: {
            deliveryId,
            hookId: read(FIELDS.hookId),
            batchId: read(FIELDS.batchId),
            detailType: read(FIELDS.detailType),
            bodyFormat,
        },
    };
}
