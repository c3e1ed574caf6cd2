/** The handler's environment: every variable is validated, and a wrong one is named with its fix. */
import * as assert from "assert";
import { loadConfig } from "../../handlers/webhook/config";

const BASE = { EBK_PROVIDER: "github", EBK_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:s", EBK_EVENT_BUS_NAME: "bus" };

describe("handlers/webhook config", () => {
    it("applies the documented defaults", () => {
        const config = loadConfig(BASE);
        assert.deepStrictEqual(
            [config.delivery, config.secretTtlMs, config.previousSecretGraceMs, config.maxBodyBytes, config.maxEntryBytes, config.deadlineMs, config.hook, config.logLevel],
            [{ kind: "events", busName: "bus" }, 300_000, 3_600_000, 6_291_456, 1_048_576, 10_000, false, "info"],
        );
        assert.strictEqual(loadConfig({ ...BASE, EBK_PROVIDER: "twilio" }).deadlineMs, 15_000);
    });

    it("reads every provider's options", () => {
        assert.deepStrictEqual(loadConfig({ ...BASE, EBK_PROVIDER: "stripe", EBK_PROVIDER_OPTIONS: '{"toleranceSeconds":60}' }).options, { kind: "stripe", toleranceSeconds: 60 });
        assert.deepStrictEqual(loadConfig({ ...BASE, EBK_PROVIDER: "bird", EBK_PROVIDER_OPTIONS: '{"auth":"bearer"}' }).options, { kind: "bird", auth: "bearer" });
        assert.deepStrictEqual(loadConfig(BASE).options, { kind: "github", contentType: "json" });
        assert.deepStrictEqual(loadConfig({ ...BASE, EBK_PROVIDER_OPTIONS: '{"contentType":"form"}' }).options, { kind: "github", contentType: "form" });
        assert.deepStrictEqual(loadConfig({ ...BASE, EBK_PROVIDER: "twilio", EBK_PROVIDER_OPTIONS: '{"publicUrl":"https://hooks.example.com/t"}' }).options, { kind: "twilio", publicUrl: "https://hooks.example.com/t" });
        assert.deepStrictEqual(
            loadConfig({ ...BASE, EBK_PROVIDER: "hmac", EBK_PROVIDER_OPTIONS: '{"header":"X-Sig","algorithm":"sha1","encoding":"base64","timestampHeader":"X-Ts"}' }).options,
            { kind: "hmac", header: "x-sig", algorithm: "sha1", encoding: "base64", prefix: "", timestampHeader: "x-ts", toleranceSeconds: 300, source: undefined, detailTypeHeader: undefined, deliveryIdHeader: undefined, contentType: "json" },
        );
        assert.deepStrictEqual(loadConfig({ ...BASE, EBK_DELIVERY: "s3", EBK_BUCKET: "raw", EBK_PREFIX: "bird/" }).delivery, { kind: "s3", bucket: "raw", prefix: "bird/" });
    });

    const failures: [string, Record<string, string>, RegExp][] = [
        ["unknown provider", { EBK_PROVIDER: "gitea" }, /^EBK_PROVIDER is "gitea"; set it to one of github, twilio, stripe, bird, hmac, standardWebhooks, slack, shopify, gitlab$/],
        ["no secret ARN", { EBK_SECRET_ARN: "" }, /^EBK_SECRET_ARN is not set; set it to the ARN of the Secrets Manager secret/],
        ["no bus", { EBK_EVENT_BUS_NAME: "" }, /^EBK_EVENT_BUS_NAME is not set; set it to the event bus name or ARN$/],
        ["unknown delivery", { EBK_DELIVERY: "sqs" }, /^EBK_DELIVERY is "sqs"; set it to "events" or "s3"$/],
        ["prefix without slash", { EBK_DELIVERY: "s3", EBK_BUCKET: "raw", EBK_PREFIX: "bird" }, /^EBK_PREFIX is "bird"; a key prefix must be empty or end with "\/" \(e.g. "bird\/"\)$/],
        ["bad number", { EBK_MAX_BODY_BYTES: "1MB" }, /^EBK_MAX_BODY_BYTES is "1MB"; set it to a positive whole number$/],
        ["bad seconds", { EBK_SECRET_TTL_SECONDS: "-1" }, /^EBK_SECRET_TTL_SECONDS is "-1"; set it to a number of seconds/],
        ["options not JSON", { EBK_PROVIDER_OPTIONS: "{" }, /^EBK_PROVIDER_OPTIONS is not valid JSON/],
        ["bird without auth", { EBK_PROVIDER: "bird" }, /^EBK_PROVIDER_OPTIONS \(bird\): auth must be "basic" or "bearer"$/],
        ["twilio URL with a fragment", { EBK_PROVIDER: "twilio", EBK_PROVIDER_OPTIONS: '{"publicUrl":"https://h.example.com/t?x=1#rc=3"}' }, /^EBK_PROVIDER_OPTIONS \(twilio\): publicUrl "https:\/\/h.example.com\/t\?x=1#rc=3" has a fragment; .* Set it to the https URL configured in Twilio/],
        ["twilio URL over http", { EBK_PROVIDER: "twilio", EBK_PROVIDER_OPTIONS: '{"publicUrl":"http://h.example.com/t"}' }, /^EBK_PROVIDER_OPTIONS \(twilio\): publicUrl "http:\/\/h.example.com\/t" is not https/],
        ["stripe tolerance", { EBK_PROVIDER: "stripe", EBK_PROVIDER_OPTIONS: '{"toleranceSeconds":0}' }, /toleranceSeconds must be a positive number of seconds/],
        ["hmac algorithm", { EBK_PROVIDER: "hmac", EBK_PROVIDER_OPTIONS: '{"header":"x-sig","algorithm":"md5","encoding":"hex"}' }, /algorithm must be "sha1", "sha256" or "sha512"$/],
        ["a GitHub content type it cannot read", { EBK_PROVIDER_OPTIONS: '{"contentType":"text"}' }, /^EBK_PROVIDER_OPTIONS \(github\): contentType must be "json" or "form" \(default "json"\)$/],
        ["an HMAC content type it cannot read", { EBK_PROVIDER: "hmac", EBK_PROVIDER_OPTIONS: '{"header":"x-sig","algorithm":"sha256","encoding":"hex","contentType":"xml"}' }, /contentType must be "json" or "form" or "text" \(default "json"\)$/],
        ["hmac header", { EBK_PROVIDER: "hmac", EBK_PROVIDER_OPTIONS: '{"header":"x sig","algorithm":"sha256","encoding":"hex"}' }, /header must be the name of the signature header/],
    ];
    for (const [name, env, message] of failures) {
        it(`refuses ${name}, naming the variable and the fix`, () => {
            assert.throws(() => loadConfig({ ...BASE, ...env }), (err: Error) => err.name === "ConfigError" && message.test(err.message));
        });
    }
});
