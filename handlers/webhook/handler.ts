/**
 * The webhook request pipeline, in the order that keeps a public endpoint safe:
 * size check → authentication (constant time, fail closed) → parse → events → hook → delivery.
 * Nothing from an unauthenticated request is parsed beyond what its signature scheme needs, and
 * nothing from it is logged beyond the request id.
 *
 * Status codes: 200 only once every event is on the bus (or the raw delivery is in S3);
 * 401 bad or missing signature; 400 authentic but malformed; 405 wrong method; 413 too large;
 * 500 misconfiguration or hook failure; 503 delivery or Secrets Manager failure (the provider
 * retries). Never 200 while an event was lost.
 */
import { randomUUID } from "crypto";
import type { Context } from "aws-lambda";
import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { Deadline } from "../shared/deadline";
import { deliverEvents } from "../shared/deliver-events";
import { describeError, Logger, LogSink, redactHeaders } from "../shared/log";
import { putObjectReliably } from "../shared/s3-objects";
import { ConfigError, WebhookConfig } from "./config";
import { applyHook, EnrichHook } from "../shared/hook";
import { providerFor } from "./providers";
import { MalformedError, Provider, Verdict } from "./providers/types";
import { rawBatchKey, toObjectMetadata } from "../shared/raw-batch";
import { IncomingEvent, isAlbEvent, parseRequest, WebhookRequest } from "./request";
import { Answer, respond, WebhookResult } from "./response";
import { SecretCache, SecretUnavailableError, SecretVersion } from "./secrets";
import { toVerifiedEvents } from "../shared/verified-events";

export interface WebhookDeps {
    /** Absent in the `webhook-s3` bundle, built without the EventBridge client; events delivery is then refused. */
    eventBridge?: () => EventBridgeClient;
    s3: () => S3Client;
    secretsManager: () => SecretsManagerClient;
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
    random?: () => number;
    logSink?: LogSink;
    /** The user hook (loaded from hook.js in Lambda). */
    hook?: EnrichHook;
}

export type WebhookHandler = (event: IncomingEvent, context?: Partial<Context>) => Promise<WebhookResult>;

/** Time kept back from the deadline to answer in. */
function answerMargin(deadlineMs: number): number {
    return Math.min(1000, Math.floor(deadlineMs / 10));
}

/** Events delivery, given a bundle without the EventBridge client, is a misconfiguration. */
function requireEventBridgeClient(config: WebhookConfig | ConfigError, deps: WebhookDeps): WebhookConfig | ConfigError {
    if (config instanceof ConfigError || deps.eventBridge || config.delivery.kind !== "events") return config;
    return new ConfigError(
        'EBK_DELIVERY is "events", but this handler bundle (webhook-s3, for S3 delivery) is built without the EventBridge client; ' +
        "deploy handlers/dist/webhook (WebhookIngress does so for events delivery)",
    );
}

/** Never called: requireEventBridgeClient refuses every configuration that would call it. */
const noEventBridgeClient = (): never => {
    throw new Error("no EventBridge client in this handler bundle");
};

export function createWebhookHandler(configOrInvalid: WebhookConfig | ConfigError, deps: WebhookDeps): WebhookHandler {
    const configOrError = requireEventBridgeClient(configOrInvalid, deps);
    const eventBridge = deps.eventBridge ?? noEventBridgeClient;
    const now = deps.now ?? Date.now;
    const baseLog = new Logger({ handler: "webhook" }, configOrError instanceof ConfigError ? "info" : configOrError.logLevel, deps.logSink);
    if (configOrError instanceof ConfigError) {
        return async (event, context) => {
            baseLog.error("the webhook handler is misconfigured; every request is refused until it is fixed", {
                requestId: context?.awsRequestId,
                configError: configOrError.message,
            });
            return respond({ status: 500, body: { message: "webhook handler misconfigured" } }, frontDoor(event));
        };
    }
    const config: WebhookConfig = configOrError;
    const provider = providerFor(config.provider);
    const source = config.source ?? provider.defaultSource(config.options);
    const secrets = new SecretCache({
        secretId: config.secretArn,
        ttlMs: config.secretTtlMs,
        graceMs: config.previousSecretGraceMs,
        client: deps.secretsManager,
        now,
    });

    return async (event, context) => {
        const startedAt = now();
        const requestId = context?.awsRequestId ?? randomUUID();
        const log = baseLog.child({ provider: config.provider, requestId });
        // One budget for the whole request, secret reads included, so no call can outlive the provider's timeout.
        const deadline = budget();
        let request: WebhookRequest | undefined;
        let answer: Answer;
        try {
            const result = await handle();
            request = result.request;
            answer = result.answer;
        } catch (err) {
            log.error("unexpected error", describeError(err));
            answer = { status: 500, body: { message: "internal error" } };
        }
        log.info("request answered", { status: answer.status, durationMs: now() - startedAt, ...(answer.body.accepted !== undefined ? { accepted: answer.body.accepted } : {}) });
        return respond(answer, request ?? frontDoor(event));

        async function handle(): Promise<{ request?: WebhookRequest; answer: Answer }> {
            const parsed = parseRequest(event, config.maxBodyBytes);
            if (parsed.kind === "unsupported") {
                return { answer: { status: 400, body: { message: "not a function URL or load balancer request" } } };
            }
            if (parsed.kind === "too-large") {
                log.warn("request body over the limit", { bytes: parsed.bytes, limit: config.maxBodyBytes });
                return { answer: { status: 413, body: { message: `body larger than ${config.maxBodyBytes} bytes` } } };
            }
            const req = parsed.request;
            if (!provider.methods.includes(req.method)) {
                return { request: req, answer: { status: 405, body: { message: `use ${provider.methods.join(" or ")}` } } };
            }

            const verdict = await authenticate(req, deadline);
            if (typeof verdict !== "string") return { request: req, answer: verdict };
            if (verdict === "invalid") {
                log.warn("signature or credentials rejected");
                return { request: req, answer: { status: 401, body: { message: "unauthorized" } } };
            }
            if (verdict === "stale") {
                log.warn("signature valid but its timestamp is outside the tolerance (replay?)");
                return { request: req, answer: { status: 401, body: { message: "unauthorized" } } };
            }

            // Authenticated from here on.
            const receivedAt = new Date(startedAt).toISOString();
            let events;
            let facts;
            try {
                facts = provider.facts(req, config.options, requestId);
                events = toVerifiedEvents(provider.events(req.body, facts), config.provider, source, facts, receivedAt, !deps.hook);
            } catch (err) {
                if (err instanceof MalformedError) {
                    log.warn("authentic request is malformed", { reason: err.message });
                    return { request: req, answer: { status: 400, body: { message: err.message } } };
                }
                throw err;
            }
            const deliveryLog = log.child({ deliveryId: facts.deliveryId, ...(facts.batchId ? { batchId: facts.batchId } : {}) });
            deliveryLog.debug("authenticated delivery", { headers: redactHeaders(req.headers, provider.sensitiveHeaders(config.options)) });
            if (events.length === 0) {
                deliveryLog.info("delivery has no events (ping or test batch); acknowledged");
                return { request: req, answer: { status: 200, body: { accepted: 0 } } };
            }
            if (config.delivery.kind === "s3") {
                const key = rawBatchKey(config.delivery.prefix, facts.deliveryId);
                try {
                    await putObjectReliably(
                        {
                            bucket: config.delivery.bucket,
                            key,
                            body: req.body,
                            contentType: req.headers["content-type"]?.[0],
                            metadata: toObjectMetadata({ provider: config.provider, source, receivedAt, facts }),
                        },
                        { client: deps.s3(), deadline, log: deliveryLog, sleep: deps.sleep, random: deps.random },
                    );
                } catch (err) {
                    deliveryLog.error("raw delivery not stored; answering 503 so the provider redelivers", { key, ...describeError(err) });
                    return { request: req, answer: { status: 503, body: { message: "delivery failed; retry later" } } };
                }
                deliveryLog.info("raw delivery stored", { bucket: config.delivery.bucket, key, records: events.length });
                return { request: req, answer: { status: 200, body: { accepted: events.length } } };
            }

            if (deps.hook) {
                try {
                    events = await applyHook(deps.hook, events, {
                        provider: config.provider,
                        requestId,
                        deliveryId: facts.deliveryId,
                        headers: redactHeaders(req.headers, provider.sensitiveHeaders(config.options)),
                    });
                } catch (err) {
                    deliveryLog.error("the hook failed; answering 500 so the provider redelivers", describeError(err));
                    return { request: req, answer: { status: 500, body: { message: "hook failed" } } };
                }
            }

            const outcome = await deliverEvents(
                events,
                { busName: config.delivery.busName, maxEntryBytes: config.maxEntryBytes, overflow: config.overflow },
                { eventBridge, s3: deps.s3, deadline, log: deliveryLog, sleep: deps.sleep, random: deps.random },
            );
            switch (outcome.kind) {
                case "delivered":
                    deliveryLog.info("events delivered", { events: outcome.events, putEventsCalls: outcome.calls, pointers: outcome.pointers });
                    return { request: req, answer: { status: 200, body: { accepted: outcome.events } } };
                case "too-large":
                    deliveryLog.warn("an event is larger than one PutEvents entry and no overflow bucket is configured", {
                        index: outcome.index,
                        size: outcome.size,
                        limit: outcome.limit,
                    });
                    return { request: req, answer: { status: 413, body: { message: `an event is larger than the ${outcome.limit}-byte entry limit` } } };
                case "failed":
                    deliveryLog.error("events not delivered; answering 503 so the provider redelivers", {
                        reason: outcome.reason,
                        failedEntries: outcome.failed.length,
                        errorCodes: [...new Set(outcome.failed.map((f) => f.errorCode))],
                    });
                    return { request: req, answer: { status: 503, body: { message: "delivery failed; retry later" } } };
            }
        }

        /** The verdict, or the answer when no secret could be read. */
        async function authenticate(req: WebhookRequest, deadline: Deadline): Promise<Verdict | Answer> {
            try {
                const current = await secrets.currentVersion(log, deadline);
                const verdict = await checkWithRotation(req, current, deadline);
                if (verdict !== "invalid") return verdict;
                // The secret may have been rotated since this environment last read it.
                const refreshed = await secrets.refreshedVersion(log, deadline);
                return refreshed ? checkWithRotation(req, refreshed, deadline) : verdict;
            } catch (err) {
                if (err instanceof ConfigError || (err instanceof SecretUnavailableError && err.cause === "misconfigured")) {
                    log.error("cannot verify requests: the signing secret is unusable; fix the secret (requests are refused until then)", describeError(err));
                    return { status: 500, body: { message: "webhook handler misconfigured" } };
                }
                if (err instanceof SecretUnavailableError) {
                    log.error("cannot verify requests: Secrets Manager unavailable", describeError(err));
                    return { status: 503, body: { message: "temporarily unavailable; retry later" } };
                }
                throw err;
            }
        }

        /** The current version, then AWSPREVIOUS while the rotation grace period runs. */
        async function checkWithRotation(req: WebhookRequest, current: SecretVersion, deadline: Deadline): Promise<Verdict> {
            const verdict = check(provider, req, current.value);
            if (verdict !== "invalid") return verdict;
            const previous = await secrets.previousVersion(current, log, deadline);
            if (!previous) return verdict;
            const previousVerdict = check(provider, req, previous.value);
            if (previousVerdict === "valid") log.info("accepted with the previous secret version (rotation grace period)");
            return previousVerdict;
        }

        function check(p: Provider, req: WebhookRequest, secret: string): Verdict {
            return p.verify(req, p.keyFrom(secret, config.options), config.options, now());
        }

        function budget(): Deadline {
            let remaining = config.deadlineMs - answerMargin(config.deadlineMs);
            if (typeof context?.getRemainingTimeInMillis === "function") {
                remaining = Math.min(remaining, context.getRemainingTimeInMillis() - answerMargin(config.deadlineMs));
            }
            return Deadline.within(remaining, now);
        }
    };
}

function frontDoor(event: IncomingEvent): Pick<WebhookRequest, "via" | "multiValueResponse"> {
    if (typeof event !== "object" || event === null || !isAlbEvent(event)) return { via: "function-url", multiValueResponse: false };
    return { via: "alb", multiValueResponse: event.multiValueHeaders !== undefined && event.headers === undefined };
}
