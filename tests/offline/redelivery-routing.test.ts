/**
 * The offline plan and `simulate` show an ingress's GitHub redelivery function (WebhookIngress
 * `githubRedelivery`): in the routing, its text and Mermaid forms, and the simulation's text; and
 * the policy pack passes what it creates.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { providers, WebhookIngress } from "../../components/ingress";
import { renderRoutingMermaid, renderRoutingText } from "../../cli/render";
import { renderSimulation } from "../../cli/simulate";
import { findingsAt, plan, Plan } from "../../testing";
import { simulateWebhook } from "../../offline/simulate-webhook";

const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:github-token-Xy12Zw";

describe("plan and simulate: the GitHub redelivery function", function () {
    this.timeout(120_000);
    let resolved: Plan;
    before(async () => {
        resolved = await plan(() => {
            new WebhookIngress("gh", {
                provider: providers.github(),
                secret: { value: pulumi.secret("webhook-secret") },
                githubRedelivery: { hook: { repository: "acme/app", hookId: 42 }, credentials: { secretArn: SECRET_ARN } },
            });
            new WebhookIngress("plain", { provider: providers.github(), secret: { value: pulumi.secret("other-secret") } });
        });
    });

    it("the routing shows it on its ingress (and none on an ingress without it), with schedule and hook", () => {
        assert.deepStrictEqual(resolved.routing.webhooks.map((w) => [w.name, w.redelivery]), [
            ["gh", { function: "gh-redelivery", schedule: "rate(5 minutes)", hook: "repository acme/app hook 42" }],
            ["plain", undefined],
        ]);
        const text = renderRoutingText(resolved.routing).split("\n");
        const at = text.findIndex((l) => l.startsWith("webhook gh [github]"));
        assert.strictEqual(text[at + 1], "  ↻ redelivery gh-redelivery (rate(5 minutes), repository acme/app hook 42): asks GitHub to redeliver each failed delivery once");
        assert.strictEqual(text.filter((l) => l.includes("redelivery")).length, 1);
        const mermaid = renderRoutingMermaid(resolved.routing);
        assert.ok(mermaid.includes('webhook0redelivery["redelivery gh-redelivery<br/>rate(5 minutes)"]'), mermaid);
        assert.ok(mermaid.includes('webhook0redelivery -.->|"asks GitHub to redeliver failed"| webhook0'), mermaid);
    });

    it("the policy pack finds nothing mandatory in what it creates, and lists its IAM like the rest", () => {
        assert.deepStrictEqual(findingsAt(resolved.findings, "mandatory"), []);
        const policy = resolved.resources.find((r) => r.name === "gh-redelivery-role-policy")!;
        assert.deepStrictEqual(JSON.parse(policy.inputs.policy).Statement.map((s: { Action: unknown; Resource: unknown }) => [s.Action, s.Resource]).slice(1), [
            ["secretsmanager:GetSecretValue", SECRET_ARN],
        ]);
    });

    it("a preview plan knows the function and its schedule too", async () => {
        const preview = await plan(() => {
            new WebhookIngress("gh", {
                provider: providers.github(),
                secret: { value: pulumi.secret("webhook-secret") },
                githubRedelivery: { hook: "app", credentials: { secretArn: SECRET_ARN }, schedule: "rate(2 minutes)" },
            });
        }, { preview: true });
        assert.deepStrictEqual(preview.routing.webhooks[0].redelivery, { function: "gh-redelivery", schedule: "rate(2 minutes)", hook: "GitHub App" });
    });

    it("simulate --webhook github says the ingress has it (not simulated: it talks to GitHub)", async () => {
        const run = await simulateWebhook(resolved, "github", { ingress: "gh" });
        assert.strictEqual(run.webhook.status, 200);
        assert.deepStrictEqual(run.webhook.redelivery, { function: "gh-redelivery", schedule: "rate(5 minutes)", hook: "repository acme/app hook 42" });
        const lines = renderSimulation({ ...run }, "text").split("\n");
        assert.strictEqual(lines[0].startsWith("Webhook gh (github): 200"), true, lines[0]);
        assert.ok(lines.includes("  ↻ redelivery gh-redelivery (rate(5 minutes), repository acme/app hook 42): asks GitHub to redeliver each failed delivery once (not simulated)"), lines.join("\n"));
        const plain = await simulateWebhook(resolved, "github", { ingress: "plain" });
        assert.strictEqual(plain.webhook.redelivery, undefined);
    });
});
