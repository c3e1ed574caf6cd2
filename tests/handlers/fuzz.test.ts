/**
 * Fuzz: 10,000 malformed requests per provider through the in-process handler. None may throw,
 * none may be accepted (2xx), and none may look like our fault (5xx): bad input gets 4xx.
 */
import * as assert from "assert";
import { createHmac } from "crypto";
import * as fc from "fast-check";
import { PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { expectedSignature } from "../../handlers/webhook/providers/twilio";
import { albEvent, functionUrlEvent, makeHandler, mockPutEventsOk, mocks, mockSecret, NOW, resetMocks } from "./support";

type RequestSpecLike = { body: string; headers: Record<string, string> };

const RUNS = 10_000;

/** A Standard Webhooks signing secret and the key it stands for. */
const SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SW_KEY = Buffer.from("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "base64");

/** Cheap, structured junk: header values that look almost right, bodies that almost parse. */
const junkString = fc.oneof(
    fc.string({ maxLength: 24 }),
    fc.constantFrom("", " ", "sha256=", "sha256=" + "0".repeat(64), "t=1,v1=" + "a".repeat(64), "Basic ", "Bearer x", "=,=", "%", "\u0000", "null"),
    fc.stringMatching(/^[a-z0-9=,.:-]{0,70}$/),
);
const junkBody = fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 64 }),
    fc.constantFrom("{}", "[]", "[{}]", '[{"msys":{}}]', '{"id":"evt_1","type":"x"}', "payload=%7B%7D", "{", "\u00ff\u00fe"),
    fc.uint8Array({ maxLength: 48 }).map((bytes) => Buffer.from(bytes)),
);
const headerNames = fc.constantFrom(
    "x-hub-signature-256",
    "X-Hub-Signature-256",
    "x-github-event",
    "x-github-delivery",
    "x-twilio-signature",
    "stripe-signature",
    "authorization",
    "Authorization",
    "x-messagesystems-batch-id",
    "x-signature",
    "x-timestamp",
    "webhook-id",
    "webhook-timestamp",
    "webhook-signature",
    "svix-signature",
    "x-slack-signature",
    "x-slack-request-timestamp",
    "x-shopify-hmac-sha256",
    "x-shopify-topic",
    "x-gitlab-token",
    "x-gitlab-event",
    "content-type",
    "host",
    "constructor",
    "__proto__",
    "toString",
);
const malformedRequest = fc.record({
    headers: fc.dictionary(headerNames, junkString, { maxKeys: 5 }),
    body: junkBody,
    base64: fc.boolean(),
    method: fc.constantFrom("POST", "POST", "POST", "GET", "PUT", "DELETE", ""),
    rawQuery: fc.oneof(fc.constant(""), fc.stringMatching(/^[a-zA-Z0-9=&%]{0,20}$/), fc.constant("bodySHA256=" + "0".repeat(64))),
    alb: fc.boolean(),
});

const PROVIDERS: { name: string; env: Record<string, string>; secret: string }[] = [
    { name: "github", env: { EBK_PROVIDER: "github" }, secret: "gh-secret" },
    { name: "twilio", env: { EBK_PROVIDER: "twilio" }, secret: "twilio-token" },
    { name: "stripe", env: { EBK_PROVIDER: "stripe" }, secret: "whsec_fuzz" },
    { name: "bird", env: { EBK_PROVIDER: "bird", EBK_PROVIDER_OPTIONS: JSON.stringify({ auth: "basic" }) }, secret: JSON.stringify({ username: "bird", password: "pw" }) },
    {
        name: "hmac",
        env: { EBK_PROVIDER: "hmac", EBK_PROVIDER_OPTIONS: JSON.stringify({ header: "x-signature", algorithm: "sha256", encoding: "hex", prefix: "sha256=", timestampHeader: "x-timestamp" }) },
        secret: "hmac-secret",
    },
    { name: "standardWebhooks", env: { EBK_PROVIDER: "standardWebhooks" }, secret: SW_SECRET },
    { name: "slack", env: { EBK_PROVIDER: "slack" }, secret: "slack-signing-secret" },
    { name: "shopify", env: { EBK_PROVIDER: "shopify" }, secret: "shopify-secret" },
    { name: "gitlab", env: { EBK_PROVIDER: "gitlab" }, secret: "gitlab-token-0123456789" },
];

describe("handlers/webhook fuzz", () => {
    before(() => {
        resetMocks();
        mockPutEventsOk();
    });
    after(() => resetMocks());

    for (const provider of PROVIDERS) {
        it(`${provider.name}: ${RUNS} malformed requests, no exception, no 2xx, no 5xx`, async () => {
            mocks.secretsManager.reset();
            mockSecret(provider.secret);
            const h = makeHandler(provider.env);
            const statuses = new Map<number, number>();
            await fc.assert(
                fc.asyncProperty(malformedRequest, async (spec) => {
                    const event = spec.alb ? albEvent(spec) : functionUrlEvent(spec);
                    const res = await h.handler(event as never, { awsRequestId: "fuzz" });
                    const status = res.statusCode ?? 0;
                    statuses.set(status, (statuses.get(status) ?? 0) + 1);
                    assert.ok(status >= 400 && status < 500, `status ${status} for ${JSON.stringify(spec)}`);
                }),
                { numRuns: RUNS },
            );
            assert.strictEqual([...statuses.values()].reduce((a, b) => a + b, 0), RUNS);
            assert.strictEqual(mocks.eventBridge.commandCalls(PutEventsCommand).length, 0);
            // The fuzzer reached the signature check, not only the method check.
            assert.ok((statuses.get(401) ?? 0) > RUNS / 10, JSON.stringify([...statuses]));
        });
    }

    /** Signs junk the way each provider would, so the fuzz reaches the parsing behind the signature check. */
    const AUTHENTIC: { name: string; env: Record<string, string>; secret: string; refusesEmptyBody?: true; sign(body: string, headers: Record<string, string>): RequestSpecLike }[] = [
        {
            name: "github",
            env: { EBK_PROVIDER: "github" },
            secret: "gh-secret",
            sign: (body, headers) => ({ body, headers: { ...headers, "x-hub-signature-256": "sha256=" + createHmac("sha256", "gh-secret").update(body).digest("hex") } }),
        },
        {
            name: "stripe",
            env: { EBK_PROVIDER: "stripe" },
            secret: "whsec_fuzz",
            sign: (body, headers) => {
                const t = Math.floor(NOW / 1000);
                return { body, headers: { ...headers, "stripe-signature": `t=${t},v1=` + createHmac("sha256", "whsec_fuzz").update(`${t}.${body}`).digest("hex") } };
            },
        },
        {
            name: "bird",
            env: { EBK_PROVIDER: "bird", EBK_PROVIDER_OPTIONS: JSON.stringify({ auth: "bearer" }) },
            secret: "bird-token",
            sign: (body, headers) => ({ body, headers: { ...headers, authorization: "Bearer bird-token" } }),
        },
        {
            name: "twilio",
            env: { EBK_PROVIDER: "twilio" },
            secret: "twilio-token",
            sign: (body, headers) => {
                const params = Object.fromEntries([...new URLSearchParams(body)].reduce((m, [k, v]) => m.set(k, [...(m.get(k) ?? []), v]), new Map<string, string[]>()));
                const url = "https://abcdefghijklmnop.lambda-url.us-east-1.on.aws/";
                return { body, headers: { ...headers, "x-twilio-signature": expectedSignature("twilio-token", url, params) } };
            },
        },
        {
            name: "standardWebhooks",
            env: { EBK_PROVIDER: "standardWebhooks" },
            secret: SW_SECRET,
            sign: (body, headers) => {
                const t = Math.floor(NOW / 1000);
                const signature = `v1,${createHmac("sha256", SW_KEY).update(`msg_fuzz.${t}.${body}`).digest("base64")}`;
                return { body, headers: { ...headers, "webhook-id": "msg_fuzz", "webhook-timestamp": String(t), "webhook-signature": signature } };
            },
        },
        {
            name: "slack",
            env: { EBK_PROVIDER: "slack" },
            secret: "slack-signing-secret",
            sign: (body, headers) => {
                const t = Math.floor(NOW / 1000);
                const signature = `v0=${createHmac("sha256", "slack-signing-secret").update(`v0:${t}:${body}`).digest("hex")}`;
                return { body, headers: { ...headers, "x-slack-request-timestamp": String(t), "x-slack-signature": signature } };
            },
        },
        {
            name: "shopify",
            env: { EBK_PROVIDER: "shopify" },
            secret: "shopify-secret",
            // As Shopify's own library: an empty body is never authentic (401).
            refusesEmptyBody: true,
            sign: (body, headers) => ({
                body,
                headers: { "x-shopify-topic": "orders/create", "x-shopify-webhook-id": "w-1", ...headers, "x-shopify-hmac-sha256": createHmac("sha256", "shopify-secret").update(body).digest("base64") },
            }),
        },
        {
            name: "gitlab",
            env: { EBK_PROVIDER: "gitlab" },
            secret: "gitlab-token-0123456789",
            sign: (body, headers) => ({ body, headers: { "x-gitlab-event": "Push Hook", ...headers, "x-gitlab-token": "gitlab-token-0123456789" } }),
        },
    ];

    for (const provider of AUTHENTIC) {
        it(`${provider.name}: authentic but malformed requests are 400 (or 200 when they happen to be valid), never 5xx`, async () => {
            mocks.secretsManager.reset();
            mockSecret(provider.secret);
            const h = makeHandler(provider.env);
            const headerArb = fc.dictionary(fc.constantFrom("x-github-event", "x-github-delivery", "x-messagesystems-batch-id", "content-type", "x-shopify-topic", "x-gitlab-event", "x-slack-retry-num"), junkString, { maxKeys: 3 });
            await fc.assert(
                fc.asyncProperty(fc.oneof(junkBody, fc.json()), headerArb, async (body, headers) => {
                    const raw = body === undefined ? "" : Buffer.isBuffer(body) ? body.toString("latin1") : body;
                    const spec = provider.sign(raw, headers);
                    const res = await h.handler(functionUrlEvent(spec) as never, {});
                    const refused = provider.refusesEmptyBody && raw === "" && res.statusCode === 401;
                    assert.ok(refused || res.statusCode === 400 || res.statusCode === 200, `status ${res.statusCode} for ${JSON.stringify(spec)}`);
                }),
                { numRuns: 2000 },
            );
        });
    }
});
