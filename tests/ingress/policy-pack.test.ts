import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { providers, WebhookIngress } from "../../components/ingress";
import { plan } from "../../offline/plan";

describe("ingress/WebhookIngress under the policy pack", () => {
    for (const preview of [true, false]) {
        it(`passes every policy with a function URL and with an ALB + S3 delivery (${preview ? "preview" : "update"})`, async () => {
            const result = await plan(() => {
                const cfg = new pulumi.Config();
                new WebhookIngress("github", { provider: providers.github(), secret: { value: cfg.requireSecret("githubWebhookSecret") } });
                const rawBatches = new aws.s3.Bucket("raw-batches");
                new WebhookIngress("bird", {
                    provider: providers.bird({ auth: { basic: { username: "bird", password: cfg.requireSecret("birdPassword") } } }),
                    endpoint: { alb: { vpc: { vpcId: "vpc-1", publicSubnetIds: ["subnet-a", "subnet-b"] }, domainName: "events.example.com", hostedZoneId: "Z123" } },
                    delivery: { s3: { bucket: rawBatches, prefix: "bird/" }, emitEvents: true },
                });
            }, { preview, config: { githubWebhookSecret: "gh-s3cr3t", birdPassword: "hunter2" }, secretKeys: ["githubWebhookSecret", "birdPassword"] });
            assert.deepStrictEqual(result.findings.map((f) => `${f.policyName}: ${f.message}`), []);
            assert.ok(result.resources.some((r) => r.type === "aws:lambda/functionUrl:FunctionUrl"));
            assert.ok(result.resources.some((r) => r.type === "aws:lb/listener:Listener"));
            const shown = JSON.stringify(result.resources.map((r) => r.inputs));
            assert.ok(!shown.includes("gh-s3cr3t") && !shown.includes("hunter2"), "the plan never shows a secret");
        });
    }

    it("creates each function after its log group, its role's policy and the secret's value", async () => {
        const result = await plan(() => {
            new WebhookIngress("github", { provider: providers.github(), secret: { value: pulumi.secret("s") } });
        });
        const urnOf = (name: string) => result.resources.find((r) => r.name === name)!.urn;
        const fn = result.resources.find((r) => r.name === "github-webhook")!;
        for (const before of ["github-webhook-logs", "github-webhook-role-policy", "github-secret-value"]) {
            assert.ok(fn.dependencies.includes(urnOf(before)), `github-webhook waits for ${before}`);
        }
        const url = result.resources.find((r) => r.name === "github-url")!;
        for (const before of ["github-url-invoke-url", "github-url-invoke-function"]) {
            assert.ok(url.dependencies.includes(urnOf(before)), `the URL is opened after ${before}`);
        }
    });

    it("sets up the bucket notification only once S3 may invoke the batch processor", async () => {
        const result = await plan(() => {
            new WebhookIngress("bird", { provider: providers.bird({ auth: { bearer: { token: pulumi.secret("t") } } }), delivery: { s3: { bucket: "raw-batches", prefix: "bird/" } } });
        });
        const notification = result.resources.find((r) => r.name === "bird-batch-notification")!;
        const permission = result.resources.find((r) => r.name === "bird-batch-processor-s3-invoke")!;
        assert.ok(notification.dependencies.includes(permission.urn));
    });

    it("shows the webhook in the routing diagram, with its provider and endpoint", async () => {
        const result = await plan(() => {
            new WebhookIngress("github", { provider: providers.github(), secret: { value: pulumi.secret("s") } });
        }, { preview: false });
        assert.deepStrictEqual(result.routing.webhooks.map((w) => [w.name, w.provider, w.endpoint, w.buses.length]), [["github", "github", "function URL", 1]]);
    });
});
