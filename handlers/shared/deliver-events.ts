/**
 * Verified events to the bus: size guard first (nothing is sent when one event cannot be
 * delivered whole or by pointer), oversize events stored in S3 and replaced by a pointer event
 * when an overflow bucket is configured, then PutEvents with retries.
 */
import { createHash } from "crypto";
import type { EventBridgeClient, PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import type { S3Client } from "@aws-sdk/client-s3";
import { Deadline } from "./deadline";
import { entrySize, PayloadPointer, toEntry, VerifiedEvent } from "./events";
import { describeError, Logger } from "./log";
import { FailedEntry, putEventsReliably } from "./put-events";
import { keySegment, putObjectReliably } from "./s3-objects";

export interface EventDeliveryConfig {
    busName: string;
    maxEntryBytes: number;
    overflow?: { bucket: string; prefix: string };
}

export interface EventDeliveryDeps {
    eventBridge: () => EventBridgeClient;
    s3: () => S3Client;
    deadline: Deadline;
    log: Logger;
    sleep?: (ms: number) => Promise<void>;
    random?: () => number;
}

export type EventDeliveryOutcome =
    | { kind: "delivered"; events: number; calls: number; pointers: number }
    | { kind: "too-large"; index: number; size: number; limit: number }
    | { kind: "failed"; reason: string; failed: FailedEntry[] };

export async function deliverEvents(
    events: readonly VerifiedEvent[],
    config: EventDeliveryConfig,
    deps: EventDeliveryDeps,
): Promise<EventDeliveryOutcome> {
    const entries = events.map((event) => toEntry(event, config.busName));
    const oversize = entries.map((entry, index) => ({ index, size: entrySize(entry) })).filter((e) => e.size > config.maxEntryBytes);
    if (oversize.length > 0 && !config.overflow) {
        return { kind: "too-large", index: oversize[0].index, size: oversize[0].size, limit: config.maxEntryBytes };
    }
    for (const { index, size } of oversize) {
        try {
            entries[index] = await storeAndPoint(events[index], entries[index], index, config, deps);
        } catch (err) {
            deps.log.error("could not store an oversize event in S3", { index, size, ...describeError(err) });
            return { kind: "failed", reason: "overflow store failed", failed: [] };
        }
        const pointerSize = entrySize(entries[index]);
        if (pointerSize > config.maxEntryBytes) {
            return { kind: "too-large", index, size: pointerSize, limit: config.maxEntryBytes };
        }
    }
    if (entries.length === 0) return { kind: "delivered", events: 0, calls: 0, pointers: 0 };

    const result = await putEventsReliably(entries, {
        client: deps.eventBridge(),
        maxEntryBytes: config.maxEntryBytes,
        deadline: deps.deadline,
        log: deps.log,
        sleep: deps.sleep,
        random: deps.random,
    });
    if (result.failed.length > 0) {
        return { kind: "failed", reason: "PutEvents entries failed", failed: result.failed };
    }
    return { kind: "delivered", events: entries.length, calls: result.calls, pointers: oversize.length };
}

async function storeAndPoint(
    event: VerifiedEvent,
    entry: PutEventsRequestEntry,
    index: number,
    config: EventDeliveryConfig,
    deps: EventDeliveryDeps,
): Promise<PutEventsRequestEntry> {
    const overflow = config.overflow!;
    const body = Buffer.from(entry.Detail ?? "", "utf8");
    const sha256 = createHash("sha256").update(body).digest("hex");
    // Keyed by delivery, position and the bytes' digest: the delivery id is not signed, so a replay
    // naming another delivery's id must not replace the object that delivery's pointer refers to.
    const key = `${overflow.prefix}${keySegment(event.detail.metadata.deliveryId)}/${index}-${sha256}.json`;
    await putObjectReliably(
        { bucket: overflow.bucket, key, body, contentType: "application/json" },
        { client: deps.s3(), deadline: deps.deadline, log: deps.log, sleep: deps.sleep, random: deps.random },
    );
    const payloadPointer: PayloadPointer = {
        bucket: overflow.bucket,
        key,
        size: body.length,
        sha256,
    };
    return { ...entry, Detail: JSON.stringify({ metadata: event.detail.metadata, payloadPointer }) };
}
