/**
 * The durable-acceptance redrive function in process, the AWS SDK mocked: stored entries sent on
 * with the PutEvents rules of the webhook, objects removed only once every entry is confirmed,
 * partial progress kept, what cannot be delivered dead-lettered, and the sweep's backlog metrics.
 */
import * as assert from "assert";
import { PutEventsCommand, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { mockClient } from "aws-sdk-client-mock";
import { createRedrive, RedriveConfig } from "../../handlers/durable-redrive/redrive";
import { serializeStoredEntries, STORED_ENTRIES_FORMAT } from "../../handlers/shared/durable-store";
import { mocks, NOW, putEventsEntries, resetMocks, testClock } from "./support";

const sqs = mockClient(SQSClient);
const BUS = "arn:aws:events:us-east-1:123456789012:event-bus/webhooks";
const CONFIG: RedriveConfig = {
    busName: BUS,
    bucket: "store",
    prefix: "pending/",
    deadLetterPrefix: "dead-letter/",
    deadLetterQueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/redrive-dlq",
    sweepMinAgeMs: 60_000,
    logLevel: "info",
};

function entry(i: number): PutEventsRequestEntry {
    return { EventBusName: "old-bus-name", Source: "github.com", DetailType: "push", Detail: JSON.stringify({ metadata: { deliveryId: "d-1", recordIndex: i }, payload: {} }) };
}
function storedBody(indexes: number[]): Buffer {
    return serializeStoredEntries({
        format: STORED_ENTRIES_FORMAT, provider: "github", deliveryId: "d-1", storedAt: new Date(NOW).toISOString(), errorCodes: ["ThrottlingException"],
        entries: indexes.map((index) => ({ index, entry: entry(index) })),
    });
}
function mockObject(key: string, body: Buffer): void {
    mocks.s3.on(GetObjectCommand, { Bucket: "store", Key: key }).callsFake(() => ({ Body: { transformToByteArray: async () => new Uint8Array(body) } }));
}
function redrive(metrics: string[] = []) {
    const clock = testClock();
    return createRedrive(CONFIG, {
        eventBridge: () => new EventBridgeClient({ region: "us-east-1" }),
        s3: () => new S3Client({ region: "us-east-1" }),
        sqs: () => new SQSClient({ region: "us-east-1" }),
        now: clock.now, sleep: clock.sleep, random: () => 0.5,
        logSink: () => undefined,
        metricSink: (line) => metrics.push(line),
    });
}
const notification = (key: string) => ({ Records: [{ s3: { bucket: { name: "store" }, object: { key: encodeURIComponent(key) } } }] });
const confirmAll = (input: { Entries: PutEventsRequestEntry[] }) => ({ FailedEntryCount: 0, Entries: input.Entries.map((_, i) => ({ EventId: `e-${i}` })) });

describe("handlers/durable-redrive", () => {
    beforeEach(() => {
        resetMocks();
        sqs.reset();
        mocks.s3.on(PutObjectCommand).resolves({});
        mocks.s3.on(DeleteObjectCommand).resolves({});
        sqs.on(SendMessageCommand).resolves({ MessageId: "m-1" });
    });

    it("sends every stored entry to the ingress's bus, then deletes the object", async () => {
        mockObject("pending/d-1/0-1.json", storedBody([0, 1]));
        mocks.eventBridge.on(PutEventsCommand).callsFake(confirmAll);
        const result = await redrive()(notification("pending/d-1/0-1.json"));
        assert.deepStrictEqual(result, { objects: 1, delivered: 2, completed: 1, deadLettered: 0, remaining: 0 });
        assert.deepStrictEqual(putEventsEntries(), [[{ ...entry(0), EventBusName: BUS }, { ...entry(1), EventBusName: BUS }]]);
        assert.deepStrictEqual(mocks.s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input), [{ Bucket: "store", Key: "pending/d-1/0-1.json" }]);
        assert.strictEqual(sqs.commandCalls(SendMessageCommand).length, 0);
    });

    it("keeps the object while the bus is out, rewrites it with only the unconfirmed entries after partial progress", async () => {
        mockObject("pending/d-1/0-1-2.json", storedBody([0, 1, 2]));
        mocks.eventBridge.on(PutEventsCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
        const out = await redrive()(notification("pending/d-1/0-1-2.json"));
        assert.deepStrictEqual(out, { objects: 1, delivered: 0, completed: 0, deadLettered: 0, remaining: 1 });
        assert.strictEqual(mocks.s3.commandCalls(DeleteObjectCommand).length + mocks.s3.commandCalls(PutObjectCommand).length, 0, "nothing removed or rewritten");

        resetMocks();
        mocks.s3.on(PutObjectCommand).resolves({});
        mockObject("pending/d-1/0-1-2.json", storedBody([0, 1, 2]));
        mocks.eventBridge.on(PutEventsCommand).resolvesOnce({ FailedEntryCount: 1, Entries: [{ EventId: "a" }, { ErrorCode: "ThrottlingException", ErrorMessage: "slow" }, { EventId: "c" }] })
            .rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
        const partial = await redrive()(notification("pending/d-1/0-1-2.json"));
        assert.deepStrictEqual(partial, { objects: 1, delivered: 2, completed: 0, deadLettered: 0, remaining: 1 });
        const rewritten = mocks.s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
        assert.deepStrictEqual(rewritten.map((i) => i.Key), ["pending/d-1/0-1-2.json"]);
        assert.deepStrictEqual(JSON.parse(Buffer.from(rewritten[0].Body as Buffer).toString()).entries.map((e: { index: number }) => e.index), [1]);
        assert.strictEqual(mocks.s3.commandCalls(DeleteObjectCommand).length, 0);
    });

    it("dead-letters what a retry cannot fix: written under dead-letter/, announced on the queue, removed from the store", async () => {
        mockObject("pending/d-1/0-1.json", storedBody([0, 1]));
        mocks.eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ EventId: "a" }, { ErrorCode: "NotAuthorizedForSourceException", ErrorMessage: "no" }] });
        const result = await redrive()(notification("pending/d-1/0-1.json"));
        assert.deepStrictEqual(result, { objects: 1, delivered: 1, completed: 1, deadLettered: 1, remaining: 0 });
        const [put] = mocks.s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
        assert.strictEqual(put.Key, "dead-letter/d-1/0-1.json");
        assert.deepStrictEqual(JSON.parse(Buffer.from(put.Body as Buffer).toString()).entries.map((e: { index: number }) => e.index), [1]);
        const [message] = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
        assert.strictEqual(message.QueueUrl, CONFIG.deadLetterQueueUrl);
        assert.deepStrictEqual(JSON.parse(message.MessageBody!), {
            reason: "PutEvents refused these entries for a reason a retry cannot fix",
            bucket: "store", key: "dead-letter/d-1/0-1.json", storedKey: "pending/d-1/0-1.json",
            failures: [{ index: 1, errorCode: "NotAuthorizedForSourceException", errorMessage: "no" }],
        });
        assert.deepStrictEqual(mocks.s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input.Key), ["pending/d-1/0-1.json"]);
    });

    it("keeps an object it cannot dead-letter (the queue fails): the invocation fails, nothing is removed", async () => {
        mockObject("pending/x.json", Buffer.from("not json"));
        sqs.reset();
        sqs.on(SendMessageCommand).rejects(new Error("queue down"));
        await assert.rejects(redrive()(notification("pending/x.json")), /queue down/);
        assert.strictEqual(mocks.s3.commandCalls(DeleteObjectCommand).length, 0);
    });

    it("ignores objects already gone and keys outside the prefix", async () => {
        mocks.s3.on(GetObjectCommand).rejects(Object.assign(new Error("missing"), { name: "NoSuchKey" }));
        const result = await redrive()({ Records: [...notification("pending/gone.json").Records, ...notification("dead-letter/d.json").Records] });
        assert.deepStrictEqual(result, { objects: 0, delivered: 0, completed: 0, deadLettered: 0, remaining: 0 });
        assert.deepStrictEqual(mocks.s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Key), ["pending/gone.json"]);
    });

    it("the sweep redrives leftovers older than a minute, stops at the first that the bus refuses, and logs the backlog as embedded metrics", async () => {
        mocks.s3.on(ListObjectsV2Command).resolves({
            IsTruncated: false,
            Contents: [
                { Key: "pending/a/0.json", LastModified: new Date(NOW - 3_600_000) },
                { Key: "pending/b/0.json", LastModified: new Date(NOW - 600_000) },
                { Key: "pending/c/0.json", LastModified: new Date(NOW - 300_000) },
                { Key: "pending/young/0.json", LastModified: new Date(NOW - 5_000) },
            ],
        });
        for (const k of ["a", "b", "c", "young"]) mockObject(`pending/${k}/0.json`, storedBody([0]));
        mocks.eventBridge.on(PutEventsCommand).callsFakeOnce(confirmAll).rejects(Object.assign(new Error("down"), { name: "InternalException" }));
        const metrics: string[] = [];
        const result = await redrive(metrics)({ source: "aws.scheduler" } as never);
        assert.deepStrictEqual(result, { objects: 4, delivered: 1, completed: 1, deadLettered: 0, remaining: 3 });
        assert.deepStrictEqual(mocks.s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Key), ["pending/a/0.json", "pending/b/0.json"]);
        assert.deepStrictEqual(mocks.s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input), [{ Bucket: "store", Prefix: "pending/", ContinuationToken: undefined }]);
        assert.strictEqual(metrics.length, 1);
        const emf = JSON.parse(metrics[0]);
        assert.deepStrictEqual(emf._aws.CloudWatchMetrics, [{
            Namespace: "EventBridgeKit/DurableStore", Dimensions: [["Store"]],
            Metrics: [{ Name: "BacklogObjects", Unit: "Count" }, { Name: "BacklogOldestAgeSeconds", Unit: "Seconds" }],
        }]);
        assert.strictEqual(emf.Store, "store");
        assert.strictEqual(emf.BacklogObjects, 3);
        assert.ok(emf.BacklogOldestAgeSeconds >= 600 && emf.BacklogOldestAgeSeconds < 700, String(emf.BacklogOldestAgeSeconds));
    });
});
