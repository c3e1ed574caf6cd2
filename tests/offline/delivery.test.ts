import * as assert from "assert";
import * as http from "http";
import { AddressInfo } from "net";
import * as pulumi from "@pulumi/pulumi";
import { transform } from "../../components/patterns";
import { ApiDestinationConnection, ApiDestinationTargetArgs, auth } from "../../components/targets";
import { apiDestinationRequest, deliveryOutcome, nextStep, retryAfterSeconds, sendDeliveryRequest } from "../../testing";
import { freshMocks, prOpened, TOKEN } from "../targets/support";

interface Received {
    method: string;
    url: string;
    headers: http.IncomingHttpHeaders;
    body: string;
}

/** A real HTTP server on 127.0.0.1 that records every request and answers as told. */
async function recordingServer(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => { res.writeHead(200).end("ok"); }) {
    const received: Received[] = [];
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
            answer(req, res);
        });
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const { port } = server.address() as AddressInfo;
    return { received, base: `http://127.0.0.1:${port}`, close: () => new Promise<void>((done) => server.close(() => done())) };
}

const chat: ApiDestinationTargetArgs = {
    endpoint: "https://hooks.example.com/services/T000/B000",
    method: "POST",
    rateLimitPerSecond: 5,
    connection: auth.apiKey("Authorization", pulumi.secret(TOKEN)),
    headers: { "X-Team": "platform" },
    queryString: { source: "eventbridge" },
    input: transform({ paths: { repo: "$.detail.repository.full_name", title: "$.detail.pull_request.title" }, template: "{\"text\": \"PR opened in <repo>: <title>\"}" }),
};

describe("testing/apiDestinationRequest: the local delivery check", () => {
    before(async () => { await freshMocks(); });

    it("builds the exact request for an API key connection with an input transformer", async () => {
        const request = await apiDestinationRequest(chat, prOpened);
        const body = "{\"text\": \"PR opened in acme/api: Add retries\"}";
        assert.deepStrictEqual(request, {
            method: "POST",
            url: "https://hooks.example.com/services/T000/B000?source=eventbridge",
            headers: {
                "Content-Type": "application/json; charset=utf-8",
                "X-Team": "platform",
                Authorization: TOKEN,
                "User-Agent": "Amazon/EventBridge/ApiDestinations",
                Range: "bytes=0-1048575",
                Host: "hooks.example.com",
                "Content-Length": String(Buffer.byteLength(body)),
            },
            body,
        });
    });

    it("sends the whole event without a transformer; basic auth; path parameters and dynamic values from the event", async () => {
        const request = await apiDestinationRequest({
            endpoint: "https://ci.example.com/repos/*/pulls/*?v=2",
            method: "PUT",
            rateLimitPerSecond: 1,
            connection: auth.basic("eventbridge", "s3cret pass"),
            pathParameterValues: ["$.detail.repository.name", "$.detail.number"],
            headers: { "X-Action": "$.detail.action", "Content-Type": "application/vnd.ci+json" },
            queryString: { repo: "$.detail.repository.full_name" },
        }, prOpened);
        assert.strictEqual(request.method, "PUT");
        assert.strictEqual(request.url, "https://ci.example.com/repos/api/pulls/42?v=2&repo=acme%2Fapi");
        assert.strictEqual(request.body, JSON.stringify(prOpened));
        assert.strictEqual(request.headers.Authorization, `Basic ${Buffer.from("eventbridge:s3cret pass").toString("base64")}`);
        assert.strictEqual(request.headers["X-Action"], "opened");
        assert.strictEqual(request.headers["Content-Type"], "application/vnd.ci+json", "a configured Content-Type replaces the default");
        assert.ok(!("content-type" in request.headers));
    });

    it("adds the connection's header, query-string and body parameters; OAuth sends the bearer token", async () => {
        const connection = new ApiDestinationConnection("crm", {
            auth: auth.oauth({ authorizationEndpoint: "https://login.example.com/token", httpMethod: "POST", clientId: "id", clientSecret: "secret" }),
            invocationParameters: { headers: { "x-crm": "crm" }, queryString: { via: "connection" }, body: { tenant: { value: "acme", secret: true } } },
        });
        const request = await apiDestinationRequest({ ...chat, connection }, prOpened, { oauthAccessToken: "token-abc" });
        assert.strictEqual(request.url, "https://hooks.example.com/services/T000/B000?source=eventbridge&via=connection");
        assert.strictEqual(request.headers["x-crm"], "crm");
        assert.strictEqual(request.headers["X-Team"], "platform");
        assert.strictEqual(request.headers.Authorization, "Bearer token-abc");
        assert.deepStrictEqual(JSON.parse(request.body), { text: "PR opened in acme/api: Add retries", tenant: "acme" });
        await assert.rejects(apiDestinationRequest({ ...chat, connection }, prOpened), /options\.oauthAccessToken: is missing/);
    });

    it("fails on what ApiDestinationTarget refuses, and on connections it cannot read", async () => {
        await assert.rejects(apiDestinationRequest({ ...chat, endpoint: "http://hooks.example.com" }, prOpened), /endpoint: "http:\/\/hooks\.example\.com" uses http/);
        await assert.rejects(apiDestinationRequest({ ...chat, headers: { "User-Agent": "me" } }, prOpened), /"User-Agent" cannot be set/);
        await assert.rejects(apiDestinationRequest({ ...chat, method: "TRACE" as any }, prOpened), /TRACE is not allowed/);
        await assert.rejects(apiDestinationRequest({ ...chat, headers: { Authorization: "x" } }, prOpened), /the connection \(auth\.apiKey\) sets Authorization on every request/);
        await assert.rejects(apiDestinationRequest({ ...chat, connection: { connectionArn: "arn:aws:events:us-east-1:123456789012:connection/c/1" } }, prOpened),
            /connection: is an existing connection whose credentials cannot be read offline/);
        const described = await apiDestinationRequest({ ...chat, connection: { connectionArn: "arn:aws:events:us-east-1:123456789012:connection/c/1" } }, prOpened,
            { connection: { auth: auth.apiKey("x-api-key", "k") } });
        assert.strictEqual(described.headers["x-api-key"], "k");
    });

    it("is received exactly as built by a real HTTP server", async () => {
        const server = await recordingServer();
        try {
            const request = await apiDestinationRequest(chat, prOpened);
            const attempt = await sendDeliveryRequest(request, { to: server.base });
            assert.strictEqual(attempt.status, 200);
            assert.deepStrictEqual(attempt.outcome, { result: "delivered" });
            assert.strictEqual(server.received.length, 1);
            const [got] = server.received;
            assert.strictEqual(got.method, "POST");
            assert.strictEqual(got.url, "/services/T000/B000?source=eventbridge");
            assert.strictEqual(got.body, request.body);
            for (const [name, value] of Object.entries(request.headers)) {
                assert.strictEqual(got.headers[name.toLowerCase()], value, `header ${name}`);
            }
            const extra = Object.keys(got.headers).filter((h) => !Object.keys(request.headers).some((n) => n.toLowerCase() === h));
            assert.deepStrictEqual(extra, ["connection"], "nothing but the transport's own Connection header is added");
        } finally {
            await server.close();
        }
    });

    it("reports what EventBridge does with each answer: 401, 407, 409, 429 and 5xx retried honouring Retry-After, other 4xx not", async () => {
        const answers: Record<string, [number, Record<string, string>]> = {
            "/ok": [204, {}],
            "/conflict": [409, {}],
            "/throttled": [429, { "Retry-After": "30" }],
            "/unavailable": [503, { "Retry-After": "Sun, 22 Nov 2099 08:00:00 GMT" }],
            "/bad": [400, {}],
            "/unauthorized": [401, {}],
            "/proxy-auth": [407, {}],
            "/stop": [503, { "Retry-After": "-1" }],
            "/forbidden": [403, {}],
            "/gone": [410, {}],
            "/redirect": [302, { Location: "https://elsewhere.example.com" }],
        };
        const server = await recordingServer((req, res) => {
            const [status, headers] = answers[req.url!];
            res.writeHead(status, headers).end();
        });
        try {
            const outcome = async (path: string) => {
                const request = await apiDestinationRequest({ ...chat, endpoint: `https://hooks.example.com${path}`, queryString: undefined }, prOpened);
                return (await sendDeliveryRequest(request, { to: server.base })).outcome;
            };
            assert.deepStrictEqual(await outcome("/ok"), { result: "delivered" });
            assert.deepStrictEqual(await outcome("/conflict"), { result: "retry" });
            assert.deepStrictEqual(await outcome("/throttled"), { result: "retry", retryAfterSeconds: 30 });
            const unavailable = await outcome("/unavailable");
            assert.strictEqual(unavailable.result, "retry");
            assert.ok(unavailable.result === "retry" && unavailable.retryAfterSeconds! > 0, "an HTTP-date Retry-After gives the seconds until then");
            assert.deepStrictEqual(await outcome("/unauthorized"), { result: "retry" });
            assert.deepStrictEqual(await outcome("/proxy-auth"), { result: "retry" });
            for (const path of ["/bad", "/forbidden", "/gone", "/redirect", "/stop"]) {
                assert.deepStrictEqual(await outcome(path), { result: "not-retried" }, path);
            }
        } finally {
            await server.close();
        }
    });

    it("a request the endpoint does not answer within the timeout is retried", async () => {
        const server = await recordingServer(() => { /* never answers */ });
        try {
            const request = await apiDestinationRequest(chat, prOpened);
            const attempt = await sendDeliveryRequest(request, { to: server.base, timeoutMs: 100 });
            assert.strictEqual(attempt.status, "timeout");
            assert.deepStrictEqual(attempt.outcome, { result: "retry" });
        } finally {
            server.close();
        }
    });

    it("classifies statuses and Retry-After values", () => {
        assert.deepStrictEqual(deliveryOutcome(500), { result: "retry" });
        assert.deepStrictEqual(deliveryOutcome(599, "5"), { result: "retry", retryAfterSeconds: 5 });
        assert.deepStrictEqual(deliveryOutcome(404), { result: "not-retried" });
        assert.deepStrictEqual(deliveryOutcome(200), { result: "delivered" });
        assert.deepStrictEqual(deliveryOutcome("connection-error"), { result: "retry" });
        assert.strictEqual(retryAfterSeconds("Sun, 22 Nov 2026 08:01:00 GMT", Date.parse("2026-11-22T08:00:00Z")), 60);
        assert.strictEqual(retryAfterSeconds("soon"), undefined);
    });

    it("retries 401 and 407 as the English user guide lists them, and still not 400, 403, 404 or 408", () => {
        for (const status of [401, 407, 409, 429, 500, 502, 503, 504, 599]) {
            assert.deepStrictEqual(deliveryOutcome(status), { result: "retry" }, String(status));
        }
        for (const status of [100, 301, 304, 400, 402, 403, 404, 405, 406, 408, 410, 413, 422, 600]) {
            assert.deepStrictEqual(deliveryOutcome(status), { result: "not-retried" }, String(status));
        }
    });

    it("a negative Retry-After ends the retries for the event; only delay-seconds and HTTP-dates count as Retry-After", () => {
        const now = Date.parse("2026-11-22T08:00:00Z");
        for (const value of ["-1", " -1 ", "-3600"]) {
            assert.deepStrictEqual(deliveryOutcome(429, value, now), { result: "not-retried" }, value);
            assert.deepStrictEqual(deliveryOutcome(503, value, now), { result: "not-retried" }, value);
        }
        assert.strictEqual(retryAfterSeconds("-1", now), -1, "not read as the year -1");
        assert.strictEqual(retryAfterSeconds("0", now), 0);
        // The three HTTP-date forms; a date in the past means no wait.
        assert.strictEqual(retryAfterSeconds("Sunday, 22-Nov-26 08:01:00 GMT", now), 60);
        assert.strictEqual(retryAfterSeconds("Sun Nov 22 08:02:00 2026", now), 120);
        assert.strictEqual(retryAfterSeconds("Sun, 22 Nov 2026 07:00:00 GMT", now), 0);
        // Date.parse accepts these; Retry-After does not.
        for (const value of ["2026-11-22T08:01:00Z", "1.5", "+5", "Nov 22 2026"]) {
            assert.strictEqual(retryAfterSeconds(value, now), undefined, value);
            assert.deepStrictEqual(deliveryOutcome(503, value, now), { result: "retry" }, value);
        }
    });

    it("takes the more conservative of the retry policy and Retry-After", () => {
        const policy = { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 600 };
        const retry = (retryAfter?: number) => (retryAfter === undefined ? { result: "retry" as const } : { result: "retry" as const, retryAfterSeconds: retryAfter });
        assert.deepStrictEqual(nextStep(retry(), { attempt: 1, eventAgeSeconds: 0 }, policy), { step: "retry", notBeforeSeconds: 0 });
        assert.deepStrictEqual(nextStep(retry(120), { attempt: 1, eventAgeSeconds: 0 }, policy), { step: "retry", notBeforeSeconds: 120 });
        // Retry-After asks to wait past the retry window: no retry.
        assert.deepStrictEqual(nextStep(retry(700), { attempt: 1, eventAgeSeconds: 0 }, policy), { step: "dead-letter", reason: "maximum event age reached" });
        assert.deepStrictEqual(nextStep(retry(300), { attempt: 2, eventAgeSeconds: 300 }, policy), { step: "dead-letter", reason: "maximum event age reached" });
        assert.deepStrictEqual(nextStep(retry(299), { attempt: 2, eventAgeSeconds: 300 }, policy), { step: "retry", notBeforeSeconds: 299 });
        // A short Retry-After does not add attempts beyond the policy: 1 delivery + 3 retries.
        assert.deepStrictEqual(nextStep(retry(1), { attempt: 3, eventAgeSeconds: 10 }, policy), { step: "retry", notBeforeSeconds: 1 });
        assert.deepStrictEqual(nextStep(retry(1), { attempt: 4, eventAgeSeconds: 10 }, policy), { step: "dead-letter", reason: "retry attempts exhausted" });
        assert.deepStrictEqual(nextStep(retry(), { attempt: 1, eventAgeSeconds: 0 }, { maximumRetryAttempts: 0 }), { step: "dead-letter", reason: "retry attempts exhausted" });
        // EventBridge's defaults: 185 retries, 24 h.
        assert.deepStrictEqual(nextStep(retry(), { attempt: 186, eventAgeSeconds: 60 }), { step: "dead-letter", reason: "retry attempts exhausted" });
        assert.deepStrictEqual(nextStep(retry(3600), { attempt: 2, eventAgeSeconds: 86_400 - 3600 }), { step: "dead-letter", reason: "maximum event age reached" });
        assert.deepStrictEqual(nextStep(retry(3599), { attempt: 2, eventAgeSeconds: 86_400 - 3600 }), { step: "retry", notBeforeSeconds: 3599 });
        assert.deepStrictEqual(nextStep(deliveryOutcome(503, "-1"), { attempt: 1, eventAgeSeconds: 0 }, policy), { step: "dead-letter", reason: "not retried" });
        assert.deepStrictEqual(nextStep(deliveryOutcome(400), { attempt: 1, eventAgeSeconds: 0 }, policy), { step: "dead-letter", reason: "not retried" });
        assert.deepStrictEqual(nextStep(deliveryOutcome(200), { attempt: 5, eventAgeSeconds: 0 }, policy), { step: "delivered" });
    });
});
