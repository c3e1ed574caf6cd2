/** The component and the handler read one set of provider facts, so they cannot disagree. */
import * as assert from "assert";
import { providers } from "../../components/ingress/providers";
import { DEFAULTS } from "../../components/ingress/args";
import { loadConfig } from "../../handlers/webhook/config";
import { PROVIDER_AUTHENTICATION, PROVIDER_DEADLINE_MS, PROVIDER_EVENT_SOURCES, PROVIDER_NAMES, PROVIDER_RETRIES, twilioPublicUrlProblem } from "../../providers";

const BASE = { EBK_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:s", EBK_EVENT_BUS_NAME: "bus" };

function componentAccepts(publicUrl: string): boolean {
    try {
        providers.twilio({ publicUrl });
        return true;
    } catch {
        return false;
    }
}

function handlerAccepts(publicUrl: string): boolean {
    try {
        loadConfig({ ...BASE, EBK_PROVIDER: "twilio", EBK_PROVIDER_OPTIONS: JSON.stringify({ publicUrl }) });
        return true;
    } catch {
        return false;
    }
}

describe("providers: facts shared by the component and the handler", () => {
    it("the Twilio publicUrl is accepted by the component exactly when the handler accepts it (https only, no fragment; a query string makes it the exact signed URL)", () => {
        const urls = [
            "https://hooks.example.com/twilio", "https://hooks.example.com", "https://hooks.example.com:8443/a/b",
            "http://hooks.example.com/twilio", "HTTP://hooks.example.com/t", "ftp://hooks.example.com/t",
            "https://hooks.example.com/t?x=1", "https://hooks.example.com/t?", "https://hooks.example.com/t#f",
            "hooks.example.com/twilio", "/twilio", "",
        ];
        const verdicts = urls.map((url) => [url, componentAccepts(url), handlerAccepts(url)]);
        assert.deepStrictEqual(verdicts.filter(([, component, handler]) => component !== handler), []);
        assert.deepStrictEqual(verdicts.filter(([, ok]) => ok).map(([url]) => url),
            ["https://hooks.example.com/twilio", "https://hooks.example.com", "https://hooks.example.com:8443/a/b",
                "https://hooks.example.com/t?x=1", "https://hooks.example.com/t?"]);
        assert.match(twilioPublicUrlProblem("http://hooks.example.com/t")!, /is not https/);
    });

    it("deadlines, event sources and size defaults are the same on both sides", () => {
        for (const name of PROVIDER_NAMES) {
            const env = { ...BASE, EBK_PROVIDER: name, EBK_PROVIDER_OPTIONS: name === "bird" ? '{"auth":"basic"}' : name === "hmac" ? '{"header":"x-sig","algorithm":"sha256","encoding":"hex"}' : "{}" };
            const handler = loadConfig(env);
            const component = name === "bird" ? providers.bird({ auth: "basic" })
                : name === "hmac" ? providers.hmac({ header: "X-Sig", algorithm: "sha256", encoding: "hex" })
                : providers[name]();
            assert.strictEqual(handler.deadlineMs, component.deadlineMs, name);
            assert.strictEqual(component.deadlineMs, PROVIDER_DEADLINE_MS[name], name);
            assert.strictEqual(component.eventSource, PROVIDER_EVENT_SOURCES[name], name);
            assert.deepStrictEqual([handler.maxBodyBytes, handler.maxEntryBytes], [DEFAULTS.maxBodyBytes.functionUrl, DEFAULTS.maxEntryBytes], name);
        }
    });

    it("every provider has its retry behaviour and its authentication; GitHub and GitLab never retry, GitLab and Bird send credentials, not signatures", () => {
        assert.deepStrictEqual(Object.keys(PROVIDER_RETRIES).sort(), [...PROVIDER_NAMES].sort());
        assert.deepStrictEqual(Object.keys(PROVIDER_AUTHENTICATION).sort(), [...PROVIDER_NAMES].sort());
        assert.deepStrictEqual(PROVIDER_NAMES.filter((name) => PROVIDER_RETRIES[name].retries === "no"), ["github", "gitlab"]);
        assert.deepStrictEqual(PROVIDER_NAMES.filter((name) => !PROVIDER_AUTHENTICATION[name].signsBody), ["bird", "gitlab"]);
        assert.deepStrictEqual(PROVIDER_NAMES.filter((name) => PROVIDER_DEADLINE_MS[name] < 10_000), ["slack", "shopify"]);
    });
});
