/**
 * The second half of the S3 flow: S3 ObjectCreated → read the raw delivery → one event per record
 * (with the batch id) → PutEvents in calls of 10, with the webhook's size guard and retries.
 * Any failure is thrown: the asynchronous invocation is retried by Lambda, then lands in the
 * function's dead-letter queue, so a batch is never dropped silently. Redelivery is
 * at-least-once; consumers de-duplicate on metadata.batchId + metadata.recordIndex.
 */
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { Context, S3Event } from "aws-lambda";
import { Deadline, withTimeout } from "../shared/deadline";
import { deliverEvents } from "../shared/deliver-events";
import { Env, overflowVars, positiveIntegerVar, requiredVar } from "../shared/env";
import { applyHook, EnrichHook, loadBundledHook } from "../shared/hook";
import { Logger, logLevelFrom, LogLevel, LogSink } from "../shared/log";
import { PROVIDER_EVENTS } from "../shared/provider-events";
import { fromObjectMetadata } from "../shared/raw-batch";
import { toVerifiedEvents } from "../shared/verified-events";

export interface ProcessorConfig {
    busName: string;
    source?: string;
    maxEntryBytes: number;
    overflow?: { bucket: string; prefix: string };
    logLevel: LogLevel;
}

export interface ProcessorDeps {
    eventBridge: () => EventBridgeClient;
    s3: () => S3Client;
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
    random?: () => number;
    logSink?: LogSink;
    hook?: EnrichHook;
}

export interface ProcessorResult {
    batches: number;
    events: number;
    putEventsCalls: number;
}

export type BatchProcessorHandler = (event: S3Event, context?: Partial<Context>) => Promise<ProcessorResult>;

/** Time kept back from the function timeout so a failure is reported (thrown) rather than timed out. */
const MARGIN_MS = 2000;
/** Without a Lambda context (tests, local runs), the time budget per invocation. */
const DEFAULT_BUDGET_MS = 60_000;

export function loadProcessorConfig(env: Env): ProcessorConfig {
    return {
        busName: requiredVar(env, "EBK_EVENT_BUS_NAME", "the event bus name or ARN the batch processor emits to"),
        source: env.EBK_EVENT_SOURCE || undefined,
        maxEntryBytes: positiveIntegerVar(env, "EBK_MAX_ENTRY_BYTES", 262_144),
        overflow: overflowVars(env),
        logLevel: logLevelFrom(env.EBK_LOG_LEVEL),
    };
}

/**
 * The batch processor as an execution environment starts it: configuration from the EBK_*
 * variables, the hook loaded when EBK_HOOK=1 (`loadHookModule`: how hook.js is obtained; in
 * Lambda a require of the file beside index.js). Shared by the Lambda entry and `eventbridge-kit
 * simulate`. Throws on a wrong variable or a hook that does not load.
 */
export function batchProcessorFromEnv(env: Env, deps: Omit<ProcessorDeps, "hook">, loadHookModule?: () => unknown): BatchProcessorHandler {
    const config = loadProcessorConfig(env);
    const hook = env.EBK_HOOK === "1" ? loadBundledHook(loadHookModule) : undefined;
    return createBatchProcessor(config, { ...deps, hook });
}

export function createBatchProcessor(config: ProcessorConfig, deps: ProcessorDeps): BatchProcessorHandler {
    const now = deps.now ?? Date.now;
    const baseLog = new Logger({ handler: "batch-processor" }, config.logLevel, deps.logSink);

    return async (event, context) => {
        const requestId = context?.awsRequestId ?? "local";
        const log = baseLog.child({ requestId });
        const remainingMs = typeof context?.getRemainingTimeInMillis === "function" ? context.getRemainingTimeInMillis() : DEFAULT_BUDGET_MS + MARGIN_MS;
        const deadline = Deadline.within(remainingMs - MARGIN_MS, now);
        // Reading may use the margin's first half: a hung read still ends in an error, never a timeout.
        const readDeadline = Deadline.within(remainingMs - MARGIN_MS / 2, now);
        const result: ProcessorResult = { batches: 0, events: 0, putEventsCalls: 0 };

        // S3 sends a test event (no Records) when a notification is configured.
        for (const record of event.Records ?? []) {
            if (!record.s3?.bucket?.name || !record.s3.object?.key) continue;
            const bucket = record.s3.bucket.name;
            // Keys in notifications are URL-encoded with "+" for spaces.
            const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, " "));
            const batchLog = log.child({ bucket, key });

            const { body, metadata } = await readRawDelivery(deps.s3(), bucket, key, readDeadline);
            const description = fromObjectMetadata(metadata);
            const source = config.source ?? description.source;
            const drafts = PROVIDER_EVENTS[description.provider](body, description.facts);
            let events = toVerifiedEvents(drafts, description.provider, source, description.facts, description.receivedAt, !deps.hook);
            if (deps.hook) {
                events = await applyHook(deps.hook, events, {
                    provider: description.provider,
                    requestId,
                    deliveryId: description.facts.deliveryId,
                    headers: {},
                });
            }

            const outcome = await deliverEvents(
                events,
                { busName: config.busName, maxEntryBytes: config.maxEntryBytes, overflow: config.overflow },
                { eventBridge: deps.eventBridge, s3: deps.s3, deadline, log: batchLog, sleep: deps.sleep, random: deps.random },
            );
            if (outcome.kind === "too-large") {
                throw new Error(
                    `record ${outcome.index} of s3://${bucket}/${key} is ${outcome.size} bytes, over the ${outcome.limit}-byte entry limit; ` +
                    "configure an overflow bucket (EBK_OVERFLOW_BUCKET) to deliver it by pointer",
                );
            }
            if (outcome.kind === "failed") {
                const codes = [...new Set(outcome.failed.map((f) => f.errorCode))].join(", ");
                throw new Error(`${outcome.failed.length} events of s3://${bucket}/${key} not delivered (${outcome.reason}: ${codes}); the batch will be retried`);
            }
            batchLog.info("batch delivered", {
                deliveryId: description.facts.deliveryId,
                batchId: description.facts.batchId,
                events: outcome.events,
                putEventsCalls: outcome.calls,
            });
            result.batches++;
            result.events += outcome.events;
            result.putEventsCalls += outcome.calls;
        }
        return result;
    };
}

/**
 * The raw delivery and its metadata, read (body included) within what is left of the deadline:
 * a hung GetObject ends in a clear error Lambda retries, not in a function timeout.
 */
async function readRawDelivery(s3: S3Client, bucket: string, key: string, deadline: Deadline): Promise<{ body: Buffer; metadata: Record<string, string> | undefined }> {
    return withTimeout(`S3 GetObject s3://${bucket}/${key}`, Math.max(1, deadline.remaining()), async (abortSignal) => {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal });
        if (!object.Body) throw new Error(`s3://${bucket}/${key} has no body`);
        return { body: Buffer.from(await object.Body.transformToByteArray()), metadata: object.Metadata };
    });
}
