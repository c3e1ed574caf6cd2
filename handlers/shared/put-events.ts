/**
 * PutEvents with nothing lost silently: at most 10 entries and `maxEntryBytes` per call, entries
 * that fail (a thrown error fails the whole call; `FailedEntryCount` fails some) retried with
 * full-jitter backoff while the deadline allows, and whatever still failed reported back so the
 * caller answers 5xx (webhook) or throws (batch processor).
 */
import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { attemptTimeout, backoffDelay, Deadline, sleep as realSleep, withTimeout } from "./deadline";
import { entrySize } from "./events";
import { describeError, Logger } from "./log";

export const MAX_ENTRIES_PER_CALL = 10;

/** Error codes a retry cannot fix (the bus, the role or the entry itself is wrong). */
const PERMANENT_ERROR_CODES = new Set([
    "AccessDeniedException",
    "InvalidArgument",
    "MalformedDetail",
    "NotAuthorizedForSourceException",
    "NotAuthorizedForDetailTypeException",
    "ResourceNotFoundException",
    "ValidationException",
]);

export interface PutEventsOptions {
    client: EventBridgeClient;
    maxEntryBytes: number;
    deadline: Deadline;
    log: Logger;
    /** Calls in flight at once (a 350-record batch is 35 calls). */
    concurrency?: number;
    sleep?: (ms: number) => Promise<void>;
    random?: () => number;
}

export interface FailedEntry {
    entry: PutEventsRequestEntry;
    errorCode: string;
    errorMessage: string;
}

export interface PutEventsResult {
    delivered: number;
    failed: FailedEntry[];
    /** PutEvents calls made, retries included. */
    calls: number;
}

/** Groups entries into calls of at most 10 entries and `maxEntryBytes` in total, in order. */
export function chunkEntries(entries: readonly PutEventsRequestEntry[], maxEntryBytes: number): PutEventsRequestEntry[][] {
    const chunks: PutEventsRequestEntry[][] = [];
    let current: PutEventsRequestEntry[] = [];
    let currentBytes = 0;
    for (const entry of entries) {
        const size = entrySize(entry);
        if (current.length === MAX_ENTRIES_PER_CALL || (current.length > 0 && currentBytes + size > maxEntryBytes)) {
            chunks.push(current);
            current = [];
            currentBytes = 0;
        }
        current.push(entry);
        currentBytes += size;
    }
    if (current.length > 0) chunks.push(current);
    return chunks;
}

export async function putEventsReliably(entries: readonly PutEventsRequestEntry[], options: PutEventsOptions): Promise<PutEventsResult> {
    const sleep = options.sleep ?? realSleep;
    const random = options.random ?? Math.random;
    const concurrency = Math.max(1, options.concurrency ?? 4);
    let pending: PutEventsRequestEntry[] = [...entries];
    let permanent: FailedEntry[] = [];
    let lastFailures: FailedEntry[] = [];
    let calls = 0;

    for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) {
            const delay = Math.min(backoffDelay(attempt - 1, random), options.deadline.remaining());
            if (delay > 0) await sleep(delay);
        }
        if (options.deadline.expired()) break;

        const chunks = chunkEntries(pending, options.maxEntryBytes);
        const failures: FailedEntry[] = [];
        let next = 0;
        const worker = async (): Promise<void> => {
            while (next < chunks.length) {
                const chunk = chunks[next++];
                calls++;
                failures.push(...(await sendChunk(chunk, options)));
            }
        };
        await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));

        permanent = permanent.concat(failures.filter((f) => PERMANENT_ERROR_CODES.has(f.errorCode)));
        lastFailures = failures.filter((f) => !PERMANENT_ERROR_CODES.has(f.errorCode));
        pending = lastFailures.map((f) => f.entry);
        if (failures.length > 0) {
            options.log.warn("PutEvents entries failed", {
                attempt: attempt + 1,
                failedEntries: failures.length,
                errorCodes: [...new Set(failures.map((f) => f.errorCode))],
                willRetry: pending.length > 0 && !options.deadline.expired(),
            });
        }
    }
    const failed = permanent.concat(pending.length > 0 ? lastFailures : []);
    return { delivered: entries.length - failed.length, failed, calls };
}

async function sendChunk(chunk: PutEventsRequestEntry[], options: PutEventsOptions): Promise<FailedEntry[]> {
    try {
        const output = await withTimeout("PutEvents", attemptTimeout(options.deadline), (abortSignal) =>
            options.client.send(new PutEventsCommand({ Entries: chunk }), { abortSignal }),
        );
        const results = output.Entries ?? [];
        if (!output.FailedEntryCount && results.length === chunk.length) return [];
        // A result without an EventId is a failure whatever FailedEntryCount says; a missing
        // result (fewer results than entries) is one too.
        const failed: FailedEntry[] = [];
        chunk.forEach((entry, i) => {
            const result = results[i];
            if (!result || !result.EventId || result.ErrorCode) {
                failed.push({
                    entry,
                    errorCode: result?.ErrorCode ?? "MissingResult",
                    errorMessage: result?.ErrorMessage ?? "PutEvents returned no event id for this entry",
                });
            }
        });
        return failed;
    } catch (err) {
        const { errorName, errorMessage } = describeError(err) as { errorName?: string; errorMessage: string };
        return chunk.map((entry) => ({ entry, errorCode: errorName ?? "Error", errorMessage }));
    }
}
