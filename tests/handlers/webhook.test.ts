/**
 * The webhook handler invoked in process with real function-URL and ALB event shapes, the AWS
 * SDK mocked with aws-sdk-client-mock: status codes, the exact PutEvents entries, failure
 * injection (throttling, partial failures, timeouts, Secrets Manager errors, rotation), and the
 * rule that no path answers 2xx while an entry was lost.
 */
import * as assert from "assert";
import { createHmac } from "crypto";
import * as fc from "fast-check";
import Stripe from "stripe";
import * as twilioLib from "twilio/lib/webhooks/webhooks";
import { PutEventsCommand, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import {
    albEvent,
    BUS,
    functionUrlEvent,
    makeHandler,
    mockPutEventsOk,
    mocks,
    mockSecret,
    NOW,
    putEventsEntries,
    resetMocks,
    sha256Hex,
} from "./support";

const GITHUB_SECRET = "gh-webhook-secret";
const RECEIVED_AT = new Date(NOW).toISOString();

function githubHeaders(body: string | Buffer, overrides: Record<string, string> = {}, secret = GITHUB_SECRET): Record<string, string> {
    return {
        "content-type": "application/json",
        "x-github-event": "push",
        "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        "x-github-hook-id": "292430182",
        "x-hub-signature-256": "sha256=" + createHmac("sha256", secret).update(body).digest("hex"),
        ...overrides,
    };
}

const pushPayload = { ref: "refs/heads/main", before: "a".repeat(40), after: "b".repeat(40), commits: [], repository: { full_name: "acme/app" } };
const pushBody = JSON.stringify(pushPayload);

function birdBatch(records: number, batchId = "batch-0001"): { body: string; headers: Record<string, string> } {
    const body = JSON.stringify(
        Array.from({ length: records }, (_, i) => ({ msys: { message_event: { type: i % 2 ? "delivery" : "bounce", event_id: `e${i}`, rcpt_to: `user${i}@example.com` } } })),
    );
    return {
        body,
        headers: {
            "content-type": "application/json",
            authorization: "Basic " + Buffer.from("bird:hunter2").toString("base64"),
            "x-messagesystems-batch-id": batchId,
        },
    };
}
const BIRD_ENV = { EBK_PROVIDER: "bird", EBK_PROVIDER_OPTIONS: JSON.stringify({ auth: "basic" }) };
const BIRD_SECRET = JSON.stringify({ username: "bird", password: "hunter2" });

describe("handlers/webhook", () => {
    beforeEach(() => resetMocks());

    describe("github", () => {
        const env = { EBK_PROVIDER: "github" };

        it("turns a signed push into exactly one entry with delivery and hook ids", async () => {
            mockSecret(GITHUB_SECRET);
            mockPutEventsOk();
            const { status, body } = await makeHandler(env).invoke(functionUrlEvent({ body: pushBody, headers: githubHeaders(pushBody) }));
            assert.strictEqual(status, 200);
            assert.deepStrictEqual(body, { accepted: 1 });
            assert.deepStrictEqual(putEventsEntries(), [
                [
                    {
                        EventBusName: BUS,
                        Source: "github.com",
                        DetailType: "push",
                        Detail: JSON.stringify({
                            metadata: { provider: "github", deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958", receivedAt: RECEIVED_AT, hookId: "292430182" },
                            payload: pushPayload,
                        }),
                    },
                ],
            ]);
        });

        it("embeds the signed JSON text as the payload instead of re-serializing it", async () => {
            mockSecret(GITHUB_SECRET);
            mockPutEventsOk();
            const pretty = JSON.stringify(pushPayload, null, 2);
            assert.strictEqual((await makeHandler(env).invoke(functionUrlEvent({ body: pretty, headers: githubHeaders(pretty) }))).status, 200);
            const detail = putEventsEntries()[0][0].Detail!;
            assert.strictEqual(detail, `{"metadata":{"provider":"github","deliveryId":"72d3162e-cc78-11e3-81ab-4c9367dc0958","receivedAt":"${RECEIVED_AT}","hookId":"292430182"},"payload":${pretty}}`);
            assert.deepStrictEqual(JSON.parse(detail).payload, pushPayload);
        });

        it("verifies a base64-encoded form body (payload=) over its raw bytes, with the ingress configured for forms", async () => {
            mockSecret(GITHUB_SECRET);
            mockPutEventsOk();
            const form = "payload=" + encodeURIComponent(pushBody);
            const headers = githubHeaders(form, { "content-type": "application/x-www-form-urlencoded" });
            const { status } = await makeHandler({ ...env, EBK_PROVIDER_OPTIONS: '{"contentType":"form"}' }).invoke(functionUrlEvent({ body: form, base64: true, headers }));
            assert.strictEqual(status, 200);
            assert.deepStrictEqual(JSON.parse(putEventsEntries()[0][0].Detail!).payload, pushPayload);
        });

        it("reads mixed-case ALB headers and answers in the ALB shape (single and multi-value)", async () => {
            mockSecret(GITHUB_SECRET);
            mockPutEventsOk();
            const headers = Object.fromEntries(
                Object.entries(githubHeaders(pushBody)).map(([k, v]) => [k.replace(/(^|-)([a-z])/g, (m) => m.toUpperCase()), v]),
            );
            assert.ok("X-Hub-Signature-256" in headers);
            const single = await makeHandler(env).invoke(albEvent({ body: pushBody, headers }));
            assert.strictEqual(single.status, 200);
            assert.strictEqual((single.result as { statusDescription?: string }).statusDescription, "200 OK");
            assert.deepStrictEqual((single.result as { headers?: unknown }).headers, { "content-type": "application/json" });
            const multi = await makeHandler(env).invoke(albEvent({ body: pushBody, headers }, { multiValue: true }));
            assert.strictEqual(multi.status, 200);
            assert.deepStrictEqual((multi.result as { multiValueHeaders?: unknown }).multiValueHeaders, { "content-type": ["application/json"] });
            assert.strictEqual(putEventsEntries().length, 2);
        });

        it("acknowledges ping with 200 and no event", async () => {
            mockSecret(GITHUB_SECRET);
            mockPutEventsOk();
            const ping = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 292430182, hook: {} });
            const { status, body } = await makeHandler(env).invoke(functionUrlEvent({ body: ping, headers: githubHeaders(ping, { "x-github-event": "ping" }) }));
            assert.strictEqual(status, 200);
            assert.deepStrictEqual(body, { accepted: 0 });
            assert.strictEqual(mocks.eventBridge.commandCalls(PutEventsCommand).length, 0);
        });

        it("answers 400 for GitHub's documented example: authentic, but not a JSON payload", async () => {
            mockSecret("It's a Secret to Everybody");
            const headers = githubHeaders("Hello, World!", { "x-hub-signature-256": "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17" });
            const { status, body } = await makeHandler(env).invoke(functionUrlEvent({ body: "Hello, World!", headers }));
            assert.strictEqual(status, 400);
            assert.deepStrictEqual(body, { message: "the body is not valid JSON" });
        });

        it("answers 401 for a bad or missing signature and sends nothing", async () => {
            mockSecret(GITHUB_SECRET);
            mockPutEventsOk();
            const h = makeHandler(env);
            const forged = await h.invoke(functionUrlEvent({ body: pushBody, headers: githubHeaders(pushBody, {}, "another-secret") }));
            assert.deepStrictEqual([forged.status, forged.body], [401, { message: "unauthorized" }]);
            const headers = githubHeaders(pushBody);
            delete headers["x-hub-signature-256"];
            assert.strictEqual((await h.invoke(functionUrlEvent({ body: pushBody, headers }))).status, 401);
            assert.strictEqual(mocks.eventBridge.commandCalls(PutEventsCommand).length, 0);
        });

        it("answers 400 when the unsigned X-GitHub-Event contradicts the signed body, or ids are missing", async () => {
            mockSecret(GITHUB_SECRET);
            mockPutEventsOk();
            const h = makeHandler(env);
            const relabelled = await h.invoke(functionUrlEvent({ body: pushBody, headers: githubHeaders(pushBody, { "x-github-event": "pull_request" }) }));
            assert.deepStrictEqual([relabelled.status, relabelled.body], [400, { message: 'X-GitHub-Event is "pull_request" but the payload has no pull_request, number' }]);
            const noDelivery = githubHeaders(pushBody);
            delete noDelivery["x-github-delivery"];
            const missing = await h.invoke(functionUrlEvent({ body: pushBody, headers: noDelivery }));
            assert.deepStrictEqual([missing.status, missing.body], [400, { message: "X-GitHub-Delivery is missing or not a delivery id" }]);
            assert.strictEqual(mocks.eventBridge.commandCalls(PutEventsCommand).length, 0);
        });

        it("answers 413 before reading the secret when the body is over the limit, 405 for another method", async () => {
            mockSecret(GITHUB_SECRET);
            const big = JSON.stringify({ ...pushPayload, padding: "x".repeat(2000) });
            const h = makeHandler({ ...env, EBK_MAX_BODY_BYTES: "1024" });
            const tooLarge = await h.invoke(functionUrlEvent({ body: big, base64: true, headers: githubHeaders(big) }));
            assert.deepStrictEqual([tooLarge.status, tooLarge.body], [413, { message: "body larger than 1024 bytes" }]);
            assert.strictEqual(mocks.secretsManager.commandCalls(GetSecretValueCommand).length, 0);
            const get = await h.invoke(functionUrlEvent({ method: "GET" }));
            assert.strictEqual(get.status, 405);
        });
    });

    describe("delivery to EventBridge", () => {
        const env = { ...BIRD_ENV };

        it("sends a 350-record batch in 35 calls of 10, records in order, with batch id and record index", async () => {
            mockSecret(BIRD_SECRET);
            mockPutEventsOk();
            const { body, headers } = birdBatch(350);
            const res = await makeHandler(env).invoke(albEvent({ body, headers }));
            assert.deepStrictEqual([res.status, res.body], [200, { accepted: 350 }]);
            const calls = putEventsEntries();
            assert.strictEqual(calls.length, 35);
            assert.ok(calls.every((c) => c.length === 10));
            const details = calls.flat().map((e) => JSON.parse(e.Detail!));
            assert.deepStrictEqual(details.map((d) => d.metadata.recordIndex), Array.from({ length: 350 }, (_, i) => i));
            assert.deepStrictEqual(details[3].metadata, { provider: "bird", deliveryId: "batch-0001", receivedAt: RECEIVED_AT, batchId: "batch-0001", recordIndex: 3 });
            assert.deepStrictEqual(calls.flat().slice(0, 2).map((e) => [e.Source, e.DetailType]), [["bird.com", "bounce"], ["bird.com", "delivery"]]);
        });

        it("retries a throttled call with the same entries, then answers 200", async () => {
            mockSecret(BIRD_SECRET);
            mocks.eventBridge
                .on(PutEventsCommand)
                .rejectsOnce(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }))
                .resolves({ FailedEntryCount: 0, Entries: [{ EventId: "1" }, { EventId: "2" }, { EventId: "3" }] });
            const { body, headers } = birdBatch(3);
            const res = await makeHandler(env).invoke(albEvent({ body, headers }));
            assert.strictEqual(res.status, 200);
            const calls = putEventsEntries();
            assert.strictEqual(calls.length, 2);
            assert.deepStrictEqual(calls[1], calls[0]);
        });

        it("retries only the entries a partial failure reported (FailedEntryCount)", async () => {
            mockSecret(BIRD_SECRET);
            mocks.eventBridge
                .on(PutEventsCommand)
                .resolvesOnce({
                    FailedEntryCount: 2,
                    Entries: Array.from({ length: 10 }, (_, i) =>
                        i === 3 || i === 7 ? { ErrorCode: "ThrottlingException", ErrorMessage: "Rate exceeded" } : { EventId: `id-${i}` },
                    ),
                })
                .callsFake((input: { Entries: PutEventsRequestEntry[] }) => ({ FailedEntryCount: 0, Entries: input.Entries.map((_, i) => ({ EventId: `r-${i}` })) }));
            const { body, headers } = birdBatch(12);
            const res = await makeHandler(env).invoke(albEvent({ body, headers }));
            assert.strictEqual(res.status, 200);
            const calls = putEventsEntries();
            assert.deepStrictEqual(calls.map((c) => c.length), [10, 2, 2]);
            assert.deepStrictEqual(calls[2], [calls[0][3], calls[0][7]]);
        });

        it("answers 503 when entries still fail at the deadline (throttling, permanent errors, timeouts)", async () => {
            const { body, headers } = birdBatch(3);
            mockSecret(BIRD_SECRET);
            mocks.eventBridge.on(PutEventsCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
            const throttled = await makeHandler({ ...env, EBK_DEADLINE_MS: "3000" }).invoke(albEvent({ body, headers }));
            assert.deepStrictEqual([throttled.status, throttled.body], [503, { message: "delivery failed; retry later" }]);
            assert.ok(putEventsEntries().length > 2, "retried before giving up");

            resetMocks();
            mockSecret(BIRD_SECRET);
            mocks.eventBridge.on(PutEventsCommand).resolves({
                FailedEntryCount: 1,
                Entries: [{ EventId: "1" }, { ErrorCode: "NotAuthorizedForSourceException", ErrorMessage: "no" }, { EventId: "3" }],
            });
            const h = makeHandler(env);
            const denied = await h.invoke(albEvent({ body, headers }));
            assert.strictEqual(denied.status, 503);
            assert.strictEqual(putEventsEntries().length, 1, "a permanent error is not retried");
            const errorLog = h.logs.find((l) => l.level === "error");
            assert.deepStrictEqual([errorLog?.failedEntries, errorLog?.errorCodes], [1, ["NotAuthorizedForSourceException"]]);

            resetMocks();
            mockSecret(BIRD_SECRET);
            mocks.eventBridge.on(PutEventsCommand).callsFake(() => new Promise(() => undefined));
            const hung = await makeHandler({ ...env, EBK_DEADLINE_MS: "400" }, { realTime: true }).invoke(albEvent({ body, headers }));
            assert.strictEqual(hung.status, 503);

            resetMocks();
            mockSecret(BIRD_SECRET);
            // A response without per-entry results proves nothing was accepted.
            mocks.eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
            const short = await makeHandler({ ...env, EBK_DEADLINE_MS: "1000" }).invoke(albEvent({ body, headers }));
            assert.strictEqual(short.status, 503, "missing results are failures");
        });

        it("never answers 2xx unless every entry was accepted, whatever PutEvents does (FailedEntryCount may lie)", async () => {
            const { body, headers } = birdBatch(23);
            // Per entry: confirmed, failed, no EventId (not counted in FailedEntryCount), EventId with an ErrorCode.
            const entryOutcome = fc.constantFrom("ok" as const, "fail" as const, "silent" as const, "both" as const);
            await fc.assert(
                fc.asyncProperty(
                    fc.array(fc.oneof(fc.constantFrom("throw" as const, "ok" as const, "short" as const), fc.array(entryOutcome, { minLength: 10, maxLength: 10 })), { minLength: 1, maxLength: 12 }),
                    async (script) => {
                        resetMocks();
                        mockSecret(BIRD_SECRET);
                        const accepted = new Set<string>();
                        let call = 0;
                        mocks.eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
                            const step = script[Math.min(call++, script.length - 1)];
                            if (step === "throw") throw Object.assign(new Error("boom"), { name: "InternalException" });
                            // A result list one short: no result can be matched to its entry.
                            if (step === "short") return { FailedEntryCount: 0, Entries: input.Entries.slice(1).map((_, i) => ({ EventId: `short-${i}` })) };
                            const outcomes = input.Entries.map((_, i) => (step === "ok" ? "ok" : step[i]));
                            input.Entries.forEach((entry, i) => outcomes[i] === "ok" && accepted.add(entry.Detail!));
                            const results = outcomes.map((o, i) =>
                                o === "ok" ? { EventId: `id-${call}-${i}` }
                                : o === "fail" ? { ErrorCode: "InternalFailure", ErrorMessage: "try again" }
                                : o === "both" ? { EventId: `id-${call}-${i}`, ErrorCode: "InternalFailure" }
                                : {},
                            );
                            return { FailedEntryCount: outcomes.filter((o) => o === "fail").length, Entries: results };
                        });
                        const res = await makeHandler({ ...env, EBK_DEADLINE_MS: "2000" }).invoke(albEvent({ body, headers }));
                        assert.ok(res.status === 200 || res.status === 503, `status ${res.status}`);
                        if (res.status === 200) assert.strictEqual(accepted.size, 23);
                        if (accepted.size < 23) assert.strictEqual(res.status, 503);
                    },
                ),
                { numRuns: 150 },
            );
        });

        it("answers 413 for an event over the entry limit without an overflow bucket, and sends nothing", async () => {
            mockSecret(GITHUB_SECRET);
            mockPutEventsOk();
            const big = JSON.stringify({ ...pushPayload, padding: "x".repeat(5000) });
            const res = await makeHandler({ EBK_PROVIDER: "github", EBK_MAX_ENTRY_BYTES: "4096" }).invoke(functionUrlEvent({ body: big, headers: githubHeaders(big) }));
            assert.deepStrictEqual([res.status, res.body], [413, { message: "an event is larger than the 4096-byte entry limit" }]);
            assert.strictEqual(mocks.eventBridge.commandCalls(PutEventsCommand).length, 0);
        });

        it("stores an oversize event in the overflow bucket and sends a pointer event (bucket, key, size, sha256)", async () => {
            mockSecret(GITHUB_SECRET);
            mockPutEventsOk();
            mocks.s3.on(PutObjectCommand).resolves({});
            const big = JSON.stringify({ ...pushPayload, padding: "x".repeat(5000) });
            const res = await makeHandler({ EBK_PROVIDER: "github", EBK_MAX_ENTRY_BYTES: "4096", EBK_OVERFLOW_BUCKET: "overflow", EBK_OVERFLOW_PREFIX: "github/" }).invoke(
                functionUrlEvent({ body: big, headers: githubHeaders(big) }),
            );
            assert.strictEqual(res.status, 200);
            const put = mocks.s3.commandCalls(PutObjectCommand)[0].args[0].input;
            const stored = put.Body as Buffer;
            // Keyed by delivery id, position and the stored bytes' digest (the id is unsigned: a replay cannot overwrite it).
            const key = `github/72d3162e-cc78-11e3-81ab-4c9367dc0958/0-${sha256Hex(stored)}.json`;
            assert.deepStrictEqual([put.Bucket, put.Key, put.ContentType], ["overflow", key, "application/json"]);
            assert.deepStrictEqual(JSON.parse(stored.toString()).payload, JSON.parse(big));
            const detail = JSON.parse(putEventsEntries()[0][0].Detail!);
            assert.deepStrictEqual(detail.payloadPointer, { bucket: "overflow", key, size: stored.length, sha256: sha256Hex(stored) });
            assert.strictEqual(detail.payload, undefined);
            assert.strictEqual(detail.metadata.deliveryId, "72d3162e-cc78-11e3-81ab-4c9367dc0958");

            resetMocks();
            mockSecret(GITHUB_SECRET);
            mockPutEventsOk();
            mocks.s3.on(PutObjectCommand).rejects(Object.assign(new Error("slow down"), { name: "SlowDown" }));
            const failed = await makeHandler({ EBK_PROVIDER: "github", EBK_MAX_ENTRY_BYTES: "4096", EBK_OVERFLOW_BUCKET: "overflow", EBK_DEADLINE_MS: "1000" }).invoke(
                functionUrlEvent({ body: big, headers: githubHeaders(big) }),
            );
            assert.strictEqual(failed.status, 503);
            assert.strictEqual(mocks.eventBridge.commandCalls(PutEventsCommand).length, 0);
        });
    });

    describe("delivery to S3 (raw batches)", () => {
        const env = { ...BIRD_ENV, EBK_DELIVERY: "s3", EBK_BUCKET: "raw-batches", EBK_PREFIX: "bird/" };

        it("stores the raw batch under its batch id with the delivery facts, idempotently, and answers 200", async () => {
            mockSecret(BIRD_SECRET);
            mocks.s3.on(PutObjectCommand).resolves({});
            const { body, headers } = birdBatch(5, "8f3c-batch");
            const h = makeHandler(env);
            assert.strictEqual((await h.invoke(albEvent({ body, headers }))).status, 200);
            assert.strictEqual((await h.invoke(albEvent({ body, headers }))).status, 200);
            const puts = mocks.s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
            assert.strictEqual(puts.length, 2);
            assert.deepStrictEqual(puts[0].Key, `bird/8f3c-batch/${sha256Hex(Buffer.from(body))}`);
            assert.deepStrictEqual(puts[1].Key, puts[0].Key);
            assert.strictEqual((puts[0].Body as Buffer).toString(), body);
            assert.deepStrictEqual(puts[0].Metadata, {
                "ebk-provider": "bird",
                "ebk-source": "bird.com",
                "ebk-received-at": encodeURIComponent(RECEIVED_AT),
                "ebk-delivery-id": "8f3c-batch",
                "ebk-batch-id": "8f3c-batch",
                "ebk-body-format": "json",
            });
            assert.strictEqual(mocks.eventBridge.commandCalls(PutEventsCommand).length, 0);
        });

        it("answers 503 when the batch cannot be stored, 400 when it has no batch id", async () => {
            mockSecret(BIRD_SECRET);
            mocks.s3.on(PutObjectCommand).rejects(Object.assign(new Error("Service Unavailable"), { name: "ServiceUnavailable" }));
            const { body, headers } = birdBatch(5);
            const res = await makeHandler({ ...env, EBK_DEADLINE_MS: "1000" }).invoke(albEvent({ body, headers }));
            assert.strictEqual(res.status, 503);
            assert.ok(mocks.s3.commandCalls(PutObjectCommand).length > 1, "retried");
            const noBatch = { ...headers };
            delete noBatch["x-messagesystems-batch-id"];
            const missing = await makeHandler(env).invoke(albEvent({ body, headers: noBatch }));
            assert.deepStrictEqual([missing.status, missing.body], [400, { message: "X-MessageSystems-Batch-ID is missing or not a batch id" }]);
        });
    });

    describe("secrets", () => {
        const env = { EBK_PROVIDER: "github" };
        const request = (secret = GITHUB_SECRET) => functionUrlEvent({ body: pushBody, headers: githubHeaders(pushBody, {}, secret) });

        it("fails closed: missing, empty or unreadable secrets answer 500, an outage 503, never a pass", async () => {
            const cases: [string, () => void, number][] = [
                ["not found", () => mocks.secretsManager.on(GetSecretValueCommand).rejects(Object.assign(new Error("nope"), { name: "ResourceNotFoundException" })), 500],
                ["empty", () => mocks.secretsManager.on(GetSecretValueCommand).resolves({ SecretString: "", VersionId: "v1" }), 500],
                ["blank", () => mocks.secretsManager.on(GetSecretValueCommand).resolves({ SecretString: " \n", VersionId: "v1" }), 500],
                ["access denied", () => mocks.secretsManager.on(GetSecretValueCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDeniedException" })), 500],
                ["throttled", () => mocks.secretsManager.on(GetSecretValueCommand).rejects(Object.assign(new Error("slow"), { name: "ThrottlingException" })), 503],
            ];
            for (const [name, arrange, status] of cases) {
                resetMocks();
                mockPutEventsOk();
                arrange();
                const h = makeHandler(env);
                const res = await h.invoke(request());
                assert.strictEqual(res.status, status, name);
                assert.ok(h.logs.some((l) => l.level === "error" && String(l.message).startsWith("cannot verify requests")), name);
                assert.strictEqual(mocks.eventBridge.commandCalls(PutEventsCommand).length, 0, name);
            }
        });

        it("answers 500 with an operator log when the configuration is wrong", async () => {
            const h = makeHandler({ EBK_PROVIDER: "gitea" });
            const res = await h.invoke(request());
            assert.strictEqual(res.status, 500);
            assert.strictEqual(h.logs[0].configError, 'EBK_PROVIDER is "gitea"; set it to one of github, twilio, stripe, bird, hmac, standardWebhooks, slack, shopify, gitlab');
            mockSecret("bird:hunter2");
            const bad = makeHandler(BIRD_ENV);
            const { body, headers } = birdBatch(1);
            assert.strictEqual((await bad.invoke(albEvent({ body, headers }))).status, 500);
        });

        it("answers 500, putting nothing, when events delivery is configured in a bundle built without the EventBridge client", async () => {
            mockSecret(GITHUB_SECRET);
            mockPutEventsOk();
            const withoutEventBridge = { deps: { eventBridge: undefined } };
            const events = makeHandler({ EBK_PROVIDER: "github" }, withoutEventBridge);
            assert.strictEqual((await events.invoke(functionUrlEvent({ body: pushBody, headers: githubHeaders(pushBody) }))).status, 500);
            assert.strictEqual(
                events.logs[0].configError,
                'EBK_DELIVERY is "events", but this handler bundle (webhook-s3, for S3 delivery) is built without the EventBridge client; ' +
                "deploy handlers/dist/webhook (WebhookIngress does so for events delivery)",
            );
            assert.deepStrictEqual([mocks.secretsManager.calls().length, putEventsEntries()], [0, []]);
            // S3 delivery never puts events.
            mockSecret(BIRD_SECRET);
            mocks.s3.on(PutObjectCommand).resolves({});
            const rawBatches = makeHandler({ ...BIRD_ENV, EBK_DELIVERY: "s3", EBK_BUCKET: "raw-batches" }, withoutEventBridge);
            assert.strictEqual((await rawBatches.invoke(albEvent(birdBatch(1)))).status, 200);
            assert.strictEqual(mocks.s3.commandCalls(PutObjectCommand).length, 1);
        });

        it("caches the secret for the TTL and keeps serving it when a refresh fails", async () => {
            mockSecret(GITHUB_SECRET);
            mockPutEventsOk();
            let now = NOW;
            const h = makeHandler({ ...env, EBK_SECRET_TTL_SECONDS: "300" }, { now: () => now });
            assert.strictEqual((await h.invoke(request())).status, 200);
            now += 299_000;
            assert.strictEqual((await h.invoke(request())).status, 200);
            assert.strictEqual(mocks.secretsManager.commandCalls(GetSecretValueCommand).length, 1);
            mocks.secretsManager.on(GetSecretValueCommand).rejects(Object.assign(new Error("slow"), { name: "ThrottlingException" }));
            now += 2_000;
            assert.strictEqual((await h.invoke(request())).status, 200);
            assert.strictEqual(mocks.secretsManager.commandCalls(GetSecretValueCommand).length, 2);
        });

        it("accepts AWSPREVIOUS during the grace period after a rotation, and only then", async () => {
            mockPutEventsOk();
            mockSecret("new-secret", { previous: "old-secret", currentCreatedAt: NOW - 10 * 60_000 });
            const h = makeHandler(env);
            assert.strictEqual((await h.invoke(request("old-secret"))).status, 200);
            assert.strictEqual((await h.invoke(request("new-secret"))).status, 200);
            assert.ok(h.logs.some((l) => l.message === "accepted with the previous secret version (rotation grace period)"));
            assert.strictEqual((await h.invoke(request("older-secret"))).status, 401);

            resetMocks();
            mockPutEventsOk();
            mockSecret("new-secret", { previous: "old-secret", currentCreatedAt: NOW - 2 * 3600_000 });
            const after = makeHandler(env);
            assert.strictEqual((await after.invoke(request("old-secret"))).status, 401);
            assert.strictEqual(mocks.secretsManager.commandCalls(GetSecretValueCommand, { VersionStage: "AWSPREVIOUS" }).length, 0);
        });

        /** AWSCURRENT `current` (and AWSPREVIOUS `previous`), as Secrets Manager answers them after a rotation at `rotatedAt`. */
        function secretStages(current: string, previous: string | undefined, rotatedAt: number): void {
            mocks.secretsManager.reset();
            mocks.secretsManager.on(GetSecretValueCommand, { VersionStage: "AWSCURRENT" }).resolves({ SecretString: current, VersionId: `v-${current}`, CreatedDate: new Date(rotatedAt) });
            if (previous === undefined) {
                mocks.secretsManager.on(GetSecretValueCommand, { VersionStage: "AWSPREVIOUS" }).rejects(Object.assign(new Error("none"), { name: "ResourceNotFoundException" }));
            } else {
                mocks.secretsManager.on(GetSecretValueCommand, { VersionStage: "AWSPREVIOUS" }).resolves({ SecretString: previous, VersionId: `v-${previous}`, CreatedDate: new Date(NOW - 90 * 86_400_000) });
            }
        }
        const reads = (stage?: string) => mocks.secretsManager.commandCalls(GetSecretValueCommand, stage ? { VersionStage: stage } : undefined).length;

        it("accepts a delivery signed with a just-rotated secret 2 s after the last read: A read, B stored (A becomes AWSPREVIOUS), B-signed → 200", async () => {
            mockPutEventsOk();
            secretStages("secret-a", undefined, NOW - 30 * 86_400_000);
            let now = NOW;
            const h = makeHandler({ ...env, EBK_SECRET_TTL_SECONDS: "300" }, { now: () => now });
            assert.strictEqual((await h.invoke(request("secret-a"))).status, 200);
            secretStages("secret-b", "secret-a", NOW + 1_000);
            now += 2_000;
            assert.strictEqual((await h.invoke(request("secret-b"))).status, 200);
            assert.ok(h.logs.some((l) => l.message === "signing secret rotated" && l.currentVersionId === "v-secret-b"));
            // The provider may still sign with A until it is updated: accepted during the grace period.
            assert.strictEqual((await h.invoke(request("secret-a"))).status, 200);
            assert.strictEqual((await h.invoke(request("forged"))).status, 401);
            assert.strictEqual(reads("AWSCURRENT"), 1, "one read of the new version; the forged request came within a second of it");
        });

        it("re-reads at most once a second: a failure within a second of the last read is refused without a read", async () => {
            mockPutEventsOk();
            secretStages("secret-a", undefined, NOW - 30 * 86_400_000);
            let now = NOW;
            const h = makeHandler({ ...env, EBK_SECRET_TTL_SECONDS: "300" }, { now: () => now });
            assert.strictEqual((await h.invoke(request("secret-a"))).status, 200);
            secretStages("secret-b", "secret-a", NOW + 100);
            now += 500;
            assert.strictEqual((await h.invoke(request("secret-b"))).status, 401, "the cached copy is half a second old");
            assert.strictEqual(reads(), 0);
            now += 600;
            assert.strictEqual((await h.invoke(request("secret-b"))).status, 200);
        });

        it("1,000 forged requests within a second cost at most 2 Secrets Manager reads (single flight), whether reads succeed or fail", async () => {
            for (const outage of [false, true]) {
                resetMocks();
                mockPutEventsOk();
                secretStages("secret-a", undefined, NOW - 30 * 86_400_000);
                let now = NOW;
                const h = makeHandler({ ...env, EBK_SECRET_TTL_SECONDS: "300" }, { now: () => now });
                assert.strictEqual((await h.invoke(request("secret-a"))).status, 200);
                mocks.secretsManager.reset();
                if (outage) mocks.secretsManager.on(GetSecretValueCommand).rejects(Object.assign(new Error("slow"), { name: "ThrottlingException" }));
                else secretStages("secret-a", undefined, NOW - 30 * 86_400_000);
                now += 1_500;
                const statuses = new Set<number>();
                // 10 waves of 100 concurrent requests, 100 ms apart: 1,000 requests in one second.
                for (let wave = 0; wave < 10; wave++) {
                    const answers = await Promise.all(Array.from({ length: 100 }, () => h.invoke(request("forged"))));
                    answers.forEach((a) => statuses.add(a.status));
                    now += 100;
                }
                assert.deepStrictEqual([...statuses], [401], `outage ${outage}`);
                const count = reads();
                assert.ok(count >= 1 && count <= 2, `outage ${outage}: ${count} reads`);
            }
        });

        it("answers 503 within the deadline when Secrets Manager hangs, and keeps using a cached secret when a refresh hangs", async () => {
            mockPutEventsOk();
            mocks.secretsManager.on(GetSecretValueCommand).callsFake(() => new Promise(() => undefined));
            const cold = makeHandler({ ...env, EBK_DEADLINE_MS: "400" }, { realTime: true });
            const res = await cold.invoke(request());
            assert.deepStrictEqual([res.status, res.body], [503, { message: "temporarily unavailable; retry later" }]);
            assert.ok(cold.logs.some((l) => l.message === "cannot verify requests: Secrets Manager unavailable" && String(l.errorMessage).includes("TimeoutError")));
            assert.strictEqual(mocks.eventBridge.commandCalls(PutEventsCommand).length, 0);

            resetMocks();
            mockPutEventsOk();
            secretStages(GITHUB_SECRET, undefined, NOW - 30 * 86_400_000);
            const warm = makeHandler({ ...env, EBK_DEADLINE_MS: "1000", EBK_SECRET_TTL_SECONDS: "0.001" }, { realTime: true });
            assert.strictEqual((await warm.invoke(request())).status, 200);
            mocks.secretsManager.reset();
            mocks.secretsManager.on(GetSecretValueCommand).callsFake(() => new Promise(() => undefined));
            assert.strictEqual((await warm.invoke(request())).status, 200);
            assert.ok(warm.logs.some((l) => l.message === "could not refresh the signing secret; using the cached version"));
        });

        /**
         * A handler that accepted "first-secret" (version v-current), then a rotation to `current`
         * while AWSPREVIOUS is throttled; `rememberedStages` is what Secrets Manager says of the
         * remembered version when asked by its id. The clock is past the 60 s cache lifetime.
         */
        async function rotatedWithPreviousUnreadable(rotation: { current: string; version: string; createdAfterMs: number; rememberedStages: string[] }) {
            mockPutEventsOk();
            mockSecret("first-secret");
            const clock = { now: NOW };
            const h = makeHandler({ ...env, EBK_SECRET_TTL_SECONDS: "60" }, { now: () => clock.now });
            assert.strictEqual((await h.invoke(request("first-secret"))).status, 200);
            resetMocks();
            mockPutEventsOk();
            mocks.secretsManager.on(GetSecretValueCommand, { VersionStage: "AWSCURRENT" }).resolves({ SecretString: rotation.current, VersionId: rotation.version, CreatedDate: new Date(clock.now + rotation.createdAfterMs) });
            mocks.secretsManager.on(GetSecretValueCommand, { VersionStage: "AWSPREVIOUS" }).rejects(Object.assign(new Error("slow"), { name: "ThrottlingException" }));
            mocks.secretsManager.on(GetSecretValueCommand, { VersionId: "v-current" }).resolves({ SecretString: "first-secret", VersionId: "v-current", VersionStages: rotation.rememberedStages });
            clock.now += 61_000;
            return { h, clock };
        }

        it("notices a rotation between refreshes and keeps accepting the old secret from memory when AWSPREVIOUS cannot be read", async () => {
            // Asked by version id, Secrets Manager confirms the remembered version is AWSPREVIOUS.
            const { h, clock } = await rotatedWithPreviousUnreadable({ current: "second-secret", version: "v2", createdAfterMs: 30_000, rememberedStages: ["AWSPREVIOUS"] });
            assert.strictEqual((await h.invoke(request("first-secret"))).status, 200);
            assert.strictEqual((await h.invoke(request("second-secret"))).status, 200);
            clock.now += 3600_000;
            assert.strictEqual((await h.invoke(request("first-secret"))).status, 401);
        });

        it("rotation: after two rotations inside one cache lifetime with AWSPREVIOUS unreadable, refuses the secret two versions old (503, never 200)", async () => {
            // first → second → third within the minute: AWSPREVIOUS is "second", and it cannot be read.
            const { h } = await rotatedWithPreviousUnreadable({ current: "third-secret", version: "v3", createdAfterMs: 40_000, rememberedStages: [] });
            assert.strictEqual((await h.invoke(request("first-secret"))).status, 503);
            assert.strictEqual((await h.invoke(request("third-secret"))).status, 200);
        });
    });

    describe("other providers end to end", () => {
        it("stripe: detail-type and delivery id from the signed event; stale or malformed signatures are 401", async () => {
            const secret = "whsec_live_abc";
            mockSecret(secret);
            mockPutEventsOk();
            const event = { id: "evt_1Q2w3E", object: "event", type: "payment_intent.succeeded", data: { object: { id: "pi_1" } } };
            const payload = JSON.stringify(event);
            const stripeLib = new Stripe("sk_test_unused");
            const h = makeHandler({ EBK_PROVIDER: "stripe" });
            const signed = (t: number) => functionUrlEvent({ body: payload, headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": stripeLib.webhooks.generateTestHeaderString({ payload, secret, timestamp: t }) } });
            assert.strictEqual((await h.invoke(signed(Math.floor(NOW / 1000)))).status, 200);
            assert.deepStrictEqual(putEventsEntries()[0][0], {
                EventBusName: BUS,
                Source: "stripe.com",
                DetailType: "payment_intent.succeeded",
                Detail: JSON.stringify({ metadata: { provider: "stripe", deliveryId: "evt_1Q2w3E", receivedAt: RECEIVED_AT }, payload: event }),
            });
            assert.strictEqual((await h.invoke(signed(Math.floor(NOW / 1000) - 400))).status, 401);
            assert.strictEqual((await h.invoke(signed(Math.floor(NOW / 1000) + 400))).status, 401);
            const malformed = await h.invoke(functionUrlEvent({ body: payload, headers: { "stripe-signature": "t=now,v1=zz" } }));
            assert.strictEqual(malformed.status, 401);
        });

        it("twilio: a status callback with repeated parameters, through a custom publicUrl", async () => {
            mockSecret("twilio-token");
            mockPutEventsOk();
            const params = { MessageSid: "SM123", MessageStatus: "delivered", AccountSid: "AC1", MediaUrl: ["https://a/1", "https://a/2"] };
            const body = "MessageSid=SM123&MessageStatus=delivered&AccountSid=AC1&MediaUrl=https%3A%2F%2Fa%2F1&MediaUrl=https%3A%2F%2Fa%2F2";
            const signature = twilioLib.getExpectedTwilioSignature("twilio-token", "https://hooks.example.com/twilio?tenant=7", params);
            const h = makeHandler({ EBK_PROVIDER: "twilio", EBK_PROVIDER_OPTIONS: JSON.stringify({ publicUrl: "https://hooks.example.com/twilio" }) });
            const res = await h.invoke(
                functionUrlEvent({ body, base64: true, rawQuery: "tenant=7", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature, "i-twilio-idempotency-token": "idem-42" } }),
            );
            assert.strictEqual(res.status, 200);
            const entry = putEventsEntries()[0][0];
            assert.deepStrictEqual([entry.Source, entry.DetailType], ["twilio.com", "twilio.message.status"]);
            assert.deepStrictEqual(JSON.parse(entry.Detail!), { metadata: { provider: "twilio", deliveryId: "idem-42", receivedAt: RECEIVED_AT }, payload: params });
        });

        it("twilio: an Event Streams JSON array becomes one event per CloudEvent", async () => {
            mockSecret("twilio-token");
            mockPutEventsOk();
            const events = [{ type: "com.twilio.messaging.message.delivered", id: "EZ1" }, { type: "com.twilio.messaging.message.sent", id: "EZ2" }];
            const body = JSON.stringify(events);
            const rawQuery = `bodySHA256=${sha256Hex(body)}`;
            const url = `https://abcdefghijklmnop.lambda-url.us-east-1.on.aws/streams?${rawQuery}`;
            const signature = twilioLib.getExpectedTwilioSignature("twilio-token", url, {});
            const res = await makeHandler({ EBK_PROVIDER: "twilio" }).invoke(functionUrlEvent({ body, path: "/streams", rawQuery, headers: { "content-type": "application/json", "x-twilio-signature": signature } }));
            assert.strictEqual(res.status, 200);
            assert.deepStrictEqual(putEventsEntries()[0].map((e) => e.DetailType), ["com.twilio.messaging.message.delivered", "com.twilio.messaging.message.sent"]);
        });

        it("bird: wrong credentials are 401; the creation test batch is acknowledged without events", async () => {
            mockSecret(BIRD_SECRET);
            mockPutEventsOk();
            const h = makeHandler(BIRD_ENV);
            const { headers } = birdBatch(1);
            const wrong = await h.invoke(albEvent({ body: "[]", headers: { ...headers, authorization: "Basic " + Buffer.from("bird:hunter3").toString("base64") } }));
            assert.strictEqual(wrong.status, 401);
            const test = await h.invoke(albEvent({ body: '[{"msys":{}}]', headers }));
            assert.deepStrictEqual([test.status, test.body], [200, { accepted: 0 }]);
            assert.strictEqual(mocks.eventBridge.commandCalls(PutEventsCommand).length, 0);
        });

        it("hmac: header-chosen detail-type and delivery id, configured source, EBK_EVENT_SOURCE override", async () => {
            mockSecret("hmac-key");
            mockPutEventsOk();
            const body = JSON.stringify({ order: 17 });
            const headers = {
                "content-type": "application/json",
                "x-acme-signature": "sha512=" + createHmac("sha512", "hmac-key").update(body).digest("base64"),
                "x-acme-event": "order.created",
                "x-acme-delivery": "d-17",
            };
            const options = { header: "X-Acme-Signature", algorithm: "sha512", encoding: "base64", prefix: "sha512=", source: "acme.orders", detailTypeHeader: "X-Acme-Event", deliveryIdHeader: "X-Acme-Delivery" };
            const env = { EBK_PROVIDER: "hmac", EBK_PROVIDER_OPTIONS: JSON.stringify(options) };
            assert.strictEqual((await makeHandler(env).invoke(functionUrlEvent({ body, headers }))).status, 200);
            assert.strictEqual((await makeHandler({ ...env, EBK_EVENT_SOURCE: "custom.source" }).invoke(functionUrlEvent({ body, headers }))).status, 200);
            const [first, second] = putEventsEntries().map((c) => c[0]);
            assert.deepStrictEqual([first.Source, first.DetailType, JSON.parse(first.Detail!).metadata.deliveryId], ["acme.orders", "order.created", "d-17"]);
            assert.strictEqual(second.Source, "custom.source");
        });
    });

    describe("hook", () => {
        it("enriches and drops verified events before delivery", async () => {
            mockSecret(BIRD_SECRET);
            mockPutEventsOk();
            const { body, headers } = birdBatch(4);
            const h = makeHandler(BIRD_ENV, {
                hook: async (event, context) => {
                    if (event.detailType === "delivery") return null;
                    assert.strictEqual(context.headers.authorization, "[redacted]");
                    return { ...event, detail: { ...event.detail, payload: { ...(event.detail.payload as object), team: "mail" } } };
                },
            });
            const res = await h.invoke(albEvent({ body, headers }));
            assert.deepStrictEqual([res.status, res.body], [200, { accepted: 2 }]);
            const details = putEventsEntries()[0].map((e) => JSON.parse(e.Detail!));
            assert.deepStrictEqual(details.map((d) => [d.metadata.recordIndex, d.payload.team]), [[0, "mail"], [2, "mail"]]);
        });

        it("serializes what a hook changed in place, not the text that was signed", async () => {
            mockSecret(GITHUB_SECRET);
            mockPutEventsOk();
            const h = makeHandler({ EBK_PROVIDER: "github" }, {
                hook: async (event) => {
                    (event.detail.payload as { ref: string }).ref = "refs/heads/changed";
                    return event;
                },
            });
            assert.strictEqual((await h.invoke(functionUrlEvent({ body: pushBody, headers: githubHeaders(pushBody) }))).status, 200);
            assert.strictEqual(JSON.parse(putEventsEntries()[0][0].Detail!).payload.ref, "refs/heads/changed");
        });

        it("answers 503, never 200, when a slow hook (9.5 s) leaves no time to put the events", async () => {
            mockSecret(GITHUB_SECRET);
            mockPutEventsOk();
            let now = NOW;
            const h = makeHandler({ EBK_PROVIDER: "github" }, {
                now: () => now,
                hook: async (event) => {
                    now += 9_500;
                    return event;
                },
            });
            const res = await h.invoke(functionUrlEvent({ body: pushBody, headers: githubHeaders(pushBody) }));
            assert.deepStrictEqual([res.status, res.body], [503, { message: "delivery failed; retry later" }]);
            assert.strictEqual(mocks.eventBridge.commandCalls(PutEventsCommand).length, 0);
            assert.ok(!h.logs.some((l) => l.message === "events delivered"));
            const failure = h.logs.find((l) => l.level === "error");
            assert.deepStrictEqual([failure?.failedEntries, failure?.errorCodes], [1, ["DeadlineExceeded"]]);
        });

        it("answers 500 and sends nothing when the hook throws or returns something that is not an event", async () => {
            mockSecret(BIRD_SECRET);
            mockPutEventsOk();
            const { body, headers } = birdBatch(2);
            const throws = makeHandler(BIRD_ENV, { hook: async () => { throw new Error("enrichment service down"); } });
            const res = await throws.invoke(albEvent({ body, headers }));
            assert.deepStrictEqual([res.status, res.body], [500, { message: "hook failed" }]);
            assert.ok(throws.logs.some((l) => l.errorMessage === "enrichment service down"));
            const garbage = makeHandler(BIRD_ENV, { hook: async () => ({ nope: true }) as never });
            assert.strictEqual((await garbage.invoke(albEvent({ body, headers }))).status, 500);
            assert.strictEqual(mocks.eventBridge.commandCalls(PutEventsCommand).length, 0);
        });
    });

    describe("logs", () => {
        it("are JSON with the request and delivery ids, redact signature headers, and never contain a rejected body", async () => {
            mockSecret(GITHUB_SECRET);
            mockPutEventsOk();
            const h = makeHandler({ EBK_PROVIDER: "github", EBK_LOG_LEVEL: "debug" });
            await h.invoke(functionUrlEvent({ body: pushBody, headers: githubHeaders(pushBody) }));
            const secretBody = JSON.stringify({ ...pushPayload, token: "do-not-log-me" });
            await h.invoke(functionUrlEvent({ body: secretBody, headers: githubHeaders(secretBody, {}, "wrong") }));
            const text = JSON.stringify(h.logs);
            assert.ok(!text.includes("do-not-log-me"));
            assert.ok(!text.includes(githubHeaders(pushBody)["x-hub-signature-256"]));
            const debug = h.logs.find((l) => l.message === "authenticated delivery") as { headers: Record<string, string>; deliveryId: string; requestId: string };
            assert.strictEqual(debug.headers["x-hub-signature-256"], "[redacted]");
            assert.strictEqual(debug.headers["x-github-event"], "push");
            assert.deepStrictEqual([debug.deliveryId, debug.requestId], ["72d3162e-cc78-11e3-81ab-4c9367dc0958", "req-1"]);
            const rejected = h.logs.filter((l) => l.message === "signature or credentials rejected");
            // Nothing of the request: only who answered, and the count the signature-failure alarm reads.
            assert.deepStrictEqual(Object.keys(rejected[0]).sort(), ["FunctionName", "SignatureFailures", "_aws", "handler", "level", "message", "provider", "requestId"]);
        });
    });
});
