/**
 * Fuzz: 10,000 malformed requests per provider through the in-process handler. None may throw,
 * none may be accepted (2xx), and none may look like our fault (5xx): bad input gets 4xx.
 */
import * as assert from "assert";
import { createHmac } from "crypto";
import * as fc from "fast-check";
import { PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { albEvent, functionUrlEvent, makeHandler, mockPutEventsOk, mocks, mockSecret, resetMocks } from "./support";

const RUNS = 10_000;

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

    it("github: authentic but malformed requests are 400, never 5xx", async () => {
        mocks.secretsManager.reset();
        mockSecret("gh-secret");
        const h = makeHandler({ EBK_PROVIDER: "github" });
        await fc.assert(
            fc.asyncProperty(junkBody, fc.dictionary(fc.constantFrom("x-github-event", "x-github-delivery", "content-type"), junkString), async (body, headers) => {
                const raw = body === undefined ? "" : body;
                const signature = "sha256=" + createHmac("sha256", "gh-secret").update(raw).digest("hex");
                const res = await h.handler(functionUrlEvent({ body: raw, base64: true, headers: { ...headers, "x-hub-signature-256": signature } }) as never, {});
                assert.ok(res.statusCode === 400 || res.statusCode === 200, `status ${res.statusCode}`);
            }),
            { numRuns: 2000 },
        );
    });
});
