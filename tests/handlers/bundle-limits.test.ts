/**
 * The size limits as the built bundles (handlers/dist, `node handlers/build.mjs`) apply them in a
 * fresh Node process, each SDK call a real signed request to the fake AWS on 127.0.0.1: what
 * reaches EventBridge is measured there, with AWS's formula, not with the handler's own.
 */
import * as assert from "assert";
import { createHash, createHmac } from "crypto";
import * as path from "path";
import { awsEnv, BundleProcess, fakeAws, FakeAws, startBundle } from "./fake-aws";
import { functionUrlEvent } from "./support";

const DIST = path.join(__dirname, "..", "..", "handlers", "dist");
const KiB = 1024;
const MiB = 1_048_576;

/** An entry's size as the EventBridge User Guide counts it ("Calculating PutEvents event entry size"). */
function documentedSize(entry: Record<string, unknown>): number {
    const utf8 = (s: unknown) => (typeof s === "string" ? Buffer.byteLength(s, "utf8") : 0);
    const resources = Array.isArray(entry.Resources) ? entry.Resources : [];
    return (entry.Time !== undefined ? 14 : 0) + utf8(entry.Source) + utf8(entry.DetailType) + utf8(entry.Detail) + resources.reduce((n: number, r) => n + utf8(r), 0);
}

/** Every PutEvents request the fake received: its entries, and whether it kept to EventBridge's request limits. */
function putEventsRequests(aws: FakeAws): { entries: Record<string, unknown>[]; withinLimits: boolean }[] {
    return aws.callsTo("AWSEvents.PutEvents").map((call) => {
        const entries = call.body.Entries as Record<string, unknown>[];
        const sizes = entries.map(documentedSize);
        return { entries, withinLimits: entries.length <= 10 && sizes.every((s) => s <= MiB) && sizes.reduce((a, b) => a + b, 0) <= MiB };
    });
}

describe("handlers/dist bundles: EventBridge's 1 MiB limits, against a fake AWS", () => {
    let aws: FakeAws;
    const processes: BundleProcess[] = [];
    const start = async (bundle: string, env: Record<string, string>): Promise<BundleProcess> => {
        const started = await startBundle(path.join(DIST, bundle, "index.js"), { ...awsEnv(aws), ...env });
        processes.push(started);
        return started;
    };
    beforeEach(async () => {
        aws = await fakeAws();
    });
    afterEach(() => {
        processes.splice(0).forEach((p) => p.stop());
        aws.close();
    });

    it("webhook: a 900 KiB GitHub push, signed, goes inline in one entry of one call and is answered 200", async () => {
        aws.secret.AWSCURRENT = { value: "gh-secret", versionId: "v1", createdAt: 1_500_000_000_000 };
        // The environment WebhookIngress sets by default (function URL, no largeEvents).
        const webhook = await start("webhook", {
            EBK_PROVIDER: "github",
            EBK_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:gh",
            EBK_EVENT_BUS_NAME: "webhooks",
            EBK_MAX_BODY_BYTES: "6291456",
            EBK_MAX_ENTRY_BYTES: "1048576",
        });
        const base = JSON.stringify({ ref: "refs/heads/main", before: "a", after: "b", padding: "" });
        const body = JSON.stringify({ ref: "refs/heads/main", before: "a", after: "b", padding: "x".repeat(900 * KiB - base.length) });
        assert.strictEqual(body.length, 900 * KiB);
        const headers = {
            "content-type": "application/json",
            "x-github-event": "push",
            "x-github-delivery": "d-900k",
            "x-hub-signature-256": "sha256=" + createHmac("sha256", "gh-secret").update(body).digest("hex"),
        };
        const result = await webhook.invoke(functionUrlEvent({ body, headers }));
        assert.deepStrictEqual([result.statusCode, JSON.parse(result.body)], [200, { accepted: 1 }]);
        const requests = putEventsRequests(aws);
        assert.deepStrictEqual(requests.map((r) => [r.entries.length, r.withinLimits]), [[1, true]]);
        const detail = JSON.parse(String(requests[0].entries[0].Detail));
        assert.deepStrictEqual([detail.payload, detail.metadata.deliveryId], [JSON.parse(body), "d-900k"]);
        assert.deepStrictEqual(aws.calls.filter((c) => c.target.startsWith("s3.")), [], "no S3 pointer");
    });

    it("webhook-s3 then batch-processor: a 2 MB Bird batch of records near 1 MiB is stored whole, then split within 10 entries and 1 MiB per call", async () => {
        aws.secret.AWSCURRENT = { value: "bird-token", versionId: "v1", createdAt: 1_500_000_000_000 };
        const webhook = await start("webhook-s3", {
            EBK_PROVIDER: "bird",
            EBK_PROVIDER_OPTIONS: JSON.stringify({ auth: "bearer" }),
            EBK_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:bird",
            EBK_DELIVERY: "s3",
            EBK_BUCKET: "raw-batches",
            EBK_PREFIX: "bird/",
            EBK_MAX_BODY_BYTES: "6291456",
        });
        const pad = (n: number) => "x".repeat(n);
        const records = [
            { msys: { message_event: { type: "delivery", event_id: "big-a", pad: pad(700_000) } } },
            { msys: { message_event: { type: "delivery", event_id: "big-b", pad: pad(400_000) } } },
            ...Array.from({ length: 12 }, (_, i) => ({ msys: { track_event: { type: "open", event_id: `small-${i}` } } })),
            { msys: { message_event: { type: "bounce", event_id: "near-limit", pad: pad(1_040_000) } } },
        ];
        const body = JSON.stringify(records);
        assert.ok(body.length > 2 * MiB, "over the old 1 MiB body limit");
        const stored = await webhook.invoke(functionUrlEvent({
            body,
            headers: { "content-type": "application/json", authorization: "Bearer bird-token", "x-messagesystems-batch-id": "batch-near" },
        }));
        assert.deepStrictEqual([stored.statusCode, JSON.parse(stored.body)], [200, { accepted: 15 }]);

        const processor = await start("batch-processor", { EBK_EVENT_BUS_NAME: "mail", EBK_MAX_ENTRY_BYTES: "1048576" });
        // Stored as <prefix><batch id>/<SHA-256 of the body>: the one key the fake AWS holds.
        const keys = [...aws.objects.keys()];
        assert.deepStrictEqual(keys, [`/raw-batches/bird/batch-near/${createHash("sha256").update(body).digest("hex")}`]);
        const notification = { Records: [{ s3: { bucket: { name: "raw-batches" }, object: { key: keys[0].slice("/raw-batches/".length) } } }] };
        assert.deepStrictEqual(await processor.invoke(notification, { remainingMs: 60_000 }), { batches: 1, events: 15, putEventsCalls: 3 });
        const requests = putEventsRequests(aws);
        // 700 KB + 400 KB is over 1 MiB; 400 KB + 9 small records are 10 entries; 3 small + 1 040 000 bytes fit 1 MiB.
        assert.deepStrictEqual(requests.map((r) => [r.entries.length, r.withinLimits]), [[1, true], [10, true], [4, true]]);
        const last = requests[2].entries[3];
        assert.ok(documentedSize(last) > 1_040_000 && documentedSize(last) <= MiB, `the near-limit record went inline (${documentedSize(last)} bytes)`);
        assert.deepStrictEqual(requests.flatMap((r) => r.entries.map((e) => JSON.parse(String(e.Detail)).metadata.recordIndex)), Array.from({ length: 15 }, (_, i) => i));
        assert.ok(aws.calls.every((c) => c.signed));
    });
});
