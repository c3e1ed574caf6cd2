/**
 * The ingress's durable store: an encrypted, private S3 prefix where the webhook handler keeps
 * the entries PutEvents did not confirm in time, and from which the redrive function sends them
 * on. One object per delivery attempt, holding every unconfirmed entry of it (an S3 object takes
 * any number of 1 MB entries, so one PutObject stores a whole delivery or nothing).
 *
 * Keys are idempotent: `<prefix><delivery id>/<positions>.json`, where positions are the indexes
 * of the stored entries in the delivery. A retry of the same delivery with the same entries
 * unconfirmed overwrites the same object instead of adding a second copy; every stored entry
 * keeps its delivery id (and Bird's record index) in `detail.metadata`, so consumers can drop
 * the duplicates an at-least-once redrive may still produce.
 */
import { createHash } from "crypto";
import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import type { ProviderName } from "./events";
import { keySegment } from "./s3-objects";

/** Marks an object as written by the webhook handler, in the version of the format it uses. */
export const STORED_ENTRIES_FORMAT = "eventbridge-kit/durable-entries@1";

export interface StoredEntry {
    /** Position of the entry among the delivery's entries. */
    index: number;
    entry: PutEventsRequestEntry;
}

export interface StoredEntries {
    format: typeof STORED_ENTRIES_FORMAT;
    provider: ProviderName;
    deliveryId: string;
    /** ISO-8601 time the webhook handler stored them. */
    storedAt: string;
    /** Why they were stored (the PutEvents error codes). */
    errorCodes: string[];
    entries: StoredEntry[];
}

/** Positions named in the key up to this length; longer lists are named by their digest. */
const MAX_POSITIONS_NAME = 64;

/** The object key of a delivery's unconfirmed entries: the same delivery and positions always give the same key. */
export function storedEntriesKey(prefix: string, deliveryId: string, indexes: readonly number[]): string {
    const sorted = [...indexes].sort((a, b) => a - b);
    const joined = sorted.join("-");
    const positions = joined.length <= MAX_POSITIONS_NAME ? joined : `sha256-${createHash("sha256").update(sorted.join(",")).digest("hex")}`;
    return `${prefix}${keySegment(deliveryId)}/${positions}.json`;
}

export function serializeStoredEntries(stored: StoredEntries): Buffer {
    return Buffer.from(JSON.stringify(stored), "utf8");
}

/** Reads an object of the store back; throws, naming what is missing, when it was not written by the webhook handler. */
export function parseStoredEntries(body: Buffer): StoredEntries {
    let value: Partial<StoredEntries>;
    try {
        value = JSON.parse(body.toString("utf8"));
    } catch {
        throw new Error("the object is not JSON; only objects written by the webhook handler can be redriven");
    }
    if (typeof value !== "object" || value === null || value.format !== STORED_ENTRIES_FORMAT) {
        throw new Error(`the object is not in the ${STORED_ENTRIES_FORMAT} format; only objects written by the webhook handler can be redriven`);
    }
    if (typeof value.deliveryId !== "string" || !Array.isArray(value.entries)) {
        throw new Error("the object has no deliveryId or entries");
    }
    for (const stored of value.entries) {
        if (typeof stored?.index !== "number" || typeof stored.entry !== "object" || stored.entry === null || typeof stored.entry.Detail !== "string") {
            throw new Error("an entry of the object has no index or no Detail");
        }
    }
    return value as StoredEntries;
}

/** The delivery's identity inside one object key, for logs and dead letters (`<delivery id>/<positions>.json`). */
export function storedEntriesName(prefix: string, key: string): string {
    return key.startsWith(prefix) ? key.slice(prefix.length) : key;
}
