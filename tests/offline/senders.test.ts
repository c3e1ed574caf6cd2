/**
 * The Standard Webhooks, Slack, Shopify and GitLab ingresses in the plan and through `simulate`:
 * each sample signed as its sender signs it, through the bundled webhook handler, onto the bus
 * and into the rule that wants it; Slack's url_verification answered and never on the bus.
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { renderRoutingText } from "../../cli/render";
import { providers, SafeRule, targets, WebhookIngress } from "../../components";
import { plan, Plan, simulateWebhook, webhookSamples } from "../../testing";

const RECEIVED = "2026-11-30T08:00:00.000Z";
const busArn = (name: string) => `arn:aws:events:us-east-1:123456789012:event-bus/${name}`;

describe("simulate: the Standard Webhooks, Slack, Shopify and GitLab senders", function () {
    this.timeout(60_000);
    let result: Plan;

    before(async () => {
        result = await plan(() => {
            const hooks = new aws.cloudwatch.EventBus("senders", { name: "senders" });
            new WebhookIngress("billing", { provider: providers.standardWebhooks({ source: "com.example.billing" }), secret: { value: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }, eventBus: hooks });
            new WebhookIngress("slack", { provider: providers.slack(), secret: { value: "8f742231b10e8888abcd99yyyzzz85a5" }, eventBus: hooks });
            new WebhookIngress("shop", { provider: providers.shopify(), secret: { value: "shopify-client-secret" }, eventBus: hooks });
            new WebhookIngress("gitlab", { provider: providers.gitlab(), secret: { value: "a-long-random-gitlab-token-0123456789" }, eventBus: hooks });
            const rule = (name: string, source: string, detailType: string) => new SafeRule(name, {
                eventBus: hooks,
                pattern: { source: [source], "detail-type": [detailType] },
                targets: [targets.queue(new aws.sqs.Queue(name, { sqsManagedSseEnabled: true }))],
            });
            rule("paid", "com.example.billing", "invoice.paid");
            rule("mentions", "slack.com", "app_mention");
            rule("orders", "shopify.com", "orders/create");
            rule("pushes", "gitlab.com", "Push Hook");
        }, { policies: [] });
    });

    it("the plan shows each ingress with its sender, and says GitLab's token is not a signature", () => {
        assert.deepStrictEqual(result.routing.webhooks.map((w) => [w.name, w.provider, w.authentication?.signsBody]).sort(), [
            ["billing", "standardWebhooks", true], ["gitlab", "gitlab", false], ["shop", "shopify", true], ["slack", "slack", true],
        ]);
        const text = renderRoutingText(result.routing);
        assert.match(text, /^webhook gitlab \[gitlab\] \(function URL\) → bus senders — shared token, not a signature$/m);
        assert.match(text, /^webhook shop \[shopify\] \(function URL\) → bus senders$/m);
    });

    it("the handler functions get each sender's deadline (Slack 3 s, Shopify 5 s, Standard Webhooks 15 s, GitLab 10 s)", () => {
        const deadlines = Object.fromEntries(result.resources
            .filter((r) => r.type === "aws:lambda/function:Function" && r.name.endsWith("-webhook"))
            .map((r) => [r.name, [r.inputs.environment.variables.EBK_PROVIDER, r.inputs.environment.variables.EBK_DEADLINE_MS, r.inputs.timeout]]));
        assert.deepStrictEqual(deadlines, {
            "billing-webhook": ["standardWebhooks", "15000", 14], "slack-webhook": ["slack", "3000", 2],
            "shop-webhook": ["shopify", "5000", 4], "gitlab-webhook": ["gitlab", "10000", 9],
        });
    });

    it("Standard Webhooks: typed by the payload's type, identified by webhook-id, with the configured source", async () => {
        const run = await simulateWebhook(result, "standardWebhooks", { sample: "invoice.paid" });
        assert.strictEqual(run.webhook.status, 200);
        assert.deepStrictEqual(run.webhook.entries, [{
            EventBusName: busArn("senders"), Source: "com.example.billing", DetailType: "invoice.paid",
            Detail: JSON.stringify({ metadata: { provider: "standardWebhooks", deliveryId: "msg_simulated-delivery-1", receivedAt: RECEIVED }, payload: webhookSamples.standardWebhooks["invoice.paid"].body }),
        }]);
        assert.deepStrictEqual(run.traces[0].deliveries[0].rules.filter((r) => r.matched).map((r) => r.name), ["paid"]);
    });

    it("Slack: the event's type as the detail-type, event_id as the delivery id", async () => {
        const run = await simulateWebhook(result, "slack", { sample: "app_mention" });
        const body = webhookSamples.slack.app_mention.body as Record<string, unknown>;
        assert.deepStrictEqual(run.webhook.entries, [{
            EventBusName: busArn("senders"), Source: "slack.com", DetailType: "app_mention",
            Detail: JSON.stringify({ metadata: { provider: "slack", deliveryId: "Ev0LAN670R", receivedAt: RECEIVED }, payload: body }),
        }]);
        assert.deepStrictEqual(run.traces[0].deliveries[0].rules.filter((r) => r.matched).map((r) => r.name), ["mentions"]);
    });

    it("Slack: url_verification is answered with its challenge and never put on the bus", async () => {
        const run = await simulateWebhook(result, "slack", { sample: "url_verification" });
        assert.strictEqual(run.webhook.status, 200);
        assert.deepStrictEqual(JSON.parse(run.webhook.responseBody), { challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
        assert.deepStrictEqual(run.webhook.entries, []);
    });

    it("Shopify: the topic as the detail-type, X-Shopify-Webhook-Id as the delivery id, the shop domain in the metadata", async () => {
        const run = await simulateWebhook(result, "shopify", { sample: "orders/create" });
        assert.deepStrictEqual(run.webhook.entries, [{
            EventBusName: busArn("senders"), Source: "shopify.com", DetailType: "orders/create",
            Detail: JSON.stringify({ metadata: { provider: "shopify", deliveryId: "simulated-delivery-1", receivedAt: RECEIVED, shopDomain: "simulated-shop.myshopify.com" }, payload: webhookSamples.shopify["orders/create"].body }),
        }]);
        assert.deepStrictEqual(run.traces[0].deliveries[0].rules.filter((r) => r.matched).map((r) => r.name), ["orders"]);
    });

    it("GitLab: X-Gitlab-Event as the detail-type, Idempotency-Key as the delivery id", async () => {
        const run = await simulateWebhook(result, "gitlab", { sample: "push" });
        assert.deepStrictEqual(run.webhook.entries, [{
            EventBusName: busArn("senders"), Source: "gitlab.com", DetailType: "Push Hook",
            Detail: JSON.stringify({ metadata: { provider: "gitlab", deliveryId: "simulated-delivery-1", receivedAt: RECEIVED }, payload: webhookSamples.gitlab.push.body }),
        }]);
        assert.deepStrictEqual(run.traces[0].deliveries[0].rules.filter((r) => r.matched).map((r) => r.name), ["pushes"]);
    });
});
