/**
 * The arguments of a WebhookIngress as users write them, and their defaults; settings.ts checks
 * them and applies the defaults.
 */
import * as pulumi from "@pulumi/pulumi";
import { ALB_MAX_BODY_BYTES, DEFAULT_MAX_ENTRY_BYTES, FUNCTION_URL_MAX_BODY_BYTES } from "../../providers";
import type { GithubRedeliveryArgs } from "./github-redelivery";
import { WebhookHookArgs } from "./hook";
import type { WebhookProvider } from "./providers";

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
