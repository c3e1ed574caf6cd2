/**
 * The built Lambda bundles, as the component ships them: deterministic, small, free of the
 * providers' libraries, and working end to end in a fresh Node process against a local stand-in
 * for the AWS endpoints (real SigV4-signed SDK requests, no mocks).
 */
import * as assert from "assert";
import { createHash, createHmac } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { BUNDLE_FILES } from "../../components/ingress/handler-archive";
import { awsEnv, BundleProcess, fakeAws, FakeAws, PutEventsAnswer, startBundle } from "./fake-aws";
import { functionUrlEvent, importEsm } from "./support";

interface BuiltHandler {
    path: string;
    bytes: number;
    inputs: string[];
    files: string[];
}
type BuildResult = Record<"webhook" | "webhook-s3" | "batch-processor", BuiltHandler>;

const MAX_BUNDLE_BYTES = 300 * 1024;

async function buildInto(dir: string): Promise<BuildResult> {
    const { buildHandlers } = await importEsm<{ buildHandlers(o: { outDir: string }): Promise<BuildResult> }>(
        pathToFileURL(path.join(__dirname, "../../handlers/build.mjs")).href,
    );
    return buildHandlers({ outDir: dir });
}

const GITHUB_SECRET = "gh-secret";

/** A fake AWS whose Secrets Manager holds the GitHub secret and whose PutEvents confirms every entry unless told otherwise. */
async function githubAws(putEvents?: PutEventsAnswer): Promise<FakeAws> {
    const aws = await fakeAws();
    aws.secret.AWSCURRENT = { value: GITHUB_SECRET, versionId: "v1", createdAt: 1_500_000_000_000 };
    if (putEvents) aws.putEvents = putEvents;
    return aws;
}

/** The headers of a GitHub push delivery signed with `secret` (by default the one `githubAws` holds). */
function signedPushHeaders(body: string, deliveryId: string, secret = GITHUB_SECRET): Record<string, string> {
    return {
        "x-github-event": "push",
        "x-github-delivery": deliveryId,
        "x-hub-signature-256": "sha256=" + createHmac("sha256", secret).update(body).digest("hex"),
    };
}

/** The environment of the bundled GitHub webhook, its SDK pointed at the fake AWS endpoint. */
function githubEnv(aws: FakeAws, extra: Record<string, string> = {}): Record<string, string> {
    return {
        ...awsEnv(aws),
        EBK_PROVIDER: "github",
        EBK_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:gh",
        EBK_EVENT_BUS_NAME: "webhooks",
        ...extra,
    };
}

/** Runs the bundled handler once in a fresh Node process with the given environment. */
async function invokeBundle(bundle: string, event: unknown, env: Record<string, string>): Promise<{ statusCode: number; body: string }> {
    const child = await startBundle(bundle, env);
    try {
        return await child.invoke(event);
    } finally {
        child.stop();
    }
}

describe("handlers/dist bundles", () => {
    let first: BuildResult;
    let second: BuildResult;
    let tmp: string;

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ebk-handlers-"));
        first = await buildInto(path.join(tmp, "a"));
        second = await buildInto(path.join(tmp, "b"));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    /** The AWS clients each bundle's index.js carries: what its delivery mode uses on every request. */
    const CLIENTS = {
        webhook: ["eventbridge", "secrets-manager"],
        "webhook-s3": ["s3", "secrets-manager"],
        "batch-processor": ["eventbridge", "s3"],
    };

    for (const name of ["webhook", "webhook-s3", "batch-processor"] as const) {
        it(`${name}: builds byte-identically twice (every file), within ${MAX_BUNDLE_BYTES} bytes, without the providers' libraries`, () => {
            assert.deepStrictEqual(first[name].files, [...BUNDLE_FILES[name]], "the files the component ships");
            for (const file of first[name].files) {
                const a = fs.readFileSync(path.join(path.dirname(first[name].path), file));
                const b = fs.readFileSync(path.join(path.dirname(second[name].path), file));
                assert.ok(a.equals(b), `two builds of ${file} differ`);
                assert.ok(a.length <= MAX_BUNDLE_BYTES, `${name}/${file} is ${a.length} bytes`);
            }
            const libraries = first[name].inputs.filter((input) => /node_modules\/(twilio|stripe|@octokit|standardwebhooks|svix|@slack|@shopify)\//.test(input));
            assert.deepStrictEqual(libraries, []);
            const text = fs.readFileSync(first[name].path, "utf8");
            for (const marker of ["getExpectedTwilioSignature", "Timestamp outside the tolerance zone", "[@octokit/webhooks-methods]"]) {
                assert.ok(!text.includes(marker), `bundle contains ${marker}`);
            }
            // Lambda's credentials come from the environment; the default chain's other sources are left out.
            assert.deepStrictEqual(first[name].inputs.filter((input) => /node_modules\/@aws-sdk\/(credential-provider-|nested-clients)/.test(input)), []);
            // The AWS SDK clients are bundled (never hand-written request signing), and only those the delivery mode uses.
            assert.ok(first[name].inputs.some((input) => input.includes("node_modules/@smithy/signature-v4/")));
            const clients = [...new Set(first[name].inputs.map((input) => /node_modules\/@aws-sdk\/client-([a-z0-9-]+)\//.exec(input)?.[1]).filter(Boolean))].sort();
            assert.deepStrictEqual(clients, CLIENTS[name]);
        });
    }

    it("webhook: its S3 client is the separate s3-client.js, required only at run time; webhook-s3 is the same handler without EventBridge", () => {
        const index = fs.readFileSync(first.webhook.path, "utf8");
        assert.strictEqual(index.split('require("./s3-client.js")').length - 1, 1);
        assert.ok(first.webhook.inputs.includes("handlers/shared/s3-on-demand.ts"));
        const chunk = fs.readFileSync(path.join(path.dirname(first.webhook.path), "s3-client.js"), "utf8");
        assert.ok(chunk.includes("PutObject") && !chunk.includes("PutEvents"));
        const ours = (b: BuiltHandler) => b.inputs.filter((input) => !/node_modules\//.test(input));
        assert.deepStrictEqual(
            ours(first["webhook-s3"]).filter((input) => !ours(first.webhook).includes(input)),
            ["handlers/shared/eventbridge-not-bundled.ts"],
        );
    });

    it("webhook: a signed GitHub delivery goes through real SDK calls (SigV4-signed) and answers 200", async () => {
        const body = JSON.stringify({ ref: "refs/heads/main", before: "a", after: "b" });
        const aws = await githubAws();
        try {
            const event = functionUrlEvent({ body, headers: { "content-type": "application/json", ...signedPushHeaders(body, "d-1") } });
            const result = await invokeBundle(first.webhook.path, event, githubEnv(aws));
            assert.deepStrictEqual([result.statusCode, JSON.parse(result.body)], [200, { accepted: 1 }]);
            assert.deepStrictEqual(aws.calls.map((c) => [c.target, c.signed]), [["secretsmanager.GetSecretValue", true], ["AWSEvents.PutEvents", true]]);
            const [entry] = aws.calls[1].body.Entries as Record<string, string>[];
            assert.deepStrictEqual([entry.EventBusName, entry.Source, entry.DetailType], ["webhooks", "github.com", "push"]);
            assert.deepStrictEqual(JSON.parse(entry.Detail).payload, JSON.parse(body));
        } finally {
            aws.close();
        }
    });

    it("webhook: Standard Webhooks, Slack, Shopify and GitLab deliveries through the bundle (Slack's url_verification answered, nothing put)", async () => {
        const t = Math.floor(Date.now() / 1000);
        const hmac = (key: string | Buffer, text: string, encoding: "hex" | "base64") => createHmac("sha256", key).update(text).digest(encoding);
        const swKey = Buffer.from("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "base64");
        const cases: { provider: string; secret: string; body: string; headers: Record<string, string>; status: number; answer: object; detailType?: string; deliveryId?: string; metadata?: object }[] = [
            {
                provider: "standardWebhooks", secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", body: '{"type":"invoice.paid","data":{}}',
                headers: { "webhook-id": "msg_1", "webhook-timestamp": String(t), "webhook-signature": `v1,AAAA v1,${hmac(swKey, `msg_1.${t}.{"type":"invoice.paid","data":{}}`, "base64")}` },
                status: 200, answer: { accepted: 1 }, detailType: "invoice.paid", deliveryId: "msg_1",
            },
            {
                provider: "slack", secret: "slack-secret", body: '{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention"}}',
                headers: { "x-slack-request-timestamp": String(t), "x-slack-signature": `v0=${hmac("slack-secret", `v0:${t}:{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention"}}`, "hex")}`, "x-slack-retry-num": "1" },
                status: 200, answer: { accepted: 1 }, detailType: "app_mention", deliveryId: "Ev1", metadata: { retryNum: 1 },
            },
            {
                provider: "slack", secret: "slack-secret", body: '{"type":"url_verification","challenge":"c-123","token":"x"}',
                headers: { "x-slack-request-timestamp": String(t), "x-slack-signature": `v0=${hmac("slack-secret", `v0:${t}:{"type":"url_verification","challenge":"c-123","token":"x"}`, "hex")}` },
                status: 200, answer: { challenge: "c-123" },
            },
            {
                provider: "shopify", secret: "shop-secret", body: '{"id":1}',
                headers: { "x-shopify-topic": "orders/create", "x-shopify-webhook-id": "wh-1", "x-shopify-shop-domain": "a.myshopify.com", "x-shopify-hmac-sha256": hmac("shop-secret", '{"id":1}', "base64") },
                status: 200, answer: { accepted: 1 }, detailType: "orders/create", deliveryId: "wh-1", metadata: { shopDomain: "a.myshopify.com" },
            },
            {
                provider: "gitlab", secret: "gitlab-token-0123456789", body: '{"object_kind":"push"}',
                headers: { "x-gitlab-event": "Push Hook", "idempotency-key": "ik-1", "x-gitlab-token": "gitlab-token-0123456789" },
                status: 200, answer: { accepted: 1 }, detailType: "Push Hook", deliveryId: "ik-1",
            },
            {
                provider: "gitlab", secret: "gitlab-token-0123456789", body: '{"object_kind":"push"}',
                headers: { "x-gitlab-event": "Push Hook", "x-gitlab-token": "gitlab-token-012345678" },
                status: 401, answer: { message: "unauthorized" },
            },
        ];
        for (const c of cases) {
            const aws = await fakeAws();
            aws.secret.AWSCURRENT = { value: c.secret, versionId: "v1", createdAt: 1_500_000_000_000 };
            try {
                const event = functionUrlEvent({ body: c.body, headers: { "content-type": "application/json", ...c.headers } });
                const result = await invokeBundle(first.webhook.path, event, githubEnv(aws, { EBK_PROVIDER: c.provider }));
                assert.deepStrictEqual([c.provider, result.statusCode, JSON.parse(result.body)], [c.provider, c.status, c.answer]);
                const puts = aws.calls.filter((call) => call.target === "AWSEvents.PutEvents");
                assert.strictEqual(puts.length, c.detailType ? 1 : 0, c.provider);
                if (c.detailType) {
                    const [entry] = puts[0].body.Entries as Record<string, string>[];
                    const { provider, deliveryId, receivedAt, ...rest } = JSON.parse(entry.Detail).metadata;
                    assert.deepStrictEqual([entry.DetailType, provider, deliveryId, typeof receivedAt, rest], [c.detailType, c.provider, c.deliveryId, "string", c.metadata ?? {}]);
                }
            } finally {
                aws.close();
            }
        }
    });

    it("webhook: loads hook.js from beside index.js (EBK_HOOK=1), as the component packages it", async () => {
        const dir = path.join(tmp, "with-hook");
        fs.mkdirSync(dir, { recursive: true });
        fs.copyFileSync(first.webhook.path, path.join(dir, "index.js"));
        fs.writeFileSync(
            path.join(dir, "hook.js"),
            "exports.enrich = async (event, context) => ({ ...event, detailType: event.detailType + '.enriched', detail: { ...event.detail, payload: { ...event.detail.payload, via: context.provider } } });\n",
        );
        const body = JSON.stringify({ ref: "refs/heads/main", before: "a", after: "b" });
        const aws = await githubAws();
        try {
            const event = functionUrlEvent({ body, headers: signedPushHeaders(body, "d-3") });
            const result = await invokeBundle(path.join(dir, "index.js"), event, githubEnv(aws, { EBK_HOOK: "1" }));
            assert.strictEqual(result.statusCode, 200);
            const [entry] = aws.calls[1].body.Entries as Record<string, string>[];
            assert.strictEqual(entry.DetailType, "push.enriched");
            assert.strictEqual(JSON.parse(entry.Detail).payload.via, "github");
        } finally {
            aws.close();
        }
    });

    it("webhook: answers 503 when PutEvents keeps failing, 500 when misconfigured", async () => {
        const body = JSON.stringify({ ref: "r", before: "a", after: "b" });
        const aws = await githubAws(() => ({ FailedEntryCount: 1, Entries: [{ ErrorCode: "InternalFailure", ErrorMessage: "try again" }] }));
        const headers = signedPushHeaders(body, "d-2");
        // Room for a retry even when a loaded machine slows the first signed call down.
        const env = githubEnv(aws, { EBK_DEADLINE_MS: "5000" });
        try {
            const failed = await invokeBundle(first.webhook.path, functionUrlEvent({ body, headers }), env);
            assert.strictEqual(failed.statusCode, 503);
            assert.ok(aws.calls.filter((c) => c.target === "AWSEvents.PutEvents").length > 1, "retried");
            const misconfigured = await invokeBundle(first.webhook.path, functionUrlEvent({ body, headers }), { ...env, EBK_DELIVERY: "kinesis" });
            assert.strictEqual(misconfigured.statusCode, 500);
        } finally {
            aws.close();
        }
    });

    it("webhook-s3: stores a Bird batch in S3 through a real, signed PutObject and answers 200", async () => {
        const batch = JSON.stringify([{ msys: { message_event: { type: "delivery", event_id: "e1" } } }]);
        const aws = await fakeAws();
        aws.secret.AWSCURRENT = { value: JSON.stringify({ username: "bird", password: "hunter2" }), versionId: "v1", createdAt: 1_500_000_000_000 };
        const env = {
            ...githubEnv(aws),
            EBK_PROVIDER: "bird",
            EBK_PROVIDER_OPTIONS: JSON.stringify({ auth: "basic" }),
            EBK_DELIVERY: "s3",
            EBK_BUCKET: "raw-batches",
            EBK_PREFIX: "bird/",
        };
        const headers = {
            "content-type": "application/json",
            authorization: "Basic " + Buffer.from("bird:hunter2").toString("base64"),
            "x-messagesystems-batch-id": "batch-7",
        };
        try {
            const result = await invokeBundle(first["webhook-s3"].path, functionUrlEvent({ body: batch, headers }), env);
            assert.deepStrictEqual([result.statusCode, JSON.parse(result.body)], [200, { accepted: 1 }]);
            const [, put] = aws.calls;
            assert.deepStrictEqual([aws.calls.length, put.signed, put.body.object], [2, true, batch]);
            assert.match(put.target, /^s3\.PutObject \/raw-batches\/bird\/batch-7/);
            // The bundle without the EventBridge client refuses events delivery instead of losing the events.
            const refused = await invokeBundle(first["webhook-s3"].path, functionUrlEvent({ body: batch, headers }), { ...env, EBK_DELIVERY: "events", EBK_EVENT_BUS_NAME: "mail" });
            assert.strictEqual(refused.statusCode, 500);
            assert.strictEqual(aws.calls.length, 2);
        } finally {
            aws.close();
        }
    });

    describe("in a long-lived process, as in one Lambda execution environment, against a fake AWS", () => {
        let aws: FakeAws;
        const processes: BundleProcess[] = [];
        const start = async (bundle: string, env: Record<string, string>): Promise<BundleProcess> => {
            const started = await startBundle(bundle, env);
            processes.push(started);
            return started;
        };
        const signedPush = (secret: string, deliveryId: string) => {
            const body = JSON.stringify({ ref: "refs/heads/main", before: "a", after: deliveryId });
            return functionUrlEvent({ body, headers: { "content-type": "application/json", ...signedPushHeaders(body, deliveryId, secret) } });
        };

        beforeEach(async () => {
            aws = await fakeAws();
        });
        afterEach(() => {
            processes.splice(0).forEach((p) => p.stop());
            aws.close();
        });

        it("webhook: a hook that takes 9.5 s answers 503 after 0 PutEvents calls, never 200 (no event lost silently)", async () => {
            const dir = path.join(tmp, "slow-hook");
            fs.cpSync(path.dirname(first.webhook.path), dir, { recursive: true });
            fs.writeFileSync(path.join(dir, "hook.js"), "exports.enrich = async (event) => { globalThis.ebkTestAdvanceClock(9500); return event; };\n");
            aws.secret.AWSCURRENT = { value: GITHUB_SECRET, versionId: "v1", createdAt: Date.parse("2026-01-01T00:00:00Z") };
            // GitHub's 10 s deadline: 9 s to work in, which the hook uses up.
            const webhook = await start(path.join(dir, "index.js"), githubEnv(aws, { EBK_HOOK: "1" }));
            const result = await webhook.invoke(signedPush(GITHUB_SECRET, "d-slow"));
            assert.deepStrictEqual([result.statusCode, JSON.parse(result.body)], [503, { message: "delivery failed; retry later" }]);
            assert.deepStrictEqual(aws.calls.map((c) => c.target), ["secretsmanager.GetSecretValue"]);
            const logs = webhook.logs();
            assert.ok(!logs.some((l) => l.message === "events delivered"));
            assert.ok(logs.some((l) => l.message === "events not delivered; answering 503 so the provider redelivers" && String(l.errorCodes) === "DeadlineExceeded"));
        });

        it("batch-processor: with 1.5 s left it throws, putting nothing (Lambda retries the batch); with time it puts all 20 events", async () => {
            aws.secret.AWSCURRENT = { value: "bird-token", versionId: "v1", createdAt: Date.parse("2026-01-01T00:00:00Z") };
            const webhook = await start(first["webhook-s3"].path, {
                ...awsEnv(aws),
                EBK_PROVIDER: "bird",
                EBK_PROVIDER_OPTIONS: JSON.stringify({ auth: "bearer" }),
                EBK_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:bird",
                EBK_DELIVERY: "s3",
                EBK_BUCKET: "raw-batches",
                EBK_PREFIX: "bird/",
            });
            const batch = JSON.stringify(Array.from({ length: 20 }, (_, i) => ({ msys: { message_event: { type: "delivery", event_id: `e${i}` } } })));
            const stored = await webhook.invoke(functionUrlEvent({ body: batch, headers: { "content-type": "application/json", authorization: "Bearer bird-token", "x-messagesystems-batch-id": "batch-20" } }));
            assert.strictEqual(stored.statusCode, 200);

            const processor = await start(first["batch-processor"].path, { ...awsEnv(aws), EBK_EVENT_BUS_NAME: "mail" });
            // Stored under the batch id and the body's digest.
            const key = `bird/batch-20/${createHash("sha256").update(batch).digest("hex")}`;
            assert.ok(aws.objects.has(`/raw-batches/${key}`));
            const notification = { Records: [{ s3: { bucket: { name: "raw-batches" }, object: { key } } }] };
            await assert.rejects(
                processor.invoke(notification, { remainingMs: 1500 }),
                /^Error: 20 events of s3:\/\/raw-batches\/bird\/batch-20\/[0-9a-f]{64} not delivered \(PutEvents entries failed: DeadlineExceeded\); the batch will be retried$/,
            );
            assert.deepStrictEqual(aws.callsTo("AWSEvents.PutEvents"), []);
            assert.deepStrictEqual(await processor.invoke(notification, { remainingMs: 60_000 }), { batches: 1, events: 20, putEventsCalls: 2 });
            const entries = aws.callsTo("AWSEvents.PutEvents").flatMap((c) => c.body.Entries as Record<string, string>[]);
            assert.deepStrictEqual(entries.map((e) => JSON.parse(e.Detail).metadata.recordIndex), Array.from({ length: 20 }, (_, i) => i));
            assert.ok(aws.calls.every((c) => c.signed));
        });

        it("webhook: with large events, loads its S3 client only on the first oversize event, then stores it and puts a pointer", async () => {
            aws.secret.AWSCURRENT = { value: GITHUB_SECRET, versionId: "v1", createdAt: 1_500_000_000_000 };
            const webhook = await start(first.webhook.path, githubEnv(aws, { EBK_MAX_ENTRY_BYTES: "4096", EBK_OVERFLOW_BUCKET: "large-events", EBK_OVERFLOW_PREFIX: "github/" }));
            const s3ClientLoaded = async () => (await webhook.loadedFiles()).some((file) => file.endsWith(`${path.sep}s3-client.js`));
            assert.strictEqual(await s3ClientLoaded(), false, "not loaded at cold start");
            assert.strictEqual((await webhook.invoke(signedPush(GITHUB_SECRET, "d-small"))).statusCode, 200);
            assert.strictEqual(await s3ClientLoaded(), false, "not loaded by an event that fits one entry");

            const body = JSON.stringify({ ref: "refs/heads/main", before: "a", after: "b", padding: "x".repeat(5000) });
            const large = functionUrlEvent({ body, headers: { "content-type": "application/json", ...signedPushHeaders(body, "d-large") } });
            assert.strictEqual((await webhook.invoke(large)).statusCode, 200);
            assert.strictEqual(await s3ClientLoaded(), true);
            const [put] = aws.callsTo("s3.PutObject");
            const key = `github/d-large/0-${createHash("sha256").update(String(put.body.object)).digest("hex")}.json`;
            assert.deepStrictEqual([put.target, put.signed, JSON.parse(String(put.body.object)).payload], [`s3.PutObject /large-events/${key}`, true, JSON.parse(body)]);
            const pointer = JSON.parse((aws.callsTo("AWSEvents.PutEvents")[1].body.Entries as { Detail: string }[])[0].Detail);
            assert.deepStrictEqual([pointer.payloadPointer.bucket, pointer.payloadPointer.key, pointer.payload], ["large-events", key, undefined]);
        });

        it("webhook: a delivery signed with a just-rotated secret 2 s after the last read is accepted (A read, B stored, A AWSPREVIOUS)", async () => {
            const rotationStart = Date.now();
            aws.secret.AWSCURRENT = { value: "secret-a", versionId: "v-a", createdAt: rotationStart - 30 * 86_400_000 };
            const webhook = await start(first.webhook.path, githubEnv(aws, { EBK_SECRET_TTL_SECONDS: "300" }));
            assert.strictEqual((await webhook.invoke(signedPush("secret-a", "d-a"))).statusCode, 200);
            aws.secret = { AWSCURRENT: { value: "secret-b", versionId: "v-b", createdAt: Date.now() }, AWSPREVIOUS: aws.secret.AWSCURRENT };
            await webhook.advanceClock(2_000);
            assert.strictEqual((await webhook.invoke(signedPush("secret-b", "d-b"))).statusCode, 200);
            // Until the provider is updated it signs with A: accepted during the grace period.
            assert.strictEqual((await webhook.invoke(signedPush("secret-a", "d-a2"))).statusCode, 200);
            assert.strictEqual((await webhook.invoke(signedPush("forged", "d-f"))).statusCode, 401);
            assert.deepStrictEqual(
                aws.callsTo("secretsmanager.GetSecretValue").map((c) => c.body.VersionStage),
                ["AWSCURRENT", "AWSCURRENT", "AWSPREVIOUS"],
            );
            assert.deepStrictEqual(aws.callsTo("AWSEvents.PutEvents").map((c) => (c.body.Entries as { Detail: string }[]).map((e) => JSON.parse(e.Detail).metadata.deliveryId)), [["d-a"], ["d-b"], ["d-a2"]]);
        });
    });

    it("batch-processor: loads and rejects an invocation without its configuration (so it is retried, never dropped)", async () => {
        await assert.rejects(invokeBundle(first["batch-processor"].path, { Records: [] }, {}), /EBK_EVENT_BUS_NAME is not set/);
    });
});
