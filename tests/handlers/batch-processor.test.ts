/**
 * The batch processor: S3 ObjectCreated → the raw delivery the webhook stored → one event per
 * record with the batch id, in PutEvents calls of 10; failures are thrown so Lambda's async
 * retries and the function's DLQ take over.
 */
import * as assert from "assert";
import type { S3Event } from "aws-lambda";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createBatchProcessor, loadProcessorConfig, ProcessorConfig } from "../../handlers/batch-processor/processor";
import type { EnrichHook } from "../../handlers/shared/hook";
import { albEvent, BUS, makeHandler, mockPutEventsOk, mocks, mockSecret, putEventsEntries, resetMocks, testClock } from "./support";

const BIRD_SECRET = JSON.stringify({ username: "bird", password: "hunter2" });
const BIRD_ENV = { EBK_PROVIDER: "bird", EBK_PROVIDER_OPTIONS: JSON.stringify({ auth: "basic" }) };

function birdRequest(records: number, batchId: string) {
    const body = JSON.stringify(
        Array.from({ length: records }, (_, i) => ({ msys: { track_event: { type: i % 3 ? "open" : "click", event_id: `ev-${i}` } } })),
    );
    const headers = {
        "content-type": "application/json",
        authorization: "Basic " + Buffer.from("bird:hunter2").toString("base64"),
        "x-messagesystems-batch-id": batchId,
    };
    return albEvent({ body, headers });
}

function s3Event(bucket: string, ...keys: string[]): S3Event {
    return {
        Records: keys.map((key) => ({
            eventVersion: "2.1",
            eventSource: "aws:s3",
            awsRegion: "us-east-1",
            eventTime: "2026-11-22T08:00:01.000Z",
            eventName: "ObjectCreated:Put",
            userIdentity: { principalId: "AWS:AROA" },
            requestParameters: { sourceIPAddress: "10.0.0.1" },
            responseElements: { "x-amz-request-id": "r", "x-amz-id-2": "i" },
            s3: {
                s3SchemaVersion: "1.0",
                configurationId: "raw-batches",
                bucket: { name: bucket, ownerIdentity: { principalId: "A" }, arn: `arn:aws:s3:::${bucket}` },
                object: { key, size: 1, eTag: "e", sequencer: "0" },
            },
        })),
    };
}

/** Stores what the webhook writes, and serves it back to GetObject. */
let stored = new Map<string, { body: Buffer; metadata: Record<string, string> }>();

/** The key the webhook stored delivery `id` under in bucket "raw": `<prefix><id>/<sha256 of the body>`. */
function storedKey(prefixAndId: string): string {
    const keys = [...stored.keys()].filter((k) => new RegExp(`^raw/${prefixAndId.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/[0-9a-f]{64}$`).test(k));
    assert.strictEqual(keys.length, 1, `one object stored for ${prefixAndId}`);
    return keys[0].slice("raw/".length);
}

function storeObjects(): Map<string, { body: Buffer; metadata: Record<string, string> }> {
    const store = new Map<string, { body: Buffer; metadata: Record<string, string> }>();
    stored = store;
    mocks.s3.on(PutObjectCommand).callsFake((input) => {
        store.set(`${input.Bucket}/${input.Key}`, { body: input.Body as Buffer, metadata: input.Metadata });
        return {};
    });
    mocks.s3.on(GetObjectCommand).callsFake((input) => {
        const object = store.get(`${input.Bucket}/${input.Key}`);
        if (!object) throw Object.assign(new Error("The specified key does not exist."), { name: "NoSuchKey" });
        return { Body: { transformToByteArray: async () => new Uint8Array(object.body) }, Metadata: object.metadata };
    });
    return store;
}

function processor(config: Partial<ProcessorConfig> = {}, hook?: EnrichHook) {
    const logs: Record<string, unknown>[] = [];
    const clock = testClock();
    const handler = createBatchProcessor(
        { busName: BUS, maxEntryBytes: 262_144, logLevel: "info", ...config },
        {
            eventBridge: () => new EventBridgeClient({ region: "us-east-1" }),
            s3: () => new S3Client({ region: "us-east-1" }),
            now: clock.now,
            sleep: clock.sleep,
            random: () => 0.5,
            logSink: (line) => logs.push(JSON.parse(line)),
            hook,
        },
    );
    return { handler, logs };
}

describe("handlers/batch-processor", () => {
    beforeEach(() => resetMocks());

    it("emits a stored 350-record Bird batch in exactly 35 PutEvents calls, one event per record with the batch id", async () => {
        mockSecret(BIRD_SECRET);
        storeObjects();
        const webhook = makeHandler({ ...BIRD_ENV, EBK_DELIVERY: "s3", EBK_BUCKET: "raw", EBK_PREFIX: "bird/" });
        assert.strictEqual((await webhook.invoke(birdRequest(350, "batch-350"))).status, 200);
        mockPutEventsOk();
        const result = await processor().handler(s3Event("raw", storedKey("bird/batch-350")));
        assert.deepStrictEqual(result, { batches: 1, events: 350, putEventsCalls: 35 });
        const calls = putEventsEntries();
        assert.strictEqual(calls.length, 35);
        assert.ok(calls.every((c) => c.length === 10));
        const details = calls.flat().map((e) => JSON.parse(e.Detail!));
        assert.ok(details.every((d) => d.metadata.batchId === "batch-350" && d.metadata.provider === "bird"));
        assert.deepStrictEqual(details.map((d) => d.metadata.recordIndex), Array.from({ length: 350 }, (_, i) => i));
        assert.deepStrictEqual(calls[0].slice(0, 2).map((e) => [e.Source, e.DetailType, e.EventBusName]), [["bird.com", "click", BUS], ["bird.com", "open", BUS]]);
    });

    it("emits exactly the entries the webhook would have sent directly", async () => {
        mockSecret(BIRD_SECRET);
        storeObjects();
        mockPutEventsOk();
        await makeHandler({ ...BIRD_ENV, EBK_DELIVERY: "s3", EBK_BUCKET: "raw", EBK_PREFIX: "bird/" }).invoke(birdRequest(13, "same"));
        await processor().handler(s3Event("raw", storedKey("bird/same")));
        const viaS3 = putEventsEntries().flat();
        mocks.eventBridge.reset();
        mockPutEventsOk();
        await makeHandler(BIRD_ENV).invoke(birdRequest(13, "same"));
        assert.deepStrictEqual(putEventsEntries().flat(), viaS3);
    });

    it("runs the hook on each record of a stored batch (S3 delivery), dropping what it returns null for", async () => {
        mockSecret(BIRD_SECRET);
        storeObjects();
        mockPutEventsOk();
        await makeHandler({ ...BIRD_ENV, EBK_DELIVERY: "s3", EBK_BUCKET: "raw", EBK_PREFIX: "" }).invoke(birdRequest(6, "hooked"));
        const seen: string[] = [];
        const result = await processor({}, async (event, context) => {
            seen.push(`${context.provider}/${context.deliveryId}`);
            return event.detailType === "click" ? null : { ...event, source: "mail.events" };
        }).handler(s3Event("raw", storedKey("hooked")));
        assert.deepStrictEqual(result, { batches: 1, events: 4, putEventsCalls: 1 });
        assert.deepStrictEqual([...new Set(seen)], ["bird/hooked"]);
        assert.deepStrictEqual(putEventsEntries()[0].map((e) => [e.Source, e.DetailType]), Array(4).fill(["mail.events", "open"]));
        await assert.rejects(
            processor({}, async () => {
                throw new Error("enrichment down");
            }).handler(s3Event("raw", storedKey("hooked"))),
            /enrichment down/,
        );
    });

    it("decodes notification keys (+ and %XX) and ignores S3's test event", async () => {
        storeObjects();
        mockPutEventsOk();
        mockSecret(BIRD_SECRET);
        await makeHandler({ ...BIRD_ENV, EBK_DELIVERY: "s3", EBK_BUCKET: "raw", EBK_PREFIX: "bird raw:2026/" }).invoke(birdRequest(2, "b1"));
        const key = storedKey("bird raw:2026/b1");
        const result = await processor().handler(s3Event("raw", key.replace("bird raw:2026/", "bird+raw%3A2026/")));
        assert.strictEqual(result.events, 2);
        assert.deepStrictEqual(mocks.s3.commandCalls(GetObjectCommand)[0].args[0].input, { Bucket: "raw", Key: key });
        assert.deepStrictEqual(await processor().handler({ Records: [] } as S3Event), { batches: 0, events: 0, putEventsCalls: 0 });
    });

    it("throws (so Lambda retries, then the DLQ gets the batch) when events cannot be delivered or the object is unusable", async () => {
        mockSecret(BIRD_SECRET);
        storeObjects();
        await makeHandler({ ...BIRD_ENV, EBK_DELIVERY: "s3", EBK_BUCKET: "raw", EBK_PREFIX: "bird/" }).invoke(birdRequest(12, "b-1"));
        mocks.eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
            FailedEntryCount: input.Entries.length,
            Entries: input.Entries.map(() => ({ ErrorCode: "AccessDeniedException", ErrorMessage: "no" })),
        }));
        await assert.rejects(processor().handler(s3Event("raw", storedKey("bird/b-1"))), /events of s3:\/\/raw\/bird\/b-1\/[0-9a-f]{64} not delivered \(PutEvents entries failed: AccessDeniedException\); the batch will be retried/);

        await assert.rejects(processor().handler(s3Event("raw", "bird/missing")), /The specified key does not exist/);

        mocks.s3.on(GetObjectCommand).resolves({ Body: { transformToByteArray: async () => new Uint8Array(Buffer.from("[]")) } as never, Metadata: {} });
        await assert.rejects(processor().handler(s3Event("raw", "bird/foreign")), /the object has no complete webhook metadata/);
    });

    it("throws, putting nothing, when the function has too little time left to deliver (getRemainingTimeInMillis 1500)", async () => {
        mockSecret(BIRD_SECRET);
        storeObjects();
        mockPutEventsOk();
        await makeHandler({ ...BIRD_ENV, EBK_DELIVERY: "s3", EBK_BUCKET: "raw", EBK_PREFIX: "" }).invoke(birdRequest(20, "late"));
        const { handler, logs } = processor();
        await assert.rejects(
            handler(s3Event("raw", storedKey("late")), { awsRequestId: "r-late", getRemainingTimeInMillis: () => 1500 }),
            /^Error: 20 events of s3:\/\/raw\/late\/[0-9a-f]{64} not delivered \(PutEvents entries failed: DeadlineExceeded\); the batch will be retried$/,
        );
        assert.strictEqual(mocks.eventBridge.commandCalls(PutEventsCommand).length, 0);
        assert.ok(!logs.some((l) => l.message === "batch delivered"));
    });

    it("ends a hung S3 GetObject at its deadline with a clear error (Lambda retries it), instead of a function timeout", async () => {
        mocks.s3.on(GetObjectCommand).callsFake(() => new Promise(() => undefined));
        const started = Date.now();
        await assert.rejects(
            processor().handler(s3Event("raw", "bird/hung"), { awsRequestId: "r-hung", getRemainingTimeInMillis: () => 1600 }),
            /^TimeoutError: S3 GetObject s3:\/\/raw\/bird\/hung did not answer within 600 ms$/,
        );
        assert.ok(Date.now() - started < 2000);
        assert.strictEqual(mocks.eventBridge.commandCalls(PutEventsCommand).length, 0);
    });

    it("throws for a record over the entry limit without an overflow bucket", async () => {
        mockSecret(BIRD_SECRET);
        storeObjects();
        mockPutEventsOk();
        await makeHandler({ ...BIRD_ENV, EBK_DELIVERY: "s3", EBK_BUCKET: "raw", EBK_PREFIX: "" }).invoke(birdRequest(3, "b-2"));
        await assert.rejects(processor({ maxEntryBytes: 50 }).handler(s3Event("raw", storedKey("b-2"))), /record 0 of s3:\/\/raw\/b-2\/[0-9a-f]{64} is \d+ bytes, over the 50-byte entry limit; configure an overflow bucket/);
        assert.strictEqual(mocks.eventBridge.commandCalls(PutEventsCommand).length, 0);
    });

    it("reads its configuration from the environment and names a wrong variable", () => {
        assert.deepStrictEqual(loadProcessorConfig({ EBK_EVENT_BUS_NAME: "bus", EBK_OVERFLOW_BUCKET: "o", EBK_OVERFLOW_PREFIX: "big/" }), {
            busName: "bus",
            source: undefined,
            maxEntryBytes: 262_144,
            overflow: { bucket: "o", prefix: "big/" },
            logLevel: "info",
        });
        assert.throws(() => loadProcessorConfig({}), /EBK_EVENT_BUS_NAME is not set/);
        assert.throws(() => loadProcessorConfig({ EBK_EVENT_BUS_NAME: "b", EBK_OVERFLOW_BUCKET: "o", EBK_OVERFLOW_PREFIX: "big" }), /EBK_OVERFLOW_PREFIX is "big"; a key prefix must be empty or end with "\/"/);
    });
});
