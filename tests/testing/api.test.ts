// The "Testing your own stacks" example of docs/testing.md, as users would write it.
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { SafeRule, targets } from "../../components";
import { findingsAt, plan } from "../../testing";

describe("eventbridge-kit/testing: asserting on your own stack", () => {
    it("plan() shows what a SafeRule creates, that the policy pack passes it, and how events route", async () => {
        const result = await plan(() => {
            const bus = new aws.cloudwatch.EventBus("orders", { name: "orders" });
            const queue = new aws.sqs.Queue("invoices", { sqsManagedSseEnabled: true });
            new SafeRule("invoice-paid", {
                eventBus: bus,
                pattern: { source: ["com.example.billing"], "detail-type": ["InvoicePaid"] },
                examples: { match: [{ source: "com.example.billing", "detail-type": "InvoicePaid", detail: { id: "in_1" } }] },
                targets: [targets.queue(queue)],
            });
        });
        assert.deepStrictEqual(findingsAt(result.findings, "mandatory"), []);
        const rule = result.resources.find((r) => r.type === "aws:cloudwatch/eventRule:EventRule")!;
        assert.deepStrictEqual(JSON.parse(rule.inputs.eventPattern), { source: ["com.example.billing"], "detail-type": ["InvoicePaid"] });
        assert.strictEqual(rule.parent, result.resources.find((r) => r.type === "eventbridge-kit:rules:SafeRule")!.urn);
        assert.deepStrictEqual(result.routing.rules.map((r) => [r.name, r.targets.map((t) => `${t.kind} ${t.name}`)]), [["invoice-paid", ["queue invoices"]]]);
    });

    it("plan() turns the same mistake made by hand into a mandatory finding", async () => {
        const result = await plan(() => {
            const rule = new aws.cloudwatch.EventRule("invoice-paid", { eventPattern: JSON.stringify({ "detail-type": ["InvoicePaid"] }) });
            const queue = new aws.sqs.Queue("invoices", {});
            new aws.cloudwatch.EventTarget("invoice-paid-queue", { rule: rule.name, arn: queue.arn });
        });
        assert.deepStrictEqual(findingsAt(result.findings, "mandatory").map((f) => `${f.policyName}: ${f.resourceName}`).sort(), [
            "event-queue-policy-source-arn: invoices",
            "event-rule-pattern-scoped: invoice-paid",
            "event-target-dead-letter-queue: invoice-paid-queue",
            "event-target-retry-policy: invoice-paid-queue",
        ]);
    });
});
