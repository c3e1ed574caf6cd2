/**
 * The webhook end of a simulation: a request signed with a test secret goes through the real
 * webhook handler (handlers/webhook, the code bundled into the ingress Lambda), configured with
 * the environment the plan gives that Lambda, with in-memory AWS clients. What it puts on the
 * bus are the exact PutEvents entries the deployed ingress would send. With S3 delivery (Bird),
 * the handler stores the raw batch and the real batch processor (handlers/batch-processor),
 * configured as the plan configures its Lambda, turns that object into one entry per record.
 *
 * Both come from handlers/dist/simulation (the same modules, bundled with the AWS SDK commands
 * they build), loaded on the first simulated request.
 */
import { createHash, createHmac } from "crypto";
import * as fs from "fs";
import { Module } from "module";
import * as path from "path";
import { contractVariables, HandlerEnv, isDurableRedriveEnvironment, PROVIDER_NAMES, ProviderName, ProviderOptions } from "../providers";
import { webhookSamples } from "./samples";
import { senderTestSecret, SIGNED_SENDERS, signSenderRequest } from "./sender-signatures";
import type { DurableRedriveRun, Plan, PlannedResource, PutEventsEntry, RoutingRedelivery, SimulatedProvider, WebhookRequestOptions, WebhookResult, WebhookSample } from "./types";

type Handler<E, R> = (event: E, context: { awsRequestId: string }) => Promise<R>;

/**
 * What this file uses of the handler modules, as handlers/build.mjs bundles them into
 * handlers/dist/simulation. Declared here, not imported: the package's declarations must not
 * pull in the handlers' (which name the AWS SDK and aws-lambda types).
 */
interface HandlerModules {
    loadConfig(env: HandlerEnv): { options: ProviderOptions; delivery: { kind: "events" } | { kind: "s3"; bucket: string } };
    /** The webhook handler as its Lambda entry starts it (hook.js loaded through `loadHookModule` when EBK_HOOK=1). */
    webhookHandlerFromEnv(env: HandlerEnv, deps: Record<string, unknown>, loadHookModule?: () => unknown): Handler<never, { statusCode?: number; body?: string }>;
    expectedSignature(authToken: string, url: string, params: Record<string, string>): string;
    batchProcessorFromEnv(env: HandlerEnv, deps: Record<string, unknown>, loadHookModule?: () => unknown): Handler<never, { batches: number; events: number; putEventsCalls: number }>;
    redriveFromEnv(env: Record<string, string>, deps: Record<string, unknown>): Handler<never, DurableRedriveRun>;
}

type ExpectedSignature = HandlerModules["expectedSignature"];

let modules: HandlerModules | undefined;

/** Loads the bundle from the package root (one level up from offline/ in the repository, two from dist/offline/). */
function handlerModules(): HandlerModules {
    const candidates = [path.join(__dirname, "..", "handlers", "dist", "simulation", "index.js"), path.join(__dirname, "..", "..", "handlers", "dist", "simulation", "index.js")];
    const bundle = candidates.find((file) => fs.existsSync(file));
    if (!bundle) {
        throw new Error("simulate: the webhook handler bundle handlers/dist/simulation is missing; run `npm run build:handlers` (the package ships it built).");
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (modules ??= require(bundle) as HandlerModules);
}

/** Providers whose requests can be signed here: every provider WebhookIngress has. */
export const SIMULATED_PROVIDERS: readonly ProviderName[] = PROVIDER_NAMES;
const TEST_SECRET = "eventbridge-kit-simulation-secret";
const DEFAULT_NOW = Date.parse("2026-11-30T08:00:00Z");
const HOST = "simulated.lambda-url.us-east-1.on.aws";
const GITHUB_DELIVERY = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
const BIRD_BATCH = "c5b1c3a0-7f3c-11ef-9a1b-0242ac120002";
const HMAC_DELIVERY = "simulated-delivery-1";

/**
 * Sends one signed request for `provider` through the real webhook handler, configured as the
 * plan configures the ingress's Lambda, and returns the entries put on the bus: by the handler,
 * or (S3 delivery) by the real batch processor, configured as the plan configures it, run on
 * the delivery the handler stored.
 */
export async function webhookDelivery(plan: Plan, provider: string, options: WebhookRequestOptions = {}): Promise<WebhookResult> {
    if (!(SIMULATED_PROVIDERS as readonly string[]).includes(provider)) {
        throw new Error(`simulate: cannot sign ${provider} requests; use one of ${SIMULATED_PROVIDERS.join(", ")}, or simulate the event itself.`);
    }
    const name = provider as SimulatedProvider;
    const { ingress, env, processorEnv, endpoint, webhookFunction, processorFunction, redelivery, redriveFunction } = ingressOf(plan, name, options.ingress);
    const now = options.now ?? DEFAULT_NOW;
    const samples = webhookSamples[name];
    const sampleName = options.sample ?? Object.keys(samples)[0];
    const sample = samples[sampleName];
    if (!sample && !options.body) {
        throw new Error(`simulate: no ${name} sample "${sampleName}"; samples: ${Object.keys(samples).join(", ")}.`);
    }
    const body = options.body ?? sample.body;
    const modules = handlerModules();
    const config = modules.loadConfig(env);
    const secret = options.secret ?? defaultSecret(config.options);
    const signed = signedRequest(modules.expectedSignature, config.options, options.event ?? sample?.event, body, secret, now);
    const request = endpoint === "alb" ? albEvent(signed) : functionUrlEvent(signed, now);

    const aws = new MemoryAws(env.EBK_SECRET_ARN, secret, now);
    aws.outage = options.outage === true;
    // The clock stands still but for the handler's own backoff sleeps, so retries end at their deadline without waiting.
    let slept = 0;
    const deps = { ...aws.clients(), now: () => now + slept, sleep: async (ms: number) => void (slept += ms), random: () => 0.5, logSink: () => undefined };
    const webhookHook = hookOf(webhookFunction, env);
    const processorHook = processorFunction && processorEnv ? hookOf(processorFunction, processorEnv) : undefined;
    const handler = modules.webhookHandlerFromEnv(env, deps, webhookHook.load);
    const result = await withinFunctionTimeout(handler(request as never, { awsRequestId: "simulated-request" }), webhookFunction, ingress);
    const status = result.statusCode ?? 0;
    let batchProcessor: WebhookResult["batchProcessor"];
    const rawBatches = config.delivery.kind === "s3" ? config.delivery.bucket : undefined;
    if (status === 200 && rawBatches !== undefined && processorEnv) {
        // What S3 notifies for each raw delivery the handler stored (keys URL-encoded, as S3 sends them).
        const stored = aws.objects.filter((o) => o.bucket === rawBatches);
        const records = stored.map((o) => ({
            eventSource: "aws:s3", eventName: "ObjectCreated:Put", awsRegion: plan.region,
            s3: { bucket: { name: o.bucket, arn: `arn:aws:s3:::${o.bucket}` }, object: { key: o.key.split("/").map(encodeURIComponent).join("/"), size: o.bytes.length } },
        }));
        try {
            const processor = modules.batchProcessorFromEnv(processorEnv, deps, processorHook?.load);
            batchProcessor = await withinFunctionTimeout(processor({ Records: records } as never, { awsRequestId: "simulated-batch" }), processorFunction!, ingress);
        } catch (err) {
            throw new Error(`simulate: the ${ingress} batch processor failed on the stored delivery: ${(err as Error).message}`);
        }
    }
    const durable = aws.outage && status === 200 && env.EBK_DURABLE_BUCKET && redriveFunction
        ? await redriveStored(modules, aws, redriveFunction, env.EBK_DURABLE_BUCKET, deps, ingress, plan.region)
        : undefined;
    return {
        provider: name, ingress, endpoint, status, responseBody: result.body ?? "", entries: aws.entries,
        ...(durable ? { durable } : {}),
        objects: aws.objects.map(({ bucket, key, bytes, metadata }) => ({ bucket, key, body: bytes.toString("utf8"), ...(metadata ? { metadata } : {}) })),
        ...(batchProcessor ? { batchProcessor } : {}),
        receivedAt: now,
        ...hookReport(webhookHook, processorHook),
        ...(redelivery ? { redelivery } : {}),
    };
}

/** After the outage: the real redrive function, configured as the plan configures it, notified of each object the webhook stored. */
async function redriveStored(
    modules: HandlerModules, aws: MemoryAws, fn: PlannedResource, bucket: string, deps: Record<string, unknown>, ingress: string, region: string,
): Promise<NonNullable<WebhookResult["durable"]>> {
    aws.outage = false;
    const variables: Record<string, unknown> = fn.inputs.environment?.variables ?? {};
    const env = Object.fromEntries(Object.entries(variables).filter((e): e is [string, string] => typeof e[1] === "string"));
    const stored = aws.objects.filter((o) => o.bucket === bucket).map((o) => o.key);
    const records = stored.map((key) => ({
        eventSource: "aws:s3", eventName: "ObjectCreated:Put", awsRegion: region,
        s3: { bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` }, object: { key: key.split("/").map(encodeURIComponent).join("/") } },
    }));
    try {
        const redrive = modules.redriveFromEnv(env, { ...deps, metricSink: () => undefined });
        const run = await withinFunctionTimeout(redrive({ Records: records } as never, { awsRequestId: "simulated-redrive" }), fn, ingress);
        return { redrive: fn.name, stored, run };
    } catch (err) {
        throw new Error(`simulate: the ${ingress} redrive function failed on the stored entries: ${(err as Error).message}`);
    }
}

/**
 * The handler's answer, or an error once the function's own timeout has passed (in real time:
 * the simulation's clock stands still). Only a hook can keep the in-memory handler waiting;
 * deployed, Lambda would end the invocation and the provider redeliver.
 */
async function withinFunctionTimeout<T>(running: Promise<T>, fn: PlannedResource, ingress: string): Promise<T> {
    const seconds = typeof fn.inputs.timeout === "number" ? fn.inputs.timeout : 3;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(
            `simulate: the ${ingress} ${fn.name} function did not finish within its ${seconds} s timeout (is its hook waiting on something that never answers?); ` +
            "deployed, Lambda ends the invocation and the provider redelivers.",
        )), seconds * 1000);
    });
    try {
        return await Promise.race([running, timedOut]);
    } finally {
        clearTimeout(timer);
    }
}

/** A function's hook: how to load the bundled hook.js the plan gives it, or why it cannot run here. */
interface HookPlan {
    /** Absent when the function runs no hook, or its hook cannot be run. */
    readonly load?: () => unknown;
    readonly note?: string;
}

/** Where the Lambda runtime puts the archive: the hook's `__dirname` and `__filename` are as deployed. */
const LAMBDA_TASK_ROOT = "/var/task";

/**
 * The hook a function of the ingress runs when deployed: the `hook.js` text of its code archive
 * (offline/plan.ts keeps it), when the archive is this package's handler bundle (the code
 * simulated here) and EBK_HOOK=1 tells the handler to load it.
 */
function hookOf(fn: PlannedResource, env: HandlerEnv): HookPlan {
    const code = fn.inputs.code;
    if (typeof code?.bundle !== "string") {
        const why = code && typeof code === "object" && "archive" in code
            ? `the ${fn.name} function's code is the program's own archive (handlerArchive: ${code.archive}), not this package's handler, so any hook.js in it is unknown; the request went through this package's handler without a hook`
            : `the ${fn.name} function's code is not known in this plan (a preview plan?); the request went through this package's handler without a hook`;
        return { note: `not simulated: ${why}` };
    }
    if (env.EBK_HOOK !== "1") return {};
    const text = code["hook.js"];
    if (typeof text !== "string") {
        return { note: `not simulated: the ${fn.name} function loads hook.js (EBK_HOOK=1), but its code is not in this plan; the events went through without it` };
    }
    return { load: () => compileHook(text), note: `simulated: the bundled hook.js of the ${fn.name} function` };
}

/**
 * A fresh CommonJS module from the bundled hook's text, as the Lambda runtime loads the file
 * beside index.js: nothing written to disk, nothing cached in require.cache, and no
 * node_modules to resolve from (the bundle carries its imports; builtins still load).
 */
function compileHook(text: string): unknown {
    const filename = path.posix.join(LAMBDA_TASK_ROOT, "hook.js");
    const hookModule = new Module(filename);
    hookModule.filename = filename;
    hookModule.paths = [];
    (hookModule as unknown as { _compile(content: string, filename: string): void })._compile(text, filename);
    return hookModule.exports;
}

/** What the result says of the hook: the function that runs it with events decides (the batch processor with S3 delivery). */
function hookReport(webhook: HookPlan, processor: HookPlan | undefined): { hook?: string } {
    const notes = [webhook.note, processor?.note].filter((note): note is string => note !== undefined);
    return notes.length ? { hook: notes.join("; ") } : {};
}

function isSignedSender(kind: ProviderName): kind is (typeof SIGNED_SENDERS)[number] {
    return (SIGNED_SENDERS as readonly string[]).includes(kind);
}

/** The test secret in the shape the provider's secret has (Bird basic auth: a username and password). */
function defaultSecret(options: ProviderOptions): string {
    if (options.kind === "bird" && options.auth === "basic") return JSON.stringify({ username: "eventbridge-kit", password: TEST_SECRET });
    return isSignedSender(options.kind) ? senderTestSecret(options.kind, TEST_SECRET) : TEST_SECRET;
}

/**
 * EventBridge, S3 and Secrets Manager in memory, as the handlers use them. The bundle carries
 * its own SDK command classes: commands are told apart by their input.
 */
class MemoryAws {
    readonly entries: PutEventsEntry[] = [];
    readonly objects: { bucket: string; key: string; bytes: Buffer; metadata?: Record<string, string> }[] = [];
    /** While set, PutEvents confirms no entry (an EventBridge outage). */
    outage = false;

    constructor(private readonly secretArn: string, private readonly secret: string, private readonly now: number) {}

    clients(): Record<"eventBridge" | "s3" | "secretsManager" | "sqs", () => never> {
        const client = (answer: (input: Record<string, any>) => unknown) => () => ({ send: async (command: { input: Record<string, any> }) => answer(command.input) }) as never;
        return {
            eventBridge: client((input) => this.putEvents(input)),
            // (A DeleteObject reads as a GetObject here: the redrive ignores its answer, and the simulation keeps what was stored.)
            s3: client((input) => ("Body" in input ? this.putObject(input) : "Prefix" in input ? { Contents: [] } : this.getObject(input))),
            sqs: client(() => ({ MessageId: "simulated" })),
            secretsManager: client((input) => {
                if (input.SecretId === undefined) throw new Error("unexpected Secrets Manager call");
                if (input.VersionStage !== "AWSCURRENT") {
                    throw Object.assign(new Error("no previous version"), { name: "ResourceNotFoundException" });
                }
                return { ARN: this.secretArn, SecretString: this.secret, VersionId: "simulated", VersionStages: ["AWSCURRENT"], CreatedDate: new Date(this.now) };
            }),
        };
    }

    private putEvents(input: Record<string, any>): unknown {
        if (!Array.isArray(input.Entries)) throw new Error("unexpected EventBridge call");
        const sent: PutEventsEntry[] = input.Entries;
        if (this.outage) {
            return { FailedEntryCount: sent.length, Entries: sent.map(() => ({ ErrorCode: "InternalFailure", ErrorMessage: "simulated EventBridge outage" })) };
        }
        this.entries.push(...sent);
        return { FailedEntryCount: 0, Entries: sent.map((_, i) => ({ EventId: `simulated-${this.entries.length - sent.length + i + 1}` })) };
    }

    private putObject(input: Record<string, any>): unknown {
        const { Bucket, Key, Body, Metadata } = input;
        const bytes = typeof Body === "string" ? Buffer.from(Body, "utf8") : Buffer.from(Body as Uint8Array);
        this.objects.push({ bucket: String(Bucket), key: String(Key), bytes, ...(Metadata ? { metadata: { ...Metadata } } : {}) });
        return { ETag: '"simulated"' };
    }

    private getObject(input: Record<string, any>): unknown {
        const found = [...this.objects].reverse().find((o) => o.bucket === input.Bucket && o.key === input.Key);
        if (!found) throw Object.assign(new Error(`NoSuchKey: s3://${input.Bucket}/${input.Key}`), { name: "NoSuchKey" });
        return { Body: { transformToByteArray: async () => new Uint8Array(found.bytes) }, Metadata: found.metadata, ContentLength: found.bytes.length };
    }
}

/** The EBK_* environment the plan gives the ingress's webhook Lambda, and its batch processor's (S3 delivery). */
function ingressOf(plan: Plan, provider: SimulatedProvider, wanted?: string): {
    ingress: string; env: HandlerEnv & { readonly EBK_SECRET_ARN: string }; processorEnv?: HandlerEnv; endpoint: WebhookResult["endpoint"];
    webhookFunction: PlannedResource; processorFunction?: PlannedResource; redelivery?: RoutingRedelivery; redriveFunction?: PlannedResource;
} {
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
    const functions = plan.resources.filter((r) => r.type === "aws:lambda/function:Function" && inside(r));
    const environment = (fn: PlannedResource | undefined): HandlerEnv | undefined => {
        const variables: Record<string, unknown> | undefined = fn?.inputs.environment?.variables;
        return variables && Object.fromEntries(Object.entries(variables).filter((e): e is [string, string] => typeof e[1] === "string"));
    };
    const variablesOf = (r: PlannedResource) => contractVariables(r.inputs.environment?.variables);
    const webhookFunction = functions.find((r) => variablesOf(r).EBK_PROVIDER);
    const env = environment(webhookFunction);
    if (!webhookFunction || !env?.EBK_SECRET_ARN) {
        throw new Error(`simulate: the ${webhook.name} ingress has no handler function with a known configuration in this plan; use a resolved plan (not --preview).`);
    }
    // The batch processor: the other function of the ingress that puts events (it has no provider of its own).
    const isRedrive = (r: PlannedResource): boolean => isDurableRedriveEnvironment(r.inputs.environment?.variables);
    const processorFunction = functions.find((r) => !variablesOf(r).EBK_PROVIDER && variablesOf(r).EBK_EVENT_BUS_NAME && !isRedrive(r));
    // Durable acceptance: the function that sends stored entries on.
    const redriveFunction = functions.find(isRedrive);
    const processorEnv = environment(processorFunction);
    const endpoint = plan.resources.some((r) => r.type === "aws:lb/targetGroup:TargetGroup" && inside(r)) ? "alb" : "functionUrl";
    return {
        ingress: webhook.name, env: { ...env, EBK_SECRET_ARN: env.EBK_SECRET_ARN }, endpoint, webhookFunction,
        ...(processorEnv && processorFunction ? { processorEnv, processorFunction } : {}),
        ...(webhook.redelivery ? { redelivery: webhook.redelivery } : {}),
        ...(redriveFunction ? { redriveFunction } : {}),
    };
}

/** `username:password` from a Bird basic-auth secret (JSON, as the ingress stores it). */
function basicCredentials(secret: string): string {
    let parsed: { username?: unknown; password?: unknown } | undefined;
    try {
        parsed = JSON.parse(secret);
    } catch {
        // Reported below.
    }
    if (typeof parsed?.username !== "string" || typeof parsed.password !== "string") {
        throw new Error('simulate: the secret of a Bird ingress with basic auth is JSON {"username": "...", "password": "..."}; pass secret in that shape.');
    }
    return `${parsed.username}:${parsed.password}`;
}

/** The headers and body of a POST signed as the provider signs it. */
function signedRequest(
    expectedSignature: ExpectedSignature, options: ProviderOptions, event: string | undefined, body: WebhookSample["body"], secret: string, now: number,
): { headers: Record<string, string>; body: string } {
    const headers: Record<string, string> = { host: HOST, "x-forwarded-proto": "https", "user-agent": "eventbridge-kit-simulate" };
    let text = JSON.stringify(body);
    headers["content-type"] = "application/json";
    switch (options.kind) {
        case "github":
            // Sent as the ingress is configured to read it (the hook's content type).
            if (options.contentType === "form") {
                text = `payload=${encodeURIComponent(text)}`;
                headers["content-type"] = "application/x-www-form-urlencoded";
            }
            headers["x-github-event"] = event ?? "push";
            headers["x-github-delivery"] = GITHUB_DELIVERY;
            headers["x-hub-signature-256"] = `sha256=${createHmac("sha256", secret).update(text).digest("hex")}`;
            break;
        case "stripe": {
            const t = Math.floor(now / 1000);
            headers["content-type"] = "application/json; charset=utf-8";
            headers["stripe-signature"] = `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${text}`).digest("hex")}`;
            break;
        }
        case "twilio": {
            if (Array.isArray(body)) throw new Error("simulate: a Twilio request body is form fields (an object), not an array.");
            const fields = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]));
            text = new URLSearchParams(fields).toString();
            headers["content-type"] = "application/x-www-form-urlencoded";
            headers["i-twilio-idempotency-token"] = createHash("sha256").update(text).digest("hex").slice(0, 32);
            headers["x-twilio-signature"] = expectedSignature(secret, options.publicUrl ?? `https://${HOST}/`, fields);
            break;
        }
        case "bird": {
            // Bird sends the credentials configured on the webhook: basic auth, or an OAuth bearer token.
            headers.authorization = options.auth === "basic" ? `Basic ${Buffer.from(basicCredentials(secret)).toString("base64")}` : `Bearer ${secret}`;
            headers["x-messagesystems-batch-id"] = BIRD_BATCH;
            break;
        }
        case "hmac": {
            // Sent as the ingress is configured to read it: text as it is, form fields from an object.
            if (options.contentType === "text") {
                text = typeof body === "string" ? body : text;
                headers["content-type"] = "text/plain; charset=utf-8";
            } else if (options.contentType === "form" && typeof body === "object" && body !== null && !Array.isArray(body)) {
                text = new URLSearchParams(Object.entries(body).map(([k, v]): [string, string] => [k, String(v)])).toString();
                headers["content-type"] = "application/x-www-form-urlencoded";
            }
            const mac = createHmac(options.algorithm, secret);
            if (options.timestampHeader) {
                const t = String(Math.floor(now / 1000));
                headers[options.timestampHeader] = t;
                mac.update(`${t}.`);
            }
            headers[options.header] = options.prefix + mac.update(text).digest(options.encoding);
            if (options.detailTypeHeader && event) headers[options.detailTypeHeader] = event;
            if (options.deliveryIdHeader) headers[options.deliveryIdHeader] = HMAC_DELIVERY;
            break;
        }
        default:
            signSenderRequest(options.kind, headers, text, secret, now, event, HMAC_DELIVERY);
    }
    return { headers, body: text };
}

/** The request as a function URL delivers it (payload format 2.0). */
function functionUrlEvent({ headers, body }: { headers: Record<string, string>; body: string }, now: number): object {
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
        body,
        isBase64Encoded: false,
    };
}

/** The request as an ALB delivers it to a Lambda target (multi-value headers off). */
function albEvent({ headers, body }: { headers: Record<string, string>; body: string }): object {
    return {
        requestContext: { elb: { targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/simulated/0123456789abcdef" } },
        httpMethod: "POST",
        path: "/",
        queryStringParameters: {},
        headers: { ...headers, "x-forwarded-port": "443", "x-forwarded-for": "192.0.2.10" },
        body,
        isBase64Encoded: false,
    };
}
