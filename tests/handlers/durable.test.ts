/**
 * Durable acceptance in the webhook handler (in process, the AWS SDK mocked): what PutEvents did
 * not confirm within the budget is stored in the durable store under an idempotent key, and the
 * delivery is answered 200 only once it is stored; 503 when the store fails too.
 */
import * as assert from "assert";
import { createHash, createHmac } from "crypto";
import { PutEventsCommand, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { STORED_ENTRIES_FORMAT, storedEntriesKey } from "../../handlers/shared/durable-store";
import { storeReserveMs } from "../../handlers/webhook/durable";
import { albEvent, BUS, functionUrlEvent, makeHandler, mocks, mockSecret, NOW, putEventsEntries, resetMocks } from "./support";

const SECRET = "gh-webhook-secret";
const DELIVERY = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
const DURABLE = { EBK_PROVIDER: "github", EBK_DURABLE_BUCKET: "ingress-durable-store", EBK_DURABLE_PREFIX: "pending/" };
const body = JSON.stringify({ ref: "refs/heads/main", before: "a".repeat(40), after: "b".repeat(40), commits: [], repository: { full_name: "acme/app" } });

function push(deliveryId = DELIVERY): ReturnType<typeof functionUrlEvent> {
    return functionUrlEvent({
        body,
        headers: {
            "content-type": "application/json",
            "x-github-event": "push",
            "x-github-delivery": deliveryId,
            "x-hub-signature-256": "sha256=" + createHmac("sha256", SECRET).update(body).digest("hex"),
        },
    });
}

const throttled = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });

function storedObjects(): { Bucket?: string; Key?: string; body: Record<string, unknown> }[] {
    return mocks.s3.commandCalls(PutObjectCommand).map((c) => ({
        Bucket: c.args[0].input.Bucket,
        Key: c.args[0].input.Key,
        body: JSON.parse(Buffer.from(c.args[0].input.Body as Buffer).toString("utf8")),
    }));
}

describe("handlers/webhook durable acceptance", () => {
    beforeEach(() => resetMocks());

    it("during a PutEvents outage, stores the entry under <prefix><delivery id>/<position>.json and answers 200", async () => {
        mockSecret(SECRET);
        mocks.eventBridge.on(PutEventsCommand).rejects(throttled);
        mocks.s3.on(PutObjectCommand).resolves({});
        const h = makeHandler(DURABLE);
        const res = await h.invoke(push());
        assert.deepStrictEqual([res.status, res.body], [200, { accepted: 1, stored: 1 }]);
        const sent = putEventsEntries();
        assert.ok(sent.length > 2, "PutEvents was retried before the entry was stored");
        const stored = storedObjects();
        assert.strictEqual(stored.length, 1);
        assert.deepStrictEqual([stored[0].Bucket, stored[0].Key], ["ingress-durable-store", `pending/${DELIVERY}/0.json`]);
        assert.deepStrictEqual(stored[0].body, {
            format: STORED_ENTRIES_FORMAT,
            provider: "github",
            deliveryId: DELIVERY,
            storedAt: (stored[0].body as { storedAt: string }).storedAt,
            errorCodes: ["ThrottlingException"],
            entries: [{ index: 0, entry: sent[0][0] }],
        });
        assert.strictEqual(JSON.parse(sent[0][0].Detail!).metadata.deliveryId, DELIVERY, "the stored entry keeps its delivery id");
        // PutEvents stopped early enough to leave the store its reserve: stored no later than the budget's end.
        const storedAt = Date.parse((stored[0].body as { storedAt: string }).storedAt);
        assert.ok(storedAt - NOW <= 9000 - storeReserveMs(9000) + 50, `stored ${storedAt - NOW} ms after the request started`);
        assert.ok(h.logs.some((l) => l.level === "warn" && l.message === "events not confirmed by PutEvents; stored for the redrive function" && l.key === `pending/${DELIVERY}/0.json`));
    });

    it("stores only the unconfirmed entries of a partial failure, under the positions they have in the delivery", async () => {
        mockSecret(JSON.stringify({ username: "bird", password: "hunter2" }));
        mocks.eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => ({
            FailedEntryCount: 2,
            Entries: input.Entries.map((e) => {
                const index = JSON.parse(e.Detail!).metadata.recordIndex;
                return index === 3 || index === 7 ? { ErrorCode: "NotAuthorizedForSourceException", ErrorMessage: "no" } : { EventId: `id-${index}` };
            }),
        }));
        mocks.s3.on(PutObjectCommand).resolves({});
        const records = Array.from({ length: 12 }, (_, i) => ({ msys: { message_event: { type: "bounce", event_id: `e${i}` } } }));
        const res = await makeHandler({ EBK_PROVIDER: "bird", EBK_PROVIDER_OPTIONS: JSON.stringify({ auth: "basic" }), EBK_DURABLE_BUCKET: "store", EBK_DURABLE_PREFIX: "pending/" }).invoke(albEvent({
            body: JSON.stringify(records),
            headers: { "content-type": "application/json", authorization: "Basic " + Buffer.from("bird:hunter2").toString("base64"), "x-messagesystems-batch-id": "batch-7" },
        }));
        assert.deepStrictEqual([res.status, res.body], [200, { accepted: 12, stored: 2 }]);
        const [stored] = storedObjects();
        assert.strictEqual(stored.Key, "pending/batch-7/3-7.json");
        const entries = stored.body.entries as { index: number; entry: PutEventsRequestEntry }[];
        assert.deepStrictEqual(entries.map((e) => [e.index, JSON.parse(e.entry.Detail!).metadata.recordIndex, e.entry.EventBusName]), [[3, 3, BUS], [7, 7, BUS]]);
    });

    it("a retry of the same delivery stores under the same key (an overwrite, not a second copy)", async () => {
        mockSecret(SECRET);
        mocks.eventBridge.on(PutEventsCommand).rejects(throttled);
        mocks.s3.on(PutObjectCommand).resolves({});
        const h = makeHandler(DURABLE);
        assert.strictEqual((await h.invoke(push())).status, 200);
        assert.strictEqual((await h.invoke(push())).status, 200);
        assert.strictEqual((await h.invoke(push("another-delivery"))).status, 200);
        assert.deepStrictEqual(storedObjects().map((o) => o.Key), [`pending/${DELIVERY}/0.json`, `pending/${DELIVERY}/0.json`, "pending/another-delivery/0.json"]);
        assert.strictEqual(storedEntriesKey("p/", "../x", [0]), `p/${createHash("sha256").update("../x").digest("hex")}/0.json`, "an id that is no key segment is hashed");
        assert.match(storedEntriesKey("p/", "b", Array.from({ length: 40 }, (_, i) => 39 - i)), /^p\/b\/sha256-[0-9a-f]{64}\.json$/);
        assert.strictEqual(storedEntriesKey("p/", "b", [7, 3]), "p/b/3-7.json", "positions in order whatever order they failed in");
    });

    it("answers 503 when the durable store fails too, and never 200", async () => {
        mockSecret(SECRET);
        mocks.eventBridge.on(PutEventsCommand).rejects(throttled);
        mocks.s3.on(PutObjectCommand).rejects(Object.assign(new Error("Service Unavailable"), { name: "ServiceUnavailable" }));
        const h = makeHandler(DURABLE);
        const res = await h.invoke(push());
        assert.deepStrictEqual([res.status, res.body], [503, { message: "delivery failed; retry later" }]);
        assert.ok(mocks.s3.commandCalls(PutObjectCommand).length > 1, "the store was retried inside the reserve");
        assert.ok(h.logs.some((l) => l.level === "error" && l.message === "events neither delivered nor stored; answering 503 so the provider redelivers"));
    });

    it("stores nothing when PutEvents confirms every entry, and answers 503 without a store as before", async () => {
        mockSecret(SECRET);
        mocks.eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "1" }] });
        assert.deepStrictEqual((await makeHandler(DURABLE).invoke(push())).body, { accepted: 1 });
        assert.strictEqual(mocks.s3.commandCalls(PutObjectCommand).length, 0);

        resetMocks();
        mockSecret(SECRET);
        mocks.eventBridge.on(PutEventsCommand).rejects(throttled);
        assert.strictEqual((await makeHandler({ EBK_PROVIDER: "github" }).invoke(push())).status, 503);
        assert.strictEqual(mocks.s3.commandCalls(PutObjectCommand).length, 0);
    });

    it("refuses a durable store with S3 delivery or a prefix without a trailing /, answering 500", async () => {
        for (const env of [
            { ...DURABLE, EBK_DELIVERY: "s3", EBK_BUCKET: "raw" },
            { ...DURABLE, EBK_DURABLE_PREFIX: "pending" },
        ]) {
            mockSecret(SECRET);
            const h = makeHandler(env);
            const res = await h.invoke(push());
            assert.deepStrictEqual([res.status, res.body], [500, { message: "webhook handler misconfigured" }]);
            assert.match(String(h.logs[0].configError), /EBK_DURABLE/);
        }
    });
});
