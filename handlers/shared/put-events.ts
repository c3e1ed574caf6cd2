/**
 * PutEvents with nothing lost silently: calls within EventBridge's request limits (10 entries,
 * 1 MiB of entries together: providers/limits.ts), entries
 * that a PutEvents answer did not confirm (a thrown error fails the whole call; a result without an
 * EventId, or with an ErrorCode, fails its entry) retried with full-jitter backoff while the
 * deadline allows, and every entry not confirmed by then reported back as failed, so the caller
 * answers 5xx (webhook) or throws (batch processor).
 */
import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { attemptTimeout, backoffDelay, Deadline, sleep as realSleep, withTimeout } from "./deadline";
import { entrySize } from "./events";
import { PUT_EVENTS_MAX_ENTRIES, PUT_EVENTS_MAX_REQUEST_BYTES } from "../../providers";
import { describeError, Logger } from "./log";

/** Error codes a retry cannot fix (the bus, the role or the entry itself is wrong). */
export const PERMANENT_ERROR_CODES: ReadonlySet<string> = new Set([
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
    /** The sum of entry sizes one call may carry; EventBridge's request limit unless a test says otherwise. */
    maxRequestBytes?: number;
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
    /** Entries a PutEvents answer confirmed; `delivered + failed.length` is always the number of entries. */
    delivered: number;
    failed: FailedEntry[];
    /** PutEvents calls made, retries included. */
    calls: number;
}

/**
 * Groups entries, in order, into calls of at most 10 entries whose sizes add up to at most
 * `maxRequestBytes`. An entry is never split: one larger than the request limit goes alone (the
 * entry limit, checked before, keeps that from happening).
 */
export function chunkEntries(entries: readonly PutEventsRequestEntry[], maxRequestBytes = PUT_EVENTS_MAX_REQUEST_BYTES): PutEventsRequestEntry[][] {
    const chunks: PutEventsRequestEntry[][] = [];
    let current: PutEventsRequestEntry[] = [];
    let currentBytes = 0;
    for (const entry of entries) {
        const size = entrySize(entry);
        if (current.length === PUT_EVENTS_MAX_ENTRIES || (current.length > 0 && currentBytes + size > maxRequestBytes)) {
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
    // Every entry is unconfirmed until a PutEvents answer confirms it; whatever is still
    // unconfirmed when the budget ends is failed, so an expired budget never reads as success.
    let unconfirmed: FailedEntry[] = entries.map((entry) => ({
        entry,
        errorCode: "DeadlineExceeded",
        errorMessage: "no time was left in the budget to send this entry",
    }));
    let permanent: FailedEntry[] = [];
    let delivered = 0;
    let calls = 0;

    for (let attempt = 0; unconfirmed.length > 0; attempt++) {
        if (attempt > 0) {
            const delay = Math.min(backoffDelay(attempt - 1, random), options.deadline.remaining());
            if (delay > 0) await sleep(delay);
        }
        if (options.deadline.expired()) break;

        const chunks = chunkEntries(unconfirmed.map((f) => f.entry), options.maxRequestBytes);
        const failures: FailedEntry[] = [];
        let next = 0;
        const worker = async (): Promise<void> => {
            while (next < chunks.length) {
                const chunk = chunks[next++];
                calls++;
                const chunkFailures = await sendChunk(chunk, options);
                delivered += chunk.length - chunkFailures.length;
                failures.push(...chunkFailures);
            }
        };
        await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));

        permanent = permanent.concat(failures.filter((f) => PERMANENT_ERROR_CODES.has(f.errorCode)));
        unconfirmed = failures.filter((f) => !PERMANENT_ERROR_CODES.has(f.errorCode));
        if (failures.length > 0) {
            options.log.warn("PutEvents entries failed", {
                attempt: attempt + 1,
                failedEntries: failures.length,
                errorCodes: [...new Set(failures.map((f) => f.errorCode))],
                willRetry: unconfirmed.length > 0 && !options.deadline.expired(),
            });
        }
    }
    return { delivered, failed: permanent.concat(unconfirmed), calls };
}

/**
 * The entries of one call that PutEvents did not confirm. Only an EventId without an ErrorCode
 * confirms an entry, whatever FailedEntryCount says; results are matched to entries by position,
 * so a result list of another length confirms nothing.
 */
async function sendChunk(chunk: PutEventsRequestEntry[], options: PutEventsOptions): Promise<FailedEntry[]> {
    let results;
    try {
        const output = await withTimeout("PutEvents", attemptTimeout(options.deadline), (abortSignal) =>
            options.client.send(new PutEventsCommand({ Entries: chunk }), { abortSignal }),
        );
        results = output.Entries ?? [];
    } catch (err) {
        const { errorName, errorMessage } = describeError(err) as { errorName?: string; errorMessage: string };
        return chunk.map((entry) => ({ entry, errorCode: errorName ?? "Error", errorMessage }));
    }
    if (results.length !== chunk.length) {
        const errorMessage = `PutEvents answered ${results.length} results for ${chunk.length} entries`;
        return chunk.map((entry) => ({ entry, errorCode: "ResultCountMismatch", errorMessage }));
    }
    const failed: FailedEntry[] = [];
    chunk.forEach((entry, i) => {
        const result = results[i];
        if (result.EventId && !result.ErrorCode) return;
        failed.push({
            entry,
            errorCode: result.ErrorCode ?? "MissingEventId",
            errorMessage: result.ErrorMessage ?? "PutEvents returned no event id for this entry",
        });
    });
    return failed;
}
