/**
 * What an unsigned request can make the handler do before its signature is refused, counted as
 * work (bytes hashed, URL forms tried, query spellings walked), never timed: timing is
 * bench/handlers.bench.ts's job. Also the hook's view of the headers, which no header name can
 * change the prototype of.
 */
import * as assert from "assert";
import { createHmac } from "crypto";
import * as fc from "fast-check";
import type { ALBEvent } from "aws-lambda";
import { MAX_QUERY_PAIRS, querySpellings } from "../../handlers/webhook/alb-query";
import { MAX_SIGNED_PARAMS, SIGNING_ALLOWANCE_BYTES, SIGNING_BYTES_PER_BODY_BYTE, signingWork } from "../../handlers/webhook/providers/twilio";
import { parseRequest, WebhookRequest } from "../../handlers/webhook/request";
import type { HookContext } from "../../handlers/shared/hook";
import { albEvent, makeHandler, mockPutEventsOk, mockSecret, resetMocks } from "./support";

function albRequest(query: [string, string[]][], body: string): WebhookRequest {
    const event: ALBEvent = {
        requestContext: { elb: { targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/0123456789abcdef" } },
        httpMethod: "POST",
        path: "/twilio",
        body,
        isBase64Encoded: false,
        multiValueHeaders: { host: ["hooks.example.com"], "x-forwarded-proto": ["https"], "x-twilio-signature": ["AAAAAAAAAAAAAAAAAAAAAAAAAAA="] },
        multiValueQueryStringParameters: Object.fromEntries(query),
    };
    const parsed = parseRequest(event, 6 * 1024 * 1024);
    assert.strictEqual(parsed.kind, "ok");
    return (parsed as { request: WebhookRequest }).request;
}

describe("handlers: the work an unsigned request can cause", () => {
    const key = fc.stringMatching(/^[A-Za-z]{1,3}$/);
    const value = fc.oneof(fc.constant(""), fc.stringMatching(/^[A-Za-z0-9%]{1,6}$/));
    const query = fc.uniqueArray(fc.tuple(key, fc.array(value, { minLength: 1, maxLength: 4 })), { selector: ([k]) => k, maxLength: 6 });
    const form = fc.array(fc.tuple(key, fc.string({ maxLength: 40 })), { maxLength: 1200 }).map((pairs) => new URLSearchParams(pairs).toString());

    it("twilio behind an ALB: the bytes hashed stay within 8× the body plus 256 KiB, whatever the query's spellings (property)", () => {
        fc.assert(
            fc.property(query, form, fc.nat({ max: 400_000 }), (params, body, padding) => {
                const padded = body + (padding > 0 ? `&Pad=${"x".repeat(padding)}` : "");
                const work = signingWork(albRequest(params, padded), {});
                const budget = SIGNING_BYTES_PER_BODY_BYTE * Buffer.byteLength(padded) + SIGNING_ALLOWANCE_BYTES;
                assert.ok(work.hashedBytes <= budget, `${work.hashedBytes} bytes hashed, budget ${budget}`);
                // The parameters are joined once, not once per URL form.
                assert.ok(work.params.length <= Buffer.byteLength(padded));
                assert.strictEqual(work.hashedBytes, work.candidates.reduce((sum, c) => sum + Buffer.byteLength(c.url) + work.params.length, 0));
            }),
            { numRuns: 300 },
        );
    });

    it("twilio: a 1 MB, 100k-parameter unsigned request is refused unparsed; at the parameter bound it hashes within budget (the issue's request: 150 spellings × 1 MB before)", () => {
        const query: [string, string[]][] = [["a", ["", "1"]], ["b", ["2"]], ["c", [""]]];
        const many = Array.from({ length: 100_000 }, (_, i) => `P${i}=vv`).join("&");
        assert.deepStrictEqual(signingWork(albRequest(query, many), {}), { params: Buffer.alloc(0), candidates: [], hashedBytes: 0 });
        const wide = Array.from({ length: MAX_SIGNED_PARAMS - 1 }, (_, i) => `P${i}=${"w".repeat(1000)}`).join("&");
        const work = signingWork(albRequest(query, wide), {});
        assert.ok(work.candidates.length >= 2, `${work.candidates.length} URL forms`);
        assert.ok(work.candidates.length < querySpellings(albRequest(query, "").albQuery!)!.length * 2);
        assert.ok(work.hashedBytes <= SIGNING_BYTES_PER_BODY_BYTE * wide.length + SIGNING_ALLOWANCE_BYTES);
    });

    it("alb-query: past MAX_QUERY_PAIRS pairs no spelling is walked (refused), however few spellings they have", () => {
        const one = (n: number) => ({ multiValue: true, params: [["k", Array.from({ length: n }, (_, i) => String(i))]] as [string, string[]][] });
        assert.deepStrictEqual(querySpellings(one(MAX_QUERY_PAIRS)), [Array.from({ length: MAX_QUERY_PAIRS }, (_, i) => `k=${i}`).join("&")]);
        assert.strictEqual(querySpellings(one(MAX_QUERY_PAIRS + 1)), undefined);
        assert.strictEqual(querySpellings(one(3500)), undefined);
    });

    it("hook: a header named __proto__ is an ordinary header in context.headers (no prototype to change)", async () => {
        resetMocks();
        mockSecret("hmac-secret");
        mockPutEventsOk();
        const seen: HookContext[] = [];
        const h = makeHandler(
            { EBK_PROVIDER: "hmac", EBK_PROVIDER_OPTIONS: '{"header":"x-signature","algorithm":"sha256","encoding":"hex"}', EBK_HOOK: "1" },
            { hook: async (event, context) => (seen.push(context), event) },
        );
        const body = '{"a":1}';
        const signature = createHmac("sha256", "hmac-secret").update(body).digest("hex");
        const event = albEvent({ body, headers: { "x-signature": signature } }, { multiValue: true });
        // As JSON.parse makes it from the ALB's event: an own, enumerable "__proto__" header.
        Object.defineProperty(event.multiValueHeaders, "__proto__", { value: ["polluted"], enumerable: true });
        assert.strictEqual((await h.invoke(event)).status, 200);
        const headers = seen[0].headers;
        assert.strictEqual(Object.getPrototypeOf(headers), null);
        assert.deepStrictEqual(Object.getOwnPropertyDescriptor(headers, "__proto__")?.value, "polluted");
        assert.strictEqual((headers as Record<string, unknown>).polluted, undefined);
    });
});
