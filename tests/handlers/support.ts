/**
 * Test helpers for the handlers: real function-URL (payload 2.0) and ALB event shapes, an
 * in-process handler with aws-sdk-client-mock on the SDK clients, and captured log lines.
 */
import { createHash } from "crypto";
import type { ALBEvent, APIGatewayProxyEventV2 } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { S3Client } from "@aws-sdk/client-s3";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { loadConfig } from "../../handlers/webhook/config";
import { createWebhookHandler, WebhookDeps, WebhookHandler } from "../../handlers/webhook/handler";
import type { EnrichHook } from "../../handlers/shared/hook";
import type { WebhookResult } from "../../handlers/webhook/response";

export const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:webhook-abc123";
export const BUS = "arn:aws:events:us-east-1:123456789012:event-bus/webhooks";
export const NOW = Date.parse("2026-11-22T08:00:00.000Z");

export interface RequestSpec {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    base64?: boolean;
    path?: string;
    rawQuery?: string;
    host?: string;
}

/** A Lambda function URL event (payload format 2.0) as Lambda sends it: lower-case headers, raw query string. */
export function functionUrlEvent(spec: RequestSpec): APIGatewayProxyEventV2 {
    const host = spec.host ?? "abcdefghijklmnop.lambda-url.us-east-1.on.aws";
    const body = spec.body === undefined ? undefined : encodeBody(spec.body, spec.base64);
    const headers: Record<string, string> = Object.assign(Object.create(null), { host, "x-forwarded-proto": "https", "x-forwarded-port": "443" });
    for (const [k, v] of Object.entries(spec.headers ?? {})) headers[k.toLowerCase()] = v;
    return {
        version: "2.0",
        routeKey: "$default",
        rawPath: spec.path ?? "/",
        rawQueryString: spec.rawQuery ?? "",
        headers,
        requestContext: {
            accountId: "anonymous",
            apiId: "abcdefghijklmnop",
            domainName: host,
            domainPrefix: "abcdefghijklmnop",
            http: { method: spec.method ?? "POST", path: spec.path ?? "/", protocol: "HTTP/1.1", sourceIp: "192.0.2.10", userAgent: "test" },
            requestId: "11111111-2222-3333-4444-555555555555",
            routeKey: "$default",
            stage: "$default",
            time: "22/Nov/2026:08:00:00 +0000",
            timeEpoch: NOW,
        },
        body,
        isBase64Encoded: !!spec.base64,
    };
}

/** An ALB target event; header names keep the case they were sent with, multi-value when asked. */
export function albEvent(spec: RequestSpec, options: { multiValue?: boolean } = {}): ALBEvent {
    const host = spec.host ?? "events.example.com";
    const headers: Record<string, string> = { host, "x-forwarded-proto": "https", "x-forwarded-port": "443", ...(spec.headers ?? {}) };
    const query: Record<string, string> = Object.create(null);
    const multiQuery: Record<string, string[]> = Object.create(null);
    for (const pair of (spec.rawQuery ?? "").split("&").filter(Boolean)) {
        const eq = pair.indexOf("=");
        const key = eq === -1 ? pair : pair.slice(0, eq);
        const value = eq === -1 ? "" : pair.slice(eq + 1);
        query[key] = value;
        (multiQuery[key] ??= []).push(value);
    }
    const event: ALBEvent = {
        requestContext: { elb: { targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/bird/0123456789abcdef" } },
        httpMethod: spec.method ?? "POST",
        path: spec.path ?? "/",
        body: spec.body === undefined ? "" : encodeBody(spec.body, spec.base64),
        isBase64Encoded: !!spec.base64,
    };
    if (options.multiValue) {
        event.multiValueHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]));
        event.multiValueQueryStringParameters = multiQuery;
    } else {
        event.headers = headers;
        event.queryStringParameters = query;
    }
    return event;
}

function encodeBody(body: string | Buffer, base64?: boolean): string {
    if (base64) return Buffer.from(body).toString("base64");
    return Buffer.isBuffer(body) ? body.toString("utf8") : body;
}

export const mocks = {
    eventBridge: mockClient(EventBridgeClient),
    s3: mockClient(S3Client),
    secretsManager: mockClient(SecretsManagerClient),
};

export function resetMocks(): void {
    mocks.eventBridge.reset();
    mocks.s3.reset();
    mocks.secretsManager.reset();
}

/** AWSCURRENT (and optionally AWSPREVIOUS) of the signing secret. */
export function mockSecret(current: string, options: { previous?: string; currentCreatedAt?: number } = {}): void {
    mocks.secretsManager.on(GetSecretValueCommand, { VersionStage: "AWSCURRENT" }).resolves({
        ARN: SECRET_ARN,
        SecretString: current,
        VersionId: "v-current",
        VersionStages: ["AWSCURRENT"],
        CreatedDate: new Date(options.currentCreatedAt ?? NOW - 30 * 86_400_000),
    });
    if (options.previous !== undefined) {
        mocks.secretsManager.on(GetSecretValueCommand, { VersionStage: "AWSPREVIOUS" }).resolves({
            ARN: SECRET_ARN,
            SecretString: options.previous,
            VersionId: "v-previous",
            VersionStages: ["AWSPREVIOUS"],
            CreatedDate: new Date(NOW - 60 * 86_400_000),
        });
    } else {
        mocks.secretsManager
            .on(GetSecretValueCommand, { VersionStage: "AWSPREVIOUS" })
            .rejects(Object.assign(new Error("no previous version"), { name: "ResourceNotFoundException" }));
    }
}

/** PutEvents succeeds for every entry. */
export function mockPutEventsOk(): void {
    let n = 0;
    mocks.eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => ({
        FailedEntryCount: 0,
        Entries: input.Entries.map(() => ({ EventId: `event-${++n}` })),
    }));
}

export function putEventsEntries(): PutEventsRequestEntry[][] {
    return mocks.eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries ?? []);
}

/**
 * A clock fixed at NOW that jumps forward when the handler sleeps (backoff), so retry loops run
 * to their deadline without the test waiting for them. `followRealTime` also counts real time,
 * for tests where a call hangs and only a real timer can end it.
 */
export function testClock(followRealTime = false): { now: () => number; sleep: (ms: number) => Promise<void> } {
    const realStart = Date.now();
    let slept = 0;
    return {
        now: () => NOW + slept + (followRealTime ? Date.now() - realStart : 0),
        sleep: async (ms) => {
            slept += ms;
        },
    };
}

export interface TestHandler {
    handler: WebhookHandler;
    logs: Record<string, unknown>[];
    invoke(event: unknown): Promise<{ status: number; body: Record<string, unknown>; result: WebhookResult }>;
}

/** The webhook handler in process, configured from an EBK_* environment, SDK mocked, clock fixed, no real sleeps. */
export function makeHandler(
    env: Record<string, string>,
    options: { now?: () => number; realTime?: boolean; hook?: EnrichHook; deps?: Partial<WebhookDeps> } = {},
): TestHandler {
    const logs: Record<string, unknown>[] = [];
    const clock = testClock(options.realTime);
    let config;
    try {
        config = loadConfig({ EBK_SECRET_ARN: SECRET_ARN, EBK_EVENT_BUS_NAME: BUS, ...env });
    } catch (err) {
        config = err as never;
    }
    const handler = createWebhookHandler(config, {
        eventBridge: () => new EventBridgeClient({ region: "us-east-1" }),
        s3: () => new S3Client({ region: "us-east-1" }),
        secretsManager: () => new SecretsManagerClient({ region: "us-east-1" }),
        now: options.now ?? clock.now,
        sleep: clock.sleep,
        random: () => 0.5,
        logSink: (line) => logs.push(JSON.parse(line)),
        hook: options.hook,
        ...options.deps,
    });
    return {
        handler,
        logs,
        async invoke(event) {
            const result = await handler(event as never, { awsRequestId: "req-1" });
            return { status: result.statusCode ?? 0, body: JSON.parse(result.body ?? "{}"), result };
        },
    };
}

export function sha256Hex(data: string | Buffer): string {
    return createHash("sha256").update(data).digest("hex");
}

/** Loads an ES-module-only package from CommonJS tests. */
export const importEsm = new Function("specifier", "return import(specifier)") as <T = never>(specifier: string) => Promise<T>;
