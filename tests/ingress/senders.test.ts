/** The Standard Webhooks, Slack, Shopify and GitLab builders, and a WebhookIngress of each under mocks. */
import * as assert from "assert";
import { ProviderConfigError, providers, WebhookIngress } from "../../components/ingress";
import { deploy, environmentOf } from "./helpers";

const secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:hook-Xy12Zw";

function assertProviderError(call: () => unknown, parts: string[]): void {
    assert.throws(call, (error: unknown) => {
        assert.ok(error instanceof ProviderConfigError, `expected ProviderConfigError, got ${String(error)}`);
        for (const part of parts) assert.ok(error.message.includes(part), `"${error.message}" does not contain "${part}"`);
        return true;
    });
}

describe("ingress/senders", () => {
    it("fixes each sender's source and deadline (Standard Webhooks 15 s, Slack 3 s, Shopify 5 s, GitLab 10 s)", () => {
        assert.deepStrictEqual(
            [providers.standardWebhooks(), providers.slack(), providers.shopify(), providers.gitlab()].map((p) => [p.name, p.eventSource, p.deadlineMs, p.options]),
            [["standardWebhooks", "webhook.standard", 15_000, {}], ["slack", "slack.com", 3_000, {}], ["shopify", "shopify.com", 5_000, {}], ["gitlab", "gitlab.com", 10_000, {}]],
        );
    });

    describe("standardWebhooks", () => {
        it("passes a tolerance and a source to the handler; the source is the events'", () => {
            const built = providers.standardWebhooks({ toleranceSeconds: 60, source: "com.example.billing" });
            assert.deepStrictEqual([built.options, built.eventSource], [{ toleranceSeconds: 60, source: "com.example.billing" }, "com.example.billing"]);
        });
        it("refuses a tolerance that is not a positive number, and a source EventBridge reserves", () => {
            assertProviderError(() => providers.standardWebhooks({ toleranceSeconds: 0 }), ["providers.standardWebhooks(): toleranceSeconds:", "positive number of seconds"]);
            assertProviderError(() => providers.standardWebhooks({ source: "aws.billing" }), ["providers.standardWebhooks(): source:", "reserves for AWS"]);
        });
        it("recognizes a whsec_ signing secret and a whpk_ public key, and nothing else", () => {
            const check = providers.standardWebhooks().secretProblem!;
            assert.strictEqual(check("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), undefined);
            assert.strictEqual(check(`whpk_${Buffer.alloc(32, 7).toString("base64")}`), undefined);
            assert.match(check("sk_live_abc!")!, /not a Standard Webhooks signing secret/);
            assert.match(check("whpk_AAAA")!, /not a Standard Webhooks public key/);
        });
    });

    it("slack: refuses a bot or app token where the signing secret belongs", () => {
        const check = providers.slack().secretProblem!;
        assert.strictEqual(check("8f742231b10e8888abcd99yyyzzz85a5"), undefined);
        assert.match(check("xoxb-1234-5678-abc")!, /is a Slack token, not the app's signing secret/);
        assert.match(check("xapp-1-A0-1-abc")!, /is a Slack token/);
    });

    it("shopify: refuses an access token where the client secret belongs", () => {
        const check = providers.shopify().secretProblem!;
        assert.strictEqual(check("0123456789abcdef0123456789abcdef"), undefined);
        assert.match(check("shpat_0123456789abcdef")!, /is a Shopify access token, not the app's client secret/);
    });

    it("gitlab: refuses a token shorter than 16 characters (it is sent as it is, not a signature)", () => {
        const check = providers.gitlab().secretProblem!;
        assert.strictEqual(check("a-long-random-gitlab-token"), undefined);
        assert.match(check("hunter2")!, /is 7 characters; GitLab sends this token as it is \(a shared token, not a signature\)/);
    });

    for (const preview of [false, true]) {
        describe(preview ? "under preview" : "under update", () => {
            const cases = [
                { provider: () => providers.standardWebhooks({ source: "com.example.billing" }), name: "standardWebhooks", options: { source: "com.example.billing" }, deadline: "15000", timeout: 14 },
                { provider: () => providers.slack(), name: "slack", options: {}, deadline: "3000", timeout: 2 },
                { provider: () => providers.shopify(), name: "shopify", options: {}, deadline: "5000", timeout: 4 },
                { provider: () => providers.gitlab(), name: "gitlab", options: {}, deadline: "10000", timeout: 9 },
            ];
            for (const c of cases) {
                it(`${c.name}: the handler's provider, options and deadline, and a timeout under the sender's`, async () => {
                    const mocks = await deploy(preview, () => {
                        new WebhookIngress("hook", { provider: c.provider(), eventBus: "orders", secret: { secretArn } });
                    });
                    const env = environmentOf(mocks, "hook-webhook");
                    assert.deepStrictEqual([env.EBK_PROVIDER, JSON.parse(env.EBK_PROVIDER_OPTIONS), env.EBK_DEADLINE_MS], [c.name, c.options, c.deadline]);
                    assert.strictEqual(mocks.named("hook-webhook").inputs.timeout, c.timeout);
                });
            }

            it("a secret value of the wrong shape fails the component, naming the field and the fix", async () => {
                for (const [provider, value, message] of [
                    [providers.gitlab(), "short", 'WebhookIngress "hook": secret.value: is 5 characters'],
                    [providers.slack(), "xoxb-1-2-3", 'WebhookIngress "hook": secret.value: is a Slack token'],
                    [providers.standardWebhooks(), "not base64!", 'WebhookIngress "hook": secret.value: is not a Standard Webhooks signing secret'],
                ] as const) {
                    await assert.rejects(deploy(preview, () => {
                        new WebhookIngress("hook", { provider, eventBus: "orders", secret: { value } });
                    }), (err: Error) => err.message.includes(message) || assert.fail(err.message));
                }
            });
        });
    }
});
