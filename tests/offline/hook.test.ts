import * as assert from "assert";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { renderSimulation } from "../../cli/simulate";
import { bundleHook } from "../../components/ingress/hook";
import { providers, SafeRule, targets, WebhookIngress } from "../../components";
import { plan, Plan, simulateWebhook, webhookSamples } from "../../testing";
import { webhookDelivery } from "../../offline/webhook";

const ENRICH = path.join(__dirname, "fixtures", "hook", "enrich.ts");
const THROWS = path.join(__dirname, "fixtures", "hook", "throws.ts");
const HANGS = path.join(__dirname, "fixtures", "hook", "hangs.ts");
const GITHUB_DELIVERY = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
const BIRD_BATCH = "c5b1c3a0-7f3c-11ef-9a1b-0242ac120002";
const RECEIVED_AT = "2026-11-30T08:00:00.000Z";

describe("simulate: the ingress's hook runs as in the deployed Lambda", function () {
    this.timeout(60_000);
    let result: Plan;
    before(async () => {
        result = await plan(() => {
            const github = new aws.cloudwatch.EventBus("github", { name: "github" });
            new WebhookIngress("gh", { provider: providers.github(), secret: { value: "s" }, eventBus: github, hook: { module: ENRICH } });
            const platform = new aws.sqs.Queue("platform", { sqsManagedSseEnabled: true });
            // Matches only what the hook adds: without the hook, no push reaches this queue.
            new SafeRule("platform-pushes", {
                eventBus: github,
                pattern: { source: ["github.com"], "detail-type": ["push"], detail: { payload: { team: ["platform"] } } },
                targets: [targets.queue(platform)],
            });
            const mail = new aws.cloudwatch.EventBus("mail", { name: "mail" });
            new WebhookIngress("bird", {
                provider: providers.bird({ auth: { bearer: { token: "bird-token" } } }),
                delivery: { s3: { bucket: "raw-batches", prefix: "batches/" } },
                eventBus: mail,
                hook: { module: ENRICH },
            });
            const orders = new aws.cloudwatch.EventBus("orders", { name: "orders" });
            new WebhookIngress("orders", { provider: providers.hmac({ header: "X-Signature", algorithm: "sha256", encoding: "hex" }), secret: { value: "s" }, eventBus: orders, hook: { module: THROWS } });
            new WebhookIngress("slow", {
                provider: providers.hmac({ header: "X-Signature", algorithm: "sha256", encoding: "hex" }), secret: { value: "s" }, eventBus: orders,
                hook: { module: HANGS }, timeoutSeconds: 1,
            });
            new WebhookIngress("payments", {
                provider: providers.stripe(), secret: { value: "whsec_test" }, eventBus: orders,
                handlerArchive: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 204 });") }),
            });
        }, { policies: [], loopCheck: false });
    });

    it("the plan keeps the exact bundled hook.js in the code archive of the function that runs it, and names the package's bundles", () => {
        const code = (name: string) => result.resources.find((r) => r.name === name)!.inputs.code;
        const hookJs = bundleHook({ module: ENRICH });
        assert.deepStrictEqual(code("gh-webhook"), { archive: "3 file(s)", bundle: "webhook", "hook.js": hookJs });
        // S3 delivery: the webhook stores the raw batch; the batch processor runs the hook.
        assert.deepStrictEqual(code("bird-webhook"), { archive: "1 file(s)", bundle: "webhook-s3" });
        assert.deepStrictEqual(code("bird-batch-processor"), { archive: "2 file(s)", bundle: "batch-processor", "hook.js": hookJs });
        assert.deepStrictEqual(code("payments-webhook"), { archive: "1 file(s)" });
    });

    it("GitHub push: the exact PutEvents entry the hook returns, and the rule on the field it adds fires", async () => {
        const run = await simulateWebhook(result, "github", { ingress: "gh", sample: "push" });
        const payload = webhookSamples.github.push.body as object;
        assert.strictEqual(run.webhook.hook, "simulated: the bundled hook.js of the gh-webhook function");
        assert.deepStrictEqual(run.webhook.entries, [{
            EventBusName: "arn:aws:events:us-east-1:123456789012:event-bus/github", Source: "github.com", DetailType: "push",
            Detail: JSON.stringify({
                metadata: { provider: "github", deliveryId: GITHUB_DELIVERY, receivedAt: RECEIVED_AT },
                payload: { ...payload, team: "platform", enrichedFrom: `github:${GITHUB_DELIVERY}` },
            }),
        }]);
        assert.deepStrictEqual(run.traces[0].deliveries[0].rules.map((r) => [r.name, r.matched]), [["platform-pushes", true]]);
        assert.deepStrictEqual(run.traces[0].targets.map((t) => [t.name, JSON.parse(t.input).detail.payload.team]), [["platform", "platform"]]);
    });

    it("GitHub star: the hook drops it, the handler answers 200 with nothing on the bus", async () => {
        const delivery = await webhookDelivery(result, "github", { ingress: "gh", event: "star", body: { action: "created", starred_at: RECEIVED_AT, repository: { full_name: "octo/repo" } } });
        assert.deepStrictEqual([delivery.status, JSON.parse(delivery.responseBody), delivery.entries], [200, { accepted: 0 }, []]);
    });

    it("Bird with S3 delivery: the batch processor runs the hook on the stored batch (the open record dropped, the others enriched)", async () => {
        const run = await simulateWebhook(result, "bird", { ingress: "bird", sample: "batch", secret: "bird-token" });
        const records = webhookSamples.bird.batch.body as Record<string, any>[];
        assert.strictEqual(run.webhook.hook, "simulated: the bundled hook.js of the bird-batch-processor function");
        assert.deepStrictEqual(run.webhook.batchProcessor, { batches: 1, events: 4, putEventsCalls: 1 });
        const kept = records.map((record, recordIndex) => ({ record, recordIndex })).filter(({ record }) => Object.values(record.msys as object)[0].type !== "open");
        assert.deepStrictEqual(kept.map(({ recordIndex }) => recordIndex), [0, 1, 2, 4]);
        assert.deepStrictEqual(run.webhook.entries, kept.map(({ record, recordIndex }) => ({
            EventBusName: "arn:aws:events:us-east-1:123456789012:event-bus/mail", Source: "bird.com", DetailType: Object.values(record.msys as object)[0].type,
            Detail: JSON.stringify({
                metadata: { provider: "bird", deliveryId: BIRD_BATCH, receivedAt: RECEIVED_AT, batchId: BIRD_BATCH, recordIndex },
                payload: { ...record, team: "platform", enrichedFrom: `bird:${BIRD_BATCH}` },
            }),
        })));
    });

    it("a hook that throws: the handler answers 500 (the provider redelivers) and nothing reaches the bus", async () => {
        const delivery = await webhookDelivery(result, "hmac", { ingress: "orders" });
        assert.deepStrictEqual([delivery.status, JSON.parse(delivery.responseBody), delivery.entries], [500, { message: "hook failed" }, []]);
        await assert.rejects(simulateWebhook(result, "hmac", { ingress: "orders" }), /the orders handler answered 500 \{"message":"hook failed"\}; nothing was put on the bus/);
    });

    it("a hook that never answers: fails once the function's own timeout (1 s) has passed, instead of hanging", async () => {
        await assert.rejects(webhookDelivery(result, "hmac", { ingress: "slow" }),
            /^Error: simulate: the slow slow-webhook function did not finish within its 1 s timeout \(is its hook waiting on something that never answers\?\); deployed, Lambda ends the invocation and the provider redelivers\.$/);
    });

    it("a replacement handlerArchive: says the hook is not simulated, in the result and in the CLI text", async () => {
        const run = await simulateWebhook(result, "stripe", { ingress: "payments" });
        const why = "not simulated: the payments-webhook function's code is the program's own archive (handlerArchive: 1 file(s)), not this package's handler, " +
            "so any hook.js in it is unknown; the request went through this package's handler without a hook";
        assert.strictEqual(run.webhook.hook, why);
        const text = renderSimulation(run, "text").split("\n");
        assert.deepStrictEqual(text.slice(0, 2), ["Webhook payments (stripe): 200, 1 entry put on the bus", `  hook ${why}`]);
    });
});
