/**
 * What an unsigned request costs the webhook handler before its 401, as CPU time against a
 * baseline measured in the same run: a forged GitHub request of the same size (one HMAC-SHA256
 * of the body). The request is the one that used to burn seconds: ~1 MB of Twilio form body with
 * 100k parameters behind an ALB whose short query has 24 spellings (goal: a small multiple,
 * ≤ 20×; before the signing work was bounded this bench measured about 950×, and 290× for the
 * 999-parameter body), and the same body through a function URL.
 *
 * In process, SDK calls stubbed (the secret is cached after the first request), logs dropped.
 */
import type { ALBEvent, APIGatewayProxyEventV2 } from "aws-lambda";
import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { loadConfig } from "../handlers/webhook/config";
import { createWebhookHandler, WebhookHandler } from "../handlers/webhook/handler";
import { MAX_SIGNED_PARAMS } from "../handlers/webhook/providers/twilio";

const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:b";

function handlerFor(provider: "github" | "twilio"): WebhookHandler {
    const secretsManager = { send: async () => ({ SecretString: "bench-secret", VersionId: "v1", CreatedDate: new Date(0) }) } as unknown as SecretsManagerClient;
    return createWebhookHandler(loadConfig({ EBK_PROVIDER: provider, EBK_SECRET_ARN: SECRET_ARN, EBK_EVENT_BUS_NAME: "bus" }), {
        eventBridge: () => ({}) as EventBridgeClient,
        s3: () => ({}) as S3Client,
        secretsManager: () => secretsManager,
        logSink: () => undefined,
    });
}

/** Least CPU milliseconds (user + system) of one call over `runs`, after one warm-up: noise only ever adds. */
async function cpuMs(runs: number, call: () => Promise<unknown>): Promise<number> {
    await call();
    let best = Infinity;
    for (let i = 0; i < runs; i++) {
        const start = process.cpuUsage();
        await call();
        const used = process.cpuUsage(start);
        best = Math.min(best, (used.user + used.system) / 1000);
    }
    return best;
}

export async function run(): Promise<void> {
    const body = Array.from({ length: 100_000 }, (_, i) => `P${i}=vv`).join("&");
    const bytes = Buffer.byteLength(body);
    const twilio = handlerFor("twilio");
    const github = handlerFor("github");
    // A short query with a repeated key and an empty value: 24 spellings an ALB cannot tell apart (within the bound of 64), each in several URL forms.
    const alb: ALBEvent = {
        requestContext: { elb: { targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/0123456789abcdef" } },
        httpMethod: "POST",
        path: "/twilio",
        body,
        isBase64Encoded: false,
        multiValueHeaders: { host: ["hooks.example.com"], "x-forwarded-proto": ["https"], "content-type": ["application/x-www-form-urlencoded"], "x-twilio-signature": ["AAAAAAAAAAAAAAAAAAAAAAAAAAA="] },
        multiValueQueryStringParameters: { a: ["1", "2"], b: ["3"], c: [""] },
    };
    const functionUrl = (headers: Record<string, string>, rawQueryString = ""): APIGatewayProxyEventV2 => ({
        version: "2.0",
        routeKey: "$default",
        rawPath: "/",
        rawQueryString,
        headers: { host: "x.lambda-url.us-east-1.on.aws", ...headers },
        requestContext: { http: { method: "POST", path: "/", protocol: "HTTP/1.1", sourceIp: "203.0.113.9", userAgent: "bench" } } as APIGatewayProxyEventV2["requestContext"],
        body,
        isBase64Encoded: false,
    });
    const forgedGithub = functionUrl({ "content-type": "application/json", "x-github-event": "push", "x-github-delivery": "d-1", "x-hub-signature-256": "sha256=" + "0".repeat(64) });
    const forgedTwilio = functionUrl({ "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" }, "a=1&b=2");

    for (const [name, handler, event] of [["github", github, forgedGithub], ["twilio-alb", twilio, alb], ["twilio-url", twilio, forgedTwilio]] as const) {
        const answer = await handler(event as never);
        if (answer.statusCode !== 401) throw new Error(`the forged ${name} request was answered ${answer.statusCode}, not 401`);
    }
    // The most parameters Twilio requests may have (MAX_SIGNED_PARAMS - 1), each ~1 KB: parsed, sorted, hashed per URL form.
    const wide = Array.from({ length: MAX_SIGNED_PARAMS - 1 }, (_, i) => `P${i}=${"w".repeat(1000)}`).join("&");
    const wideAlb = { ...alb, body: wide };
    const wideGithub = { ...forgedGithub, body: wide };
    const runs = 7;
    const baseline = await cpuMs(runs, () => github(forgedGithub));
    const behindAlb = await cpuMs(runs, () => twilio(alb as never));
    const viaUrl = await cpuMs(runs, () => twilio(forgedTwilio));
    console.log(`unsigned request of ${(bytes / 1e6).toFixed(2)} MB, 100k parameters, CPU per request (least of ${runs}):`);
    console.log(`  forged GitHub (baseline)      ${baseline.toFixed(1)} ms`);
    console.log(`  Twilio behind an ALB          ${behindAlb.toFixed(1)} ms  ${(behindAlb / baseline).toFixed(1)}× (goal ≤ 20×)`);
    console.log(`  Twilio through a function URL ${viaUrl.toFixed(1)} ms  ${(viaUrl / baseline).toFixed(1)}×`);
    const wideBaseline = await cpuMs(runs, () => github(wideGithub));
    const wideTwilio = await cpuMs(runs, () => twilio(wideAlb as never));
    console.log(`unsigned request of ${(Buffer.byteLength(wide) / 1e6).toFixed(2)} MB, ${MAX_SIGNED_PARAMS - 1} parameters (the most a Twilio request is parsed with):`);
    console.log(`  forged GitHub (baseline)      ${wideBaseline.toFixed(1)} ms`);
    console.log(`  Twilio behind an ALB          ${wideTwilio.toFixed(1)} ms  ${(wideTwilio / wideBaseline).toFixed(1)}× (goal ≤ 20×)`);
}
