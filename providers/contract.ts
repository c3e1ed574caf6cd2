/**
 * The contract between the WebhookIngress component and the Lambda handlers it deploys, in one
 * place: every `EBK_*` environment variable and what its text holds, the provider options as they
 * travel in `EBK_PROVIDER_OPTIONS` and as the handler reads them, and the components' type
 * tokens. The component writes the environment through `encodeEnvironment`, the handlers read it
 * through `HandlerEnv`, the stack model, the policies and `simulate` read it through the same
 * names, so a misspelt or missing variable or option is a compile error on every side.
 * No Pulumi and no AWS SDK here: the handler bundles import it.
 */

/** The providers the webhook handler can verify (`EBK_PROVIDER`). */
export type ProviderName = "github" | "twilio" | "stripe" | "bird" | "hmac" | "standardWebhooks" | "slack" | "shopify" | "gitlab";

export const PROVIDER_NAMES: readonly ProviderName[] = ["github", "twilio", "stripe", "bird", "hmac", "standardWebhooks", "slack", "shopify", "gitlab"];

/** The Pulumi type tokens of the components (the stack model and the policies find them by these). */
export const COMPONENT_TYPES = {
    webhookIngress: "eventbridge-kit:ingress:WebhookIngress",
    safeRule: "eventbridge-kit:rules:SafeRule",
    apiDestinationTarget: "eventbridge-kit:targets:ApiDestinationTarget",
    apiDestinationConnection: "eventbridge-kit:targets:ApiDestinationConnection",
    safeEventBus: "eventbridge-kit:bus:SafeEventBus",
} as const;

/** The hash function of a generic HMAC signature. */
export type HmacAlgorithm = "sha1" | "sha256" | "sha512";
/** How a generic HMAC signature is written in its header. */
export type HmacEncoding = "hex" | "base64";
/** How Bird authenticates: basic auth, or a bearer token. */
export type BirdAuthKind = "basic" | "bearer";
/** The handlers' log levels. */
export type HandlerLogLevel = "debug" | "info" | "warn" | "error";
/** How the sender encodes its body, as configured on the ingress (never read from the unsigned Content-Type). */
export type BodyContentType = "json" | "form";
/** Where the webhook handler delivers: events on the bus, or the raw delivery in S3. */
export type DeliveryKind = "events" | "s3";

/**
 * The options each provider writes into `EBK_PROVIDER_OPTIONS` (JSON): only what the user set;
 * the handler fills in the defaults (see `ProviderOptions`).
 */
export interface ProviderWireOptions {
    github: { contentType?: BodyContentType };
    twilio: { publicUrl?: string };
    stripe: { toleranceSeconds?: number };
    bird: { auth: BirdAuthKind };
    hmac: {
        header: string;
        algorithm: HmacAlgorithm;
        encoding: HmacEncoding;
        prefix?: string;
        timestampHeader?: string;
        toleranceSeconds?: number;
        source?: string;
        detailTypeHeader?: string;
        deliveryIdHeader?: string;
        contentType?: BodyContentType | "text";
    };
    standardWebhooks: { toleranceSeconds?: number; source?: string };
    slack: Record<string, never>;
    shopify: Record<string, never>;
    gitlab: Record<string, never>;
}

/** The provider options as the handler reads them: defaults filled in, header names lower-cased. */
export interface GithubOptions {
    readonly kind: "github";
    /** The hook's content type: JSON, or a form whose only field `payload` holds the JSON. */
    readonly contentType: BodyContentType;
}
export interface TwilioOptions {
    readonly kind: "twilio";
    /**
     * The URL configured in Twilio, for custom domains and proxies. Without a query string, the
     * request's own query string is appended; with one, it is the exact URL Twilio signs.
     */
    readonly publicUrl?: string;
}
export interface StripeOptions {
    readonly kind: "stripe";
    readonly toleranceSeconds: number;
}
export interface BirdOptions {
    readonly kind: "bird";
    readonly auth: BirdAuthKind;
}
export interface HmacOptions {
    readonly kind: "hmac";
    readonly header: string;
    readonly algorithm: HmacAlgorithm;
    readonly encoding: HmacEncoding;
    readonly prefix: string;
    readonly timestampHeader?: string;
    readonly toleranceSeconds: number;
    readonly source?: string;
    readonly detailTypeHeader?: string;
    readonly deliveryIdHeader?: string;
    /** How the body is read: JSON, form fields, or UTF-8 text. */
    readonly contentType: BodyContentType | "text";
}
export interface StandardWebhooksOptions {
    readonly kind: "standardWebhooks";
    readonly toleranceSeconds: number;
    readonly source?: string;
}
export interface SlackOptions {
    readonly kind: "slack";
}
export interface ShopifyOptions {
    readonly kind: "shopify";
}
export interface GitlabOptions {
    readonly kind: "gitlab";
}
export type ProviderOptions =
    | GithubOptions | TwilioOptions | StripeOptions | BirdOptions | HmacOptions
    | StandardWebhooksOptions | SlackOptions | ShopifyOptions | GitlabOptions;
/** The read options of one provider. */
export type ProviderOptionsOf<N extends ProviderName> = Extract<ProviderOptions, { kind: N }>;

/** A flag variable: present as "1" when on, absent when off. */
export type Flag = true;

/**
 * The variables the webhook handler reads, and what each one's text holds (a number is written
 * in decimal, a flag as "1", the options as JSON). Optional ones the handler defaults.
 */
export interface WebhookHandlerVariables {
    /** Which verifier runs. */
    EBK_PROVIDER: ProviderName;
    /** The provider's non-secret options, as JSON. */
    EBK_PROVIDER_OPTIONS: ProviderWireOptions[ProviderName];
    /** The ARN of the secret holding the signing secret (never the secret itself). */
    EBK_SECRET_ARN: string;
    EBK_DELIVERY: DeliveryKind;
    /** The sender's own deadline, in milliseconds. */
    EBK_DEADLINE_MS: number;
    EBK_MAX_BODY_BYTES: number;
    EBK_MAX_ENTRY_BYTES: number;
    EBK_LOG_LEVEL?: HandlerLogLevel;
    /** The `eventSource` override. */
    EBK_EVENT_SOURCE?: string;
    EBK_SECRET_TTL_SECONDS?: number;
    EBK_PREVIOUS_SECRET_GRACE_SECONDS?: number;
    /** Events delivery: the bus name or ARN. */
    EBK_EVENT_BUS_NAME?: string;
    /** S3 delivery: the raw-batch bucket and key prefix (empty or ending in "/"). */
    EBK_BUCKET?: string;
    EBK_PREFIX?: string;
    /** hook.js is bundled beside index.js and runs on every event before delivery. */
    EBK_HOOK?: Flag;
    /** Where events too large for one PutEvents entry are stored, delivered by pointer. */
    EBK_OVERFLOW_BUCKET?: string;
    EBK_OVERFLOW_PREFIX?: string;
    /** Durable acceptance: the store and prefix where entries EventBridge did not confirm are kept. */
    EBK_DURABLE_BUCKET?: string;
    EBK_DURABLE_PREFIX?: string;
}

/** The variables the durable-acceptance redrive reads (besides the bus and the store above). */
export interface DurableRedriveVariables {
    /** Where entries PutEvents refused for good are kept, and the queue that announces them. */
    EBK_DURABLE_DEAD_LETTER_PREFIX?: string;
    EBK_DEAD_LETTER_QUEUE_URL?: string;
    /** A sweep leaves objects younger than this to the ObjectCreated trigger. */
    EBK_SWEEP_MIN_AGE_SECONDS?: number;
}

/** The variables the GitHub redelivery function reads. */
export interface GithubRedeliveryVariables {
    /** The hook, as JSON: `{ kind: "app" }`, or a repository's or organization's hook id. */
    EBK_GITHUB_HOOK?: string;
    EBK_GITHUB_API_URL?: string;
    EBK_REDELIVERY_MAX_PAGES?: number;
    EBK_REDELIVERY_MAX_PER_RUN?: number;
    EBK_REDELIVERY_PAUSE_MS?: number;
}

/** The variables the batch processor (S3 delivery) reads. */
export type BatchProcessorVariables =
    Required<Pick<WebhookHandlerVariables, "EBK_EVENT_BUS_NAME" | "EBK_MAX_ENTRY_BYTES">>
    & Pick<WebhookHandlerVariables, "EBK_EVENT_SOURCE" | "EBK_LOG_LEVEL" | "EBK_HOOK" | "EBK_OVERFLOW_BUCKET" | "EBK_OVERFLOW_PREFIX">;

/** Every variable name of the contract. */
export type EnvName = keyof WebhookHandlerVariables | keyof DurableRedriveVariables | keyof GithubRedeliveryVariables;

/** An environment as a handler receives it: the contract's names, each one text or unset. */
export type HandlerEnv = { readonly [K in EnvName]?: string } & {
    /** Set by Lambda itself: the function's name (the signature-failure metric's dimension). */
    readonly AWS_LAMBDA_FUNCTION_NAME?: string;
};

/**
 * The values a component passes for a set of variables: the typed value, or (for text variables)
 * a value known only at deployment (`Deferred`, e.g. `pulumi.Output<string>`).
 */
export type EnvironmentValues<V, Deferred> = {
    [K in keyof V]: V[K] | (NonNullable<V[K]> extends string ? Deferred : never);
};

/**
 * The variables as Lambda takes them (text): numbers in decimal, flags as "1", the options as
 * JSON; unset (undefined) ones left out, deferred values passed through.
 */
export function encodeEnvironment<V extends Partial<WebhookHandlerVariables>, Deferred>(values: EnvironmentValues<V, Deferred>): Record<string, string | Deferred> {
    const encoded: Record<string, string | Deferred> = {};
    for (const [name, value] of Object.entries(values) as [string, unknown][]) {
        if (value === undefined) continue;
        if (name === "EBK_PROVIDER_OPTIONS") encoded[name] = JSON.stringify(value);
        else if (value === true) encoded[name] = "1";
        else if (typeof value === "number") encoded[name] = String(value);
        else encoded[name] = value as string | Deferred;
    }
    return encoded;
}

/**
 * The names of the contract in a set of variables of unknown origin (a planned function's
 * environment), for the readers above the components: values not known until deployment stay
 * as they are.
 */
export function contractVariables(variables: unknown): { readonly [K in EnvName]?: unknown } {
    return typeof variables === "object" && variables !== null ? variables as { readonly [K in EnvName]?: unknown } : {};
}

/** Whether a function's environment is the durable-acceptance redrive's: only it has a dead-letter prefix. */
export function isDurableRedriveEnvironment(variables: unknown): boolean {
    return contractVariables(variables).EBK_DURABLE_DEAD_LETTER_PREFIX !== undefined;
}
