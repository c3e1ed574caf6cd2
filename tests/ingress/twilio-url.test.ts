/**
 * WebhookIngress's twilioWebhookUrl: the URL Twilio signs, with connection overrides that make
 * Twilio retry what the handler answers 5xx (and timeouts, failed connections), sized so every
 * attempt fits in Twilio's 15 s total and within Twilio's documented ranges.
 */
import * as assert from "assert";
import { providers, WebhookIngress } from "../../components/ingress";
import { twilioConnectionOverrides } from "../../components/ingress/twilio-url";
import { valueOf } from "../../testing/mocks";
import { deploy, environmentOf } from "./helpers";

const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const secretArn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:sms-Xy12Zw`;

describe("ingress/WebhookIngress twilioWebhookUrl", () => {
    it("for the default Twilio ingress: the function URL with #rc=2&rp=ct,rt,5xx, a 3 s function and 4 s reads (3 attempts in 15 s)", async () => {
        let ingress: WebhookIngress | undefined;
        const mocks = await deploy(false, () => {
            ingress = new WebhookIngress("sms", { provider: providers.twilio(), eventBus: "texts", secret: { secretArn } });
        });
        assert.strictEqual(await valueOf(ingress!.twilioWebhookUrl!), `https://sms-url.lambda-url.${REGION}.on.aws/#rc=2&rp=ct,rt,5xx&ct=1000&rt=4000&tt=15000`);
        assert.strictEqual(await valueOf(ingress!.url), `https://sms-url.lambda-url.${REGION}.on.aws/`, "url stays the plain URL");
        assert.strictEqual(mocks.named("sms-webhook").inputs.timeout, 3);
        assert.strictEqual(environmentOf(mocks, "sms-webhook").EBK_DEADLINE_MS, "15000");
    });

    it("starts from publicUrl when Twilio signs a custom domain, and is undefined for other providers", async () => {
        let twilio: WebhookIngress | undefined;
        let github: WebhookIngress | undefined;
        await deploy(false, () => {
            twilio = new WebhookIngress("sms", { provider: providers.twilio({ publicUrl: "https://hooks.example.com/twilio" }), eventBus: "texts", secret: { secretArn } });
            github = new WebhookIngress("gh", { provider: providers.github(), eventBus: "texts", secret: { secretArn } });
        });
        assert.strictEqual(await valueOf(twilio!.twilioWebhookUrl!), "https://hooks.example.com/twilio#rc=2&rp=ct,rt,5xx&ct=1000&rt=4000&tt=15000");
        assert.strictEqual(github!.twilioWebhookUrl, undefined);
    });

    it("fits the attempts a longer timeout leaves in 15 s, within Twilio's ranges (rc 0–5, rt and tt 100–15000 ms)", () => {
        const table = [1, 2, 3, 4, 5, 6, 14].map((timeoutSeconds) => {
            const o = twilioConnectionOverrides(timeoutSeconds);
            assert.ok(o.rc >= 0 && o.rc <= 5 && o.ct >= 100 && o.ct <= 10_000 && o.rt >= 100 && o.rt <= 15_000 && o.tt <= 15_000, JSON.stringify(o));
            // Every attempt's connect and read timeouts together fit in Twilio's total.
            assert.ok((o.rc + 1) * (o.ct + o.rt) <= o.tt, JSON.stringify(o));
            return [timeoutSeconds, o.rc, o.rt];
        });
        assert.deepStrictEqual(table, [[1, 4, 2000], [2, 2, 3000], [3, 2, 4000], [4, 1, 5000], [5, 1, 6000], [6, 0, 7000], [14, 0, 14000]]);
        assert.deepStrictEqual(twilioConnectionOverrides(3), { rc: 2, rp: "ct,rt,5xx", ct: 1000, rt: 4000, tt: 15000 });
    });
});
