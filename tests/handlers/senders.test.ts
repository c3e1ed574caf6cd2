/**
 * The Standard Webhooks, Slack, Shopify and GitLab verifiers against each sender's own
 * verification code as the oracle, over thousands of random bodies, headers, timestamps and
 * secrets: `standardwebhooks` and `svix` (v1), `@slack/bolt`'s verifySlackRequest,
 * `@shopify/shopify-api`'s webhooks.validate. GitLab publishes no verification code: its docs
 * say the X-Gitlab-Token header carries the secret token as configured, so the oracle is exact
 * equality. Standard Webhooks' v1a (ed25519) has no JavaScript reference implementation: it is
 * checked against signatures Node's crypto makes with generated key pairs. Each property prints
 * its disagreement count, which must be 0.
 */
import * as assert from "assert";
import { createHmac, generateKeyPairSync, KeyObject, randomBytes, sign as ed25519Sign } from "crypto";
import * as fc from "fast-check";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { isValidSlackRequest } from "@slack/bolt";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import type { GitlabOptions, ShopifyOptions, SlackOptions, StandardWebhooksOptions } from "../../providers";
import { gitlab } from "../../handlers/webhook/providers/gitlab";
import { shopify } from "../../handlers/webhook/providers/shopify";
import { slack } from "../../handlers/webhook/providers/slack";
import { standardWebhooks } from "../../handlers/webhook/providers/standard-webhooks";
import { ConfigError, loadConfig } from "../../handlers/webhook/config";
import { parseRequest, WebhookRequest } from "../../handlers/webhook/request";
import { functionUrlEvent, RequestSpec } from "./support";

// Shopify's Node adapter, for its side effect; required, not imported, because under this
// project's module resolution tsc would type-check the adapter's own .ts sources.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require("@shopify/shopify-api/adapters/node");

function request(spec: RequestSpec): WebhookRequest {
    const parsed = parseRequest(functionUrlEvent(spec), 10 * 1024 * 1024);
    assert.strictEqual(parsed.kind, "ok");
    return (parsed as { request: WebhookRequest }).request;
}

/** Runs per oracle property; ORACLE_RUNS raises them for a longer search. */
const runs = (usual: number): number => Math.max(usual, Number(process.env.ORACLE_RUNS ?? 0));

/** The oracles read Date.now(); both sides see the same fixed clock. */
const NOW_MS = Date.UTC(2026, 10, 30, 8, 0, 0);
const NOW = NOW_MS / 1000;

/** Prints and returns how many cases the two sides disagree on. */
function report(name: string, cases: number, accepted: number, disagreements: string[]): void {
    console.log(`      ${name}: ${cases} cases (${accepted} authentic), ${disagreements.length} disagreements`);
    assert.deepStrictEqual(disagreements.slice(0, 5), []);
    // Both verdicts are exercised: a property that only ever refuses would agree trivially.
    assert.ok(accepted > cases / 20 && accepted < cases, `${accepted} of ${cases} accepted`);
}

const body = fc.string({ maxLength: 300, unit: "grapheme" });
/** Timestamps around the tolerance edges, and text that is not quite a number. */
const timestampText = fc.oneof(
    fc.integer({ min: NOW - 700, max: NOW + 700 }).map(String),
    fc.constantFrom(String(NOW - 300), String(NOW - 301), String(NOW + 300), String(NOW + 301)),
    fc.integer({ min: NOW - 200, max: NOW + 200 }).map((t) => `00${t}`),
    fc.integer({ min: NOW - 200, max: NOW + 200 }).map((t) => `${t}abc`),
    fc.integer({ min: NOW - 200, max: NOW + 200 }).map((t) => ` ${t} `),
    fc.integer({ min: NOW - 200, max: NOW + 200 }).map((t) => `${t}.5`),
    fc.constantFrom("", "abc", "-1", "0", "1e9", "NaN", "Infinity", "0x10"),
);

describe("handlers/senders: verifiers against the senders' own code", function () {
    this.timeout(120_000);
    // Inside the describe: a root-level hook would fix the clock of every file in the same run.
    let realNow: () => number;
    before(() => {
        realNow = Date.now;
        Date.now = () => NOW_MS;
    });
    after(() => {
        Date.now = realNow;
    });

    describe("Standard Webhooks", () => {
        const options: StandardWebhooksOptions = { kind: "standardWebhooks", toleranceSeconds: 300 };
        const ours = (headers: Record<string, string>, text: string, secret: string) =>
            standardWebhooks.verify(request({ body: text, headers }), standardWebhooks.keyFrom(secret, options), options, NOW_MS) === "valid";
        const theirs = (Lib: typeof StandardWebhook | typeof SvixWebhook, headers: Record<string, string>, text: string, secret: string): boolean => {
            try {
                new Lib(secret).verify(text, headers);
                return true;
            } catch (err) {
                if ((err as Error).name !== "WebhookVerificationError" && !(err instanceof SyntaxError)) throw err;
                // The libraries parse the body as JSON once verified; a SyntaxError means the signature passed.
                return err instanceof SyntaxError;
            }
        };
        const secretBytes = fc.uint8Array({ minLength: 1, maxLength: 64 });
        const messageId = fc.oneof(fc.stringMatching(/^msg_[A-Za-z0-9]{1,27}$/), fc.string({ minLength: 0, maxLength: 20 }).filter((s) => !/[\r\n]/.test(s)));

        /** A signature header: the right v1 signature, or not, among other items (how senders rotate). */
        function signatureHeader(right: string, shape: number, noise: string[]): string {
            switch (shape) {
                case 0: return right;
                case 1: return [...noise, right].join(" ");
                case 2: return [right, ...noise].join(" ");
                case 3: return noise.join(" ");
                case 4: return right.replace("v1,", "v1a,");
                case 5: return right.slice(0, -2) + (right.endsWith("AA") ? "BA" : "AA");
                case 6: return `${right} `;
                default: return right.toUpperCase();
            }
        }

        for (const [name, Lib, family] of [["standardwebhooks", StandardWebhook, "webhook"], ["svix", SvixWebhook, "svix"]] as const) {
            it(`v1: agrees with ${name}'s Webhook.verify on every request (${family}-* headers)`, () => {
                let cases = 0;
                let accepted = 0;
                const disagreements: string[] = [];
                fc.assert(fc.property(
                    body, messageId, timestampText, secretBytes, fc.boolean(), fc.integer({ min: 0, max: 7 }),
                    fc.array(fc.oneof(fc.base64String({ minLength: 44, maxLength: 44 }).map((s) => `v1,${s}`), fc.string({ maxLength: 12 }).filter((s) => !s.includes(" "))), { maxLength: 3 }),
                    fc.boolean(),
                    (text, id, timestamp, bytes, prefixed, shape, noise, signWithOther) => {
                        const secret = (prefixed ? "whsec_" : "") + Buffer.from(bytes).toString("base64");
                        const signer = new Lib(signWithOther ? Buffer.from(randomBytes(24)).toString("base64") : secret);
                        const seconds = parseInt(timestamp, 10);
                        const right = Number.isNaN(seconds) ? "v1,AAAA" : signer.sign(id, new Date(seconds * 1000), text);
                        const headers = { [`${family}-id`]: id, [`${family}-timestamp`]: timestamp, [`${family}-signature`]: signatureHeader(right, shape, noise) };
                        cases++;
                        const expected = theirs(Lib, headers, text, secret);
                        if (expected) accepted++;
                        const actual = ours(headers, text, secret);
                        if (expected !== actual) disagreements.push(JSON.stringify({ headers, text, secret, expected, actual }));
                    },
                ), { numRuns: runs(2500) });
                report(`standard webhooks v1 vs ${name}`, cases, accepted, disagreements);
            });
        }

        it("the spec's example: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, msg_p5jXN8AQM9LWM0D4loKWxJek, 1614265330", () => {
            const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
            const text = '{"test": 2432232314}';
            const headers = { "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330", "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" };
            const at = 1614265330_000;
            const key = standardWebhooks.keyFrom(secret, options);
            assert.strictEqual(standardWebhooks.verify(request({ body: text, headers }), key, options, at), "valid");
            assert.strictEqual(standardWebhooks.verify(request({ body: text, headers }), key, options, at + 301_000), "stale");
            assert.strictEqual(standardWebhooks.verify(request({ body: `${text} `, headers }), key, options, at), "invalid");
            assert.strictEqual(standardWebhooks.verify(request({ body: text, headers: { ...headers, "webhook-id": "msg_other" } }), key, options, at), "invalid");
        });

        describe("v1a (ed25519 public key)", () => {
            const pairs = Array.from({ length: 3 }, () => generateKeyPairSync("ed25519"));
            const rawPublic = (key: KeyObject) => (key.export({ format: "jwk" }).x as string);
            const whpk = (key: KeyObject) => `whpk_${Buffer.from(rawPublic(key), "base64url").toString("base64")}`;
            const v1a = (privateKey: KeyObject, id: string, t: number, text: string) =>
                `v1a,${ed25519Sign(null, Buffer.from(`${id}.${t}.${text}`, "utf8"), privateKey).toString("base64")}`;

            it("accepts a signature of the key's pair over id.timestamp.body, alone or among others, and nothing else", () => {
                let cases = 0;
                let accepted = 0;
                const disagreements: string[] = [];
                fc.assert(fc.property(
                    body, fc.stringMatching(/^msg_[A-Za-z0-9]{1,27}$/), fc.integer({ min: NOW - 600, max: NOW + 600 }),
                    fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 4 }),
                    (text, id, t, verifier, signer, tamper) => {
                        const signed = v1a(pairs[signer].privateKey, id, t, text);
                        const header = [
                            signed, `v1,${createHmac("sha256", "x").update(text).digest("base64")} ${signed}`, `${signed} v1a,AAAA`,
                            v1a(pairs[signer].privateKey, id, t, `${text}!`), signed.replace("v1a,", "v1,"),
                        ][tamper];
                        const headers = { "webhook-id": id, "webhook-timestamp": String(t), "webhook-signature": header };
                        const expected = verifier === signer && tamper <= 2 && Math.abs(NOW - t) <= 300;
                        if (expected) accepted++;
                        cases++;
                        const actual = standardWebhooks.verify(request({ body: text, headers }), standardWebhooks.keyFrom(whpk(pairs[verifier].publicKey), options), options, NOW_MS) === "valid";
                        if (expected !== actual) disagreements.push(JSON.stringify({ headers, text, verifier, signer, tamper, expected, actual }));
                    },
                ), { numRuns: runs(1500) });
                report("standard webhooks v1a vs node:crypto ed25519", cases, accepted, disagreements);
            });

            it("a public key never verifies an HMAC made with its bytes as the secret (no key confusion)", () => {
                const publicKey = Buffer.from(rawPublic(pairs[0].publicKey), "base64url");
                const t = NOW;
                const forged = `v1,${createHmac("sha256", publicKey).update(`msg_1.${t}.{}`).digest("base64")}`;
                const headers = { "webhook-id": "msg_1", "webhook-timestamp": String(t), "webhook-signature": forged };
                assert.strictEqual(standardWebhooks.verify(request({ body: "{}", headers }), standardWebhooks.keyFrom(whpk(pairs[0].publicKey), options), options, NOW_MS), "invalid");
            });
        });

        it("reads its options from EBK_PROVIDER_OPTIONS with their defaults, and refuses wrong ones naming the variable", () => {
            const env = (options: object) => ({ EBK_PROVIDER: "standardWebhooks", EBK_PROVIDER_OPTIONS: JSON.stringify(options), EBK_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:s", EBK_EVENT_BUS_NAME: "bus" });
            assert.deepStrictEqual(loadConfig(env({})).options, { kind: "standardWebhooks", toleranceSeconds: 300, source: undefined });
            assert.deepStrictEqual(loadConfig(env({ toleranceSeconds: 60, source: "com.example.billing" })).options, { kind: "standardWebhooks", toleranceSeconds: 60, source: "com.example.billing" });
            assert.strictEqual(loadConfig(env({})).deadlineMs, 15_000);
            assert.throws(() => loadConfig(env({ source: 42 })), /^ConfigError: EBK_PROVIDER_OPTIONS \(standardWebhooks\): source must be a string$/);
            assert.throws(() => loadConfig(env({ toleranceSeconds: -1 })), /EBK_PROVIDER_OPTIONS \(standardWebhooks\): toleranceSeconds must be a positive number/);
        });

        it("refuses a secret that is neither whsec_/base64 nor a whpk_ key of 32 bytes, as a misconfiguration", () => {
            for (const secret of ["whsec_not base64!", "whsec_", "whpk_AAAA", `whpk_${randomBytes(31).toString("base64")}`, "whsec_AAA"]) {
                assert.throws(() => standardWebhooks.keyFrom(secret, options), ConfigError, secret);
            }
        });
    });

    describe("Slack", () => {
        const options: SlackOptions = { kind: "slack" };
        const ours = (headers: Record<string, string>, text: string, secret: string) =>
            slack.verify(request({ body: text, headers }), slack.keyFrom(secret, options), options, NOW_MS);
        const bolt = (headers: Record<string, string>, text: string, secret: string) => isValidSlackRequest({
            signingSecret: secret, body: text,
            // As Bolt's HTTP receivers read the header.
            headers: { "x-slack-signature": headers["x-slack-signature"], "x-slack-request-timestamp": Number(headers["x-slack-request-timestamp"]) },
            nowMilliseconds: NOW_MS,
        });

        it("Slack's documented example (a slash command)", () => {
            const text = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
            const headers = { "x-slack-request-timestamp": "1531420618", "x-slack-signature": "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503" };
            const key = "8f742231b10e8888abcd99yyyzzz85a5";
            assert.strictEqual(slack.verify(request({ body: text, headers }), key, options, 1531420618_000), "valid");
            assert.strictEqual(slack.verify(request({ body: text, headers }), key, options, 1531420919_000), "stale");
            assert.strictEqual(slack.verify(request({ body: text.replace("foobar", "foobaz"), headers }), key, options, 1531420618_000), "invalid");
        });

        it("agrees with @slack/bolt's verifySlackRequest on every request not from the future", () => {
            let cases = 0;
                let accepted = 0;
            const disagreements: string[] = [];
            let future = 0;
            fc.assert(fc.property(
                body, timestampText, fc.stringMatching(/^[0-9a-f]{32}$/), fc.integer({ min: 0, max: 6 }), fc.boolean(),
                (text, timestamp, secret, shape, otherSecret) => {
                    const seconds = Number(timestamp);
                    const mac = createHmac("sha256", otherSecret ? `${secret}x` : secret).update(`v0:${seconds}:${text}`).digest("hex");
                    const signature = [`v0=${mac}`, `v0=${mac.toUpperCase()}`, `v1=${mac}`, `v0=${mac}=tail`, `v0=${mac.slice(1)}`, "v0=", mac][shape];
                    const headers = { "x-slack-request-timestamp": timestamp, "x-slack-signature": signature };
                    const verdict = ours(headers, text, secret);
                    if (seconds > NOW + 300) {
                        // Deliberately stricter than Bolt, which checks only the past: a future timestamp is refused.
                        future++;
                        if (verdict === "valid") disagreements.push(JSON.stringify({ headers, text, secret, future: true }));
                        return;
                    }
                    cases++;
                    const expected = bolt(headers, text, secret);
                    if (expected) accepted++;
                    if (expected !== (verdict === "valid")) disagreements.push(JSON.stringify({ headers, text, secret, expected, verdict }));
                },
            ), { numRuns: runs(3000) });
            console.log(`      (and ${future} timestamps over 5 minutes ahead, all refused)`);
            report("slack vs @slack/bolt", cases, accepted, disagreements);
        });
    });

    describe("Slack bodies (authenticated)", () => {
        const options: SlackOptions = { kind: "slack" };
        const factsOf = (text: string, contentType: string, extra: Record<string, string> = {}) =>
            slack.facts(request({ body: text, headers: { "content-type": contentType, ...extra } }), options, "req-1");
        const eventsOf = (text: string, contentType: string) => {
            const body = Buffer.from(text);
            return slack.events(body, factsOf(text, contentType));
        };

        it("an Events API callback: the inner event's type, event_id, and X-Slack-Retry-Num", () => {
            const text = '{"type":"event_callback","event_id":"Ev123","event":{"type":"reaction_added"}}';
            assert.deepStrictEqual(factsOf(text, "application/json", { "x-slack-retry-num": "2" }), { deliveryId: "Ev123", detailType: "reaction_added", bodyFormat: "json", retryNum: 2 });
            assert.deepStrictEqual(eventsOf(text, "application/json").map((e) => e.detailType), ["reaction_added"]);
        });

        it("an interaction (form payload=JSON): its type and trigger_id; a slash command: slash_command", () => {
            const interaction = `payload=${encodeURIComponent('{"type":"block_actions","trigger_id":"1337.42.abc","actions":[]}')}`;
            assert.deepStrictEqual(factsOf(interaction, "application/x-www-form-urlencoded"), { deliveryId: "1337.42.abc", detailType: "block_actions", bodyFormat: "form" });
            assert.deepStrictEqual(eventsOf(interaction, "application/x-www-form-urlencoded"), [{ detailType: "block_actions", payload: { type: "block_actions", trigger_id: "1337.42.abc", actions: [] } }]);
            const command = "command=%2Fdeploy&text=prod&trigger_id=398738663015.47445629121.803a";
            assert.deepStrictEqual(factsOf(command, "application/x-www-form-urlencoded"), { deliveryId: "398738663015.47445629121.803a", detailType: "slash_command", bodyFormat: "form" });
        });

        it("JSON or form is read from the signed body, never from the unsigned Content-Type", () => {
            const injected = encodeURIComponent('{"type":"block_actions","trigger_id":"1.2.x","actions":[{"action_id":"approve"}]}');
            const text = `{"type":"event_callback","event_id":"Ev9","event":{"type":"message","blocks":[{"type":"rich_text","elements":[{"type":"text","text":"a&payload=${injected}&b"}]}]}}`;
            assert.deepStrictEqual(factsOf(text, "application/x-www-form-urlencoded"), { deliveryId: "Ev9", detailType: "message", bodyFormat: "json" });
            assert.deepStrictEqual(eventsOf(text, "application/x-www-form-urlencoded").map((e) => e.payload), [JSON.parse(text)]);
            const command = "command=%2Fdeploy&text=prod&trigger_id=398738663015.47445629121.803a";
            assert.deepStrictEqual(factsOf(command, "application/json"), { deliveryId: "398738663015.47445629121.803a", detailType: "slash_command", bodyFormat: "form" });
            assert.deepStrictEqual(factsOf(` \r\n${text}`, "text/plain").detailType, "message");
        });

        it("url_verification: the challenge to answer and no event; malformed bodies are 400s", () => {
            const text = '{"type":"url_verification","challenge":"abc123","token":"t"}';
            assert.deepStrictEqual(factsOf(text, "application/json"), { deliveryId: "req-1", bodyFormat: "json", reply: { challenge: "abc123" } });
            assert.deepStrictEqual(eventsOf(text, "application/json"), []);
            assert.throws(() => factsOf('{"type":"url_verification"}', "application/json"), /has no challenge/);
            assert.throws(() => factsOf('{"type":"event_callback","event":{}}', "application/json"), /has no event type/);
            assert.throws(() => factsOf("[1]", "application/json"), /must be a JSON object/);
        });
    });

    describe("Shopify", () => {
        const options: ShopifyOptions = { kind: "shopify" };
        const apiFor = (secret: string) => shopifyApi({
            apiKey: "eventbridge-kit-test", apiSecretKey: secret, scopes: [], hostName: "hooks.example.com",
            apiVersion: ApiVersion.October25, isEmbeddedApp: false, logger: { level: LogSeverity.Error, log: async () => undefined },
        });
        const others = { "x-shopify-topic": "orders/create", "x-shopify-shop-domain": "example.myshopify.com", "x-shopify-api-version": "2025-10", "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043" };

        it("agrees with @shopify/shopify-api's webhooks.validate on every request (all of its required headers present)", async () => {
            let cases = 0;
                let accepted = 0;
            const disagreements: string[] = [];
            await fc.assert(fc.asyncProperty(
                body, fc.string({ minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 5 }), fc.boolean(),
                async (text, secret, shape, otherSecret) => {
                    const mac = createHmac("sha256", otherSecret ? `${secret}x` : secret).update(text).digest("base64");
                    const signature = [mac, mac.replace(/=+$/, ""), Buffer.from(mac, "base64").toString("hex"), `${mac} `, mac.toLowerCase(), "x"][shape];
                    const headers = { ...others, "x-shopify-hmac-sha256": signature };
                    const result = await apiFor(secret).webhooks.validate({ rawBody: text, rawRequest: { method: "POST", url: "/webhooks", headers } as never, rawResponse: {} as never });
                    const actual = shopify.verify(request({ body: text, headers }), secret, options, NOW_MS) === "valid";
                    if (result.valid) accepted++;
                    cases++;
                    if (result.valid !== actual) disagreements.push(JSON.stringify({ headers, text, secret, expected: result.valid, actual }));
                },
            ), { numRuns: runs(2000) });
            report("shopify vs @shopify/shopify-api", cases, accepted, disagreements);
        });

        it("types the event by X-Shopify-Topic, identifies it by X-Shopify-Webhook-Id and keeps X-Shopify-Shop-Domain", () => {
            const facts = shopify.facts(request({ body: "{}", headers: others }), options, "req-1");
            assert.deepStrictEqual(facts, { deliveryId: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", detailType: "orders/create", bodyFormat: "json", shopDomain: "example.myshopify.com" });
            assert.throws(() => shopify.facts(request({ body: "{}", headers: { ...others, "x-shopify-topic": "ORDERS_CREATE" } }), options, "req-1"), /X-Shopify-Topic/);
            assert.throws(() => shopify.facts(request({ body: "{}", headers: { ...others, "x-shopify-webhook-id": "" } }), options, "req-1"), /X-Shopify-Webhook-Id/);
        });
    });

    describe("GitLab (a shared token, not a signature)", () => {
        const options: GitlabOptions = { kind: "gitlab" };
        it("accepts exactly the configured token in X-Gitlab-Token, as GitLab's docs describe it", () => {
            let cases = 0;
                let accepted = 0;
            const disagreements: string[] = [];
            fc.assert(fc.property(
                fc.string({ minLength: 1, maxLength: 64 }).filter((s) => s.trim() === s), fc.integer({ min: 0, max: 6 }), body,
                (token, shape, text) => {
                    const sent = [token, `${token} `, token.toUpperCase(), token.slice(0, -1), `${token}x`, "", undefined][shape];
                    const headers: Record<string, string> = { "x-gitlab-event": "Push Hook", ...(sent === undefined ? {} : { "x-gitlab-token": sent }) };
                    const expected = sent === token;
                    if (expected) accepted++;
                    const actual = gitlab.verify(request({ body: text, headers }), token, options, NOW_MS) === "valid";
                    cases++;
                    if (expected !== actual) disagreements.push(JSON.stringify({ token, sent, expected, actual }));
                },
            ), { numRuns: runs(2000) });
            report("gitlab vs the documented token check", cases, accepted, disagreements);
        });

        it("X-Gitlab-Event is the detail-type; Idempotency-Key, else X-Gitlab-Event-UUID, the delivery id", () => {
            const facts = (headers: Record<string, string>) => gitlab.facts(request({ body: "{}", headers: { "x-gitlab-event": "Merge Request Hook", ...headers } }), options, "req-1");
            assert.deepStrictEqual(facts({ "idempotency-key": "f0e1d2c3-0000-4000-8000-000000000001", "x-gitlab-event-uuid": "9cbd-1" }),
                { deliveryId: "f0e1d2c3-0000-4000-8000-000000000001", detailType: "Merge Request Hook", bodyFormat: "json" });
            assert.deepStrictEqual(facts({ "x-gitlab-event-uuid": "9cbd-1" }), { deliveryId: "9cbd-1", detailType: "Merge Request Hook", bodyFormat: "json" });
            assert.deepStrictEqual(facts({}), { deliveryId: "req-1", detailType: "Merge Request Hook", bodyFormat: "json" });
            assert.throws(() => gitlab.facts(request({ body: "{}", headers: { "x-gitlab-event": "push" } }), options, "req-1"), /X-Gitlab-Event/);
        });
    });
});
