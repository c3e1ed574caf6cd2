import * as assert from "assert";
import * as path from "path";
import * as aws from "@pulumi/aws";
import { createHash } from "crypto";
import { planProgram } from "../../cli/eventbridge-kit";
import { providers, SafeRule, targets, transform, WebhookIngress } from "../../components";
import { plan, Plan, simulate, simulateWebhook, webhookSamples } from "../../testing";

const TIME = "2026-11-30T08:00:00Z";
const ID = "6f1b2c3d-0000-4000-8000-000000000001";

/** The event EventBridge builds from an entry put on a bus of the resolved plan (account 123456789012, us-east-1). */
function eventOf(source: string, detailType: string, detail: object): object {
    return { version: "0", id: ID, "detail-type": detailType, source, account: "123456789012", time: TIME, region: "us-east-1", resources: [], detail };
}

describe("simulate: one event through a resolved plan", function () {
    this.timeout(60_000);

    describe("a loop across two buses", () => {
        let result: Plan;
        before(async () => {
            // The same program the CLI test simulates.
            result = await planProgram(path.join(__dirname, "..", "simulate", "fixtures", "two-bus-loop"), "dev", { policies: [] });
        });

        it("reports the cycle rule → bus → rule → bus", async () => {
            const trace = await simulate(result, { Source: "app.orders", DetailType: "created", Detail: "{}", EventBusName: "bus-a" }, { time: TIME });
            assert.deepStrictEqual(trace.loops.map((l) => l.text), ["bus-a → a-to-b → bus-b → b-to-a → bus-a"]);
            assert.deepStrictEqual(trace.loops[0].cycle.map((s) => s.kind), ["bus", "rule", "bus", "rule", "bus"]);
            assert.deepStrictEqual(trace.deliveries.map((d) => d.busName), ["bus-a", "bus-b"]);
            assert.deepStrictEqual(trace.deliveries[1].from, { rule: trace.deliveries[0].rules[0].id, target: trace.targets[0].id, bus: trace.deliveries[0].bus });
        });

        it("an event neither rule matches stops on the first bus, with the reason", async () => {
            const trace = await simulate(result, { Source: "app.billing", DetailType: "created", Detail: "{}", EventBusName: "bus-a" }, { time: TIME });
            assert.deepStrictEqual(trace.loops, []);
            assert.deepStrictEqual(trace.deliveries.map((d) => d.rules.map((r) => [r.name, r.matched, r.reason])), [
                [["a-to-b", false, '$.source: event has "app.billing", pattern wants one of ["app.orders"]']],
            ]);
        });

        it("names the buses when the entry's bus is not in the stack", async () => {
            await assert.rejects(simulate(result, { Source: "x", DetailType: "y", EventBusName: "nope" }), /no bus "nope" in the stack \(buses: bus-a, bus-b\)/);
        });
    });

    describe("private API destinations: the request goes through the connection's VPC Lattice resource configuration", () => {
        const subnets = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"];
        const shared = "arn:aws:vpc-lattice:us-east-1:210987654321:resourceconfiguration/rcfg-0123456789abcdef0";
        let result: Plan;
        before(async () => {
            // The program the CLI test simulates.
            result = await planProgram(path.join(__dirname, "..", "simulate", "fixtures", "private-destination"), "dev", { policies: [] });
        });

        it("shows the configuration, the address and port it points at and the gateway's VPC and subnets; one outside the stack by ARN; a public destination has none", async () => {
            const trace = await simulate(result, { Source: "app.orders", DetailType: "created", Detail: "{}", EventBusName: "orders" }, { time: TIME });
            const configuration = result.resources.find((r) => r.name === "billing-resource")!;
            const gateway = result.resources.find((r) => r.name === "billing-gateway")!;
            assert.strictEqual(configuration.type, "aws:vpclattice/resourceConfiguration:ResourceConfiguration");
            assert.strictEqual(configuration.inputs.resourceGatewayIdentifier, gateway.outputs!.id);
            assert.deepStrictEqual(trace.deliveries[0].rules[0].targets.map((t) => [t.name, t.request?.url, t.privateEndpoint]), [
                ["billing", "https://billing.internal.example.com:8443/orders", {
                    resourceConfigurationArn: configuration.outputs!.arn, address: "billing.internal.example.com", ports: ["8443"],
                    vpcId: "vpc-0123456789abcdef0", subnetIds: subnets,
                }],
                ["ledger", "https://ledger.partner.internal/entries", { resourceConfigurationArn: shared }],
                ["chat", "https://hooks.example.com/orders", undefined],
            ]);
        });
    });

    describe("one stack of every other provider: Stripe, generic HMAC, and large events (GitHub, Bird)", () => {
        let result: Plan;
        before(async () => {
            result = await plan(() => {
                const payments = new aws.cloudwatch.EventBus("payments", { name: "payments" });
                new WebhookIngress("stripe", { provider: providers.stripe(), secret: { value: "whsec_test" }, eventBus: payments });
                const succeeded = new aws.sqs.Queue("succeeded", { fifoQueue: true, sqsManagedSseEnabled: true });
                new SafeRule("succeeded", {
                    eventBus: payments,
                    pattern: { source: ["stripe.com"], "detail-type": ["payment_intent.succeeded"] },
                    targets: [targets.queue(succeeded, { messageGroupId: "payments" })],
                });
                const declines = new aws.sqs.Queue("declines", { sqsManagedSseEnabled: true });
                new SafeRule("declines", {
                    eventBus: payments,
                    pattern: { source: ["stripe.com"], "detail-type": ["payment_intent.payment_failed"] },
                    targets: [targets.queue(declines, { input: transform({
                        paths: { intent: "$.detail.payload.data.object.id", decline: "$.detail.payload.data.object.last_payment_error.decline_code" },
                        template: '{"intent": <intent>, "decline": <decline>}',
                    }) })],
                });

                const orders = new aws.cloudwatch.EventBus("orders", { name: "orders" });
                new WebhookIngress("orders", {
                    provider: providers.hmac({
                        header: "X-Signature", algorithm: "sha256", encoding: "base64", prefix: "v1=", timestampHeader: "X-Timestamp",
                        source: "com.example.orders", detailTypeHeader: "X-Event-Type", deliveryIdHeader: "X-Delivery-Id",
                    }),
                    secret: { value: "orders-secret" },
                    eventBus: orders,
                });
                const created = new aws.sqs.Queue("created", { sqsManagedSseEnabled: true });
                new SafeRule("created", {
                    eventBus: orders,
                    pattern: { source: ["com.example.orders"], "detail-type": ["order.created"] },
                    targets: [targets.queue(created, { input: transform({ paths: { total: "$.detail.payload.data.total" }, template: '{"total": <total>}' }) })],
                });

                const big = new aws.cloudwatch.EventBus("big", { name: "big" });
                new WebhookIngress("big", { provider: providers.github(), secret: { value: "s" }, eventBus: big, largeEvents: { bucket: "large-events", prefix: "github/" } });
                new WebhookIngress("birdbig", {
                    provider: providers.bird({ auth: { bearer: { token: "bird-token" } } }),
                    delivery: { s3: { bucket: "raw-batches", prefix: "batches/" } },
                    largeEvents: { bucket: "large-events", prefix: "bird/" },
                    eventBus: big,
                });
            }, { policies: [] });
        });

        it("every Stripe sample: the queue that gets it (FIFO: with its message group), or the decline code the transformer takes from the payload", async () => {
            const fired: Record<string, string[]> = {};
            for (const [name, sample] of Object.entries(webhookSamples.stripe)) {
                const run = await simulateWebhook(result, "stripe", { sample: name });
                const body = sample.body as Record<string, any>;
                assert.deepStrictEqual(run.webhook.entries, [{
                    EventBusName: "arn:aws:events:us-east-1:123456789012:event-bus/payments", Source: "stripe.com", DetailType: body.type,
                    Detail: JSON.stringify({ metadata: { provider: "stripe", deliveryId: body.id, receivedAt: "2026-11-30T08:00:00.000Z" }, payload: body }),
                }], name);
                fired[name] = run.traces[0].targets.map((t) => `${t.input === JSON.stringify(eventOf("stripe.com", body.type, JSON.parse(run.webhook.entries[0].Detail ?? ""))) ? "event" : t.input} ${t.messageGroupId ?? ""}`.trim());
            }
            assert.deepStrictEqual(fired, {
                "payment_intent.succeeded": ["event payments"],
                "payment_intent.payment_failed": ['{"intent": "pi_3MtwBwLkdIwHu7ix28a3tqPa", "decline": "insufficient_funds"}'],
                "checkout.session.completed": [], "invoice.paid": [], "customer.subscription.deleted": [], "charge.refunded": [],
            });
        });

        it("generic HMAC: signed as the ingress is configured (prefix, base64, timestamp), typed and identified by its headers", async () => {
            const run = await simulateWebhook(result, "hmac", { sample: "order.created" });
            const body = webhookSamples.hmac["order.created"].body;
            assert.deepStrictEqual(run.webhook.entries, [{
                EventBusName: "arn:aws:events:us-east-1:123456789012:event-bus/orders", Source: "com.example.orders", DetailType: "order.created",
                Detail: JSON.stringify({ metadata: { provider: "hmac", deliveryId: "simulated-delivery-1", receivedAt: "2026-11-30T08:00:00.000Z" }, payload: body }),
            }]);
            assert.deepStrictEqual(run.traces[0].targets.map((t) => t.input), ['{"total": 4200}']);
        });

        it("a GitHub payload over the entry limit: stored in the largeEvents bucket, the bus gets the pointer", async () => {
            const body = { ...(webhookSamples.github.push.body as object), padding: "x".repeat(1_100_000) }; // over the 1 MiB entry limit
            const run = await simulateWebhook(result, "github", { ingress: "big", event: "push", body });
            const [object] = run.webhook.objects;
            assert.strictEqual(object.key, `github/72d3162e-cc78-11e3-81ab-4c9367dc0958/0-${createHash("sha256").update(object.body).digest("hex")}.json`);
            const metadata = { provider: "github", deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958", receivedAt: "2026-11-30T08:00:00.000Z" };
            assert.deepStrictEqual(JSON.parse(object.body), { metadata, payload: body });
            assert.deepStrictEqual(run.webhook.entries, [{
                EventBusName: "arn:aws:events:us-east-1:123456789012:event-bus/big", Source: "github.com", DetailType: "push",
                Detail: JSON.stringify({ metadata, payloadPointer: {
                    bucket: "large-events", key: object.key, size: Buffer.byteLength(object.body), sha256: createHash("sha256").update(object.body).digest("hex"),
                } }),
            }]);
        });

        it("a Bird batch with one record over the limit (bearer auth): the batch processor puts that record by pointer, the others whole", async () => {
            const [delivery, bounce] = webhookSamples.bird.batch.body as Record<string, any>[];
            const huge = { msys: { message_event: { ...bounce.msys.message_event, raw_reason: "y".repeat(1_100_000) } } }; // over the 1 MiB entry limit
            const run = await simulateWebhook(result, "bird", { ingress: "birdbig", body: [delivery, huge], secret: "bird-token" });
            const digest = (text: string) => createHash("sha256").update(text).digest("hex");
            const [raw, large] = run.webhook.objects;
            // Each key carries the digest of the bytes stored (delivery ids are unsigned: a replay cannot overwrite another delivery's object).
            assert.deepStrictEqual(run.webhook.objects.map((o) => [o.bucket, o.key]), [
                ["raw-batches", `batches/c5b1c3a0-7f3c-11ef-9a1b-0242ac120002/${digest(raw.body)}`],
                ["large-events", `bird/c5b1c3a0-7f3c-11ef-9a1b-0242ac120002/1-${digest(large.body)}.json`],
            ]);
            const metadata = (recordIndex: number) => ({
                provider: "bird", deliveryId: "c5b1c3a0-7f3c-11ef-9a1b-0242ac120002", receivedAt: "2026-11-30T08:00:00.000Z", batchId: "c5b1c3a0-7f3c-11ef-9a1b-0242ac120002", recordIndex,
            });
            const stored = run.webhook.objects[1].body;
            assert.deepStrictEqual(JSON.parse(stored), { metadata: metadata(1), payload: huge });
            assert.deepStrictEqual(run.webhook.entries.map((e) => [e.DetailType, e.Detail]), [
                ["delivery", JSON.stringify({ metadata: metadata(0), payload: delivery })],
                ["bounce", JSON.stringify({ metadata: metadata(1), payloadPointer: {
                    bucket: "large-events", key: large.key, size: Buffer.byteLength(stored), sha256: createHash("sha256").update(stored).digest("hex"),
                } })],
            ]);
            assert.deepStrictEqual(run.webhook.batchProcessor, { batches: 1, events: 2, putEventsCalls: 1 });
        });
    });
});
