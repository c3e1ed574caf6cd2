/**
 * Each provider's verifier against the provider's published test vectors and, for randomized
 * inputs, against the provider's own library as the oracle (dev dependencies only).
 */
import * as assert from "assert";
import { createHmac } from "crypto";
import * as fc from "fast-check";
import Stripe from "stripe";
import * as twilioLib from "twilio/lib/webhooks/webhooks";
import type { BirdOptions, HmacOptions, StripeOptions, TwilioOptions } from "../../handlers/webhook/config";
import { bird } from "../../handlers/webhook/providers/bird";
import { github } from "../../handlers/webhook/providers/github";
import { hmac } from "../../handlers/webhook/providers/hmac";
import { parseStripeSignature, stripe } from "../../handlers/webhook/providers/stripe";
import { twilio } from "../../handlers/webhook/providers/twilio";
import { parseRequest, WebhookRequest } from "../../handlers/webhook/request";
import { functionUrlEvent, importEsm, RequestSpec } from "./support";

function request(spec: RequestSpec): WebhookRequest {
    const parsed = parseRequest(functionUrlEvent(spec), 10 * 1024 * 1024);
    assert.strictEqual(parsed.kind, "ok");
    return (parsed as { request: WebhookRequest }).request;
}

/** Runs per oracle property; ORACLE_RUNS raises them for a longer search. */
const oracleRuns = (usual: number): number => Math.max(usual, Number(process.env.ORACLE_RUNS ?? 0));

type Octokit = { sign(secret: string, payload: string): Promise<string>; verify(secret: string, payload: string, signature: string): Promise<boolean> };

describe("handlers/verifiers", () => {
    describe("github (X-Hub-Signature-256)", () => {
        const options = { kind: "github" as const, contentType: "json" as const };
        const verify = (body: string | Buffer, signature: string | undefined, secret: string) =>
            github.verify(request({ body, headers: signature === undefined ? {} : { "X-Hub-Signature-256": signature } }), secret, options, 0);

        it("accepts GitHub's documented example", () => {
            assert.strictEqual(
                verify("Hello, World!", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", "It's a Secret to Everybody"),
                "valid",
            );
        });

        it("rejects a changed body, another secret, upper-case hex, a sha1 signature and a missing header", () => {
            const signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
            assert.strictEqual(verify("Hello, World?", signature, "It's a Secret to Everybody"), "invalid");
            assert.strictEqual(verify("Hello, World!", signature, "It's a secret to everybody"), "invalid");
            assert.strictEqual(verify("Hello, World!", signature.toUpperCase(), "It's a Secret to Everybody"), "invalid");
            assert.strictEqual(verify("Hello, World!", "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59", "It's a Secret to Everybody"), "invalid");
            assert.strictEqual(verify("Hello, World!", undefined, "It's a Secret to Everybody"), "invalid");
            assert.strictEqual(verify("Hello, World!", "sha256=", "It's a Secret to Everybody"), "invalid");
        });

        it("hashes the raw bytes of a base64-encoded body, not its base64 text", () => {
            const body = Buffer.from([0xff, 0x00, 0x7b, 0x7d, 0xe2, 0x82, 0xac]);
            const signature = "sha256=" + createHmac("sha256", "s3cret").update(body).digest("hex");
            const req = request({ body, base64: true, headers: { "x-hub-signature-256": signature } });
            assert.deepStrictEqual(req.body, body);
            assert.strictEqual(github.verify(req, "s3cret", options, 0), "valid");
        });

        it("agrees with @octokit/webhooks-methods on random payloads, secrets and signatures", async () => {
            const octokit = await importEsm<Octokit>("@octokit/webhooks-methods");
            await fc.assert(
                fc.asyncProperty(
                    fc.string({ minLength: 1, maxLength: 40, unit: "grapheme" }),
                    fc.string({ minLength: 1, maxLength: 300, unit: "grapheme" }),
                    fc.oneof(fc.constant(undefined), fc.string({ maxLength: 80 }), fc.stringMatching(/^sha256=[0-9a-f]{64}$/)),
                    async (secret, payload, forged) => {
                        const signature = await octokit.sign(secret, payload);
                        assert.strictEqual(verify(payload, signature, secret), "valid");
                        if (forged) {
                            const expected = (await octokit.verify(secret, payload, forged)) ? "valid" : "invalid";
                            assert.strictEqual(verify(payload, forged, secret), expected);
                        }
                    },
                ),
                { numRuns: oracleRuns(300) },
            );
        });
    });

    describe("twilio (X-Twilio-Signature)", () => {
        const options: TwilioOptions = { kind: "twilio" };
        const token = "12345";
        const params = { CallSid: "CA1234567890ABCDE", Caller: "+14158675309", Digits: "1234", From: "+14158675309", To: "+18005551212" };
        const form = (p: Record<string, string | string[]>) => {
            const search = new URLSearchParams();
            for (const [k, v] of Object.entries(p)) for (const value of Array.isArray(v) ? v : [v]) search.append(k, value);
            return search.toString();
        };
        const twilioRequest = (host: string, path: string, rawQuery: string, body: string, signature: string | undefined) =>
            request({ host, path, rawQuery, body, headers: { "content-type": "application/x-www-form-urlencoded", ...(signature ? { "X-Twilio-Signature": signature } : {}) } });

        it("accepts Twilio's documented example (URL with query string + sorted POST parameters)", () => {
            const req = twilioRequest("mycompany.com", "/myapp.php", "foo=1&bar=2", form(params), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
            assert.strictEqual(twilio.verify(req, token, options, 0), "valid");
            // The query string is signed: dropping it fails.
            assert.strictEqual(twilio.verify(twilioRequest("mycompany.com", "/myapp.php", "", form(params), "RSOYDt4T1cUTdK1PDd93/VVr8B8="), token, options, 0), "invalid");
            // So is every parameter.
            assert.strictEqual(twilio.verify(twilioRequest("mycompany.com", "/myapp.php", "foo=1&bar=2", form({ ...params, Digits: "1235" }), "RSOYDt4T1cUTdK1PDd93/VVr8B8="), token, options, 0), "invalid");
        });

        it("accepts the SDK's repeated-parameter vector (every value of a repeated key, sorted)", () => {
            const body = "Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234";
            const req = twilioRequest("mycompany.com", "/myapp.php", "foo=1&bar=2", body, "IK+Dwps556ElfBT0I3Rgjkr1wJU=");
            assert.strictEqual(twilio.verify(req, token, options, 0), "valid");
            const onlyOne = twilioRequest("mycompany.com", "/myapp.php", "foo=1&bar=2", "Sid=CA123&SidAccount=AC123&Digits=5678", "IK+Dwps556ElfBT0I3Rgjkr1wJU=");
            assert.strictEqual(twilio.verify(onlyOne, token, options, 0), "invalid");
        });

        it("accepts the SDK's JSON-body vector (bodySHA256 in the signed URL) and rejects a changed body", () => {
            const body = '{"property": "value", "boolean": true}';
            const rawQuery = "foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
            const json = (b: string) => request({ host: "mycompany.com", path: "/myapp.php", rawQuery, body: b, headers: { "content-type": "application/json", "x-twilio-signature": "a9nBmqA0ju/hNViExpshrM61xv4=" } });
            assert.strictEqual(twilio.verify(json(body), token, options, 0), "valid");
            assert.strictEqual(twilio.verify(json('{"property": "value", "boolean": false}'), token, options, 0), "invalid");
        });

        it("accepts the URL with and without an explicit :443, both ways", () => {
            const signedWithPort = twilioLib.getExpectedTwilioSignature("s3cr3t", "https://example.com:443/path?test=param", {});
            const signedWithout = twilioLib.getExpectedTwilioSignature("s3cr3t", "https://example.com/path?test=param", {});
            for (const host of ["example.com", "example.com:443"]) {
                for (const signature of [signedWithPort, signedWithout]) {
                    assert.strictEqual(twilio.verify(twilioRequest(host, "/path", "test=param", "", signature), "s3cr3t", options, 0), "valid", `${host} ${signature}`);
                }
            }
            assert.strictEqual(twilio.verify(twilioRequest("example.com", "/path", "test=param2", "", signedWithout), "s3cr3t", options, 0), "invalid");
        });

        it("uses the configured publicUrl (custom domain) instead of the function URL host", () => {
            const signature = twilioLib.getExpectedTwilioSignature(token, "https://hooks.example.com/twilio/sms?tenant=a", params);
            const req = twilioRequest("abc.lambda-url.us-east-1.on.aws", "/", "tenant=a", form(params), signature);
            assert.strictEqual(twilio.verify(req, token, options, 0), "invalid");
            assert.strictEqual(twilio.verify(req, token, { kind: "twilio", publicUrl: "https://hooks.example.com/twilio/sms" }, 0), "valid");
        });

        it("agrees with twilio's validateRequest / validateRequestWithBody on random URLs, parameters and signatures", () => {
            const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/);
            const value = fc.string({ maxLength: 12, unit: "grapheme" });
            const paramsArb = fc.dictionary(key, fc.oneof(value, fc.array(value, { minLength: 1, maxLength: 4 })), { maxKeys: 6 });
            const query = fc.array(fc.tuple(key, fc.stringMatching(/^[A-Za-z0-9'%._~-]{0,8}$/)), { maxLength: 3 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("&"));
            fc.assert(
                fc.property(
                    fc.string({ minLength: 1, maxLength: 32 }),
                    fc.constantFrom("example.com", "example.com:443", "hooks.example.org"),
                    fc.stringMatching(/^\/[A-Za-z0-9/._-]{0,20}$/),
                    query,
                    paramsArb,
                    fc.boolean(),
                    fc.option(fc.base64String({ minLength: 28, maxLength: 28 })),
                    (authToken, host, path, rawQuery, p, asJson, forged) => {
                        if (asJson) {
                            const body = JSON.stringify(p);
                            const q = [rawQuery, `bodySHA256=${twilioLib.getExpectedBodyHash(body)}`].filter(Boolean).join("&");
                            const url = `https://${host}${path}?${q}`;
                            const signature = forged ?? twilioLib.getExpectedTwilioSignature(authToken, url, {});
                            const req = request({ host, path, rawQuery: q, body, headers: { "content-type": "application/json", "x-twilio-signature": signature } });
                            const expected = twilioLib.validateRequestWithBody(authToken, signature, url, body) ? "valid" : "invalid";
                            assert.strictEqual(twilio.verify(req, authToken, options, 0), expected);
                            if (!forged) assert.strictEqual(expected, "valid");
                        } else {
                            const url = `https://${host}${path}${rawQuery ? "?" + rawQuery : ""}`;
                            const signature = forged ?? twilioLib.getExpectedTwilioSignature(authToken, url, p);
                            const req = twilioRequest(host, path, rawQuery, form(p), signature);
                            const expected = twilioLib.validateRequest(authToken, signature, url, p) ? "valid" : "invalid";
                            assert.strictEqual(twilio.verify(req, authToken, options, 0), expected);
                            if (!forged) assert.strictEqual(expected, "valid");
                        }
                    },
                ),
                { numRuns: oracleRuns(500) },
            );
        });
    });

    describe("stripe (Stripe-Signature)", () => {
        const options: StripeOptions = { kind: "stripe", toleranceSeconds: 300 };
        const stripeLib = new Stripe("sk_test_unused");
        const secret = "whsec_test_0123456789abcdef";
        const payload = JSON.stringify({ id: "evt_1", object: "event", type: "invoice.paid" });
        const verify = (signature: string | undefined, nowSeconds: number, body = payload, opts = options) =>
            stripe.verify(request({ body, headers: signature === undefined ? {} : { "Stripe-Signature": signature } }), secret, opts, nowSeconds * 1000);

        it("accepts a header made by stripe's generateTestHeaderString, with several v1 values", () => {
            const t = 1_790_000_000;
            const header = stripeLib.webhooks.generateTestHeaderString({ payload, secret, timestamp: t });
            assert.strictEqual(verify(header, t), "valid");
            const v1 = header.split(",v1=")[1];
            assert.strictEqual(verify(`t=${t},v1=${"0".repeat(64)},v1=${v1},v0=abc`, t), "valid");
            assert.strictEqual(verify(`t=${t},v1=${"0".repeat(64)}`, t), "invalid");
        });

        it("applies the tolerance both ways, only after the signature matched", () => {
            const t = 1_790_000_000;
            const header = stripeLib.webhooks.generateTestHeaderString({ payload, secret, timestamp: t });
            assert.strictEqual(verify(header, t + 300), "valid");
            assert.strictEqual(verify(header, t - 300), "valid");
            assert.strictEqual(verify(header, t + 301), "stale");
            assert.strictEqual(verify(header, t - 301), "stale");
            assert.strictEqual(verify(header, t + 1000, payload, { kind: "stripe", toleranceSeconds: 1200 }), "valid");
            // A wrong signature with an old timestamp says "invalid", never "stale".
            const forged = `t=${t - 10_000},v1=${"a".repeat(64)}`;
            assert.strictEqual(verify(forged, t), "invalid");
        });

        it("treats malformed headers as invalid signatures", () => {
            for (const header of [undefined, "", "garbage", "t=,v1=", "t=abc,v1=" + "a".repeat(64), "v1=" + "a".repeat(64), "t=1790000000", "t=1790000000,v1=xyz", "=,=,="]) {
                assert.strictEqual(verify(header, 1_790_000_000), "invalid", String(header));
            }
            assert.deepStrictEqual(parseStripeSignature("t=12,v1=" + "A".repeat(64)), { timestamp: 12, v1: ["A".repeat(64)] });
            assert.strictEqual(verify("t=1790000000,v1=" + "A".repeat(64), 1_790_000_000), "invalid");
        });

        it("parses the header as stripe-node does: the issue's cases", () => {
            const t = 1_790_000_000;
            const sign = (timestampText: string) => createHmac("sha256", secret).update(`${timestampText}.${payload}`).digest("hex");
            const v1 = sign(String(t));
            // Refused by stripe-node, and now by the handler.
            assert.strictEqual(verify(`t=${t}, v1=${v1}`, t), "invalid", "a space after the comma");
            assert.strictEqual(verify(`t = ${t},v1 = ${v1}`, t), "invalid", "spaces around =");
            assert.strictEqual(verify(`t=00${t},v1=${sign("00" + t)}`, t), "invalid", "zero-padded t signed over the padded text");
            assert.strictEqual(verify(`t=${t},v1=${v1},v1=`, t), "invalid", "an empty v1 makes stripe-node throw");
            // Accepted by stripe-node, and now by the handler.
            assert.strictEqual(verify(`t=${t},v1=${v1}=x`, t), "valid", "v1=<hex>=x");
            assert.strictEqual(verify(`t=00${t},v1=${v1}`, t), "valid", "zero-padded t signed over the unpadded value");
            assert.strictEqual(verify(`t=${t}abc,v1=${v1}`, t), "valid", "parseInt reads the leading digits");
            assert.strictEqual(verify(`t=1,t=${t},v1=${v1}`, t), "valid", "the last t wins");
            // Deliberate: stripe-node accepts a t that is not a number (signed as "NaN.") without an age check.
            assert.strictEqual(verify(`t=now,v1=${sign("NaN")}`, t), "invalid");
            assert.doesNotThrow(() => stripeLib.webhooks.constructEvent(payload, `t=now,v1=${sign("NaN")}`, secret, 300, undefined, t * 1000));
        });

        it("agrees with stripe's constructEvent on 2,500 random headers (refusing on purpose only future timestamps beyond the tolerance and non-numeric t)", () => {
            const t0 = 1_790_000_000;
            // Items a header is built from: the timestamp in the forms parseInt reads, signatures over what stripe-node and near misses sign.
            const near = fc.integer({ min: t0 - 700, max: t0 + 700 });
            const timestampText = fc.oneof(
                { arbitrary: near.map(String), weight: 6 },
                { arbitrary: near.map((n) => "00" + n), weight: 1 },
                { arbitrary: near.map((n) => n + "abc"), weight: 1 },
                { arbitrary: near.map((n) => " " + n), weight: 1 },
                { arbitrary: near.map((n) => "+" + n), weight: 1 },
                { arbitrary: near.map((n) => n + ".9"), weight: 1 },
                { arbitrary: fc.constantFrom("", "-1", "-5", "0", "abc", "NaN", "1e3", "0x10", "9".repeat(400), "99999999999999999999"), weight: 2 },
            );
            const often = <T>(usual: T, ...others: T[]) => fc.oneof({ arbitrary: fc.constant(usual), weight: 3 * others.length }, { arbitrary: fc.constantFrom(...others), weight: Math.max(1, others.length) });
            const headerSpec = fc.record({
                body: fc.string({ maxLength: 40 }).map((note) => JSON.stringify({ id: "evt_1", object: "event", type: "invoice.paid", note })),
                key: often(secret, "whsec_other"),
                timestamps: fc.oneof({ arbitrary: fc.tuple(timestampText), weight: 6 }, { arbitrary: fc.array(timestampText, { maxLength: 2 }), weight: 1 }),
                tKey: often("t", " t", "t ", "T"),
                signatures: fc.array(
                    fc.record({
                        over: often("parsed", "text", "other"),
                        form: often("plain", "=x", "upper", "space-before", "key-space", "v0", "empty", "bare", "short"),
                    }),
                    { minLength: 0, maxLength: 3 },
                ),
                separator: often(",", ", "),
                shuffle: fc.boolean(),
                nowOffsetMs: fc.oneof({ arbitrary: fc.integer({ min: -300_000, max: 300_000 }), weight: 3 }, { arbitrary: fc.integer({ min: -700_000, max: 700_000 }), weight: 1 }),
            });
            const tally = { accepted: 0, refused: 0, refusedFuture: 0, refusedNotANumber: 0 };
            fc.assert(
                fc.property(headerSpec, (spec) => {
                    const lastText = spec.timestamps.length > 0 && spec.tKey === "t" ? spec.timestamps[spec.timestamps.length - 1] : undefined;
                    const parsedT = lastText === undefined ? NaN : parseInt(lastText, 10);
                    const items = spec.timestamps.map((text) => `${spec.tKey}=${text}`);
                    for (const { over, form } of spec.signatures) {
                        const signed = over === "parsed" ? String(parsedT) : over === "text" ? lastText ?? "" : String(t0);
                        const hex = createHmac("sha256", spec.key).update(`${signed}.${spec.body}`).digest("hex");
                        const item = ({
                            plain: `v1=${hex}`, "=x": `v1=${hex}=x`, upper: `v1=${hex.toUpperCase()}`, "space-before": ` v1=${hex}`, "key-space": `v1 =${hex}`,
                            v0: `v0=${hex}`, empty: "v1=", bare: "v1", short: `v1=${hex.slice(1)}`,
                        } as Record<string, string>)[form];
                        items.push(item);
                    }
                    if (spec.shuffle) items.reverse();
                    const headerValue = items.join(spec.separator);
                    const nowMs = t0 * 1000 + spec.nowOffsetMs;
                    let libraryAccepts: boolean;
                    try {
                        stripeLib.webhooks.constructEvent(spec.body, headerValue, secret, 300, undefined, nowMs);
                        libraryAccepts = true;
                    } catch {
                        libraryAccepts = false;
                    }
                    const ours = stripe.verify(request({ body: spec.body, headers: headerValue ? { "stripe-signature": headerValue } : {} }), secret, options, nowMs);
                    if (ours === "valid") tally.accepted++;
                    else tally.refused++;
                    if (libraryAccepts && ours !== "valid") {
                        // The two deliberate refusals, told apart by the timestamp stripe-node read, not by our verdict.
                        const inFuture = Number.isFinite(parsedT) && parsedT - Math.floor(nowMs / 1000) > 300;
                        const notANumber = !Number.isFinite(parsedT);
                        assert.ok(inFuture || notANumber, `stripe-node accepts, we refuse (${ours}): ${JSON.stringify(headerValue)} at ${nowMs}`);
                        if (inFuture) {
                            assert.strictEqual(ours, "stale");
                            tally.refusedFuture++;
                        } else {
                            assert.strictEqual(ours, "invalid");
                            tally.refusedNotANumber++;
                        }
                    } else {
                        assert.strictEqual(ours === "valid", libraryAccepts, `stripe-node ${libraryAccepts ? "accepts" : "refuses"}, we say ${ours}: ${JSON.stringify(headerValue)} at ${nowMs}`);
                    }
                }),
                { numRuns: oracleRuns(2500) },
            );
            // The generator reaches both sides and both deliberate refusals.
            assert.ok(tally.accepted > 50 && tally.refused > 100 && tally.refusedFuture > 0 && tally.refusedNotANumber > 0, JSON.stringify(tally));
        });

        it("agrees with stripe's constructEvent on random payloads, secrets and times", () => {
            fc.assert(
                fc.property(
                    // Stripe refuses blank secrets, and so does the handler (500, see webhook.test.ts).
                    fc.string({ minLength: 1, maxLength: 40 }).filter((k) => k.trim() !== ""),
                    fc.string({ minLength: 1, maxLength: 300, unit: "grapheme" }),
                    fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }),
                    fc.integer({ min: 0, max: 600 }),
                    fc.boolean(),
                    (key, body, t, age, tamper) => {
                        const header = stripeLib.webhooks.generateTestHeaderString({ payload: body, secret: key, timestamp: t });
                        const sent = tamper ? body + " " : body;
                        const now = t + age;
                        let libraryAccepts: boolean;
                        try {
                            // constructEvent parses JSON after verifying; only its signature/timestamp verdict is compared.
                            stripeLib.webhooks.signature!.verifyHeader(sent, header, key, 300, undefined, now * 1000);
                            libraryAccepts = true;
                        } catch {
                            libraryAccepts = false;
                        }
                        const ours = stripe.verify(request({ body: sent, headers: { "stripe-signature": header } }), key, options, now * 1000);
                        assert.strictEqual(ours === "valid", libraryAccepts, `age ${age} tamper ${tamper}`);
                    },
                ),
                { numRuns: oracleRuns(300) },
            );
        });

        it("accepts what constructEvent accepts for a real event payload", () => {
            const t = Math.floor(Date.now() / 1000);
            const header = stripeLib.webhooks.generateTestHeaderString({ payload, secret, timestamp: t });
            const event = stripeLib.webhooks.constructEvent(payload, header, secret);
            assert.strictEqual(event.type, "invoice.paid");
            assert.strictEqual(verify(header, t), "valid");
        });
    });

    describe("bird (basic auth or bearer token)", () => {
        const basic: BirdOptions = { kind: "bird", auth: "basic" };
        const bearer: BirdOptions = { kind: "bird", auth: "bearer" };
        const basicKey = bird.keyFrom(JSON.stringify({ username: "bird", password: "p@ss:word" }), basic);
        const verify = (authorization: string | undefined, key: string, options: BirdOptions) =>
            bird.verify(request({ body: "[]", headers: authorization === undefined ? {} : { Authorization: authorization } }), key, options, 0);

        it("accepts the configured basic credentials and nothing else", () => {
            const good = "Basic " + Buffer.from("bird:p@ss:word").toString("base64");
            assert.strictEqual(verify(good, basicKey, basic), "valid");
            assert.strictEqual(verify(good.replace("Basic", "basic"), basicKey, basic), "valid");
            assert.strictEqual(verify("Basic " + Buffer.from("bird:p@ss:wore").toString("base64"), basicKey, basic), "invalid");
            assert.strictEqual(verify("Bearer " + Buffer.from("bird:p@ss:word").toString("base64"), basicKey, basic), "invalid");
            assert.strictEqual(verify(undefined, basicKey, basic), "invalid");
            assert.strictEqual(verify("Basic", basicKey, basic), "invalid");
        });

        it("accepts the configured bearer token and nothing else", () => {
            assert.strictEqual(verify("Bearer tok-123", "tok-123", bearer), "valid");
            assert.strictEqual(verify("Bearer tok-124", "tok-123", bearer), "invalid");
            assert.strictEqual(verify("Basic tok-123", "tok-123", bearer), "invalid");
        });

        it("rejects a basic-auth secret that is not the documented JSON shape", () => {
            assert.throws(() => bird.keyFrom("bird:password", basic), /Bird basic-auth secret must be JSON \{"username"/);
            assert.throws(() => bird.keyFrom('{"username":"bird"}', basic), /non-empty "username" and "password"/);
        });
    });

    describe("generic hmac", () => {
        const base: HmacOptions = { kind: "hmac", header: "x-signature", algorithm: "sha256", encoding: "hex", prefix: "", toleranceSeconds: 300, contentType: "json" };
        const verify = (headers: Record<string, string>, options: HmacOptions, nowMs = 0, body = '{"a":1}') =>
            hmac.verify(request({ body, headers }), "k3y", options, nowMs);

        for (const algorithm of ["sha1", "sha256", "sha512"] as const) {
            for (const encoding of ["hex", "base64"] as const) {
                it(`verifies ${algorithm} ${encoding} with a prefix`, () => {
                    const options: HmacOptions = { ...base, algorithm, encoding, prefix: `${algorithm}=` };
                    const digest = createHmac(algorithm, "k3y").update('{"a":1}').digest(encoding);
                    assert.strictEqual(verify({ "X-Signature": `${algorithm}=${digest}` }, options), "valid");
                    assert.strictEqual(verify({ "X-Signature": digest }, options), "invalid");
                    assert.strictEqual(verify({ "X-Signature": `${algorithm}=${digest}` }, options, 0, '{"a":2}'), "invalid");
                    assert.strictEqual(verify({}, options), "invalid");
                });
            }
        }

        it("signs timestamp.body when a timestamp header is configured, and checks the tolerance after the signature", () => {
            const options: HmacOptions = { ...base, timestampHeader: "x-timestamp", toleranceSeconds: 60 };
            const t = 1_790_000_000;
            const signature = createHmac("sha256", "k3y").update(`${t}.{"a":1}`).digest("hex");
            assert.strictEqual(verify({ "x-signature": signature, "x-timestamp": String(t) }, options, t * 1000), "valid");
            assert.strictEqual(verify({ "x-signature": signature, "x-timestamp": String(t) }, options, (t + 61) * 1000), "stale");
            assert.strictEqual(verify({ "x-signature": signature, "x-timestamp": String(t) }, options, (t - 61) * 1000), "stale");
            assert.strictEqual(verify({ "x-signature": signature, "x-timestamp": String(t + 1) }, options, t * 1000), "invalid");
            assert.strictEqual(verify({ "x-signature": signature }, options, t * 1000), "invalid");
        });
    });
});
