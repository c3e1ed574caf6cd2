/**
 * Twilio behind an ALB, against twilio's own validateRequest as the oracle. The ALB hands Lambda
 * the query already split into a JSON object (raw, still percent-encoded): `?debug` and `?debug=`
 * arrive alike, the order of pairs across keys is lost, and the single-value form keeps only the
 * last value of a repeated key. The model of that below is the one alb-query.ts assumes.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import type { ALBEvent } from "aws-lambda";
import * as twilioLib from "twilio/lib/webhooks/webhooks";
import type { TwilioOptions } from "../../handlers/webhook/config";
import { MAX_QUERY_SPELLINGS, querySpellings } from "../../handlers/webhook/alb-query";
import { twilio } from "../../handlers/webhook/providers/twilio";
import { IncomingEvent, parseRequest, WebhookRequest } from "../../handlers/webhook/request";
import { functionUrlEvent, makeHandler, mockPutEventsOk, mockSecret, resetMocks } from "./support";

type FrontDoor = "alb-multi" | "alb-single" | "function-url";

/** What an ALB sends for a request to `?query`: pairs split at the first "=", nothing decoded; keys in `keyOrder`. */
function albEventFor(spec: { query: string; path: string; host: string; body: string; headers: Record<string, string>; multiValue: boolean; keyOrder?: (keys: string[]) => string[] }): ALBEvent {
    const grouped = new Map<string, string[]>();
    for (const pair of spec.query === "" ? [] : spec.query.split("&")) {
        const eq = pair.indexOf("=");
        const key = eq === -1 ? pair : pair.slice(0, eq);
        (grouped.get(key) ?? grouped.set(key, []).get(key)!).push(eq === -1 ? "" : pair.slice(eq + 1));
    }
    const keys = (spec.keyOrder ?? ((k) => k))([...grouped.keys()]);
    const headers = { host: spec.host, "x-forwarded-proto": "https", "x-forwarded-port": "443", ...spec.headers };
    const event: ALBEvent = {
        requestContext: { elb: { targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/twilio/0123456789abcdef" } },
        httpMethod: "POST",
        path: spec.path,
        body: spec.body,
        isBase64Encoded: false,
    };
    if (spec.multiValue) {
        event.multiValueHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]));
        event.multiValueQueryStringParameters = Object.fromEntries(keys.map((k) => [k, grouped.get(k)!]));
    } else {
        event.headers = headers;
        event.queryStringParameters = Object.fromEntries(keys.map((k) => [k, grouped.get(k)!.at(-1)!]));
    }
    return event;
}

function parsed(event: IncomingEvent): WebhookRequest {
    const result = parseRequest(event, 1024 * 1024);
    assert.strictEqual(result.kind, "ok");
    return (result as { request: WebhookRequest }).request;
}

const form = (params: Record<string, string | string[]>): string => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) for (const value of Array.isArray(v) ? v : [v]) search.append(k, value);
    return search.toString();
};

describe("handlers/twilio behind an ALB", () => {
    const options: TwilioOptions = { kind: "twilio" };

    it("accepts the issue's minimal case: token t, https://example.com/?x, empty body, in both ALB forms", () => {
        const signature = twilioLib.getExpectedTwilioSignature("t", "https://example.com/?x", {});
        assert.ok(twilioLib.validateRequest("t", signature, "https://example.com/?x", {}));
        for (const multiValue of [true, false]) {
            const event = albEventFor({ query: "x", path: "/", host: "example.com", body: "", headers: { "x-twilio-signature": signature }, multiValue });
            assert.strictEqual(twilio.verify(parsed(event), "t", options, 0), "valid", `multiValue ${multiValue}`);
        }
    });

    it("accepts a repeated key whose pairs were interleaved (?a=1&b=2&a=3) from the multi-value form", () => {
        const url = "https://example.com/hook?a=1&b=2&a=3";
        const signature = twilioLib.getExpectedTwilioSignature("t", url, {});
        const event = albEventFor({ query: "a=1&b=2&a=3", path: "/hook", host: "example.com", body: "", headers: { "x-twilio-signature": signature }, multiValue: true });
        assert.deepStrictEqual(event.multiValueQueryStringParameters, { a: ["1", "3"], b: ["2"] });
        assert.strictEqual(twilio.verify(parsed(event), "t", options, 0), "valid");
        // The values of one key keep their order: a=3 before a=1 is another URL.
        const swapped = albEventFor({ query: "a=3&b=2&a=1", path: "/hook", host: "example.com", body: "", headers: { "x-twilio-signature": signature }, multiValue: true });
        assert.strictEqual(twilio.verify(parsed(swapped), "t", options, 0), "invalid");
    });

    it("refuses (fails closed) what it cannot know: a repeated key in the single-value form, or more spellings than the bound; the exact publicUrl accepts both", () => {
        const repeated = "https://hooks.example.com/hook?a=1&b=2&a=3";
        const signature = twilioLib.getExpectedTwilioSignature("t", repeated, {});
        const single = albEventFor({ query: "a=1&b=2&a=3", path: "/hook", host: "hooks.example.com", body: "", headers: { "x-twilio-signature": signature }, multiValue: false });
        assert.strictEqual(twilio.verify(parsed(single), "t", options, 0), "invalid");
        assert.strictEqual(twilio.verify(parsed(single), "t", { kind: "twilio", publicUrl: repeated }, 0), "valid");
        // The exact URL is used only when the request agrees with it.
        const other = albEventFor({ query: "a=1&b=2&a=4", path: "/hook", host: "hooks.example.com", body: "", headers: { "x-twilio-signature": signature }, multiValue: false });
        assert.strictEqual(twilio.verify(parsed(other), "t", { kind: "twilio", publicUrl: repeated }, 0), "invalid");

        const many = "https://hooks.example.com/hook?a&b&c&d&e&f&g";
        const manySignature = twilioLib.getExpectedTwilioSignature("t", many, {});
        const manyEvent = albEventFor({ query: "a&b&c&d&e&f&g", path: "/hook", host: "hooks.example.com", body: "", headers: { "x-twilio-signature": manySignature }, multiValue: true });
        assert.strictEqual(querySpellings(parsed(manyEvent).albQuery!), undefined, `7! x 2^7 spellings are past the bound of ${MAX_QUERY_SPELLINGS}`);
        assert.strictEqual(twilio.verify(parsed(manyEvent), "t", options, 0), "invalid");
        assert.strictEqual(twilio.verify(parsed(manyEvent), "t", { kind: "twilio", publicUrl: many }, 0), "valid");
    });

    it("answers 200 through the handler for an ALB request whose query has a key without a value", async () => {
        resetMocks();
        mockSecret("t");
        mockPutEventsOk();
        const body = form({ MessageSid: "SM1", MessageStatus: "delivered" });
        const url = "https://events.example.com/twilio?tenant=a&debug";
        const signature = twilioLib.getExpectedTwilioSignature("t", url, { MessageSid: "SM1", MessageStatus: "delivered" });
        const h = makeHandler({ EBK_PROVIDER: "twilio" });
        const event = albEventFor({ query: "tenant=a&debug", path: "/twilio", host: "events.example.com", body, headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature }, multiValue: false });
        const answer = await h.invoke(event);
        assert.deepStrictEqual([answer.status, answer.body], [200, { accepted: 1 }]);
        resetMocks();
    });

    it("agrees with twilio's validateRequest on 2,500 random ALB and function URL requests (0 disagreements; refuses only what the ALB event cannot tell)", () => {
        const key = fc.constantFrom("a", "b", "tenant", "debug", "x%20y", "k%3D", "caf%C3%A9", "1", "0", "A+B", "q'");
        const pair = fc.tuple(key, fc.oneof(
            { arbitrary: fc.constant(undefined), weight: 1 }, // valueless: "?debug"
            { arbitrary: fc.constant(""), weight: 1 }, // "?debug="
            { arbitrary: fc.stringMatching(/^[A-Za-z0-9%+'._~=-]{1,6}$/), weight: 3 },
        )).map(([k, v]) => (v === undefined ? k : `${k}=${v}`));
        const value = fc.string({ maxLength: 8, unit: "grapheme" });
        const requestSpec = fc.record({
            pairs: fc.array(pair, { maxLength: 5 }),
            path: fc.constantFrom("/", "/twilio", "/hooks/sms", "/a'b"),
            frontDoor: fc.constantFrom<FrontDoor>("alb-multi", "alb-single", "function-url"),
            keyOrder: fc.constantFrom("as-sent", "reversed", "sorted"),
            publicUrl: fc.constantFrom("none", "none", "base", "exact"),
            json: fc.boolean(),
            bodyHashAt: fc.nat(),
            params: fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,6}$/), fc.oneof(value, fc.array(value, { minLength: 1, maxLength: 3 })), { maxKeys: 4 }),
            signature: fc.constantFrom("sender", "sender", "sender", "forged", "other-path", "other-params"),
            forged: fc.base64String({ minLength: 28, maxLength: 28 }),
        });
        const tally = { accepted: 0, refused: 0, refusedAmbiguous: 0 };
        const byFrontDoor: Record<string, number> = {};
        fc.assert(
            fc.property(requestSpec, (spec) => {
                const body = spec.json ? JSON.stringify(spec.params) : form(spec.params);
                const pairs = [...spec.pairs];
                if (spec.json) pairs.splice(spec.bodyHashAt % (pairs.length + 1), 0, `bodySHA256=${twilioLib.getExpectedBodyHash(body)}`);
                const query = pairs.join("&");
                // With a publicUrl the sender (Twilio) calls the public host; the request reaches the load balancer's.
                const publicHost = "hooks.example.com";
                const requestHost = spec.publicUrl === "none" ? publicHost : "internal-twilio-123.us-east-1.elb.amazonaws.com";
                const senderUrl = `https://${publicHost}${spec.path}${query ? "?" + query : ""}`;
                const signedParams = spec.json ? {} : spec.params;
                const signature = {
                    sender: () => twilioLib.getExpectedTwilioSignature("t0ken", senderUrl, signedParams),
                    forged: () => spec.forged,
                    "other-path": () => twilioLib.getExpectedTwilioSignature("t0ken", senderUrl.replace(spec.path, spec.path + "x"), signedParams),
                    "other-params": () => twilioLib.getExpectedTwilioSignature("t0ken", senderUrl, spec.json ? { x: "1" } : { ...spec.params, Extra: "1" }),
                }[spec.signature]();
                let oracle: boolean;
                try {
                    oracle = spec.json
                        ? twilioLib.validateRequestWithBody("t0ken", signature, senderUrl, body)
                        : twilioLib.validateRequest("t0ken", signature, senderUrl, spec.params);
                } catch {
                    oracle = false;
                }
                const headers = { "content-type": spec.json ? "application/json" : "application/x-www-form-urlencoded", "x-twilio-signature": signature };
                const keyOrder = (keys: string[]) => (spec.keyOrder === "reversed" ? keys.reverse() : spec.keyOrder === "sorted" ? keys.sort() : keys);
                const event = spec.frontDoor === "function-url"
                    ? functionUrlEvent({ host: requestHost, path: spec.path, rawQuery: query, body, headers })
                    : albEventFor({ query, path: spec.path, host: requestHost, body, headers, multiValue: spec.frontDoor === "alb-multi", keyOrder });
                const request = parsed(event);
                const twilioOptions: TwilioOptions = spec.publicUrl === "none" ? options
                    : { kind: "twilio", publicUrl: spec.publicUrl === "exact" ? senderUrl : `https://${publicHost}${spec.path}` };
                const ours = twilio.verify(request, "t0ken", twilioOptions, 0);
                byFrontDoor[spec.frontDoor] = (byFrontDoor[spec.frontDoor] ?? 0) + 1;

                // What the event cannot tell apart without the exact URL: earlier values of a
                // repeated key (single-value form), or more spellings than the bound.
                const keys = pairs.map((p) => (p.includes("=") ? p.slice(0, p.indexOf("=")) : p));
                const repeatedKey = new Set(keys).size < keys.length;
                const beyondKnowing = spec.frontDoor !== "function-url" && spec.publicUrl !== "exact" &&
                    ((spec.frontDoor === "alb-single" && repeatedKey) || querySpellings(request.albQuery!) === undefined);
                if (beyondKnowing) {
                    assert.strictEqual(ours, "invalid", `fails closed: ${senderUrl} via ${spec.frontDoor}`);
                    tally.refusedAmbiguous++;
                    return;
                }
                assert.strictEqual(ours === "valid", oracle, `twilio says ${oracle}, we say ${ours}: ${senderUrl} via ${spec.frontDoor}, publicUrl ${spec.publicUrl}, ${spec.signature} signature`);
                if (oracle) tally.accepted++;
                else tally.refused++;
            }),
            { numRuns: Math.max(2500, Number(process.env.ORACLE_RUNS ?? 0)) },
        );
        assert.ok(tally.accepted > 400 && tally.refused > 400 && tally.refusedAmbiguous > 0, JSON.stringify(tally));
        assert.ok(Object.values(byFrontDoor).every((n) => n > 400), JSON.stringify(byFrontDoor));
    });
});
