import * as assert from "assert";
import * as http from "http";
import { AddressInfo } from "net";
import * as pulumi from "@pulumi/pulumi";
import { transform } from "../../components/patterns";
import { ApiDestinationConnection, ApiDestinationTargetArgs, auth } from "../../components/targets";
import { apiDestinationRequest, deliveryOutcome, retryAfterSeconds, sendDeliveryRequest } from "../../testing";
import { freshMocks, prOpened, TOKEN } from "./support";

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

    it("reports what EventBridge does with each answer: 409, 429 and 5xx retried honouring Retry-After, other 4xx not", async () => {
        const answers: Record<string, [number, Record<string, string>]> = {
            "/ok": [204, {}],
            "/conflict": [409, {}],
            "/throttled": [429, { "Retry-After": "30" }],
            "/unavailable": [503, { "Retry-After": "Sun, 22 Nov 2099 08:00:00 GMT" }],
            "/bad": [400, {}],
            "/unauthorized": [401, {}],
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
            for (const path of ["/bad", "/unauthorized", "/gone", "/redirect"]) {
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
});
