/**
 * The built Lambda bundles, as the component ships them: deterministic, small, free of the
 * providers' libraries, and working end to end in a fresh Node process against a local stand-in
 * for the AWS endpoints (real SigV4-signed SDK requests, no mocks).
 */
import * as assert from "assert";
import { execFile } from "child_process";
import { createHmac } from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { functionUrlEvent, importEsm } from "./support";

interface BuiltHandler {
    path: string;
    bytes: number;
    inputs: string[];
}
type BuildResult = Record<"webhook" | "webhook-s3" | "batch-processor", BuiltHandler>;

const MAX_BUNDLE_BYTES = 300 * 1024;

async function buildInto(dir: string): Promise<BuildResult> {
    const { buildHandlers } = await importEsm<{ buildHandlers(o: { outDir: string }): Promise<BuildResult> }>(
        pathToFileURL(path.join(__dirname, "../../handlers/build.mjs")).href,
    );
    return buildHandlers({ outDir: dir });
}

interface AwsCall {
    target: string;
    signed: boolean;
    body: Record<string, unknown>;
}

/**
 * Answers AWS JSON-protocol calls (Secrets Manager, EventBridge) the way the services do, and S3
 * PutObject (a path-style PUT, recorded as `s3.PutObject /bucket/key` with the object as `body.object`).
 */
async function fakeAws(answer: (target: string, body: Record<string, unknown>) => unknown): Promise<{ url: string; calls: AwsCall[]; close(): void }> {
    const calls: AwsCall[] = [];
    const server = http.createServer((req, res) => {
        let raw = "";
        req.on("data", (chunk) => (raw += chunk));
        req.on("end", () => {
            const signed = /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//.test(String(req.headers.authorization));
            if (req.method === "PUT") {
                calls.push({ target: `s3.PutObject ${req.url}`, signed, body: { object: raw } });
                res.setHeader("etag", '"0"');
                res.end();
                return;
            }
            const target = String(req.headers["x-amz-target"] ?? "");
            const body = JSON.parse(raw || "{}");
            calls.push({ target, signed, body });
            res.setHeader("content-type", "application/x-amz-json-1.1");
            res.end(JSON.stringify(answer(target, body)));
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    return { url: `http://127.0.0.1:${port}`, calls, close: () => server.close() };
}

const GITHUB_SECRET = "gh-secret";

/** Secrets Manager answers the GitHub secret; PutEvents answers `putEvents`. */
function githubAws(putEvents: unknown): Promise<{ url: string; calls: AwsCall[]; close(): void }> {
    return fakeAws((target) =>
        target === "secretsmanager.GetSecretValue"
            ? { SecretString: GITHUB_SECRET, VersionId: "v1", CreatedDate: 1_500_000_000 }
            : putEvents,
    );
}

/** The headers of a GitHub push delivery signed with the secret `githubAws` answers. */
function signedPushHeaders(body: string, deliveryId: string): Record<string, string> {
    return {
        "x-github-event": "push",
        "x-github-delivery": deliveryId,
        "x-hub-signature-256": "sha256=" + createHmac("sha256", GITHUB_SECRET).update(body).digest("hex"),
    };
}

/** The environment of the bundled GitHub webhook, its SDK pointed at the fake AWS endpoint. */
function githubEnv(awsUrl: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
        AWS_ENDPOINT_URL: awsUrl,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
        AWS_SECRET_ACCESS_KEY: "secret",
        EBK_PROVIDER: "github",
        EBK_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:gh",
        EBK_EVENT_BUS_NAME: "webhooks",
        ...extra,
    };
}

/** Runs the bundled handler once in a fresh Node process with the given environment. */
function invokeBundle(bundle: string, event: unknown, env: Record<string, string>): Promise<{ statusCode: number; body: string }> {
    const script = `require(${JSON.stringify(bundle)}).handler(${JSON.stringify(event)}, { awsRequestId: "bundle-test" })` +
        `.then((r) => process.stdout.write("RESULT " + JSON.stringify(r) + "\\n"))`;
    return new Promise((resolve, reject) => {
        execFile(process.execPath, ["-e", script], { env: { PATH: process.env.PATH ?? "", ...env } }, (err, stdout, stderr) => {
            if (err) return reject(new Error(`${err.message}\n${stderr}`));
            const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
            if (!line) return reject(new Error(`no result:\n${stdout}\n${stderr}`));
            resolve(JSON.parse(line.slice("RESULT ".length)));
        });
    });
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

    for (const name of ["webhook", "webhook-s3", "batch-processor"] as const) {
        it(`${name}: builds byte-identically twice, within ${MAX_BUNDLE_BYTES} bytes, without the providers' libraries`, () => {
            const a = fs.readFileSync(first[name].path);
            const b = fs.readFileSync(second[name].path);
            assert.ok(a.equals(b), "two builds differ");
            assert.ok(a.length <= MAX_BUNDLE_BYTES, `${name} bundle is ${a.length} bytes`);
            const libraries = first[name].inputs.filter((input) => /node_modules\/(twilio|stripe|@octokit)\//.test(input));
            assert.deepStrictEqual(libraries, []);
            const text = a.toString("utf8");
            for (const marker of ["getExpectedTwilioSignature", "Timestamp outside the tolerance zone", "[@octokit/webhooks-methods]"]) {
                assert.ok(!text.includes(marker), `bundle contains ${marker}`);
            }
            // Lambda's credentials come from the environment; the default chain's other sources are left out.
            assert.deepStrictEqual(first[name].inputs.filter((input) => /node_modules\/@aws-sdk\/(credential-provider-|nested-clients)/.test(input)), []);
            // The AWS SDK clients are bundled (never hand-written request signing).
            assert.ok(first[name].inputs.some((input) => input.includes("node_modules/@aws-sdk/client-eventbridge/")));
            assert.ok(first[name].inputs.some((input) => input.includes("node_modules/@smithy/signature-v4/")));
            // Only the bundles that write to or read from S3 carry its client.
            assert.strictEqual(first[name].inputs.some((input) => input.includes("node_modules/@aws-sdk/client-s3/")), name !== "webhook");
        });
    }

    it("webhook: is the S3 bundle's handler minus the S3 client, a third smaller", () => {
        const extra = first["webhook-s3"].inputs.filter((input) => !first.webhook.inputs.includes(input));
        assert.deepStrictEqual(extra.filter((input) => !/node_modules\/(@aws-sdk|@smithy)\//.test(input)), []);
        assert.deepStrictEqual(first.webhook.inputs.filter((input) => !first["webhook-s3"].inputs.includes(input)), ["handlers/shared/s3-not-bundled.ts"]);
        assert.ok(first.webhook.bytes < first["webhook-s3"].bytes * 0.75, `${first.webhook.bytes} vs ${first["webhook-s3"].bytes} bytes`);
    });

    it("webhook: a signed GitHub delivery goes through real SDK calls (SigV4-signed) and answers 200", async () => {
        const body = JSON.stringify({ ref: "refs/heads/main", before: "a", after: "b" });
        const aws = await githubAws({ FailedEntryCount: 0, Entries: [{ EventId: "e-1" }] });
        try {
            const event = functionUrlEvent({ body, headers: { "content-type": "application/json", ...signedPushHeaders(body, "d-1") } });
            const result = await invokeBundle(first.webhook.path, event, githubEnv(aws.url));
            assert.deepStrictEqual([result.statusCode, JSON.parse(result.body)], [200, { accepted: 1 }]);
            assert.deepStrictEqual(aws.calls.map((c) => [c.target, c.signed]), [["secretsmanager.GetSecretValue", true], ["AWSEvents.PutEvents", true]]);
            const [entry] = aws.calls[1].body.Entries as Record<string, string>[];
            assert.deepStrictEqual([entry.EventBusName, entry.Source, entry.DetailType], ["webhooks", "github.com", "push"]);
            assert.deepStrictEqual(JSON.parse(entry.Detail).payload, JSON.parse(body));
        } finally {
            aws.close();
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
        const aws = await githubAws({ FailedEntryCount: 0, Entries: [{ EventId: "e-1" }] });
        try {
            const event = functionUrlEvent({ body, headers: signedPushHeaders(body, "d-3") });
            const result = await invokeBundle(path.join(dir, "index.js"), event, githubEnv(aws.url, { EBK_HOOK: "1" }));
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
        const aws = await githubAws({ FailedEntryCount: 1, Entries: [{ ErrorCode: "InternalFailure", ErrorMessage: "try again" }] });
        const headers = signedPushHeaders(body, "d-2");
        const env = githubEnv(aws.url, { EBK_DEADLINE_MS: "1500" });
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
        const aws = await fakeAws(() => ({ SecretString: JSON.stringify({ username: "bird", password: "hunter2" }), VersionId: "v1", CreatedDate: 1_500_000_000 }));
        const env = {
            ...githubEnv(aws.url),
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
            // The bundle without the S3 client refuses this configuration instead of losing the batch.
            const refused = await invokeBundle(first.webhook.path, functionUrlEvent({ body: batch, headers }), env);
            assert.strictEqual(refused.statusCode, 500);
            assert.strictEqual(aws.calls.length, 2);
        } finally {
            aws.close();
        }
    });

    it("batch-processor: loads and rejects an invocation without its configuration (so it is retried, never dropped)", async () => {
        await assert.rejects(invokeBundle(first["batch-processor"].path, { Records: [] }, {}), /EBK_EVENT_BUS_NAME is not set/);
    });
});
