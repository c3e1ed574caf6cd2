/**
 * EventBridge's PutEvents limits as the handlers apply them (providers/limits.ts): an entry of up
 * to 1 MiB counted as AWS documents it, at most 10 entries and 1 MiB of entries per call, the S3
 * pointer only above the entry limit; the webhook and the batch processor alike.
 */
import * as assert from "assert";
import { createHmac } from "crypto";
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createBatchProcessor, loadProcessorConfig } from "../../handlers/batch-processor/processor";
import { Deadline } from "../../handlers/shared/deadline";
import { entrySize } from "../../handlers/shared/events";
import { Logger } from "../../handlers/shared/log";
import { chunkEntries, putEventsReliably } from "../../handlers/shared/put-events";
import { loadConfig } from "../../handlers/webhook/config";
import { PUT_EVENTS_MAX_ENTRIES, PUT_EVENTS_MAX_ENTRY_BYTES, PUT_EVENTS_MAX_REQUEST_BYTES } from "../../providers";
import { BUS, functionUrlEvent, makeHandler, mockPutEventsOk, mocks, mockSecret, putEventsEntries, resetMocks, SECRET_ARN, sha256Hex, testClock } from "./support";

const KiB = 1024;
const GITHUB_SECRET = "gh-webhook-secret";

/** An entry whose size, as EventBridge counts it, is exactly `bytes` (Source "s", DetailType "t"). */
function entryOf(bytes: number, detailType = "t"): PutEventsRequestEntry {
    const overhead = 1 + Buffer.byteLength(detailType) + '{"p":""}'.length;
    return { EventBusName: "bus", Source: "s", DetailType: detailType, Detail: `{"p":"${"x".repeat(bytes - overhead)}"}` };
}

/** The AWS User Guide's formula, written out again independently of the handler's. */
function documentedSize(entry: PutEventsRequestEntry): number {
    const utf8 = (s?: string) => new TextEncoder().encode(s ?? "").length;
    return (entry.Time ? 14 : 0) + utf8(entry.Source) + utf8(entry.DetailType) + utf8(entry.Detail) + (entry.Resources ?? []).reduce((n, r) => n + utf8(r), 0);
}

function githubPush(bytes: number, deliveryId: string) {
    const base = { ref: "refs/heads/main", before: "a".repeat(40), after: "b".repeat(40), commits: [] as unknown[], padding: "" };
    const body = JSON.stringify({ ...base, padding: "x".repeat(bytes - JSON.stringify(base).length) });
    assert.strictEqual(Buffer.byteLength(body), bytes);
    const headers = {
        "content-type": "application/json",
        "x-github-event": "push",
        "x-github-delivery": deliveryId,
        "x-hub-signature-256": "sha256=" + createHmac("sha256", GITHUB_SECRET).update(body).digest("hex"),
    };
    return { body, event: functionUrlEvent({ body, headers }) };
}

describe("PutEvents limits (providers/limits.ts)", () => {
    beforeEach(() => resetMocks());

    it("are EventBridge's since 2026-01-29: 10 entries per call, 1 MiB per entry and per call", () => {
        assert.deepStrictEqual([PUT_EVENTS_MAX_ENTRIES, PUT_EVENTS_MAX_ENTRY_BYTES, PUT_EVENTS_MAX_REQUEST_BYTES], [10, 1_048_576, 1_048_576]);
        // Both handlers default to them when the component sets nothing.
        const webhook = loadConfig({ EBK_PROVIDER: "github", EBK_SECRET_ARN: SECRET_ARN, EBK_EVENT_BUS_NAME: BUS });
        assert.deepStrictEqual([webhook.maxEntryBytes, webhook.maxBodyBytes], [1_048_576, 6_291_456]);
        assert.strictEqual(loadProcessorConfig({ EBK_EVENT_BUS_NAME: BUS }).maxEntryBytes, 1_048_576);
    });

    it("counts an entry as AWS documents: Time 14 bytes, then UTF-8 bytes of Source, DetailType, Detail and each resource", () => {
        const entries: PutEventsRequestEntry[] = [
            { Source: "s", DetailType: "t", Detail: "{}" },
            { Source: "s", DetailType: "t", Detail: "{}", Time: new Date(0) },
            { Source: "com.example", DetailType: "naïve €", Detail: '{"emoji":"😀"}', Resources: ["arn:aws:s3:::b", "ü"] },
        ];
        assert.deepStrictEqual(entries.map(entrySize), [4, 18, 11 + 10 + 16 + 14 + 2]);
        assert.deepStrictEqual(entries.map(entrySize), entries.map(documentedSize));
    });

    it("groups entries in order into calls of at most 10 entries and 1 MiB together, never splitting an entry", () => {
        const sizes = (chunks: PutEventsRequestEntry[][]) => chunks.map((c) => c.map(entrySize));
        // The count limit.
        assert.deepStrictEqual(chunkEntries(Array.from({ length: 25 }, () => entryOf(100))).map((c) => c.length), [10, 10, 5]);
        // Exactly 1 MiB together fits one call; one byte more starts the next.
        assert.deepStrictEqual(sizes(chunkEntries([entryOf(524_288), entryOf(524_288), entryOf(10)])), [[524_288, 524_288], [10]]);
        assert.deepStrictEqual(sizes(chunkEntries([entryOf(524_288), entryOf(524_289), entryOf(10)])), [[524_288], [524_289, 10]]);
        // Entries at the entry limit go one per call; 300 KiB entries three per call.
        assert.deepStrictEqual(sizes(chunkEntries([entryOf(1_048_576), entryOf(1_048_576)])), [[1_048_576], [1_048_576]]);
        assert.deepStrictEqual(chunkEntries(Array.from({ length: 7 }, () => entryOf(300 * KiB))).map((c) => c.length), [3, 3, 1]);
        // Multi-byte characters count by their bytes: 400 000 "é" are 800 000 bytes.
        const accented: PutEventsRequestEntry = { Source: "s", DetailType: "t", Detail: "é".repeat(400_000) };
        assert.deepStrictEqual(sizes(chunkEntries([accented, entryOf(300_000)])), [[800_002], [300_000]]);
    });

    it("sends 20 entries of 300 KiB in calls of 3 (the request limit), each call within 10 entries and 1 MiB", async () => {
        mockPutEventsOk();
        const entries = Array.from({ length: 20 }, (_, i) => entryOf(300 * KiB, `t${String(i).padStart(2, "0")}`));
        const clock = testClock();
        const result = await putEventsReliably(entries, {
            client: new EventBridgeClient({ region: "us-east-1" }),
            deadline: Deadline.within(5000, clock.now),
            log: new Logger({}, "info", () => undefined),
            sleep: clock.sleep,
        });
        assert.deepStrictEqual([result.delivered, result.failed, result.calls], [20, [], 7]);
        const calls = putEventsEntries();
        assert.deepStrictEqual(calls.map((c) => c.length), [3, 3, 3, 3, 3, 3, 2]);
        assert.deepStrictEqual(calls.flat().map((e) => e.DetailType), entries.map((e) => e.DetailType), "every entry once, in order");
        for (const call of calls) assert.ok(call.reduce((n, e) => n + documentedSize(e), 0) <= 1_048_576);
    });

    describe("the webhook, as deployed by default", () => {
        const env = { EBK_PROVIDER: "github" };

        it("puts a 900 KiB GitHub push inline, in one entry of one call (was 413 at 256 KiB)", async () => {
            mockSecret(GITHUB_SECRET);
            mockPutEventsOk();
            const { body, event } = githubPush(900 * KiB, "d-900");
            const res = await makeHandler(env).invoke(event);
            assert.deepStrictEqual([res.status, res.body], [200, { accepted: 1 }]);
            const calls = putEventsEntries();
            assert.deepStrictEqual(calls.map((c) => c.length), [1]);
            const detail = JSON.parse(calls[0][0].Detail!);
            assert.deepStrictEqual([detail.payload, detail.payloadPointer, detail.metadata.deliveryId], [JSON.parse(body), undefined, "d-900"]);
            assert.ok(documentedSize(calls[0][0]) > 900 * KiB && documentedSize(calls[0][0]) <= 1_048_576);
            assert.strictEqual(mocks.s3.commandCalls(PutObjectCommand).length, 0, "no S3 pointer below the entry limit");
        });

        it("answers 413 for a push whose entry is over 1 MiB without largeEvents, and stores it by pointer with largeEvents", async () => {
            mockSecret(GITHUB_SECRET);
            mockPutEventsOk();
            mocks.s3.on(PutObjectCommand).resolves({});
            const { event } = githubPush(1_048_576, "d-1m");
            const refused = await makeHandler(env).invoke(event);
            assert.deepStrictEqual([refused.status, refused.body], [413, { message: "an event is larger than the 1048576-byte entry limit" }]);
            assert.strictEqual(mocks.eventBridge.commandCalls(PutEventsCommand).length, 0);

            const pointed = await makeHandler({ ...env, EBK_OVERFLOW_BUCKET: "large-events", EBK_OVERFLOW_PREFIX: "github/" }).invoke(event);
            assert.strictEqual(pointed.status, 200);
            const stored = mocks.s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
            const key = `github/d-1m/0-${sha256Hex(stored[0].Body as Buffer)}.json`;
            assert.deepStrictEqual(stored.map((put) => put.Key), [key]);
            assert.strictEqual(JSON.parse(putEventsEntries()[0][0].Detail!).payloadPointer.key, key);
        });
    });

    it("batch processor: a stored Bird batch of records near the limit goes out in calls within 10 entries and 1 MiB", async () => {
        const pad = (n: number) => "x".repeat(n);
        const records = [
            { msys: { message_event: { type: "delivery", event_id: "big-a", pad: pad(700_000) } } },
            { msys: { message_event: { type: "delivery", event_id: "big-b", pad: pad(400_000) } } },
            ...Array.from({ length: 12 }, (_, i) => ({ msys: { track_event: { type: "open", event_id: `small-${i}` } } })),
            { msys: { message_event: { type: "bounce", event_id: "near-limit", pad: pad(1_000_000) } } },
        ];
        const body = Buffer.from(JSON.stringify(records));
        mocks.s3.on(GetObjectCommand).resolves({
            Body: { transformToByteArray: async () => new Uint8Array(body) } as never,
            Metadata: { "ebk-provider": "bird", "ebk-source": "bird.com", "ebk-received-at": "2026-11-22T08:00:00.000Z", "ebk-delivery-id": "b-near", "ebk-batch-id": "b-near", "ebk-body-format": "json" },
        });
        mockPutEventsOk();
        const clock = testClock();
        const handler = createBatchProcessor(loadProcessorConfig({ EBK_EVENT_BUS_NAME: BUS }), {
            eventBridge: () => new EventBridgeClient({ region: "us-east-1" }),
            s3: () => new S3Client({ region: "us-east-1" }),
            now: clock.now,
            sleep: clock.sleep,
            logSink: () => undefined,
        });
        const s3Event = { Records: [{ s3: { bucket: { name: "raw" }, object: { key: "bird/b-near" } } }] };
        assert.deepStrictEqual(await handler(s3Event as never), { batches: 1, events: 15, putEventsCalls: 3 });
        const calls = putEventsEntries();
        // 700 KB + 400 KB is over 1 MiB; 400 KB + 9 small is 10 entries; 3 small + 1 MB fit 1 MiB.
        assert.deepStrictEqual(calls.map((c) => c.length), [1, 10, 4]);
        for (const call of calls) assert.ok(call.reduce((n, e) => n + documentedSize(e), 0) <= 1_048_576);
        assert.deepStrictEqual(calls.flat().map((e) => JSON.parse(e.Detail!).metadata.recordIndex), Array.from({ length: 15 }, (_, i) => i));
    });
});
