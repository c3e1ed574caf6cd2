/**
 * Durable acceptance: when PutEvents did not confirm every entry within the budget, the entries it
 * did not confirm go to the ingress's durable store (S3), and the delivery is accepted once they
 * are stored there. The redrive function (handlers/durable-redrive) sends them on. A sender that
 * never retries (GitHub, most HMAC senders) thus loses nothing to an EventBridge outage; only when
 * the store fails too is the answer a 5xx.
 */
import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import type { S3Client } from "@aws-sdk/client-s3";
import { Deadline } from "../shared/deadline";
import { serializeStoredEntries, STORED_ENTRIES_FORMAT, storedEntriesKey } from "../shared/durable-store";
import type { ProviderName } from "../shared/events";
import { describeError, Logger } from "../shared/log";
import type { FailedEntry } from "../shared/put-events";
import { putObjectReliably } from "../shared/s3-objects";

export interface DurableStoreConfig {
    bucket: string;
    /** Key prefix of unconfirmed entries (the redrive function is triggered by objects under it). */
    prefix: string;
}

/** Time kept back from PutEvents for the store: a third of the budget, at most 3 s. */
export function storeReserveMs(budgetMs: number): number {
    return Math.min(3000, Math.floor(budgetMs / 3));
}

/** The budget PutEvents may use when the unconfirmed entries must still be stored afterwards. */
export function putEventsDeadline(deadline: Deadline, now: () => number): Deadline {
    const remaining = deadline.remaining();
    return Deadline.within(remaining - storeReserveMs(remaining), now);
}

export type DurableOutcome = { kind: "stored"; key: string; entries: number } | { kind: "not-stored"; key: string };

export async function storeUnconfirmed(
    failed: readonly FailedEntry[],
    allEntries: readonly PutEventsRequestEntry[],
    delivery: { provider: ProviderName; deliveryId: string; storedAt: string },
    store: DurableStoreConfig,
    deps: { s3: () => S3Client; deadline: Deadline; log: Logger; sleep?: (ms: number) => Promise<void>; random?: () => number },
): Promise<DurableOutcome> {
    const entries = failed
        .map((f) => ({ index: allEntries.indexOf(f.entry), entry: f.entry }))
        .sort((a, b) => a.index - b.index);
    const key = storedEntriesKey(store.prefix, delivery.deliveryId, entries.map((e) => e.index));
    const body = serializeStoredEntries({
        format: STORED_ENTRIES_FORMAT,
        provider: delivery.provider,
        deliveryId: delivery.deliveryId,
        storedAt: delivery.storedAt,
        errorCodes: [...new Set(failed.map((f) => f.errorCode))],
        entries,
    });
    try {
        await putObjectReliably(
            { bucket: store.bucket, key, body, contentType: "application/json" },
            { client: deps.s3(), deadline: deps.deadline, log: deps.log, sleep: deps.sleep, random: deps.random },
        );
    } catch (err) {
        deps.log.error("unconfirmed events not stored in the durable store", { bucket: store.bucket, key, ...describeError(err) });
        return { kind: "not-stored", key };
    }
    return { kind: "stored", key, entries: entries.length };
}
