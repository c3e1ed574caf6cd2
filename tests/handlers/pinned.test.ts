/**
 * Properties every provider must keep, pinned so a regression fails a test: each digest or
 * credential comparison goes through the constant-time helper, and each provider answers 405 to
 * every method it does not use.
 */
import * as assert from "assert";
import { createHash, createHmac } from "crypto";
import * as constantTime from "../../handlers/webhook/constant-time";
import type { BirdOptions, GithubOptions, HmacOptions, ProviderOptions, StripeOptions, TwilioOptions } from "../../handlers/webhook/config";
import { PROVIDERS } from "../../handlers/webhook/providers";
import { expectedSignature } from "../../handlers/webhook/providers/twilio";
import type { Provider } from "../../handlers/webhook/providers/types";
import { parseRequest, WebhookRequest } from "../../handlers/webhook/request";
import { functionUrlEvent, makeHandler, RequestSpec } from "./support";

const T = 1_790_000_000;
const hmacOptions: HmacOptions = { kind: "hmac", header: "x-signature", algorithm: "sha256", encoding: "hex", prefix: "sha256=", timestampHeader: "x-timestamp", toleranceSeconds: 300, contentType: "json" };

/** One authentic request per provider (and per signature path: Twilio form and JSON bodies). */
const AUTHENTIC: { name: string; provider: Provider<never>; options: ProviderOptions; key: string; spec: RequestSpec }[] = [
    {
        name: "github", provider: PROVIDERS.github, options: { kind: "github", contentType: "json" } as GithubOptions, key: "gh",
        spec: { body: "{}", headers: { "x-hub-signature-256": "sha256=" + createHmac("sha256", "gh").update("{}").digest("hex") } },
    },
    {
        name: "twilio (form)", provider: PROVIDERS.twilio, options: { kind: "twilio" } as TwilioOptions, key: "tw",
        spec: { host: "h.example.com", body: "A=1", headers: { "x-twilio-signature": expectedSignature("tw", "https://h.example.com/", { A: "1" }) } },
    },
    {
        name: "twilio (JSON, bodySHA256)", provider: PROVIDERS.twilio, options: { kind: "twilio" } as TwilioOptions, key: "tw",
        spec: {
            host: "h.example.com", body: "{}", rawQuery: `bodySHA256=${createHash("sha256").update("{}").digest("hex")}`,
            headers: { "x-twilio-signature": expectedSignature("tw", `https://h.example.com/?bodySHA256=${createHash("sha256").update("{}").digest("hex")}`, {}) },
        },
    },
    {
        name: "stripe", provider: PROVIDERS.stripe, options: { kind: "stripe", toleranceSeconds: 300 } as StripeOptions, key: "whsec_x",
        spec: { body: "{}", headers: { "stripe-signature": `t=${T},v1=` + createHmac("sha256", "whsec_x").update(`${T}.{}`).digest("hex") } },
    },
    {
        name: "bird", provider: PROVIDERS.bird, options: { kind: "bird", auth: "bearer" } as BirdOptions, key: "tok",
        spec: { body: "[]", headers: { authorization: "Bearer tok" } },
    },
    {
        name: "hmac", provider: PROVIDERS.hmac, options: hmacOptions, key: "hk",
        spec: { body: "{}", headers: { "x-signature": "sha256=" + createHmac("sha256", "hk").update(`${T}.{}`).digest("hex"), "x-timestamp": String(T) } },
    },
];

function request(spec: RequestSpec): WebhookRequest {
    return (parseRequest(functionUrlEvent(spec), 1024 * 1024) as { request: WebhookRequest }).request;
}

describe("handlers: pinned provider properties", () => {
    describe("every comparison goes through the constant-time helper", () => {
        const real = constantTime.constantTimeEqual;
        afterEach(() => {
            (constantTime as { constantTimeEqual: typeof real }).constantTimeEqual = real;
        });

        for (const c of AUTHENTIC) {
            it(`${c.name}: verify calls constantTimeEqual, and its answer decides`, () => {
                const verify = () => (c.provider as Provider).verify(request(c.spec), c.key, c.options as never, T * 1000);
                const calls: [unknown, unknown][] = [];
                (constantTime as { constantTimeEqual: typeof real }).constantTimeEqual = (a, b) => {
                    calls.push([a, b]);
                    return real(a, b);
                };
                assert.strictEqual(verify(), "valid");
                assert.ok(calls.length > 0, "the comparison did not use constantTimeEqual");
                // The helper says "different": the request must be refused, so no other comparison decided.
                (constantTime as { constantTimeEqual: typeof real }).constantTimeEqual = () => false;
                assert.strictEqual(verify(), "invalid");
            });
        }

        it("twilio (JSON): the body hash is compared through it too", () => {
            const json = AUTHENTIC.find((c) => c.name.startsWith("twilio (JSON"))!;
            const hash = createHash("sha256").update("{}").digest("hex");
            (constantTime as { constantTimeEqual: typeof real }).constantTimeEqual = (a, b) => (a === hash || b === hash ? false : real(a, b));
            assert.strictEqual((json.provider as Provider).verify(request(json.spec), json.key, json.options as never, 0), "invalid");
        });
    });

    describe("each provider answers 405 to every method it does not use", () => {
        const ALLOWED: Record<string, string[]> = { github: ["POST"], twilio: ["POST"], stripe: ["POST"], bird: ["POST"], hmac: ["POST", "PUT"] };
        const ENV: Record<string, Record<string, string>> = {
            github: { EBK_PROVIDER: "github" },
            twilio: { EBK_PROVIDER: "twilio" },
            stripe: { EBK_PROVIDER: "stripe" },
            bird: { EBK_PROVIDER: "bird", EBK_PROVIDER_OPTIONS: JSON.stringify({ auth: "bearer" }) },
            hmac: { EBK_PROVIDER: "hmac", EBK_PROVIDER_OPTIONS: JSON.stringify({ header: "x-signature", algorithm: "sha256", encoding: "hex" }) },
        };
        const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"];

        for (const [name, allowed] of Object.entries(ALLOWED)) {
            it(`${name}: ${allowed.join(" and ")} only`, async () => {
                assert.deepStrictEqual([...PROVIDERS[name as keyof typeof PROVIDERS].methods], allowed);
                const h = makeHandler(ENV[name]);
                for (const method of METHODS.filter((m) => !allowed.includes(m))) {
                    for (const lowerCase of [false, true]) {
                        const answer = await h.invoke(functionUrlEvent({ method: lowerCase ? method.toLowerCase() : method, body: "{}" }));
                        assert.deepStrictEqual([answer.status, answer.body], [405, { message: `use ${allowed.join(" or ")}` }], `${method}${lowerCase ? " (lower case)" : ""}`);
                    }
                }
            });
        }
    });
});
