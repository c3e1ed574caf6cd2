/**
 * The count behind the signature-failure alarm: every 401 writes one embedded-metric-format line
 * (EventBridgeKit/Webhook SignatureFailures, by FunctionName) that carries neither the signature
 * nor the body; an authentic request writes none.
 */
import * as assert from "assert";
import { createHmac } from "crypto";
import * as path from "path";
import { awsEnv, fakeAws, startBundle } from "./fake-aws";
import { albEvent, functionUrlEvent, makeHandler, mockPutEventsOk, mockSecret, NOW, resetMocks } from "./support";

const GITHUB_SECRET = "gh-webhook-secret";
const body = JSON.stringify({ ref: "refs/heads/main", before: "a", after: "b" });
const signature = (secret: string) => "sha256=" + createHmac("sha256", secret).update(body).digest("hex");
const githubHeaders = (secret: string) => ({ "content-type": "application/json", "x-github-event": "push", "x-github-delivery": "d-1", "x-hub-signature-256": signature(secret) });

/** What CloudWatch reads from a log line: the metric directive and its values. */
const EXPECTED_METRIC = (functionName: string, timestamp: number) => ({
    _aws: {
        Timestamp: timestamp,
        CloudWatchMetrics: [{ Namespace: "EventBridgeKit/Webhook", Dimensions: [["FunctionName"]], Metrics: [{ Name: "SignatureFailures", Unit: "Count" }] }],
    },
    FunctionName: functionName,
    SignatureFailures: 1,
});
const metricOf = (line: Record<string, unknown>) => ({ _aws: line._aws, FunctionName: line.FunctionName, SignatureFailures: line.SignatureFailures });

describe("handlers/webhook signature-failure metric", () => {
    beforeEach(() => resetMocks());

    it("writes one metric line per 401 (wrong or missing signature, wrong Bird credentials), with no signature or body in it", async () => {
        mockSecret(GITHUB_SECRET);
        mockPutEventsOk();
        const github = makeHandler({ EBK_PROVIDER: "github", AWS_LAMBDA_FUNCTION_NAME: "gh-webhook-1a2b3c" });
        const forged = await github.invoke(functionUrlEvent({ body, headers: githubHeaders("forged") }));
        const unsigned = await github.invoke(functionUrlEvent({ body, headers: { "x-github-event": "push", "x-github-delivery": "d-2" } }));
        assert.deepStrictEqual([forged.status, unsigned.status], [401, 401]);
        const lines = github.logs.filter((l) => l.SignatureFailures !== undefined);
        assert.deepStrictEqual(lines.map(metricOf), [EXPECTED_METRIC("gh-webhook-1a2b3c", NOW), EXPECTED_METRIC("gh-webhook-1a2b3c", NOW)]);
        assert.deepStrictEqual(lines.map((l) => [l.level, l.message]), [["warn", "signature or credentials rejected"], ["warn", "signature or credentials rejected"]]);
        for (const line of github.logs.map((l) => JSON.stringify(l))) {
            assert.ok(!line.includes(signature("forged")) && !line.includes("refs/heads/main"), line);
        }

        resetMocks();
        mockSecret(JSON.stringify({ username: "bird", password: "hunter2" }));
        const bird = makeHandler({ EBK_PROVIDER: "bird", EBK_PROVIDER_OPTIONS: JSON.stringify({ auth: "basic" }), AWS_LAMBDA_FUNCTION_NAME: "bird-webhook" });
        const wrong = await bird.invoke(albEvent({ body: "[]", headers: { authorization: "Basic " + Buffer.from("bird:guess").toString("base64") } }));
        assert.strictEqual(wrong.status, 401);
        assert.deepStrictEqual(bird.logs.filter((l) => l.SignatureFailures !== undefined).map(metricOf), [EXPECTED_METRIC("bird-webhook", NOW)]);
    });

    it("writes none for an authentic delivery, nor for one refused for another reason (413)", async () => {
        mockSecret(GITHUB_SECRET);
        mockPutEventsOk();
        const github = makeHandler({ EBK_PROVIDER: "github", AWS_LAMBDA_FUNCTION_NAME: "gh-webhook", EBK_MAX_BODY_BYTES: "10" });
        assert.strictEqual((await github.invoke(functionUrlEvent({ body, headers: githubHeaders(GITHUB_SECRET) }))).status, 413);
        const accepting = makeHandler({ EBK_PROVIDER: "github", AWS_LAMBDA_FUNCTION_NAME: "gh-webhook" });
        assert.strictEqual((await accepting.invoke(functionUrlEvent({ body, headers: githubHeaders(GITHUB_SECRET) }))).status, 200);
        assert.deepStrictEqual([...github.logs, ...accepting.logs].filter((l) => l.SignatureFailures !== undefined || l._aws !== undefined), []);
    });

    it("the built webhook bundle writes it to stdout, named after Lambda's AWS_LAMBDA_FUNCTION_NAME", async () => {
        const aws = await fakeAws();
        aws.secret.AWSCURRENT = { value: GITHUB_SECRET, versionId: "v1", createdAt: 1_500_000_000_000 };
        const webhook = await startBundle(path.join(__dirname, "..", "..", "handlers", "dist", "webhook", "index.js"), {
            ...awsEnv(aws),
            AWS_LAMBDA_FUNCTION_NAME: "gh-webhook-9f8e7d",
            EBK_PROVIDER: "github",
            EBK_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:gh",
            EBK_EVENT_BUS_NAME: "webhooks",
        });
        try {
            const before = Date.now();
            assert.strictEqual((await webhook.invoke(functionUrlEvent({ body, headers: githubHeaders("forged") }))).statusCode, 401);
            const [line, ...more] = webhook.logs().filter((l) => l.SignatureFailures !== undefined);
            assert.deepStrictEqual(more, []);
            const timestamp = (line._aws as { Timestamp: number }).Timestamp;
            assert.ok(timestamp >= before && timestamp <= Date.now());
            assert.deepStrictEqual(metricOf(line), EXPECTED_METRIC("gh-webhook-9f8e7d", timestamp));
            assert.deepStrictEqual(aws.callsTo("AWSEvents.PutEvents"), []);
        } finally {
            webhook.stop();
            aws.close();
        }
    });
});
