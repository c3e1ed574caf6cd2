/**
 * Durable acceptance as Lambda runs it: the built webhook and durable-redrive bundles, each in a
 * fresh Node process, against the fake AWS on 127.0.0.1 (real SigV4-signed SDK requests). During a
 * PutEvents outage every GitHub delivery is answered 200 and stored; after recovery the redrive
 * sends every stored entry, each confirmed once, and empties the store; with the store failing
 * too, the answer is 503.
 */
import * as assert from "assert";
import { createHmac } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { awsEnv, confirmEvery, fakeAws, FakeAws, PutEventsAnswer, startBundle } from "./fake-aws";
import { functionUrlEvent, importEsm } from "./support";

interface BuiltHandler { path: string; bytes: number; inputs: string[]; files: string[] }

const SECRET = "gh-secret";
const BUCKET = "ingress-durable-store";
const BUS = "arn:aws:events:us-east-1:123456789012:event-bus/webhooks";
const body = JSON.stringify({ ref: "refs/heads/main", before: "a".repeat(40), after: "b".repeat(40), commits: [], repository: { full_name: "acme/app" } });

function push(deliveryId: string): unknown {
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

/** An outage as PutEvents shows it: every entry failed with an error a retry may fix. */
const outage: PutEventsAnswer = (entries) => ({
    FailedEntryCount: entries.length,
    Entries: entries.map(() => ({ ErrorCode: "InternalFailure", ErrorMessage: "The service is unavailable" })),
});

const putEventsEntries = (aws: FakeAws, from = 0) => aws.calls.slice(from).filter((c) => c.target === "AWSEvents.PutEvents").flatMap((c) => c.body.Entries as Record<string, string>[]);
const pendingKeys = (aws: FakeAws) => [...aws.objects.keys()].filter((k) => k.startsWith(`/${BUCKET}/pending/`)).sort();

describe("durable acceptance, the built bundles against a fake AWS", function () {
    this.timeout(120_000);
    let built: Record<string, BuiltHandler>;
    let tmp: string;
    let aws: FakeAws;

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ebk-durable-"));
        const { buildHandlers } = await importEsm<{ buildHandlers(o: { outDir: string }): Promise<Record<string, BuiltHandler>> }>(
            pathToFileURL(path.join(__dirname, "../../handlers/build.mjs")).href,
        );
        built = await buildHandlers({ outDir: tmp });
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));
    beforeEach(async () => {
        aws = await fakeAws();
        aws.secret.AWSCURRENT = { value: SECRET, versionId: "v1", createdAt: 1_500_000_000_000 };
    });
    afterEach(() => aws.close());

    const webhookEnv = () => ({
        ...awsEnv(aws),
        EBK_PROVIDER: "github",
        EBK_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:gh",
        EBK_EVENT_BUS_NAME: BUS,
        EBK_DURABLE_BUCKET: BUCKET,
        EBK_DURABLE_PREFIX: "pending/",
        // A short provider deadline keeps the outage's retries short; the order of work is the same.
        EBK_DEADLINE_MS: "4000",
    });
    const redriveEnv = () => ({
        ...awsEnv(aws),
        EBK_EVENT_BUS_NAME: BUS,
        EBK_DURABLE_BUCKET: BUCKET,
        EBK_DURABLE_PREFIX: "pending/",
        EBK_DURABLE_DEAD_LETTER_PREFIX: "dead-letter/",
        EBK_DEAD_LETTER_QUEUE_URL: `${aws.url}/123456789012/gh-redrive-dlq`,
        EBK_SWEEP_MIN_AGE_SECONDS: "60",
    });

    it("durable-redrive: one index.js with the EventBridge, S3 and SQS clients only, within 300 KB", () => {
        assert.deepStrictEqual(built["durable-redrive"].files, ["index.js"]);
        const clients = [...new Set(built["durable-redrive"].inputs.map((i) => /node_modules\/@aws-sdk\/client-([a-z0-9-]+)\//.exec(i)?.[1]).filter(Boolean))].sort();
        assert.deepStrictEqual(clients, ["eventbridge", "s3", "sqs"]);
        assert.ok(built["durable-redrive"].bytes <= 300 * 1024, `${built["durable-redrive"].bytes} bytes`);
    });

    it("20 GitHub deliveries during a PutEvents outage: all 200 and stored; after recovery the redrive sends each once and empties the store", async () => {
        aws.putEvents = outage;
        const webhook = await startBundle(path.join(tmp, "webhook", "index.js"), webhookEnv());
        const ids = Array.from({ length: 20 }, (_, i) => `d${String(i).padStart(2, "0")}-72d3162e-cc78-11e3-81ab-4c9367dc0958`);
        let answers;
        try {
            answers = await Promise.all(ids.map((id) => webhook.invoke(push(id))));
        } finally {
            webhook.stop();
        }
        assert.deepStrictEqual(answers.map((a) => [a.statusCode, JSON.parse(a.body)]), ids.map(() => [200, { accepted: 1, stored: 1 }]));
        assert.deepStrictEqual(pendingKeys(aws), ids.map((id) => `/${BUCKET}/pending/${id}/0.json`));
        assert.ok(putEventsEntries(aws).length > 20, "PutEvents was tried (and retried) before each store");
        assert.ok(aws.callsTo("s3.PutObject").every((c) => c.signed));

        // Recovery: the first object's ObjectCreated notification, then the sweep for the rest.
        aws.putEvents = confirmEvery;
        // Stored five minutes ago, as the listing shows it: old enough for the sweep.
        for (const object of aws.objects.values()) object.modifiedAt -= 5 * 60_000;
        const mark = aws.calls.length;
        const redrive = await startBundle(path.join(tmp, "durable-redrive", "index.js"), redriveEnv());
        try {
            const first = `pending/${ids[0]}/0.json`;
            const notified = await redrive.invoke({ Records: [{ eventSource: "aws:s3", eventName: "ObjectCreated:Put", s3: { bucket: { name: BUCKET }, object: { key: first } } }] });
            assert.deepStrictEqual(notified, { objects: 1, delivered: 1, completed: 1, deadLettered: 0, remaining: 0 });
            const swept = await redrive.invoke({ version: "0", source: "aws.scheduler", "detail-type": "Scheduled Event", detail: {} }, { remainingMs: 60_000 });
            assert.deepStrictEqual(swept, { objects: 19, delivered: 19, completed: 19, deadLettered: 0, remaining: 0 });
            const metric = redrive.logs().find((l) => l._aws !== undefined);
            assert.deepStrictEqual([metric?.Store, metric?.BacklogObjects, metric?.BacklogOldestAgeSeconds], [BUCKET, 0, 0]);
        } finally {
            redrive.stop();
        }
        const sent = putEventsEntries(aws, mark);
        const deliveryIds = sent.map((e) => JSON.parse(e.Detail).metadata.deliveryId).sort();
        assert.deepStrictEqual(deliveryIds, ids, "every delivery id once, none lost");
        assert.ok(sent.every((e) => e.EventBusName === BUS && e.Source === "github.com" && e.DetailType === "push"));
        assert.deepStrictEqual(pendingKeys(aws), []);
        assert.deepStrictEqual(aws.callsTo("AmazonSQS.SendMessage"), [], "nothing dead-lettered");
        assert.ok(aws.calls.slice(mark).every((c) => c.signed));
    });

    it("the sweep leaves the store as it is while the bus is still out, and reports the backlog", async () => {
        aws.putEvents = outage;
        const webhook = await startBundle(path.join(tmp, "webhook", "index.js"), webhookEnv());
        try {
            assert.strictEqual((await webhook.invoke(push("still-out"))).statusCode, 200);
        } finally {
            webhook.stop();
        }
        // Stored ten minutes ago, as the listing shows it.
        for (const object of aws.objects.values()) object.modifiedAt -= 600_000;
        const redrive = await startBundle(path.join(tmp, "durable-redrive", "index.js"), redriveEnv());
        try {
            const swept = await redrive.invoke({ source: "aws.scheduler" }, { remainingMs: 8_000 });
            assert.deepStrictEqual(swept, { objects: 1, delivered: 0, completed: 0, deadLettered: 0, remaining: 1 });
            const metric = redrive.logs().find((l) => l._aws !== undefined)!;
            assert.strictEqual(metric.BacklogObjects, 1);
            assert.ok((metric.BacklogOldestAgeSeconds as number) >= 600, String(metric.BacklogOldestAgeSeconds));
        } finally {
            redrive.stop();
        }
        assert.deepStrictEqual(pendingKeys(aws), [`/${BUCKET}/pending/still-out/0.json`]);
    });

    it("answers 503 when the durable store fails too, storing nothing", async () => {
        aws.putEvents = outage;
        aws.failS3Puts = true;
        const webhook = await startBundle(path.join(tmp, "webhook", "index.js"), webhookEnv());
        try {
            const answer = await webhook.invoke(push("store-down"));
            assert.deepStrictEqual([answer.statusCode, JSON.parse(answer.body)], [503, { message: "delivery failed; retry later" }]);
        } finally {
            webhook.stop();
        }
        assert.ok(aws.callsTo("s3.PutObject").length >= 1, "the store was tried");
        assert.deepStrictEqual(pendingKeys(aws), []);
    });
});
