/**
 * The durable path, shown before deploy: the offline plan's routing names the durable store, the
 * redrive function, its sweep and dead-letter queue (text and Mermaid), and `simulate --outage`
 * runs the real webhook handler during an EventBridge outage, then the real redrive function
 * over what it stored, as the plan configures both.
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { parseSimulateArguments, renderSimulation, runSimulation } from "../../cli/simulate";
import { renderRoutingMermaid, renderRoutingText } from "../../cli/render";
import { providers, SafeRule, targets, WebhookIngress } from "../../components";
import { plan, Plan, simulateWebhook } from "../../testing";

describe("the durable path in the offline plan and simulate", function () {
    this.timeout(120_000);
    let result: Plan;
    before(async () => {
        result = await plan(() => {
            const bus = new aws.cloudwatch.EventBus("webhooks", { name: "webhooks" });
            new WebhookIngress("gh", { provider: providers.github(), secret: { value: "gh-secret" }, eventBus: bus });
            new WebhookIngress("stripe", { provider: providers.stripe(), secret: { value: "whsec_test" }, eventBus: bus });
            const queue = new aws.sqs.Queue("pushes", { sqsManagedSseEnabled: true });
            new SafeRule("pushes", { eventBus: bus, pattern: { source: ["github.com"], "detail-type": ["push"] }, targets: [targets.queue(queue)] });
        });
    });

    it("the routing shows GitHub's durable store, redrive, sweep and dead-letter queue, and no raw-delivery bucket; Stripe has none", () => {
        const gh = result.routing.webhooks.find((w) => w.name === "gh")!;
        assert.deepStrictEqual([gh.via, gh.durable], [undefined, { store: "gh-durable-store", redrive: "gh-redrive", deadLetterQueue: "gh-redrive-dlq", sweep: "rate(5 minutes)" }]);
        assert.strictEqual(result.routing.webhooks.find((w) => w.name === "stripe")!.durable, undefined);
        const text = renderRoutingText(result.routing);
        assert.ok(text.includes("webhook gh [github] (function URL) → bus webhooks\n   unconfirmed → durable store S3 bucket gh-durable-store → redrive gh-redrive (sweep rate(5 minutes), dlq gh-redrive-dlq) → bus webhooks"), text);
        assert.ok(!text.includes("stripe-durable"), text);
        const mermaid = renderRoutingMermaid(result.routing);
        const id = gh.id;
        assert.ok(mermaid.includes(`  ${id}durable[("durable store gh-durable-store<br/>redrive gh-redrive")]`), mermaid);
        assert.ok(mermaid.includes(`  ${id} -.->|"unconfirmed"| ${id}durable`) && mermaid.includes(`  ${id}durable -.-> ${gh.buses[0]}`), mermaid);
    });

    it("simulate with an outage: the handler answers 200 having stored the push, and the redrive puts it on the bus once", async () => {
        const run = await simulateWebhook(result, "github", { sample: "push", outage: true });
        assert.strictEqual(run.webhook.status, 200);
        assert.deepStrictEqual(JSON.parse(run.webhook.responseBody), { accepted: 1, stored: 1 });
        assert.deepStrictEqual(run.webhook.durable, {
            redrive: "gh-redrive",
            stored: ["pending/72d3162e-cc78-11e3-81ab-4c9367dc0958/0.json"],
            run: { objects: 1, delivered: 1, completed: 1, deadLettered: 0, remaining: 0 },
        });
        assert.strictEqual(run.webhook.entries.length, 1);
        assert.strictEqual(JSON.parse(run.webhook.entries[0].Detail!).metadata.deliveryId, "72d3162e-cc78-11e3-81ab-4c9367dc0958");
        assert.deepStrictEqual(run.traces[0].deliveries[0].rules.map((r) => [r.name, r.matched]), [["pushes", true]]);
    });

    it("simulate with an outage and no durable acceptance (Stripe) fails with the handler's 503", async () => {
        await assert.rejects(simulateWebhook(result, "stripe", { outage: true }), /answered 503 .*delivery failed; retry later/);
    });

    it("the CLI takes --outage with --webhook only, and prints the durable path", async () => {
        const args = parseSimulateArguments([".", "--webhook", "github:push", "--outage"])!;
        assert.deepStrictEqual(args.source, { webhook: "github", sample: "push", outage: true });
        assert.throws(() => parseSimulateArguments([".", "--event", "e.json", "--outage"]), /--outage goes with --webhook/);
        const text = renderSimulation(await runSimulation(result, args), "text");
        assert.ok(text.includes("  EventBridge out: 1 stored in the durable store, then the redrive gh-redrive put 1 on the bus"), text);
    });
});
