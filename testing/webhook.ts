/**
 * The webhook end of a simulation: a request signed with a test secret goes through the real
 * webhook handler (handlers/webhook, the code bundled into the ingress Lambda), configured with
 * the environment the plan gives that Lambda, with in-memory AWS clients. What it puts on the
 * bus are the exact PutEvents entries the deployed ingress would send.
 *
 * The handler comes from handlers/dist/simulation (the same modules, bundled with the AWS SDK
 * commands they build), loaded on the first simulated request.
 */
import { createHash, createHmac } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { Plan, PlannedResource } from "./plan";
import type { PutEventsEntry } from "./simulate";

/**
 * What this file uses of the handler modules, as handlers/build.mjs bundles them into
 * handlers/dist/simulation. Declared here, not imported: the package's declarations must not
 * pull in the handlers' (which name the AWS SDK and aws-lambda types).
 */
interface HandlerModules {
    loadConfig(env: Record<string, string>): { options: unknown };
    createWebhookHandler(config: { options: unknown }, deps: Record<string, unknown>): (event: never, context: { awsRequestId: string }) => Promise<{ statusCode?: number; body?: string }>;
    expectedSignature(authToken: string, url: string, params: Record<string, string>): string;
}
type ExpectedSignature = HandlerModules["expectedSignature"];

let modules: HandlerModules | undefined;

/** Loads the bundle from the package root (one level up from testing/ in the repository, two from dist/testing/). */
function handlerModules(): HandlerModules {
    const candidates = [path.join(__dirname, "..", "handlers", "dist", "simulation", "index.js"), path.join(__dirname, "..", "..", "handlers", "dist", "simulation", "index.js")];
    const bundle = candidates.find((file) => fs.existsSync(file));
    if (!bundle) {
        throw new Error("simulate: the webhook handler bundle handlers/dist/simulation is missing; run `npm run build:handlers` (the package ships it built).");
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (modules ??= require(bundle) as HandlerModules);
}

/** Providers whose requests can be signed here. */
export const SIMULATED_PROVIDERS = ["github", "stripe", "twilio"] as const;
export type SimulatedProvider = typeof SIMULATED_PROVIDERS[number];

export interface WebhookRequestOptions {
    /** A built-in sample of the provider, by name (see {@link webhookSamples}); default its first. */
    readonly sample?: string;
    /** GitHub: the `X-GitHub-Event` to send `body` as. */
    readonly event?: string;
    /** Your own delivery instead of a sample: GitHub's JSON payload, Stripe's event object, Twilio's form fields. */
    readonly body?: Record<string, unknown>;
    /** The ingress to use when the stack has several for the provider (its WebhookIngress name). */
    readonly ingress?: string;
    /** The signing secret used on both sides (default a fixed test secret: it never leaves the process). */
    readonly secret?: string;
    /** The clock the handler and the signature use (default 2026-11-30T08:00:00Z). */
    readonly now?: number;
}

/** What the ingress answered and put on the bus. */
export interface WebhookResult {
    readonly provider: SimulatedProvider;
    /** The WebhookIngress the request went to. */
    readonly ingress: string;
    /** The handler's HTTP status (200 once every entry is on the bus). */
    readonly status: number;
    readonly responseBody: string;
    /** The PutEvents entries, exactly as the handler sent them. */
    readonly entries: readonly PutEventsEntry[];
    /** Raw deliveries the handler stored in S3 (the Bird flow, and payloads too large for an event). */
    readonly objects: readonly { bucket: string; key: string; body: string }[];
    /** The handler's clock when it received the request (ms since the epoch). */
    readonly receivedAt: number;
}

const TEST_SECRET = "eventbridge-kit-simulation-secret";
const DEFAULT_NOW = Date.parse("2026-11-30T08:00:00Z");
const HOST = "simulated.lambda-url.us-east-1.on.aws";

/** Built-in deliveries per provider, by sample name; the first is the default. */
export const webhookSamples: Record<SimulatedProvider, Record<string, { event?: string; body: Record<string, unknown> }>> = {
    github: {
        push: {
            event: "push",
            body: {
                ref: "refs/heads/main",
                before: "0000000000000000000000000000000000000000",
                after: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
                repository: { id: 1296269, full_name: "octocat/Hello-World", default_branch: "main" },
                pusher: { name: "octocat" },
                commits: [{ id: "6113728f27ae82c7b1a177c8d03f9e96e0adf246", message: "Add retries" }],
            },
        },
        "pull_request.opened": {
            event: "pull_request",
            body: {
                action: "opened",
                number: 42,
                pull_request: { number: 42, draft: false, title: "Add retries", state: "open" },
                repository: { id: 1296269, full_name: "octocat/Hello-World" },
            },
        },
    },
    stripe: {
        "payment_intent.succeeded": {
            body: {
                id: "evt_3MtwBwLkdIwHu7ix28a3tqPa",
                object: "event",
                api_version: "2024-06-20",
                created: 1680064028,
                type: "payment_intent.succeeded",
                livemode: false,
                data: { object: { id: "pi_3MtwBwLkdIwHu7ix28a3tqPa", object: "payment_intent", amount: 2000, currency: "usd", status: "succeeded" } },
            },
        },
    },
    twilio: {
        failed: {
            body: { MessageSid: "SM0123456789abcdef0123456789abcdef", MessageStatus: "failed", ErrorCode: "30007", To: "+15558675310", From: "+15017122661", AccountSid: "AC0123456789abcdef0123456789abcdef" },
        },
        delivered: {
            body: { MessageSid: "SM0123456789abcdef0123456789abcdef", MessageStatus: "delivered", To: "+15558675310", From: "+15017122661", AccountSid: "AC0123456789abcdef0123456789abcdef" },
        },
    },
};

/**
 * Sends one signed request for `provider` through the real webhook handler, configured as the
 * plan configures the ingress's Lambda, and returns the entries it puts on the bus.
 */
export async function webhookDelivery(plan: Plan, provider: string, options: WebhookRequestOptions = {}): Promise<WebhookResult> {
    if (!(SIMULATED_PROVIDERS as readonly string[]).includes(provider)) {
        throw new Error(`simulate: cannot sign ${provider} requests; use one of ${SIMULATED_PROVIDERS.join(", ")}, or simulate the event itself.`);
    }
    const name = provider as SimulatedProvider;
    const { ingress, env } = ingressOf(plan, name, options.ingress);
    const secret = options.secret ?? TEST_SECRET;
    const now = options.now ?? DEFAULT_NOW;
    const samples = webhookSamples[name];
    const sampleName = options.sample ?? Object.keys(samples)[0];
    const sample = samples[sampleName];
    if (!sample && !options.body) {
        throw new Error(`simulate: no ${name} sample "${sampleName}"; samples: ${Object.keys(samples).join(", ")}.`);
    }
    const body = options.body ?? sample.body;
    const { createWebhookHandler, loadConfig, expectedSignature } = handlerModules();
    const config = loadConfig(env);
    const request = signedRequest(expectedSignature, name, options.event ?? sample?.event ?? "push", body, secret, now,
        name === "twilio" ? (config.options as { publicUrl?: string }).publicUrl : undefined);

    const entries: PutEventsEntry[] = [];
    const objects: { bucket: string; key: string; body: string }[] = [];
    // The bundle carries its own SDK command classes: commands are told apart by their input.
    const client = (answer: (input: Record<string, any>) => unknown) => () => ({ send: async (command: { input: Record<string, any> }) => answer(command.input) }) as never;
    const handler = createWebhookHandler(config, {
        eventBridge: client((input) => {
            if (!Array.isArray(input.Entries)) throw new Error("unexpected EventBridge call");
            const sent: PutEventsEntry[] = input.Entries;
            entries.push(...sent);
            return { FailedEntryCount: 0, Entries: sent.map((_, i) => ({ EventId: `simulated-${entries.length - sent.length + i + 1}` })) };
        }),
        s3: client((input) => {
            if (input.Key === undefined) throw new Error("unexpected S3 call");
            const { Bucket, Key, Body } = input;
            objects.push({ bucket: String(Bucket), key: String(Key), body: Buffer.isBuffer(Body) ? Body.toString("utf8") : String(Body) });
            return { ETag: '"simulated"' };
        }),
        secretsManager: client((input) => {
            if (input.SecretId === undefined) throw new Error("unexpected Secrets Manager call");
            if (input.VersionStage !== "AWSCURRENT") {
                throw Object.assign(new Error("no previous version"), { name: "ResourceNotFoundException" });
            }
            return { ARN: env.EBK_SECRET_ARN, SecretString: secret, VersionId: "simulated", VersionStages: ["AWSCURRENT"], CreatedDate: new Date(now) };
        }),
        now: () => now,
        sleep: async () => undefined,
        random: () => 0.5,
        logSink: () => undefined,
    });
    const result = await handler(request as never, { awsRequestId: "simulated-request" });
    return { provider: name, ingress, status: result.statusCode ?? 0, responseBody: result.body ?? "", entries, objects, receivedAt: now };
}

/** The ingress Lambda's EBK_* environment, as the plan gives it. */
function ingressOf(plan: Plan, provider: SimulatedProvider, wanted?: string): { ingress: string; env: Record<string, string> } {
    const webhooks = plan.routing.webhooks.filter((w) => w.provider === provider && (!wanted || w.name === wanted));
    const webhook = webhooks[0];
    if (!webhook) {
        const present = plan.routing.webhooks.map((w) => `${w.name} (${w.provider ?? "?"})`).join(", ") || "none";
        throw new Error(`simulate: the stack has no ${provider} WebhookIngress${wanted ? ` named ${wanted}` : ""} (webhooks: ${present}).`);
    }
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const inside = (r: PlannedResource): boolean => {
        for (let p = r.parent; p; p = byUrn.get(p)?.parent) if (p === webhook.urn) return true;
        return false;
    };
    const fn = plan.resources.find((r) => r.type === "aws:lambda/function:Function" && inside(r) && r.inputs.environment?.variables?.EBK_PROVIDER);
    const variables: Record<string, unknown> = fn?.inputs.environment?.variables ?? {};
    const env = Object.fromEntries(Object.entries(variables).filter((e): e is [string, string] => typeof e[1] === "string"));
    if (!fn || !env.EBK_SECRET_ARN) {
        throw new Error(`simulate: the ${webhook.name} ingress has no handler function with a known configuration in this plan; use a resolved plan (not --preview).`);
    }
    return { ingress: webhook.name, env };
}

/** A function URL request (payload format 2.0) signed as the provider signs it. */
function signedRequest(expectedSignature: ExpectedSignature, provider: SimulatedProvider, event: string, body: Record<string, unknown>, secret: string, now: number, publicUrl?: string): object {
    const headers: Record<string, string> = { host: HOST, "x-forwarded-proto": "https", "user-agent": "eventbridge-kit-simulate" };
    let text: string;
    switch (provider) {
        case "github":
            text = JSON.stringify(body);
            headers["content-type"] = "application/json";
            headers["x-github-event"] = event;
            headers["x-github-delivery"] = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
            headers["x-hub-signature-256"] = `sha256=${createHmac("sha256", secret).update(text).digest("hex")}`;
            break;
        case "stripe": {
            text = JSON.stringify(body);
            const t = Math.floor(now / 1000);
            headers["content-type"] = "application/json; charset=utf-8";
            headers["stripe-signature"] = `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${text}`).digest("hex")}`;
            break;
        }
        case "twilio": {
            const fields = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]));
            text = new URLSearchParams(fields).toString();
            headers["content-type"] = "application/x-www-form-urlencoded";
            headers["i-twilio-idempotency-token"] = createHash("sha256").update(text).digest("hex").slice(0, 32);
            headers["x-twilio-signature"] = expectedSignature(secret, publicUrl ?? `https://${HOST}/`, fields);
            break;
        }
    }
    return {
        version: "2.0",
        routeKey: "$default",
        rawPath: "/",
        rawQueryString: "",
        headers,
        requestContext: {
            accountId: "anonymous",
            apiId: "simulated",
            domainName: HOST,
            domainPrefix: "simulated",
            http: { method: "POST", path: "/", protocol: "HTTP/1.1", sourceIp: "192.0.2.10", userAgent: headers["user-agent"] },
            requestId: "simulated-request",
            routeKey: "$default",
            stage: "$default",
            time: new Date(now).toISOString(),
            timeEpoch: now,
        },
        body: text,
        isBase64Encoded: false,
    };
}
