import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { providers, WebhookIngress as WebhookIngressComponent } from "../components";
import type { WebhookIngressArgs as ComponentArgs, WebhookProvider } from "../components";
import type { WebhookAlarmArgs, WebhookDeliveryArgs, WebhookEndpointArgs, WebhookSecretArgs } from "../components/ingress/args";
import type { StandardWebhooksProviderArgs, StripeProviderArgs, TwilioProviderArgs } from "../components/ingress/providers";
import { Fail, failFor } from "../components/errors";
import { built, defined, onlyMember, plainValue } from "./shapes";

/** GitHub's options: `github: {}` for a JSON hook. */
export interface GithubProviderShape {
    /**
     * The webhook's content type as set on GitHub: `json` or `form` (the JSON in one `payload`
     * field). Never taken from the request's unsigned Content-Type header.
     * @default "json"
     */
    readonly contentType?: string;
}

/** A sender that takes no options: `slack: {}`, `shopify: {}`, `gitlab: {}`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NoOptionsProviderShape {}

/** Basic authentication configured on the Bird webhook. */
export interface BirdBasicAuthShape {
    /** The user name (no ":"). */
    readonly username: string;
    /** The password, kept secret. */
    readonly password: pulumi.Input<string>;
}

/** An OAuth2 bearer token configured on the Bird webhook. */
export interface BirdBearerAuthShape {
    /** The token, kept secret. */
    readonly token: pulumi.Input<string>;
}

/** Bird's credentials, stored in a Secrets Manager secret the component creates; or only their kind, when they already live in `secret.secretArn`. */
export interface BirdProviderShape {
    /**
     * Basic authentication: the user name and password configured on the Bird webhook.
     * @default none
     */
    readonly basic?: BirdBasicAuthShape;
    /**
     * An OAuth2 bearer token configured on the Bird webhook.
     * @default none
     */
    readonly bearer?: BirdBearerAuthShape;
    /**
     * `"basic"` or `"bearer"` when the credentials already live in the secret passed as `secret.secretArn`
     * (basic: JSON `{"username","password"}`; bearer: the token as plain text).
     * @default none: `basic` or `bearer` is required
     */
    readonly existingSecretAuth?: string;
}

/** How any HMAC-signing sender signs its requests. */
export interface HmacProviderShape {
    /** The request header carrying the signature, e.g. `X-Signature`. */
    readonly header: string;
    /** The hash function the sender uses, as it documents: `sha1`, `sha256` or `sha512`. */
    readonly algorithm: string;
    /** How the sender writes the signature: `hex` or `base64`. */
    readonly encoding: string;
    /**
     * Text before the signature in the header, e.g. `sha256=`.
     * @default none
     */
    readonly prefix?: string;
    /**
     * A header with a signed Unix timestamp (signature over `timestamp.body`), to refuse replays.
     * @default none: the signature covers the body alone
     */
    readonly timestampHeader?: string;
    /**
     * How far that timestamp may be from now, in seconds; needs `timestampHeader`.
     * @default 300
     */
    readonly toleranceSeconds?: number;
    /**
     * The events' `source`.
     * @default "webhook.hmac"
     */
    readonly source?: string;
    /**
     * A header whose value becomes the detail-type.
     * @default none: every event's detail-type is "webhook"
     */
    readonly detailTypeHeader?: string;
    /**
     * A header with the sender's delivery id, carried into the event metadata.
     * @default none: the Lambda request id is the delivery id
     */
    readonly deliveryIdHeader?: string;
    /**
     * How the sender encodes its body: `json`, `form` (each field a payload field) or `text`.
     * Never taken from the request's unsigned Content-Type header.
     * @default "json"
     */
    readonly contentType?: string;
}

/** Who sends the webhooks: set exactly one member (e.g. `github: {}`). */
export interface WebhookProviderShape {
    /**
     * GitHub (`X-Hub-Signature-256`); takes no options.
     * @default none
     */
    readonly github?: GithubProviderShape;
    /**
     * Twilio (`X-Twilio-Signature` over the URL and parameters).
     * @default none
     */
    readonly twilio?: TwilioProviderArgs;
    /**
     * Stripe (`Stripe-Signature` with a signed timestamp).
     * @default none
     */
    readonly stripe?: StripeProviderArgs;
    /**
     * Bird / SparkPost event batches (basic or bearer authentication).
     * @default none
     */
    readonly bird?: BirdProviderShape;
    /**
     * Any sender that signs with an HMAC in a header.
     * @default none
     */
    readonly hmac?: HmacProviderShape;
    /**
     * Standard Webhooks / Svix (`webhook-signature`: v1 HMAC or v1a ed25519 over id, timestamp and body).
     * @default none
     */
    readonly standardWebhooks?: StandardWebhooksProviderArgs;
    /**
     * Slack (`X-Slack-Signature` v0, with the url_verification challenge answered); takes no options.
     * @default none
     */
    readonly slack?: NoOptionsProviderShape;
    /**
     * Shopify (`X-Shopify-Hmac-Sha256`); takes no options.
     * @default none
     */
    readonly shopify?: NoOptionsProviderShape;
    /**
     * GitLab (`X-Gitlab-Token`, a shared token, not a signature); takes no options.
     * @default none
     */
    readonly gitlab?: NoOptionsProviderShape;
}

/** The signing secret: `value` (stored in a new Secrets Manager secret) or `secretArn` (an existing secret). */
export interface WebhookSecretShape {
    /**
     * The secret itself, kept secret (e.g. a secret config value); stored encrypted, never in the function's configuration.
     * @default none
     */
    readonly value?: pulumi.Input<string>;
    /**
     * The full ARN (with its six-character suffix) of an existing secret holding the value as plain text.
     * @default none
     */
    readonly secretArn?: pulumi.Input<string>;
    /**
     * A customer-managed KMS key the secret is (or is to be) encrypted with.
     * @default the account's `aws/secretsmanager` key
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
}

/** An S3 bucket and key prefix. */
export interface BucketPrefixShape {
    /** The bucket's name. */
    readonly bucket: pulumi.Input<string>;
    /**
     * Key prefix: empty or ending with "/".
     * @default ""
     */
    readonly prefix?: string;
}

/** Store each raw delivery in S3 before answering the provider. */
export interface S3DeliveryShape extends BucketPrefixShape {
    /**
     * Emit one event per record from each stored batch (through the batch processor); false only stores them.
     * @default true
     */
    readonly emitEvents?: boolean;
}

/** An internet-facing Application Load Balancer with an HTTPS listener on 443 in front of the function. */
export interface AlbEndpointShape {
    /** The VPC the load balancer lives in. */
    readonly vpcId: pulumi.Input<string>;
    /** Its public subnets, in two or more zones. */
    readonly publicSubnetIds: pulumi.Input<string>[];
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

/** The ingress's alarms (5xx answers, signature failures, errors, throttles, dead-letter queue) and where they notify. */
export interface WebhookAlarmsShape {
    /**
     * False creates no alarms.
     * @default true
     */
    readonly enabled?: boolean;
    /**
     * Where alarms notify (e.g. SNS topic ARNs).
     * @default none (the alarms only change state)
     */
    readonly actions?: pulumi.Input<string>[];
    /**
     * Where they notify when they recover.
     * @default none
     */
    readonly okActions?: pulumi.Input<string>[];
    /**
     * 401 answers in 5 minutes that fire the signature-failure alarm (a secret out of sync with the sender).
     * @default 5
     */
    readonly signatureFailureThreshold?: number;
}

/** The arguments of a WebhookIngress: the provider and its secret, where events go, and how the endpoint runs. */
export interface WebhookIngressArgs {
    /** Who sends the webhooks: set exactly one of `github`, `twilio`, `stripe`, `bird`, `hmac`, `standardWebhooks`, `slack`, `shopify`, `gitlab`. */
    readonly provider: WebhookProviderShape;
    /**
     * The signing secret: `value` (stored in a new Secrets Manager secret) or `secretArn`.
     * @default none: required, except for Bird when `provider.bird` carries the credentials
     */
    readonly secret?: WebhookSecretShape;
    /**
     * The bus events are put on.
     * @default a new bus `<name>-bus` (none when S3 delivery emits no events), unless `eventBusName` is set
     */
    readonly eventBus?: aws.cloudwatch.EventBus;
    /**
     * The bus events are put on, by name or ARN (instead of `eventBus`).
     * @default a new bus `<name>-bus`, unless `eventBus` is set
     */
    readonly eventBusName?: pulumi.Input<string>;
    /**
     * Store raw deliveries in S3 first (then emit events from them) instead of putting events on the bus directly.
     * @default none: events are put on the bus
     */
    readonly s3Delivery?: S3DeliveryShape;
    /**
     * An Application Load Balancer in front of the function instead of a Lambda function URL.
     * @default none: a function URL
     */
    readonly alb?: AlbEndpointShape;
    /**
     * The events' `source` instead of the provider's own (e.g. `com.example.github`).
     * @default the provider's source (`github.com`, `twilio.com`, `stripe.com`, `bird.com`, `webhook.hmac`, `webhook.standard`, `slack.com`, `shopify.com`, `gitlab.com`)
     */
    readonly eventSource?: string;
    /**
     * Where events larger than `maxEntryBytes` are stored, replaced on the bus by a pointer event.
     * @default none: such a request is answered 413
     */
    readonly largeEvents?: BucketPrefixShape;
    /**
     * Path of a TypeScript or JavaScript module exporting `async function enrich(event)` (null drops the event),
     * relative to the Pulumi program's directory; bundled into the handler (needs esbuild).
     * @default no hook
     */
    readonly hookModule?: string;
    /**
     * A replacement for the whole webhook handler code archive (handler `index.handler`, same environment).
     * @default the bundled handler of this package
     */
    readonly handlerArchive?: pulumi.asset.Archive;
    /**
     * Concurrent executions reserved for each function, which also caps them; 0 reserves none.
     * @default 10
     */
    readonly reservedConcurrency?: number;
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
     * The functions' instruction set architecture: `arm64` or `x86_64`.
     * @default "arm64"
     */
    readonly architecture?: string;
    /**
     * Days the functions' logs are kept; one of CloudWatch Logs' retention values.
     * @default 30
     */
    readonly logRetentionDays?: number;
    /**
     * The handlers' log level: `info`, or `debug` to also log each authenticated delivery's headers (signature and authorization headers redacted).
     * @default "info"
     */
    readonly logLevel?: string;
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
     * Alarms on 5xx answers, errors, throttles and the dead-letter queue.
     * @default alarms without actions
     */
    readonly alarms?: WebhookAlarmsShape;
}

const PROVIDERS = ["github", "twilio", "stripe", "bird", "hmac", "standardWebhooks", "slack", "shopify", "gitlab"] as const;

function provider(shape: WebhookProviderShape, fail: Fail): WebhookProvider {
    const kind = onlyMember(shape, "provider", PROVIDERS, fail);
    return built(`provider.${kind}`, fail, (): WebhookProvider => {
        switch (kind) {
            case "github":
                // The content type is checked by providers.github, with the accepted values.
                return providers.github(shape.github as Parameters<typeof providers.github>[0]);
            case "twilio":
                return providers.twilio(shape.twilio);
            case "stripe":
                return providers.stripe(shape.stripe);
            case "bird": {
                const bird = shape.bird!;
                const auth = onlyMember(bird, "provider.bird", ["basic", "bearer", "existingSecretAuth"], fail);
                return providers.bird({ auth: auth === "existingSecretAuth" ? bird.existingSecretAuth as "basic" : auth === "basic" ? { basic: bird.basic! } : { bearer: bird.bearer! } });
            }
            case "hmac":
                // The algorithm and encoding are checked by providers.hmac, with the accepted values.
                return providers.hmac(shape.hmac as Parameters<typeof providers.hmac>[0]);
            case "standardWebhooks":
                return providers.standardWebhooks(shape.standardWebhooks);
            case "slack":
                return providers.slack();
            case "shopify":
                return providers.shopify();
            case "gitlab":
                return providers.gitlab();
        }
    });
}

function secret(shape: WebhookSecretShape | undefined, fail: Fail): WebhookSecretArgs | undefined {
    if (shape === undefined) {
        return undefined;
    }
    const kind = onlyMember(shape, "secret", ["value", "secretArn"], fail);
    const kms = shape.kmsKeyArn !== undefined ? { kmsKeyArn: shape.kmsKeyArn } : {};
    return kind === "value" ? { value: shape.value!, ...kms } : { secretArn: shape.secretArn!, ...kms };
}

function delivery(shape: S3DeliveryShape | undefined): WebhookDeliveryArgs | undefined {
    if (shape === undefined) {
        return undefined;
    }
    return {
        s3: { bucket: shape.bucket, ...(shape.prefix !== undefined ? { prefix: shape.prefix } : {}) },
        ...(shape.emitEvents !== undefined ? { emitEvents: shape.emitEvents } : {}),
    };
}

function endpoint(shape: AlbEndpointShape | undefined): WebhookEndpointArgs | undefined {
    if (shape === undefined) {
        return undefined;
    }
    const { vpcId, publicSubnetIds, ...rest } = shape;
    return { alb: { vpc: { vpcId, publicSubnetIds }, ...rest } };
}

function alarms(shape: WebhookAlarmsShape | undefined): WebhookAlarmArgs | false | undefined {
    if (shape === undefined) {
        return undefined;
    }
    if (shape.enabled === false) {
        return false;
    }
    return {
        ...(shape.actions !== undefined ? { actions: shape.actions } : {}),
        ...(shape.okActions !== undefined ? { okActions: shape.okActions } : {}),
        ...(shape.signatureFailureThreshold !== undefined ? { signatureFailureThreshold: shape.signatureFailureThreshold } : {}),
    };
}

/** The TypeScript API's arguments for the same configuration: the one implementation both front doors share. */
export function webhookIngressArgs(name: string, args: WebhookIngressArgs): ComponentArgs {
    const fail = failFor("WebhookIngress", name);
    if (args.eventBus !== undefined && args.eventBusName !== undefined) {
        fail("eventBus", "and eventBusName are both set.", "Set one of them (or neither, for a new bus).");
    }
    const shape = plainValue(args.provider, "provider", fail);
    return defined<ComponentArgs>({
        provider: provider(shape, fail),
        secret: secret(args.secret, fail),
        eventBus: args.eventBus ?? args.eventBusName,
        delivery: delivery(plainValue(args.s3Delivery, "s3Delivery", fail)),
        endpoint: endpoint(plainValue(args.alb, "alb", fail)),
        eventSource: args.eventSource,
        largeEvents: args.largeEvents,
        hook: args.hookModule !== undefined ? { module: args.hookModule } : undefined,
        handlerArchive: args.handlerArchive,
        reservedConcurrency: args.reservedConcurrency === 0 ? false : args.reservedConcurrency,
        timeoutSeconds: args.timeoutSeconds,
        memorySize: args.memorySize,
        architecture: args.architecture as ComponentArgs["architecture"],
        logRetentionDays: args.logRetentionDays,
        logLevel: args.logLevel as ComponentArgs["logLevel"],
        secretCacheTtlSeconds: args.secretCacheTtlSeconds,
        previousSecretGraceSeconds: args.previousSecretGraceSeconds,
        maxBodyBytes: args.maxBodyBytes,
        maxEntryBytes: args.maxEntryBytes,
        alarms: alarms(args.alarms),
    });
}

/**
 * A public HTTPS endpoint for one webhook provider that verifies every request's signature and
 * turns what it sends into EventBridge events (or stores raw batches in S3 first, then emits
 * them). The multi-language front door of eventbridge-kit's WebhookIngress.
 */
export class WebhookIngress extends pulumi.ComponentResource {
    /** The URL to paste into the provider's webhook settings (for Twilio: `twilioWebhookUrl`). */
    public readonly url: pulumi.Output<string>;
    /** Twilio: the URL to paste into Twilio, with connection overrides that retry a 5xx; unset for other providers. */
    public readonly twilioWebhookUrl: pulumi.Output<string | undefined>;
    /** The webhook handler function's name. */
    public readonly functionName: pulumi.Output<string>;
    /** The name of the bus events are put on; unset when S3 delivery emits no events. */
    public readonly eventBusName: pulumi.Output<string | undefined>;
    /** The ARN of the bus events are put on; unset when S3 delivery emits no events. */
    public readonly eventBusArn: pulumi.Output<string | undefined>;
    /** The secret the handler verifies with (created, or the one given). */
    public readonly secretArn: pulumi.Output<string>;
    /** S3 delivery: the bucket raw deliveries are stored in. */
    public readonly bucket: pulumi.Output<string | undefined>;

    constructor(name: string, args: WebhookIngressArgs, opts?: pulumi.ComponentResourceOptions) {
        const componentArgs = webhookIngressArgs(name, args);
        super("eventbridge-kit:index:WebhookIngress", name, {}, opts);
        const ingress = new WebhookIngressComponent(name, componentArgs, { parent: this });
        this.url = ingress.url;
        this.twilioWebhookUrl = pulumi.output(ingress.twilioWebhookUrl);
        this.functionName = ingress.functionName;
        this.eventBusName = pulumi.output(ingress.eventBusName);
        this.eventBusArn = pulumi.output(ingress.eventBusArn);
        this.secretArn = ingress.secretArn;
        this.bucket = pulumi.output(ingress.bucket);
        this.registerOutputs({
            url: this.url,
            twilioWebhookUrl: this.twilioWebhookUrl,
            functionName: this.functionName,
            eventBusName: this.eventBusName,
            eventBusArn: this.eventBusArn,
            secretArn: this.secretArn,
            bucket: this.bucket,
        });
    }
}
