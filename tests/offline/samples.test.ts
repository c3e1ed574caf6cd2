import * as assert from "assert";
import * as fs from "fs";
import { GITHUB_SAMPLES_FILE, githubSamplesText, installedExamples } from "../../offline/samples/generate";
import { webhookSamples } from "../../testing";

describe("simulate: the built-in webhook samples", () => {
    it("github.json is what `npm run samples` writes from the installed @octokit/webhooks-examples", () => {
        const checkedIn = fs.readFileSync(GITHUB_SAMPLES_FILE, "utf8");
        assert.strictEqual(githubSamplesText(installedExamples()), checkedIn, "run `npm run samples` and commit offline/samples/github.json");
        // Shipped in the package: it stays small.
        assert.ok(Buffer.byteLength(checkedIn) < 150_000, `${Buffer.byteLength(checkedIn)} bytes`);
    });

    it("the sample names are stable (`provider:name` is what users pass to --webhook)", () => {
        assert.deepStrictEqual(Object.fromEntries(Object.entries(webhookSamples).map(([provider, samples]) => [provider, Object.keys(samples)])), {
            github: [
                "push", "pull_request.opened", "pull_request.closed", "pull_request.synchronize", "issues.opened", "issue_comment.created",
                "release.published", "workflow_run.completed", "check_run.completed", "ping", "pull_request.merged",
            ],
            stripe: ["payment_intent.succeeded", "payment_intent.payment_failed", "checkout.session.completed", "invoice.paid", "customer.subscription.deleted", "charge.refunded"],
            twilio: ["failed", "undelivered", "delivered", "sent", "queued", "inbound"],
            bird: ["batch", "test"],
            hmac: ["order.created"],
            standardWebhooks: ["invoice.paid", "user.created"],
            slack: ["app_mention", "message", "url_verification"],
            shopify: ["orders/create", "customers/update"],
            gitlab: ["push", "merge_request.merge"],
        });
    });

    it("each GitHub sample is the recorded payload of its event and action; merged differs from the recorded closed one only in the merge", () => {
        const examples = installedExamples();
        for (const [name, sample] of Object.entries(webhookSamples.github)) {
            const body = sample.body as Record<string, any>;
            const [event, action] = name.split(".");
            assert.strictEqual(sample.event, event, name);
            if (name === "pull_request.merged") continue;
            assert.strictEqual(body.action, action, name);
            assert.ok(examples.find((e) => e.name === event)?.examples.some((recorded) => JSON.stringify(recorded) === JSON.stringify(body)), `${name} is recorded`);
        }
        const closed = webhookSamples.github["pull_request.closed"].body as Record<string, any>;
        const merged = webhookSamples.github["pull_request.merged"].body as Record<string, any>;
        assert.deepStrictEqual({ ...merged, pull_request: { ...merged.pull_request, merged: false, merged_at: null } }, closed);
        assert.deepStrictEqual([merged.pull_request.merged, merged.pull_request.merged_at], [true, closed.pull_request.closed_at]);
    });

    it("Twilio status callbacks carry ErrorCode exactly when the message failed or was undelivered", () => {
        for (const [name, { body }] of Object.entries(webhookSamples.twilio)) {
            const fields = body as Record<string, string>;
            assert.ok(Object.values(fields).every((v) => typeof v === "string"), `${name}: form fields are strings`);
            assert.strictEqual("ErrorCode" in fields, ["failed", "undelivered"].includes(fields.MessageStatus), name);
        }
    });
});
