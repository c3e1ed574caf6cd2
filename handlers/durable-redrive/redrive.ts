/**
 * The redrive function of durable acceptance: sends the entries the webhook handler stored in the
 * durable store (handlers/shared/durable-store.ts) on to the bus, with the same PutEvents rules as
 * the handler (handlers/shared/put-events.ts), and removes an object only once every entry of it
 * is confirmed.
 *
 * Invoked by S3 ObjectCreated under the store's prefix (an object is redriven as soon as it is
 * stored) and by a schedule (a sweep of what is left: objects whose first redrive failed because
 * the bus was still out). Per object:
 * - every entry confirmed: the object is deleted;
 * - some confirmed, the rest failed for a reason a retry can fix: the object is rewritten with the
 *   rest only, so a confirmed entry is not sent again;
 * - entries failed for a reason a retry cannot fix (the bus or role is wrong, the entry is
 *   malformed), or an object that is not the webhook handler's: they are written under the
 *   dead-letter prefix and announced on the dead-letter queue (alarmed), and removed from the
 *   store;
 * - nothing confirmed: the object stays for the next sweep (the backlog alarms watch it).
 * Each sweep logs the backlog it leaves (objects, oldest age) as CloudWatch embedded metrics.
 */
import type { EventBridgeClient, PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Context } from "aws-lambda";
import { DURABLE_BACKLOG_METRICS } from "../../providers/durable";
import { Deadline } from "../shared/deadline";
import { parseStoredEntries, serializeStoredEntries, StoredEntries, storedEntriesName } from "../shared/durable-store";
import { Env, prefixVar, requiredVar, secondsVar } from "../shared/env";
import { describeError, Logger, logLevelFrom, LogLevel, LogSink } from "../shared/log";
import { FailedEntry, PERMANENT_ERROR_CODES, putEventsReliably } from "../shared/put-events";
import { putObjectReliably } from "../shared/s3-objects";

export interface RedriveConfig {
    busName: string;
    bucket: string;
    /** Prefix of the entries waiting to be redriven (EBK_DURABLE_PREFIX). */
    prefix: string;
    /** Where entries that cannot be delivered are kept (EBK_DURABLE_DEAD_LETTER_PREFIX). */
    deadLetterPrefix: string;
    deadLetterQueueUrl: string;
    /** A sweep leaves objects younger than this to their own ObjectCreated invocation. */
    sweepMinAgeMs: number;
    logLevel: LogLevel;
}

export interface RedriveDeps {
    eventBridge: () => EventBridgeClient;
    s3: () => S3Client;
    sqs: () => SQSClient;
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
    random?: () => number;
    logSink?: LogSink;
    /** Where the embedded-metric lines go (stdout in Lambda, where CloudWatch reads them). */
    metricSink?: LogSink;
}

export interface RedriveResult {
    objects: number;
    /** Entries PutEvents confirmed. */
    delivered: number;
    /** Objects deleted because every entry was confirmed. */
    completed: number;
    /** Entries written to the dead-letter prefix and announced on the dead-letter queue. */
    deadLettered: number;
    /** Objects still in the store afterwards. */
    remaining: number;
}

/** The S3 ObjectCreated notification, or anything else (the schedule's event), which means a sweep. */
export interface RedriveEvent {
    Records?: { s3?: { bucket?: { name?: string }; object?: { key?: string } } }[];
}

export type RedriveHandler = (event: RedriveEvent, context?: Partial<Context>) => Promise<RedriveResult>;

/** Time kept back from the function timeout so an invocation ends on its own terms. */
const MARGIN_MS = 5000;
/** At most this long for the PutEvents calls of one object. */
const PER_OBJECT_BUDGET_MS = 10_000;
/** Without a Lambda context (tests, local runs), the time budget per invocation. */
const DEFAULT_BUDGET_MS = 60_000;

export function loadRedriveConfig(env: Env): RedriveConfig {
    const prefix = prefixVar(env, "EBK_DURABLE_PREFIX");
    const deadLetterPrefix = prefixVar(env, "EBK_DURABLE_DEAD_LETTER_PREFIX");
    if (deadLetterPrefix === "" || deadLetterPrefix.startsWith(prefix)) {
        throw new Error(`EBK_DURABLE_DEAD_LETTER_PREFIX is "${deadLetterPrefix}"; set it to a prefix outside EBK_DURABLE_PREFIX ("${prefix}"), e.g. "dead-letter/"`);
    }
    return {
        busName: requiredVar(env, "EBK_EVENT_BUS_NAME", "the event bus name or ARN the redrive function puts events on"),
        bucket: requiredVar(env, "EBK_DURABLE_BUCKET", "the durable store's bucket name"),
        prefix,
        deadLetterPrefix,
        deadLetterQueueUrl: requiredVar(env, "EBK_DEAD_LETTER_QUEUE_URL", "the URL of the redrive function's dead-letter queue"),
        sweepMinAgeMs: secondsVar(env, "EBK_SWEEP_MIN_AGE_SECONDS", 60) * 1000,
        logLevel: logLevelFrom(env.EBK_LOG_LEVEL),
    };
}

export function redriveFromEnv(env: Env, deps: RedriveDeps): RedriveHandler {
    return createRedrive(loadRedriveConfig(env), deps);
}

export function createRedrive(config: RedriveConfig, deps: RedriveDeps): RedriveHandler {
    const now = deps.now ?? Date.now;
    const baseLog = new Logger({ handler: "durable-redrive" }, config.logLevel, deps.logSink);
    const metricSink = deps.metricSink ?? ((line: string) => void process.stdout.write(line + "\n"));

    return async (event, context) => {
        const log = baseLog.child({ requestId: context?.awsRequestId ?? "local" });
        const budgetMs = typeof context?.getRemainingTimeInMillis === "function" ? context.getRemainingTimeInMillis() - MARGIN_MS : DEFAULT_BUDGET_MS;
        const deadline = Deadline.within(budgetMs, now);
        const redrive = new ObjectRedrive(config, deps, deadline, log);
        const result: RedriveResult = { objects: 0, delivered: 0, completed: 0, deadLettered: 0, remaining: 0 };

        const notified = (event.Records ?? []).filter((r) => r.s3?.bucket?.name === config.bucket && r.s3.object?.key);
        if (event.Records !== undefined) {
            for (const record of notified) {
                // Keys in notifications are URL-encoded with "+" for spaces.
                const key = decodeURIComponent(record.s3!.object!.key!.replace(/\+/g, " "));
                if (!key.startsWith(config.prefix)) continue;
                redrive.add(result, await redrive.object(key));
            }
            return result;
        }

        // The sweep: every object left under the prefix, oldest first as S3 lists them (by key), until the budget ends.
        let oldestLeft: number | undefined;
        // Once an object gets nothing confirmed, the bus is still out: the rest wait for the next sweep.
        let busOut = false;
        let token: string | undefined;
        do {
            const page = await deps.s3().send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: config.prefix, ContinuationToken: token }));
            for (const object of page.Contents ?? []) {
                if (!object.Key) continue;
                const modified = object.LastModified?.getTime() ?? now();
                const young = now() - modified < config.sweepMinAgeMs;
                const outcome = young || busOut || deadline.expired() ? "left" : await redrive.object(object.Key);
                redrive.add(result, outcome);
                if (typeof outcome === "object" && outcome.kept && outcome.delivered === 0) busOut = true;
                if (outcome === "left" || (typeof outcome === "object" && outcome.kept)) {
                    oldestLeft = Math.min(oldestLeft ?? modified, modified);
                }
            }
            token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
        emitBacklogMetrics(metricSink, config.bucket, result.remaining, oldestLeft === undefined ? 0 : Math.max(0, Math.floor((now() - oldestLeft) / 1000)), now());
        log.info("sweep done", { ...result });
        return result;
    };
}

type ObjectOutcome = "left" | "gone" | { delivered: number; deadLettered: number; kept: boolean };

class ObjectRedrive {
    constructor(
        private readonly config: RedriveConfig,
        private readonly deps: RedriveDeps,
        private readonly deadline: Deadline,
        private readonly log: Logger,
    ) {}

    add(result: RedriveResult, outcome: ObjectOutcome): void {
        if (outcome === "gone") return;
        result.objects++;
        if (outcome === "left") {
            result.remaining++;
            return;
        }
        result.delivered += outcome.delivered;
        result.deadLettered += outcome.deadLettered;
        if (outcome.kept) result.remaining++;
        else result.completed++;
    }

    /** One stored object: send, then delete, rewrite, dead-letter or keep it (see the file comment). */
    async object(key: string): Promise<ObjectOutcome> {
        const { config, deps } = this;
        const log = this.log.child({ key });
        const body = await this.read(key);
        if (body === undefined) {
            log.info("already redriven (the object is gone)");
            return "gone";
        }
        let stored: StoredEntries;
        try {
            stored = parseStoredEntries(body);
        } catch (err) {
            await this.deadLetter(key, body, "the object is not one the webhook handler wrote", [], log);
            log.error("not a stored delivery; moved to the dead-letter prefix", describeError(err));
            await this.remove(key);
            return { delivered: 0, deadLettered: 1, kept: false };
        }
        const log2 = log.child({ deliveryId: stored.deliveryId });
        // The bus is the ingress's, whatever the stored entries name: the function may put events on that bus only.
        const entries: PutEventsRequestEntry[] = stored.entries.map((s) => ({ ...s.entry, EventBusName: config.busName }));
        const result = await putEventsReliably(entries, {
            client: deps.eventBridge(),
            // One object may not use the whole invocation: the others wait behind it.
            deadline: Deadline.within(Math.min(this.deadline.remaining(), PER_OBJECT_BUDGET_MS), deps.now ?? Date.now),
            log: log2,
            sleep: deps.sleep,
            random: deps.random,
        });
        const failedAt = new Map<PutEventsRequestEntry, FailedEntry>(result.failed.map((f) => [f.entry, f]));
        const permanent = stored.entries.filter((_, i) => PERMANENT_ERROR_CODES.has(failedAt.get(entries[i])?.errorCode ?? ""));
        const retryable = stored.entries.filter((_, i) => {
            const failure = failedAt.get(entries[i]);
            return failure !== undefined && !PERMANENT_ERROR_CODES.has(failure.errorCode);
        });

        if (permanent.length > 0) {
            const failures = permanent.map((s) => {
                const f = failedAt.get(entries[stored.entries.indexOf(s)])!;
                return { index: s.index, errorCode: f.errorCode, errorMessage: f.errorMessage };
            });
            await this.deadLetter(key, serializeStoredEntries({ ...stored, entries: permanent, errorCodes: [...new Set(failures.map((f) => f.errorCode))] }),
                "PutEvents refused these entries for a reason a retry cannot fix", failures, log2);
        }
        if (retryable.length === 0) {
            await this.remove(key);
            log2.info("stored entries redriven", { delivered: result.delivered, deadLettered: permanent.length });
            return { delivered: result.delivered, deadLettered: permanent.length, kept: false };
        }
        if (retryable.length < stored.entries.length) {
            // Progress: keep only what is still to send, so confirmed entries are not sent twice.
            await putObjectReliably(
                { bucket: config.bucket, key, body: serializeStoredEntries({ ...stored, entries: retryable }), contentType: "application/json" },
                { client: deps.s3(), deadline: this.longDeadline(), log: log2, sleep: deps.sleep, random: deps.random },
            );
        }
        log2.warn("stored entries not confirmed yet; kept for the next sweep", {
            delivered: result.delivered,
            waiting: retryable.length,
            errorCodes: [...new Set(result.failed.map((f) => f.errorCode))],
        });
        return { delivered: result.delivered, deadLettered: permanent.length, kept: true };
    }

    private async read(key: string): Promise<Buffer | undefined> {
        try {
            const object = await this.deps.s3().send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key }));
            if (!object.Body) throw new Error(`s3://${this.config.bucket}/${key} has no body`);
            return Buffer.from(await object.Body.transformToByteArray());
        } catch (err) {
            if ((err as { name?: string }).name === "NoSuchKey") return undefined;
            throw err;
        }
    }

    private async remove(key: string): Promise<void> {
        await this.deps.s3().send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: key }));
    }

    /** Writes under the dead-letter prefix (same name), then announces it on the dead-letter queue; throws when either fails, so nothing is removed unkept. */
    private async deadLetter(key: string, body: Buffer, reason: string, failures: { index: number; errorCode: string; errorMessage: string }[], log: Logger): Promise<void> {
        const { config, deps } = this;
        const deadLetterKey = config.deadLetterPrefix + storedEntriesName(config.prefix, key);
        await putObjectReliably(
            { bucket: config.bucket, key: deadLetterKey, body, contentType: "application/json" },
            { client: deps.s3(), deadline: this.longDeadline(), log, sleep: deps.sleep, random: deps.random },
        );
        await deps.sqs().send(new SendMessageCommand({
            QueueUrl: config.deadLetterQueueUrl,
            MessageBody: JSON.stringify({ reason, bucket: config.bucket, key: deadLetterKey, storedKey: key, failures }),
        }));
        log.error("stored entries cannot be delivered; kept under the dead-letter prefix and announced on the dead-letter queue", { deadLetterKey, reason, failures });
    }

    /** Writes that keep or move entries get at least a few seconds, even after PutEvents used the budget. */
    private longDeadline(): Deadline {
        return Deadline.within(Math.max(this.deadline.remaining(), 3000), this.deps.now ?? Date.now);
    }
}

/** One CloudWatch embedded-metric-format line: the backlog a sweep leaves behind. */
function emitBacklogMetrics(sink: LogSink, bucket: string, objects: number, oldestAgeSeconds: number, now: number): void {
    sink(JSON.stringify({
        _aws: {
            Timestamp: now,
            CloudWatchMetrics: [{
                Namespace: DURABLE_BACKLOG_METRICS.namespace,
                Dimensions: [[DURABLE_BACKLOG_METRICS.dimension]],
                Metrics: [{ Name: DURABLE_BACKLOG_METRICS.objects, Unit: "Count" }, { Name: DURABLE_BACKLOG_METRICS.oldestAge, Unit: "Seconds" }],
            }],
        },
        [DURABLE_BACKLOG_METRICS.dimension]: bucket,
        [DURABLE_BACKLOG_METRICS.objects]: objects,
        [DURABLE_BACKLOG_METRICS.oldestAge]: oldestAgeSeconds,
    }));
}
