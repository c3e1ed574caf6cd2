/**
 * The webhook handler: one request goes through the stages of WebhookPipeline in the order that
 * keeps a public endpoint safe: size → verify (constant time, fail closed) → parse → build events
 * (the hook) → deliver, then the answer. Nothing from an unauthenticated request is parsed beyond
 * what its signature scheme needs, and nothing from it is logged beyond the request id.
 *
 * Status codes: 200 only once every event is confirmed on the bus (or the raw delivery is in S3,
 * or, with a durable store, the events PutEvents did not confirm are stored for the redrive);
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
import { deliverEvents, EventDeliveryOutcome } from "../shared/deliver-events";
import type { DeliveryFacts } from "../shared/event-drafts";
import type { VerifiedEvent } from "../shared/events";
import { applyHook, EnrichHook } from "../shared/hook";
import { describeError, Logger, LogSink, redactHeaders } from "../shared/log";
import { rawBatchKey, toObjectMetadata } from "../shared/raw-batch";
import { putObjectReliably } from "../shared/s3-objects";
import { toVerifiedEvents } from "../shared/verified-events";
import { ConfigError, WebhookConfig } from "./config";
import { putEventsDeadline, storeUnconfirmed } from "./durable";
import { providerFor } from "./providers";
import { MalformedError, Provider, Verdict } from "./providers/types";
import { IncomingEvent, isAlbEvent, parseRequest, WebhookRequest } from "./request";
import { Answer, respond, WebhookResult } from "./response";
import { SecretCache, SecretUnavailableError, SecretVersion } from "./secrets";
import { signatureFailureMetric } from "./signature-metric";

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
    const pipeline = new WebhookPipeline(configOrError, deps, now);

    return async (event, context) => {
        const startedAt = now();
        const requestId = context?.awsRequestId ?? randomUUID();
        const log = baseLog.child({ provider: configOrError.provider, requestId });
        // One budget for the whole request, secret reads included, so no call can outlive the provider's timeout.
        const scope: RequestScope = { requestId, startedAt, log, deadline: requestBudget(configOrError, context, now) };
        let handled: Handled;
        try {
            handled = await pipeline.handle(event, scope);
        } catch (err) {
            log.error("unexpected error", describeError(err));
            handled = { answer: { status: 500, body: { message: "internal error" } } };
        }
        const { answer, request } = handled;
        log.info("request answered", { status: answer.status, durationMs: now() - startedAt, ...(answer.body.accepted !== undefined ? { accepted: answer.body.accepted } : {}) });
        return respond(answer, request ?? frontDoor(event));
    };
}

/** What one request carries from stage to stage. */
interface RequestScope {
    requestId: string;
    startedAt: number;
    log: Logger;
    deadline: Deadline;
}

/** A stage hands its result to the next one, or ends the request with an answer. */
type Step<T> = { next: T } | { answer: Answer };

interface Handled {
    /** Absent when the event was not a request at all, or too large to read. */
    request?: WebhookRequest;
    answer: Answer;
}

/** An authenticated delivery and its events, before the hook. */
interface ParsedDelivery {
    facts: DeliveryFacts;
    events: VerifiedEvent[];
    receivedAt: string;
    log: Logger;
}

/**
 * The stages of a request, in the order it goes through them: size → verify → parse → build
 * events → deliver; the handler then responds. Holds what lives as long as the execution
 * environment (configuration, provider, secret cache).
 */
class WebhookPipeline {
    private readonly provider: Provider;
    private readonly source: string;
    private readonly secrets: SecretCache;

    constructor(
        private readonly config: WebhookConfig,
        private readonly deps: WebhookDeps,
        private readonly now: () => number,
    ) {
        this.provider = providerFor(config.provider);
        this.source = config.source ?? this.provider.defaultSource(config.options);
        this.secrets = new SecretCache({
            secretId: config.secretArn,
            ttlMs: config.secretTtlMs,
            graceMs: config.previousSecretGraceMs,
            client: deps.secretsManager,
            now,
        });
    }

    async handle(event: IncomingEvent, scope: RequestScope): Promise<Handled> {
        const read = this.checkSize(event, scope);
        if ("answer" in read) return read;
        const request = read.next;
        const verified = await this.verify(request, scope);
        if (verified) return { request, answer: verified };
        const parsed = this.parse(request, scope);
        if ("answer" in parsed) return { request, ...parsed };
        const built = await this.buildEvents(parsed.next, request, scope);
        if ("answer" in built) return { request, ...built };
        return { request, answer: await this.deliver(built.next, request, scope) };
    }

    /** Size (before any hashing or decoding), front door and method. */
    private checkSize(event: IncomingEvent, { log }: RequestScope): Step<WebhookRequest> | Handled {
        const parsed = parseRequest(event, this.config.maxBodyBytes);
        if (parsed.kind === "unsupported") {
            return { answer: { status: 400, body: { message: "not a function URL or load balancer request" } } };
        }
        if (parsed.kind === "too-large") {
            log.warn("request body over the limit", { bytes: parsed.bytes, limit: this.config.maxBodyBytes });
            return { answer: { status: 413, body: { message: `body larger than ${this.config.maxBodyBytes} bytes` } } };
        }
        const request = parsed.request;
        if (!this.provider.methods.includes(request.method)) {
            return { request, answer: { status: 405, body: { message: `use ${this.provider.methods.join(" or ")}` } } };
        }
        return { next: request };
    }

    /** The signature or credentials, in constant time and fail closed: undefined when authentic, else the answer. */
    private async verify(request: WebhookRequest, { log, deadline }: RequestScope): Promise<Answer | undefined> {
        let verdict: Verdict;
        try {
            const current = await this.secrets.currentVersion(log, deadline);
            verdict = await this.checkWithRotation(request, current, { log, deadline });
            if (verdict === "invalid") {
                // The secret may have been rotated since this environment last read it.
                const refreshed = await this.secrets.refreshedVersion(log, deadline);
                if (refreshed) verdict = await this.checkWithRotation(request, refreshed, { log, deadline });
            }
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
        if (verdict === "valid") return undefined;
        // The same line is the metric WebhookIngress alarms on: a spike means the secret is out of sync with the sender.
        const metric = signatureFailureMetric(this.config.functionName, this.now());
        log.warn(verdict === "stale" ? "signature valid but its timestamp is outside the tolerance (replay?)" : "signature or credentials rejected", metric);
        return { status: 401, body: { message: "unauthorized" } };
    }

    /** The current version, then AWSPREVIOUS while the rotation grace period runs. */
    private async checkWithRotation(request: WebhookRequest, current: SecretVersion, { log, deadline }: Pick<RequestScope, "log" | "deadline">): Promise<Verdict> {
        const verdict = this.check(request, current.value);
        if (verdict !== "invalid") return verdict;
        const previous = await this.secrets.previousVersion(current, log, deadline);
        if (!previous) return verdict;
        const previousVerdict = this.check(request, previous.value);
        if (previousVerdict === "valid") log.info("accepted with the previous secret version (rotation grace period)");
        return previousVerdict;
    }

    private check(request: WebhookRequest, secret: string): Verdict {
        const { provider, config } = this;
        return provider.verify(request, provider.keyFrom(secret, config.options), config.options, this.now());
    }

    /** The delivery's facts and events (authenticated from here on); a delivery without events is acknowledged here. */
    private parse(request: WebhookRequest, { requestId, startedAt, log }: RequestScope): Step<ParsedDelivery> {
        const { provider, config } = this;
        const receivedAt = new Date(startedAt).toISOString();
        let facts: DeliveryFacts;
        let events: VerifiedEvent[];
        try {
            facts = provider.facts(request, config.options, requestId);
            events = toVerifiedEvents(provider.events(request.body, facts), config.provider, this.source, facts, receivedAt, !this.deps.hook);
        } catch (err) {
            if (err instanceof MalformedError) {
                log.warn("authentic request is malformed", { reason: err.message });
                return { answer: { status: 400, body: { message: err.message } } };
            }
            throw err;
        }
        const deliveryLog = log.child({ deliveryId: facts.deliveryId, ...(facts.batchId ? { batchId: facts.batchId } : {}) });
        deliveryLog.debug("authenticated delivery", { headers: redactHeaders(request.headers, provider.sensitiveHeaders(config.options)) });
        if (events.length === 0) {
            deliveryLog.info("delivery has no events (ping, test batch or challenge); acknowledged");
            return { answer: { status: 200, body: facts.reply ?? { accepted: 0 } } };
        }
        return { next: { facts, events, receivedAt, log: deliveryLog } };
    }

    /**
     * The events as the bus will get them: through the hook, when there is one. With S3 delivery
     * the raw body is stored as it came, and the batch processor runs the hook.
     */
    private async buildEvents(delivery: ParsedDelivery, request: WebhookRequest, { requestId }: RequestScope): Promise<Step<ParsedDelivery>> {
        const hook = this.deps.hook;
        if (!hook || this.config.delivery.kind === "s3") return { next: delivery };
        try {
            const events = await applyHook(hook, delivery.events, {
                provider: this.config.provider,
                requestId,
                deliveryId: delivery.facts.deliveryId,
                headers: redactHeaders(request.headers, this.provider.sensitiveHeaders(this.config.options)),
            });
            return { next: { ...delivery, events } };
        } catch (err) {
            delivery.log.error("the hook failed; answering 500 so the provider redelivers", describeError(err));
            return { answer: { status: 500, body: { message: "hook failed" } } };
        }
    }

    /** The raw delivery to S3, or the events to the bus; 200 only once it is all confirmed. */
    private async deliver(delivery: ParsedDelivery, request: WebhookRequest, { deadline }: RequestScope): Promise<Answer> {
        const { config, deps } = this;
        const { facts, events, log } = delivery;
        const retry = { deadline, log, sleep: deps.sleep, random: deps.random };
        if (config.delivery.kind === "s3") {
            const key = rawBatchKey(config.delivery.prefix, facts.deliveryId, request.body);
            try {
                await putObjectReliably(
                    {
                        bucket: config.delivery.bucket,
                        key,
                        body: request.body,
                        contentType: request.headers["content-type"]?.[0],
                        metadata: toObjectMetadata({ provider: config.provider, source: this.source, receivedAt: delivery.receivedAt, facts }),
                    },
                    { client: deps.s3(), ...retry },
                );
            } catch (err) {
                log.error("raw delivery not stored; answering 503 so the provider redelivers", { key, ...describeError(err) });
                return { status: 503, body: { message: "delivery failed; retry later" } };
            }
            log.info("raw delivery stored", { bucket: config.delivery.bucket, key, records: events.length });
            return { status: 200, body: { accepted: events.length } };
        }

        // With a durable store, PutEvents leaves time to store what it could not confirm.
        const sendDeadline = config.durable ? putEventsDeadline(deadline, this.now) : deadline;
        const outcome = await deliverEvents(
            events,
            { busName: config.delivery.busName, maxEntryBytes: config.maxEntryBytes, overflow: config.overflow },
            { eventBridge: deps.eventBridge ?? noEventBridgeClient, s3: deps.s3, ...retry, deadline: sendDeadline },
        );
        switch (outcome.kind) {
            case "delivered":
                log.info("events delivered", { events: outcome.events, putEventsCalls: outcome.calls, pointers: outcome.pointers });
                return { status: 200, body: { accepted: outcome.events } };
            case "too-large":
                log.warn("an event is larger than one PutEvents entry and no overflow bucket is configured", {
                    index: outcome.index,
                    size: outcome.size,
                    limit: outcome.limit,
                });
                return { status: 413, body: { message: `an event is larger than the ${outcome.limit}-byte entry limit` } };
            case "failed":
                if (config.durable && outcome.failed.length > 0) return this.acceptDurably(outcome, delivery, retry);
                log.error("events not delivered; answering 503 so the provider redelivers", {
                    reason: outcome.reason,
                    failedEntries: outcome.failed.length,
                    errorCodes: [...new Set(outcome.failed.map((f) => f.errorCode))],
                });
                return { status: 503, body: { message: "delivery failed; retry later" } };
        }
    }

    /** 200 once the unconfirmed entries are in the durable store (the redrive function sends them on); 503 when that fails too. */
    private async acceptDurably(
        outcome: Extract<EventDeliveryOutcome, { kind: "failed" }>,
        { facts, log }: ParsedDelivery,
        retry: { deadline: Deadline; log: Logger; sleep?: (ms: number) => Promise<void>; random?: (() => number) },
    ): Promise<Answer> {
        const errorCodes = [...new Set(outcome.failed.map((f) => f.errorCode))];
        const stored = await storeUnconfirmed(
            outcome.failed,
            outcome.entries,
            { provider: this.config.provider, deliveryId: facts.deliveryId, storedAt: new Date(this.now()).toISOString() },
            this.config.durable!,
            { s3: this.deps.s3, ...retry },
        );
        if (stored.kind === "not-stored") {
            log.error("events neither delivered nor stored; answering 503 so the provider redelivers", { failedEntries: outcome.failed.length, errorCodes, key: stored.key });
            return { status: 503, body: { message: "delivery failed; retry later" } };
        }
        const accepted = outcome.entries.length;
        log.warn("events not confirmed by PutEvents; stored for the redrive function", { failedEntries: stored.entries, errorCodes, key: stored.key });
        return { status: 200, body: { accepted, stored: stored.entries } };
    }
}

/** The provider's deadline or the function's remaining time, whichever ends first, less the time to answer in. */
function requestBudget(config: WebhookConfig, context: Partial<Context> | undefined, now: () => number): Deadline {
    const margin = answerMargin(config.deadlineMs);
    let remaining = config.deadlineMs - margin;
    if (typeof context?.getRemainingTimeInMillis === "function") {
        remaining = Math.min(remaining, context.getRemainingTimeInMillis() - margin);
    }
    return Deadline.within(remaining, now);
}

function frontDoor(event: IncomingEvent): Pick<WebhookRequest, "via" | "multiValueResponse"> {
    if (typeof event !== "object" || event === null || !isAlbEvent(event)) return { via: "function-url", multiValueResponse: false };
    return { via: "alb", multiValueResponse: event.multiValueHeaders !== undefined && event.headers === undefined };
}
