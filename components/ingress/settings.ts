/**
 * The WebhookIngress arguments checked and resolved: every argument that is a plain value is
 * checked before anything is registered (Outputs when they resolve), defaults applied.
 */
import * as pulumi from "@pulumi/pulumi";
import { PUT_EVENTS_MAX_ENTRY_BYTES } from "../../providers";
import { parseArn } from "../internal/arns";
import { Fail } from "../errors";
import { AlbEndpointArgs, DEFAULTS, EventBusLike, LOG_RETENTION_DAYS, ResolvedSettings, WebhookDeliveryArgs, WebhookEndpointArgs, WebhookIngressArgs } from "./args";
import { resolveDurableAcceptance } from "./durable-settings";
import { eventSourceProblem, WebhookProvider } from "./provider-checks";
import { TWILIO_DEFAULT_TIMEOUT_SECONDS } from "./twilio-url";

const isInputString = (value: unknown): value is pulumi.Input<string> => typeof value === "string" || pulumi.Output.isInstance(value);

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const BUS_NAME = /^[/.\-_A-Za-z0-9]{1,256}$/;
const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * Checks every argument that is a plain value (Outputs are checked when they resolve) and
 * applies defaults. Each error names the field, what is wrong and how to fix it. The checks run
 * in the order of the arguments' documentation, so the first error reported is the same one
 * whichever other fields are wrong too.
 */
export function resolveSettings(args: WebhookIngressArgs, fail: Fail): ResolvedSettings {
    const provider = checkProvider(args, fail);
    checkSecret(args, fail);
    if (args.eventBus !== undefined) {
        checkEventBus(args.eventBus, fail);
    }
    const { delivery, prefix, emitEvents } = resolveDelivery(args, fail);
    const largeEventsPrefix = checkLargeEvents(args, delivery, prefix, fail);
    checkEndpoint(args.endpoint, fail);
    checkEventSourceAndHook(args, fail);
    const runtime = resolveRuntime(args, provider, fail);
    const logRetentionDays = resolveLogging(args, fail);
    const { maxBodyBytes, maxEntryBytes } = resolveSizeLimits(args, fail);
    checkAlarms(args, fail);
    const deliveryKind = delivery === "events" ? "events" : "s3";
    return {
        ...runtime,
        logRetentionDays,
        maxBodyBytes,
        maxEntryBytes,
        delivery: deliveryKind,
        emitEvents,
        prefix,
        largeEventsPrefix,
        durable: resolveDurableAcceptance(args, deliveryKind, fail),
    };
}

function checkProvider(args: WebhookIngressArgs, fail: Fail): WebhookProvider {
    const provider = args?.provider;
    if (!provider || typeof provider.name !== "string" || typeof provider.deadlineMs !== "number") {
        fail("provider", "is missing or not from the providers catalogue.",
            "Pass e.g. provider: providers.github() (or twilio(), stripe(), bird({ auth }), hmac({ header, algorithm, encoding })).");
    }
    return provider;
}

/** The large-events prefix ("" without large events). */
function checkLargeEvents(args: WebhookIngressArgs, delivery: WebhookDeliveryArgs, prefix: string, fail: Fail): string {
    if (args.largeEvents === undefined) {
        return "";
    }
    checkBucket("largeEvents.bucket", args.largeEvents.bucket, fail);
    const largeEventsPrefix = checkPrefix("largeEvents.prefix", args.largeEvents.prefix, fail);
    // Only the same resource or the same name is known to be the same bucket before deployment.
    if (delivery !== "events" && args.largeEvents.bucket === delivery.s3.bucket && largeEventsPrefix.startsWith(prefix)) {
        fail("largeEvents.prefix", `"${largeEventsPrefix}" is inside delivery.s3.prefix "${prefix}" of the same bucket: stored events would be processed again as batches.`,
            "Use a prefix outside the delivery prefix, e.g. \"large-events/\".");
    }
    return largeEventsPrefix;
}

function checkEventSourceAndHook(args: WebhookIngressArgs, fail: Fail): void {
    if (args.eventSource !== undefined) {
        const problem = eventSourceProblem(args.eventSource);
        if (problem) {
            fail("eventSource", problem, "Use a name such as \"com.example.webhooks\", or leave it out for the provider's own source.");
        }
    }
    if (args.hook !== undefined && args.handlerArchive !== undefined) {
        fail("hook", "and handlerArchive are both set: the replacement archive would drop the hook.",
            "Bundle the hook into your own archive as hook.js (and set EBK_HOOK), or pass only hook.");
    }
}

/** The webhook function's timeout, memory, architecture and reserved concurrency. */
function resolveRuntime(args: WebhookIngressArgs, provider: WebhookProvider, fail: Fail): Pick<ResolvedSettings, "timeoutSeconds" | "memorySize" | "architecture" | "reservedConcurrency"> {
    const maxTimeout = Math.max(1, Math.floor(provider.deadlineMs / 1000) - 1);
    // Twilio: short attempts, so the retries of twilioWebhookUrl fit in Twilio's 15 s.
    const timeoutSeconds = args.timeoutSeconds ?? (provider.name === "twilio" ? TWILIO_DEFAULT_TIMEOUT_SECONDS : maxTimeout);
    if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > maxTimeout) {
        fail("timeoutSeconds", `${JSON.stringify(args.timeoutSeconds)} is not a whole number from 1 to ${maxTimeout}: ${provider.name} gives up after ${provider.deadlineMs / 1000} s, so the function must answer before that.`,
            `Use at most ${maxTimeout}, or leave it out.`);
    }
    const memorySize = args.memorySize ?? DEFAULTS.memorySize;
    if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10_240) {
        fail("memorySize", `${JSON.stringify(args.memorySize)} is not a whole number of MB from 128 to 10240.`, "Use e.g. 256, or leave it out.");
    }
    const architecture = args.architecture ?? DEFAULTS.architecture;
    if (architecture !== "arm64" && architecture !== "x86_64") {
        fail("architecture", `${JSON.stringify(architecture)} is not a Lambda architecture.`, "Use \"arm64\" (default) or \"x86_64\".");
    }
    return { timeoutSeconds, memorySize, architecture, reservedConcurrency: resolveReservedConcurrency(args, fail) };
}

function resolveReservedConcurrency(args: WebhookIngressArgs, fail: Fail): number | undefined {
    if (args.reservedConcurrency === false) {
        return undefined;
    }
    if (args.reservedConcurrency === undefined) {
        return DEFAULTS.reservedConcurrency;
    }
    const reservedConcurrency = args.reservedConcurrency;
    if (!Number.isInteger(reservedConcurrency) || reservedConcurrency < 1) {
        fail("reservedConcurrency", `${JSON.stringify(args.reservedConcurrency)} is not a whole number of at least 1 (0 would refuse every request).`,
            "Use e.g. 10, or false to reserve none.");
    }
    return reservedConcurrency;
}

/** The log retention in days, after checking the log level and the secret cache's timings. */
function resolveLogging(args: WebhookIngressArgs, fail: Fail): number {
    const logRetentionDays = args.logRetentionDays ?? DEFAULTS.logRetentionDays;
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays)) {
        fail("logRetentionDays", `${JSON.stringify(args.logRetentionDays)} is not a retention CloudWatch Logs accepts.`,
            `Use one of ${LOG_RETENTION_DAYS.join(", ")}.`);
    }
    if (args.logLevel !== undefined && args.logLevel !== "info" && args.logLevel !== "debug") {
        fail("logLevel", `${JSON.stringify(args.logLevel)} is not a log level.`, "Use \"info\" (default) or \"debug\".");
    }
    for (const field of ["secretCacheTtlSeconds", "previousSecretGraceSeconds"] as const) {
        const value = args[field];
        if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
            fail(field, `${JSON.stringify(value)} is not a whole number of seconds (0 or more).`, "Use e.g. 300, or leave it out.");
        }
    }
    return logRetentionDays;
}

function resolveSizeLimits(args: WebhookIngressArgs, fail: Fail): { maxBodyBytes: number; maxEntryBytes: number } {
    const endpointLimit = args.endpoint === undefined || args.endpoint === "functionUrl"
        ? { bytes: DEFAULTS.maxBodyBytes.functionUrl, why: "a function URL passes on at most 6 MB" }
        : { bytes: DEFAULTS.maxBodyBytes.alb, why: "an ALB passes a Lambda target at most 1 MB of body" };
    const maxBodyBytes = byteLimit("maxBodyBytes", args.maxBodyBytes, endpointLimit.bytes, endpointLimit.bytes, endpointLimit.why, fail);
    const maxEntryBytes = byteLimit("maxEntryBytes", args.maxEntryBytes, DEFAULTS.maxEntryBytes, PUT_EVENTS_MAX_ENTRY_BYTES,
        "EventBridge accepts PutEvents entries of at most 1 MiB", fail);
    return { maxBodyBytes, maxEntryBytes };
}

function checkAlarms(args: WebhookIngressArgs, fail: Fail): void {
    if (args.alarms !== undefined && args.alarms !== false && (typeof args.alarms !== "object" || args.alarms === null)) {
        fail("alarms", `${JSON.stringify(args.alarms)} is not an alarm setting.`, "Use { actions: [topicArn] }, {} for alarms without actions, or false.");
    }
    const threshold = args.alarms ? args.alarms.signatureFailureThreshold : undefined;
    if (threshold !== undefined && (!Number.isInteger(threshold) || threshold < 1)) {
        fail("alarms.signatureFailureThreshold", `${JSON.stringify(threshold)} is not a whole number of at least 1.`,
            `Use e.g. ${DEFAULTS.signatureFailureThreshold} (401 answers in 5 minutes), or leave it out.`);
    }
}

function byteLimit(field: string, value: number | undefined, fallback: number, max: number, why: string, fail: Fail): number {
    const bytes = value ?? fallback;
    if (!Number.isInteger(bytes) || bytes < 1 || bytes > max) {
        fail(field, `${JSON.stringify(value)} is not a whole number of bytes from 1 to ${max} (${why}).`, `Use e.g. ${fallback}, or leave it out.`);
    }
    return bytes;
}

function checkSecret(args: WebhookIngressArgs, fail: Fail): void {
    const secret = args.secret as Record<string, unknown> | undefined;
    const carried = args.provider.credentials !== undefined;
    if (carried) {
        if (secret !== undefined) {
            fail("secret", `is set, but providers.${args.provider.name}({ auth }) already carries the credentials.`,
                "Remove secret, or pass auth: \"basic\"/\"bearer\" with secret: { secretArn } for credentials you store yourself.");
        }
        return;
    }
    const fix = args.provider.name === "bird"
        ? "Pass the credentials in providers.bird({ auth: { basic: { username, password } } }), or secret: { secretArn } of a secret holding them."
        : "Pass secret: { value: cfg.requireSecret(\"webhookSecret\") } or secret: { secretArn } of an existing secret.";
    if (typeof secret !== "object" || secret === null) {
        fail("secret", `is missing: ${args.provider.name} deliveries cannot be verified without it.`, fix);
    }
    const hasValue = "value" in secret! && secret!.value !== undefined;
    const hasArn = "secretArn" in secret! && secret!.secretArn !== undefined;
    if (hasValue === hasArn) {
        fail("secret", hasValue ? "has both value and secretArn." : "has neither value nor secretArn.", fix);
    }
    if (hasValue) {
        if (args.provider.name === "bird") {
            fail("secret.value", "is not how Bird credentials are given.", fix);
        }
        if (typeof secret!.value === "string") {
            const problem = secret!.value.length === 0 ? "is empty: every signature would fail." : args.provider.secretProblem?.(secret!.value);
            if (problem) {
                fail("secret.value", problem, "Set it with `pulumi config set --secret` and pass cfg.requireSecret(...).");
            }
        }
    } else if (typeof secret!.secretArn === "string") {
        const arn = parseArn(secret!.secretArn);
        if (!arn || arn.service !== "secretsmanager" || !/^secret:.+-[A-Za-z0-9]{6}$/.test(arn.resource)) {
            fail("secret.secretArn", `"${secret!.secretArn}" is not the full ARN of a Secrets Manager secret.`,
                "Copy the secret's ARN, including the six characters after its name (arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf): the function's permission names exactly that ARN.");
        }
    }
    if (secret!.kmsKeyArn !== undefined && typeof secret!.kmsKeyArn === "string" && parseArn(secret!.kmsKeyArn)?.service !== "kms") {
        fail("secret.kmsKeyArn", `"${secret!.kmsKeyArn}" is not a KMS key ARN.`, "Use arn:aws:kms:<region>:<account>:key/<id>.");
    }
}

function checkEventBus(bus: EventBusLike | pulumi.Input<string>, fail: Fail): void {
    if (typeof bus === "string") {
        const arn = parseArn(bus);
        if (arn) {
            if (arn.service !== "events" || !arn.resource.startsWith("event-bus/")) {
                fail("eventBus", `"${bus}" is not an event bus ARN.`, "Use arn:aws:events:<region>:<account>:event-bus/<name>, the bus name, or the bus resource.");
            }
        } else if (!BUS_NAME.test(bus)) {
            fail("eventBus", `"${bus}" is not an event bus name (1–256 of A-Za-z0-9 . - _ /).`, "Pass the bus name, its ARN, or the bus resource.");
        }
        return;
    }
    if (!pulumi.Output.isInstance(bus) && (typeof bus !== "object" || bus === null || !("arn" in bus) || !("name" in bus))) {
        fail("eventBus", "is neither a bus resource nor a bus name or ARN.", "Pass an aws.cloudwatch.EventBus, its name or its ARN.");
    }
}

function checkBucket(field: string, bucket: unknown, fail: Fail): void {
    if (typeof bucket === "string") {
        if (!BUCKET_NAME.test(bucket)) {
            fail(field, `"${bucket}" is not an S3 bucket name.`, "Pass the bucket resource or its name (3–63 of a-z 0-9 . -), not an ARN or URL.");
        }
        return;
    }
    if (!isInputString(bucket) && (typeof bucket !== "object" || bucket === null || !("bucket" in bucket) || !("arn" in bucket))) {
        fail(field, "is neither a bucket resource nor a bucket name.", "Pass an aws.s3.Bucket or its name.");
    }
}

function checkPrefix(field: string, prefix: unknown, fail: Fail): string {
    if (prefix === undefined || prefix === "") {
        return "";
    }
    if (typeof prefix !== "string") {
        fail(field, "must be a plain string: it is part of the function's permissions and the bucket notification.", "Use e.g. \"bird/\".");
    }
    const text = prefix as string;
    if (!text.endsWith("/") || text.startsWith("/") || text.includes("*")) {
        fail(field, `"${text}" must be empty or a key prefix ending with "/" (no leading "/", no "*").`,
            `Use "${text.replace(/^\/+/, "").replace(/\*/g, "").replace(/\/*$/, "")}/".`);
    }
    return text;
}

function checkEndpoint(endpoint: WebhookEndpointArgs | undefined, fail: Fail): void {
    if (endpoint === undefined || endpoint === "functionUrl") {
        return;
    }
    if (typeof endpoint !== "object" || endpoint === null || !("alb" in endpoint) || typeof endpoint.alb !== "object" || endpoint.alb === null) {
        fail("endpoint", `${JSON.stringify(endpoint)} is not an endpoint.`, "Use \"functionUrl\" (default) or { alb: { vpc, domainName, certificateArn or hostedZoneId } }.");
    }
    const alb = (endpoint as { alb: AlbEndpointArgs }).alb;
    if (!alb.vpc || alb.vpc.vpcId === undefined || alb.vpc.publicSubnetIds === undefined) {
        fail("endpoint.alb.vpc", "is missing its vpcId or publicSubnetIds.", "Pass vpc: { vpcId, publicSubnetIds } (an awsx.ec2.Vpc has both).");
    }
    if (typeof alb.domainName !== "string" || !DOMAIN_NAME.test(alb.domainName)) {
        fail("endpoint.alb.domainName", alb.domainName === undefined ? "is missing: the provider must call a name the certificate covers." : `"${alb.domainName}" is not a host name.`,
            "Set it to the host name the provider will call, e.g. \"events.example.com\".");
    }
    if (alb.certificateArn === undefined && alb.hostedZoneId === undefined) {
        fail("endpoint.alb", "has neither certificateArn nor hostedZoneId: the HTTPS listener needs a certificate.",
            "Pass certificateArn (an ACM certificate for the domain), or hostedZoneId so a certificate is created and validated by DNS.");
    }
    if (typeof alb.certificateArn === "string" && parseArn(alb.certificateArn)?.service !== "acm") {
        fail("endpoint.alb.certificateArn", `"${alb.certificateArn}" is not an ACM certificate ARN.`, "Use arn:aws:acm:<region>:<account>:certificate/<id>.");
    }
}

/** Pulumi adds "-" and 7 random characters to the names it generates. */
const AUTO_NAME_SUFFIX_LENGTH = 8;
/** Lambda function and IAM role names: at most 64 characters. */
const MAX_FUNCTION_OR_ROLE_NAME_LENGTH = 64;

/**
 * The component name must be one its functions' and roles' generated names can carry: only
 * `A-Za-z0-9_-`, and room for `<name>-batch-processor-role` plus 8 random characters (the
 * longest). AWS would refuse them at deploy time with a message about a resource the user never named.
 */
export function checkComponentName(name: string, settings: ResolvedSettings, fail: Fail): void {
    // Lambda function names (the strictest of the names generated from it) allow only these.
    const rejected = [...new Set([...name].filter((c) => !/^[A-Za-z0-9_-]$/.test(c)))];
    if (rejected.length > 0) {
        fail("name", `"${name}" contains ${rejected.map((c) => JSON.stringify(c)).join(", ")}: the names generated from it for its Lambda functions allow only A-Za-z0-9_-.`,
            `Use a component name of A-Za-z0-9_- only, such as "${name.replace(/[^A-Za-z0-9_-]/g, "-")}".`);
    }
    const longest = settings.delivery === "s3" && settings.emitEvents ? `${name}-batch-processor-role` : `${name}-webhook-role`;
    const room = MAX_FUNCTION_OR_ROLE_NAME_LENGTH - AUTO_NAME_SUFFIX_LENGTH;
    if (longest.length > room) {
        fail("name", `"${name}" is ${name.length} characters: the generated name of role "${longest}" (plus ${AUTO_NAME_SUFFIX_LENGTH} random characters) would exceed AWS's limit of ${MAX_FUNCTION_OR_ROLE_NAME_LENGTH}.`,
            `Use a component name of at most ${name.length - (longest.length - room)} characters.`);
    }
}

/** Events, or S3 with its bucket, prefix and whether events are emitted afterwards. */
function resolveDelivery(args: WebhookIngressArgs, fail: Fail): { delivery: WebhookDeliveryArgs; prefix: string; emitEvents: boolean } {
    const delivery = args.delivery ?? "events";
    if (delivery === "events") {
        return { delivery, prefix: "", emitEvents: true };
    }
    if (typeof delivery !== "object" || delivery === null || !("s3" in delivery)) {
        fail("delivery", `${JSON.stringify(delivery)} is not a delivery.`, "Use \"events\" or { s3: { bucket, prefix }, emitEvents }.");
    }
    const s3 = (delivery as { s3?: { bucket?: unknown; prefix?: unknown } }).s3;
    if (!s3 || s3.bucket === undefined || s3.bucket === null || s3.bucket === "") {
        fail("delivery.s3.bucket", "is missing: S3 delivery needs a bucket to store raw deliveries in.",
            "Pass delivery: { s3: { bucket: myBucket, prefix: \"bird/\" } } (a bucket resource or name).");
    }
    checkBucket("delivery.s3.bucket", s3.bucket, fail);
    const prefix = checkPrefix("delivery.s3.prefix", s3.prefix, fail);
    const emit = (delivery as { emitEvents?: unknown }).emitEvents;
    if (emit !== undefined && typeof emit !== "boolean") {
        fail("delivery.emitEvents", `${JSON.stringify(emit)} is not a boolean.`, "Use true (emit one event per record) or false (only store batches).");
    }
    const emitEvents = emit !== false;
    if (!emitEvents) {
        const unused: [keyof WebhookIngressArgs, string][] = [
            ["eventBus", "nothing would ever be put on it"],
            ["hook", "no events are emitted for it to see"],
            ["largeEvents", "no events are emitted"],
        ];
        for (const [field, why] of unused) {
            if (args[field] !== undefined) {
                fail(field, `is set, but delivery.emitEvents is false: ${why}.`, `Remove ${field}, or set emitEvents: true.`);
            }
        }
    }
    return { delivery, prefix, emitEvents };
}
