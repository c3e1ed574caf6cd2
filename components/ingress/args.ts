import * as pulumi from "@pulumi/pulumi";
import { ALB_MAX_BODY_BYTES, DEFAULT_MAX_ENTRY_BYTES, FUNCTION_URL_MAX_BODY_BYTES, PUT_EVENTS_MAX_ENTRY_BYTES } from "../../providers";
import { parseArn } from "../internal/arns";
import { Fail } from "../errors";
import type { GithubRedeliveryArgs } from "./github-redelivery";
import type { DurableAcceptanceSettings } from "./durable-acceptance";
import { resolveDurableAcceptance } from "./durable-settings";
import { WebhookHookArgs } from "./hook";
import { eventSourceProblem, WebhookProvider } from "./providers";
import { TWILIO_DEFAULT_TIMEOUT_SECONDS } from "./twilio-url";

/** An event bus resource (or anything with its name and ARN). */
export interface EventBusLike {
    /** The bus name, as PutEvents takes it. */
    readonly name: pulumi.Input<string>;
    /** The bus ARN, which the function's policy names. */
    readonly arn: pulumi.Input<string>;
}

/** An S3 bucket resource (or anything with its name and ARN). */
export interface BucketLike {
    /** The bucket name. */
    readonly bucket: pulumi.Input<string>;
    /** The bucket ARN, which the function's policy names. */
    readonly arn: pulumi.Input<string>;
}

/** The signing secret: a value to store in a new Secrets Manager secret, or an existing secret. */
export type WebhookSecretArgs =
    | {
        /** The secret itself, e.g. `cfg.requireSecret("githubWebhookSecret")`; stored encrypted, never in the function's configuration. */
        readonly value: pulumi.Input<string>;
        /**
         * A customer-managed KMS key to encrypt it with.
         * @default the account's `aws/secretsmanager` key
         */
        readonly kmsKeyArn?: pulumi.Input<string>;
    }
    | {
        /** The full ARN (with its six-character suffix) of an existing secret holding the value as plain text. */
        readonly secretArn: pulumi.Input<string>;
        /**
         * The customer-managed KMS key the secret is encrypted with, if any: the function may decrypt with it via Secrets Manager only.
         * @default none (the secret uses the account's `aws/secretsmanager` key)
         */
        readonly kmsKeyArn?: pulumi.Input<string>;
    };

/** Where verified deliveries go: `"events"` (put on the bus), or stored raw in S3 first. */
export type WebhookDeliveryArgs =
    | "events"
    | {
        /** Store each raw delivery in S3 before answering the provider. */
        readonly s3: {
            /** The bucket the raw deliveries are written to, keyed by batch or delivery id. */
            readonly bucket: BucketLike | pulumi.Input<string>;
            /** Key prefix: empty or ending with "/" (default ""). */
            readonly prefix?: string;
        };
        /**
         * Emit one event per record from each stored batch (through the batch processor); false only stores them.
         * @default true
         */
        readonly emitEvents?: boolean;
    };

/** The public side of the ingress: a Lambda function URL, or an Application Load Balancer. */
export type WebhookEndpointArgs = "functionUrl" | {
    /** An internet-facing ALB with an HTTPS listener on 443 in front of the function. */
    readonly alb: AlbEndpointArgs;
};

/** An Application Load Balancer endpoint: HTTPS on 443 only, for a domain name the certificate covers. */
export interface AlbEndpointArgs {
    /** The VPC and the public subnets (two or more zones) the load balancer lives in; an awsx.ec2.Vpc fits. */
    readonly vpc: { readonly vpcId: pulumi.Input<string>; readonly publicSubnetIds: pulumi.Input<pulumi.Input<string>[]> };
    /** The host name the provider calls (e.g. `events.example.com`); the certificate covers it. */
    readonly domainName: string;
    /**
     * An ACM certificate for `domainName` in this region.
     * @default a certificate is created and validated by DNS in `hostedZoneId` (one of the two is required)
     */
    readonly certificateArn?: pulumi.Input<string>;
    /**
     * The Route 53 hosted zone of `domainName`: gets an alias A record to the load balancer (and the certificate's validation record).
     * @default no DNS record (point the domain at the load balancer yourself)
     */
    readonly hostedZoneId?: pulumi.Input<string>;
    /**
     * TLS policy of the HTTPS listener.
     * @default "ELBSecurityPolicy-TLS13-1-2-2021-06" (TLS 1.2 and 1.3 only)
     */
    readonly sslPolicy?: string;
}

/** Where the ingress's alarms notify. */
export interface WebhookAlarmArgs {
    /**
     * Where alarms notify (e.g. SNS topic ARNs).
     * @default none (the alarms only change state)
     */
    readonly actions?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Where they notify when they recover.
     * @default none
     */
    readonly okActions?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * 401 answers in 5 minutes that fire the signature-failure alarm (a secret out of sync with the
     * sender); 1 for a low-volume sender, higher where scanners probe the URL.
     * @default 5
     */
    readonly signatureFailureThreshold?: number;
}

/**
 * Durable acceptance: entries PutEvents does not confirm within the sender's deadline are stored in
 * an encrypted, private S3 bucket of the ingress and sent on by a redrive function (see
 * docs/webhook-handlers.md#durable-acceptance).
 */
export interface DurableAcceptanceOptions {
    /**
     * How often the redrive function sweeps the store for entries its first attempt could not deliver, in minutes (1–1440).
     * @default 5
     */
    readonly sweepIntervalMinutes?: number;
    /**
     * Age of the oldest stored entry above which the backlog-age alarm fires, in seconds (at least one sweep interval).
     * @default 3600
     */
    readonly backlogAgeAlarmSeconds?: number;
}

/** The arguments of a {@link WebhookIngress}: the provider and its secret, where events go, and how the endpoint runs. */
export interface WebhookIngressArgs {
    /** Who sends the webhooks: `providers.github()`, `twilio(...)`, `stripe(...)`, `bird(...)` or `hmac(...)`. */
    readonly provider: WebhookProvider;
    /**
     * The signing secret: `{ value }` (stored in a new Secrets Manager secret) or `{ secretArn }`.
     * @default none: required, except for Bird when `providers.bird({ auth })` carries the credentials
     */
    readonly secret?: WebhookSecretArgs;
    /**
     * The bus events are put on: a bus resource, a SafeEventBus, or a bus name or ARN.
     * @default a new bus `<name>-bus` (none when S3 delivery emits no events)
     */
    readonly eventBus?: EventBusLike | pulumi.Input<string>;
    /**
     * `"events"` or `{ s3: { bucket, prefix }, emitEvents }`.
     * @default "events"
     */
    readonly delivery?: WebhookDeliveryArgs;
    /**
     * `"functionUrl"` or `{ alb: { ... } }`.
     * @default "functionUrl"
     */
    readonly endpoint?: WebhookEndpointArgs;
    /**
     * The events' `source` instead of the provider's own (e.g. `com.example.github`).
     * @default the provider's source (`github.com`, `twilio.com`, `stripe.com`, `bird.com`, `webhook.hmac`)
     */
    readonly eventSource?: string;
    /**
     * Where events larger than `maxEntryBytes` are stored, replaced on the bus by a pointer event.
     * @default none: such a request is answered 413
     */
    readonly largeEvents?: { readonly bucket: BucketLike | pulumi.Input<string>; readonly prefix?: string };
    /**
     * Durable acceptance: when PutEvents cannot confirm every event in time (an outage, throttling), the
     * events are stored in an encrypted S3 bucket of the ingress and the delivery is answered 200; a
     * redrive function sends them on. `true`/`{ ... }` turns it on, `false` off; not with S3 delivery.
     * @default on for senders that never retry (GitHub, HMAC), off for Stripe, Bird and Twilio, which retry a 5xx
     */
    readonly durableAcceptance?: boolean | DurableAcceptanceOptions;
    /**
     * A module that enriches or drops each verified event, bundled into the handler (needs esbuild).
     * @default no hook
     */
    readonly hook?: WebhookHookArgs;
    /**
     * A replacement for the whole webhook handler code archive (handler `index.handler`, same environment).
     * @default the bundled handler of this package
     */
    readonly handlerArchive?: pulumi.asset.Archive;
    /**
     * Concurrent executions reserved for each function, which also caps them; false reserves none.
     * @default 10
     */
    readonly reservedConcurrency?: number | false;
    /**
     * Webhook function timeout in seconds; at most one second under the provider's own timeout.
     * @default the provider's timeout minus one second (9 s for GitHub, Stripe, Bird and HMAC); 3 s for Twilio, so retries fit in its 15 s (at most 14 s)
     */
    readonly timeoutSeconds?: number;
    /**
     * Memory of the webhook function in MB.
     * @default 256
     */
    readonly memorySize?: number;
    /**
     * The functions' instruction set architecture.
     * @default "arm64"
     */
    readonly architecture?: "arm64" | "x86_64";
    /**
     * Days the functions' logs are kept; one of CloudWatch Logs' retention values.
     * @default 30
     */
    readonly logRetentionDays?: number;
    /**
     * The handlers' log level: `"debug"` also logs each authenticated delivery's headers (signature and authorization headers redacted).
     * @default "info"
     */
    readonly logLevel?: "info" | "debug";
    /**
     * How long the handler caches the secret, in seconds.
     * @default 300 (the handler's default)
     */
    readonly secretCacheTtlSeconds?: number;
    /**
     * How long the previous secret version is accepted after a rotation, in seconds.
     * @default 3600 (the handler's default)
     */
    readonly previousSecretGraceSeconds?: number;
    /**
     * Largest request body accepted, in bytes; larger requests are refused before any hashing.
     * @default the endpoint's own limit: 6291456 (6 MB) for a function URL, 1048576 (1 MB) for an ALB
     */
    readonly maxBodyBytes?: number;
    /**
     * Largest event sent inline, in bytes as EventBridge counts a PutEvents entry; larger ones go
     * to `largeEvents` (or are answered 413). Lower it to what your targets accept, e.g. 261120
     * for a Step Functions or SNS target (256 KiB less room for the event envelope).
     * @default 1048576 (1 MiB, EventBridge's entry limit)
     */
    readonly maxEntryBytes?: number;
    /**
     * Alarms on 5xx answers, a spike of signature failures (401), errors, throttles and the dead-letter queue; false creates none.
     * @default alarms without actions
     */
    readonly alarms?: WebhookAlarmArgs | false;
    /**
     * GitHub only: a scheduled function that asks GitHub to redeliver, once, each delivery whose attempts all failed (GitHub never retries on its own). See docs/webhook-ingress.md#github-redelivery.
     * @default none
     */
    readonly githubRedelivery?: GithubRedeliveryArgs;
}

/** CloudWatch Logs' accepted retention periods, in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const DEFAULTS = {
    reservedConcurrency: 10,
    memorySize: 256,
    architecture: "arm64",
    logRetentionDays: 30,
    maxBodyBytes: { functionUrl: FUNCTION_URL_MAX_BODY_BYTES, alb: ALB_MAX_BODY_BYTES },
    maxEntryBytes: DEFAULT_MAX_ENTRY_BYTES,
    batchProcessorTimeoutSeconds: 60,
    signatureFailureThreshold: 5,
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
} as const;


/** Arguments after validation, with defaults applied. */
export interface ResolvedSettings {
    readonly timeoutSeconds: number;
    readonly memorySize: number;
    readonly architecture: "arm64" | "x86_64";
    readonly reservedConcurrency?: number;
    readonly logRetentionDays: number;
    readonly maxBodyBytes: number;
    readonly maxEntryBytes: number;
    readonly delivery: "events" | "s3";
    readonly emitEvents: boolean;
    readonly prefix: string;
    readonly largeEventsPrefix: string;
    /** Durable acceptance, when on. */
    readonly durable?: DurableAcceptanceSettings;
}

const isInputString = (value: unknown): value is pulumi.Input<string> => typeof value === "string" || pulumi.Output.isInstance(value);

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const BUS_NAME = /^[/.\-_A-Za-z0-9]{1,256}$/;
const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * Checks every argument that is a plain value (Outputs are checked when they resolve) and
 * applies defaults. Each error names the field, what is wrong and how to fix it.
 */
export function resolveSettings(args: WebhookIngressArgs, fail: Fail): ResolvedSettings {
    const provider = args?.provider;
    if (!provider || typeof provider.name !== "string" || typeof provider.deadlineMs !== "number") {
        fail("provider", "is missing or not from the providers catalogue.",
            "Pass e.g. provider: providers.github() (or twilio(), stripe(), bird({ auth }), hmac({ header, algorithm, encoding })).");
    }
    checkSecret(args, fail);
    if (args.eventBus !== undefined) {
        checkEventBus(args.eventBus, fail);
    }

    const { delivery, prefix, emitEvents } = resolveDelivery(args, fail);
    let largeEventsPrefix = "";
    if (args.largeEvents !== undefined) {
        checkBucket("largeEvents.bucket", args.largeEvents.bucket, fail);
        largeEventsPrefix = checkPrefix("largeEvents.prefix", args.largeEvents.prefix, fail);
        // Only the same resource or the same name is known to be the same bucket before deployment.
        if (delivery !== "events" && args.largeEvents.bucket === delivery.s3.bucket && largeEventsPrefix.startsWith(prefix)) {
            fail("largeEvents.prefix", `"${largeEventsPrefix}" is inside delivery.s3.prefix "${prefix}" of the same bucket: stored events would be processed again as batches.`,
                "Use a prefix outside the delivery prefix, e.g. \"large-events/\".");
        }
    }

    checkEndpoint(args.endpoint, fail);
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
    let reservedConcurrency: number | undefined = DEFAULTS.reservedConcurrency;
    if (args.reservedConcurrency === false) {
        reservedConcurrency = undefined;
    } else if (args.reservedConcurrency !== undefined) {
        reservedConcurrency = args.reservedConcurrency;
        if (!Number.isInteger(reservedConcurrency) || reservedConcurrency < 1) {
            fail("reservedConcurrency", `${JSON.stringify(args.reservedConcurrency)} is not a whole number of at least 1 (0 would refuse every request).`,
                "Use e.g. 10, or false to reserve none.");
        }
    }
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
    const endpointLimit = args.endpoint === undefined || args.endpoint === "functionUrl"
        ? { bytes: DEFAULTS.maxBodyBytes.functionUrl, why: "a function URL passes on at most 6 MB" }
        : { bytes: DEFAULTS.maxBodyBytes.alb, why: "an ALB passes a Lambda target at most 1 MB of body" };
    const maxBodyBytes = byteLimit("maxBodyBytes", args.maxBodyBytes, endpointLimit.bytes, endpointLimit.bytes, endpointLimit.why, fail);
    const maxEntryBytes = byteLimit("maxEntryBytes", args.maxEntryBytes, DEFAULTS.maxEntryBytes, PUT_EVENTS_MAX_ENTRY_BYTES,
        "EventBridge accepts PutEvents entries of at most 1 MiB", fail);
    if (args.alarms !== undefined && args.alarms !== false && (typeof args.alarms !== "object" || args.alarms === null)) {
        fail("alarms", `${JSON.stringify(args.alarms)} is not an alarm setting.`, "Use { actions: [topicArn] }, {} for alarms without actions, or false.");
    }
    const threshold = args.alarms ? args.alarms.signatureFailureThreshold : undefined;
    if (threshold !== undefined && (!Number.isInteger(threshold) || threshold < 1)) {
        fail("alarms.signatureFailureThreshold", `${JSON.stringify(threshold)} is not a whole number of at least 1.`,
            `Use e.g. ${DEFAULTS.signatureFailureThreshold} (401 answers in 5 minutes), or leave it out.`);
    }
    return {
        timeoutSeconds,
        memorySize,
        architecture,
        reservedConcurrency,
        logRetentionDays,
        maxBodyBytes,
        maxEntryBytes,
        delivery: delivery === "events" ? "events" : "s3",
        emitEvents,
        prefix,
        largeEventsPrefix,
        durable: resolveDurableAcceptance(args, delivery === "events" ? "events" : "s3", fail),
    };
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
