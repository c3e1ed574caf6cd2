import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { comparePlans, renderComparison } from "../../cli/compare";
import { plan } from "../../testing";

/** A queue with a dead-letter queue and a policy; the stack's config decides retention and the sender. */
function program(): void {
    const config = new pulumi.Config();
    const dlq = new aws.sqs.Queue("dlq", { messageRetentionSeconds: config.requireNumber("retention") });
    new aws.sqs.QueuePolicy("dlq-policy", {
        queueUrl: dlq.url,
        policy: pulumi.jsonStringify({ Statement: [{ Effect: "Allow", Principal: { Service: config.require("sender") }, Action: "sqs:SendMessage", Resource: dlq.arn }] }),
    });
    if (config.getBoolean("audit")) {
        new aws.sqs.Queue("audit", {});
    }
}

describe("plan comparison", () => {
    it("lists resources added and removed, and each changed setting and statement, naming references by resource across accounts", async () => {
        const prod = await plan(program, { stack: "prod", account: "111111111111", config: { retention: 1209600, sender: "events.amazonaws.com", audit: true } });
        const dev = await plan(program, { stack: "dev", account: "222222222222", config: { retention: 345600, sender: "sns.amazonaws.com" } });
        const comparison = comparePlans(JSON.parse(JSON.stringify(dev)), JSON.parse(JSON.stringify(prod)));
        assert.deepStrictEqual(comparison.added, []);
        assert.deepStrictEqual(comparison.removed, [{ type: "aws:sqs/queue:Queue", name: "audit" }]);
        assert.deepStrictEqual(renderComparison(comparison, "stack prod").split("\n"), [
            "Compared with stack prod: 0 added, 1 removed, 2 changed (- stack prod, + dev)",
            '- aws:sqs/queue:Queue "audit"',
            '~ aws:sqs/queue:Queue "dlq"',
            "    - messageRetentionSeconds: 1209600",
            "    + messageRetentionSeconds: 345600",
            '~ aws:sqs/queuePolicy:QueuePolicy "dlq-policy"',
            "    - policy: Allow sqs:SendMessage to events.amazonaws.com on queue dlq",
            "    + policy: Allow sqs:SendMessage to sns.amazonaws.com on queue dlq",
        ]);
        const same = comparePlans(JSON.parse(JSON.stringify(dev)), JSON.parse(JSON.stringify(dev)));
        assert.strictEqual(renderComparison(same, "dev.json"), "Compared with dev.json: no difference");
    });

    it("shows a changed hook.js as a changed digest, not as its bundled text", () => {
        const fn = (hook: string) => ({ stack: "dev", resources: [{ type: "aws:lambda/function:Function", name: "hooks-webhook", urn: "urn:pulumi:dev::p::aws:lambda/function:Function::hooks-webhook", custom: true, inputs: { code: { bundle: "webhook", "hook.js": hook } } }] });
        const comparison = comparePlans(fn(`exports.enrich = (e) => e; // ${"x".repeat(5000)}`), fn("exports.enrich = (e) => [];"));
        assert.deepStrictEqual(comparison.changed.map((c) => [c.removed, c.added]), [[
            ["code.hook.js: sha256 dfebcce6366b8298 (27 bytes)"],
            ["code.hook.js: sha256 1354e92253b8c797 (5030 bytes)"],
        ]]);
    });
});
