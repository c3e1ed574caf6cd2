import * as pulumi from "@pulumi/pulumi";
import { HmacAlgorithm, HmacEncoding, PROVIDER_DEADLINE_MS, PROVIDER_EVENT_SOURCES, ProviderName, ProviderWireOptions, TWILIO_PUBLIC_URL_FIX, twilioPublicUrlProblem } from "../../providers";

import { eventSourceProblem, positiveSeconds, ProviderConfigError, WebhookProvider } from "./provider-checks";
import { gitlab, shopify, slack, standardWebhooks } from "./senders";

export type { HmacAlgorithm, HmacEncoding, ProviderName } from "../../providers";
export { eventSourceProblem, ProviderConfigError } from "./provider-checks";
export type { WebhookProvider, WebhookProviderOf } from "./provider-checks";
export type { StandardWebhooksProviderArgs } from "./senders";

/** How a sender that can send either encodes its body: JSON, or an `application/x-www-form-urlencoded` form. */
export type WebhookContentType = "json" | "form";

/** Options of `providers.github(...)`. */
export interface GithubProviderArgs {
    /**
     * The webhook's "Content type" as set on GitHub: `"json"` (application/json) or `"form"`
     * (application/x-www-form-urlencoded, the JSON in one `payload` field). The handler reads
     * every body this way and never from the request's Content-Type header, which the signature
     * does not cover: a JSON delivery whose text holds `&payload=...` cannot be replayed as a form.
     * @default "json"
     */
    readonly contentType?: WebhookContentType;
}

/** Options of `providers.twilio(...)`. */
export interface TwilioProviderArgs {
    /**
     * The URL configured in Twilio, when it is not the endpoint's own URL (a custom domain or a
     * proxy in front): Twilio signs it. Without a query string, each request's own query string is
     * appended. With one, it is the exact URL: use that behind an ALB when the URL has a repeated
     * parameter (the ALB's single-value form keeps only its last value) or many parameters.
     * @default the URL each request arrived at (the function URL, or the ALB's host)
     */
    readonly publicUrl?: string;
}

/** Options of `providers.stripe(...)`. */
export interface StripeProviderArgs {
    /**
     * How far the signed timestamp may be from now, both ways, in seconds.
     * @default 300 (as Stripe's libraries)
     */
    readonly toleranceSeconds?: number;
}

/** Bird's webhook authentication: basic (user name and password) or an OAuth2 bearer token. */
export type BirdAuth =
    | { readonly basic: { readonly username: string; readonly password: pulumi.Input<string> } }
    | { readonly bearer: { readonly token: pulumi.Input<string> } };

/** Options of `providers.bird(...)`. */
export interface BirdProviderArgs {
    /**
     * The credentials Bird sends with each batch (the webhook's "Authentication" setting): stored
     * in a Secrets Manager secret the component creates. Or just `"basic"` / `"bearer"` when the
     * credentials already live in a secret passed as `secret: { secretArn }` (basic: JSON
     * `{"username","password"}`; bearer: the token as plain text).
     */
    readonly auth: BirdAuth | "basic" | "bearer";
}


/** Options of `providers.hmac(...)`: how any HMAC-signing sender signs its requests. */
export interface HmacProviderArgs {
    /** The request header carrying the signature, e.g. `X-Signature`. */
    readonly header: string;
    /** The hash function the sender uses, as it documents. */
    readonly algorithm: HmacAlgorithm;
    /** How the sender writes the signature: hex or base64. */
    readonly encoding: HmacEncoding;
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
     * How the sender encodes its body: `"json"`, `"form"` (each field a payload field) or
     * `"text"` (UTF-8 text, as one string). Fixed here because the request's Content-Type is not
     * signed: a JSON body replayed as a form must not inject fields.
     * @default "json"
     */
    readonly contentType?: WebhookContentType | "text";
}

const HEADER_NAME = /^[A-Za-z0-9-]+$/;

function github(args: GithubProviderArgs = {}): WebhookProvider {
    const options: Record<string, string> = {};
    if (args.contentType !== undefined) {
        options.contentType = contentTypeOf("github", args.contentType, ["json", "form"]);
    }
    return { name: "github", eventSource: PROVIDER_EVENT_SOURCES.github, deadlineMs: PROVIDER_DEADLINE_MS.github, options };
}

function contentTypeOf<const T extends string>(provider: ProviderName, value: unknown, allowed: readonly T[]): T {
    if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
        throw new ProviderConfigError(provider, "contentType", `${JSON.stringify(value)} is not a body format.`,
            `Use ${allowed.map((a) => `"${a}"`).join(" or ")}, as configured on the sender (the default is "json").`);
    }
    return value as T;
}

function twilio(args: TwilioProviderArgs = {}): WebhookProvider {
    const options: ProviderWireOptions["twilio"] = {};
    if (args.publicUrl !== undefined) {
        const problem = twilioPublicUrlProblem(args.publicUrl);
        if (problem) {
            throw new ProviderConfigError("twilio", "publicUrl", problem, TWILIO_PUBLIC_URL_FIX);
        }
        options.publicUrl = args.publicUrl;
    }
    return { name: "twilio", eventSource: PROVIDER_EVENT_SOURCES.twilio, deadlineMs: PROVIDER_DEADLINE_MS.twilio, options };
}

function stripe(args: StripeProviderArgs = {}): WebhookProvider {
    const options: ProviderWireOptions["stripe"] = {};
    if (args.toleranceSeconds !== undefined) {
        options.toleranceSeconds = positiveSeconds("stripe", args.toleranceSeconds);
    }
    return {
        name: "stripe",
        eventSource: PROVIDER_EVENT_SOURCES.stripe,
        deadlineMs: PROVIDER_DEADLINE_MS.stripe,
        options,
        secretProblem: (value) => value.startsWith("whsec_")
            ? undefined
            : "is not a Stripe endpoint signing secret (they start with \"whsec_\"); copy it from the endpoint's page in the Stripe dashboard, not an API key.",
    };
}

function bird(args: BirdProviderArgs): WebhookProvider {
    const auth = args?.auth;
    const base = { name: "bird" as const, eventSource: PROVIDER_EVENT_SOURCES.bird, deadlineMs: PROVIDER_DEADLINE_MS.bird };
    if (auth === "basic" || auth === "bearer") {
        return { ...base, options: { auth } };
    }
    const fix = "Pass auth: { basic: { username, password } } or { bearer: { token } } (the values configured on the Bird webhook), or \"basic\"/\"bearer\" with secret: { secretArn }.";
    if (typeof auth !== "object" || auth === null) {
        throw new ProviderConfigError("bird", "auth", "is missing: Bird webhooks must authenticate, or anyone could post events.", fix);
    }
    const hasBasic = "basic" in auth && auth.basic !== undefined;
    const hasBearer = "bearer" in auth && auth.bearer !== undefined;
    if (hasBasic === hasBearer) {
        throw new ProviderConfigError("bird", "auth", hasBasic ? "has both basic and bearer." : "has neither basic nor bearer.", fix);
    }
    if (hasBasic) {
        const { username, password } = (auth as { basic: { username: string; password: pulumi.Input<string> } }).basic;
        if (typeof username !== "string" || username.length === 0 || username.includes(":")) {
            throw new ProviderConfigError("bird", "auth.basic.username", `${JSON.stringify(username)} is not a basic-auth user name (non-empty, no ":").`,
                "Set it to the user name configured on the Bird webhook.");
        }
        requireCredential("auth.basic.password", password);
        const credentials = pulumi.secret(pulumi.output(password).apply((p) => JSON.stringify({ username, password: p })));
        return { ...base, options: { auth: "basic" }, credentials };
    }
    const { token } = (auth as { bearer: { token: pulumi.Input<string> } }).bearer;
    requireCredential("auth.bearer.token", token);
    return { ...base, options: { auth: "bearer" }, credentials: pulumi.secret(pulumi.output(token)) };
}

function requireCredential(field: string, value: pulumi.Input<string> | undefined): void {
    if (value === undefined || value === null || value === "") {
        throw new ProviderConfigError("bird", field, "is empty.",
            `Pass the value configured on the Bird webhook, kept secret, e.g. cfg.requireSecret("birdPassword").`);
    }
}

function hmac(args: HmacProviderArgs): WebhookProvider {
    const fail = (field: string, problem: string, fix: string): never => {
        throw new ProviderConfigError("hmac", field, problem, fix);
    };
    if (typeof args?.header !== "string" || !HEADER_NAME.test(args.header)) {
        fail("header", args?.header === undefined ? "is required." : `${JSON.stringify(args.header)} is not a header name.`,
            "Set it to the name of the request header carrying the signature, e.g. header: \"X-Signature\".");
    }
    if (!["sha1", "sha256", "sha512"].includes(args.algorithm)) {
        fail("algorithm", `${JSON.stringify(args.algorithm)} is not supported.`, "Use \"sha1\", \"sha256\" or \"sha512\", as the sender documents.");
    }
    if (!["hex", "base64"].includes(args.encoding)) {
        fail("encoding", `${JSON.stringify(args.encoding)} is not supported.`, "Use \"hex\" or \"base64\", as the sender documents.");
    }
    for (const field of ["timestampHeader", "detailTypeHeader", "deliveryIdHeader"] as const) {
        const value = args[field];
        if (value !== undefined && (typeof value !== "string" || !HEADER_NAME.test(value))) {
            fail(field, `${JSON.stringify(value)} is not a header name.`, "Use letters, digits and \"-\" only, e.g. \"X-Timestamp\".");
        }
    }
    if (args.toleranceSeconds !== undefined && args.timestampHeader === undefined) {
        fail("toleranceSeconds", "is set without timestampHeader: there is no timestamp to check.",
            "Set timestampHeader to the header with the signed timestamp, or remove toleranceSeconds.");
    }
    if (args.prefix !== undefined && typeof args.prefix !== "string") {
        fail("prefix", "must be a string.", "Set it to the text before the signature, e.g. \"sha256=\".");
    }
    if (args.source !== undefined) {
        const problem = eventSourceProblem(args.source);
        if (problem) {
            fail("source", problem, "Use a name such as \"com.example.billing\".");
        }
    }
    const options: ProviderWireOptions["hmac"] = { header: args.header, algorithm: args.algorithm, encoding: args.encoding };
    for (const field of ["prefix", "timestampHeader", "source", "detailTypeHeader", "deliveryIdHeader"] as const) {
        if (args[field] !== undefined) {
            options[field] = args[field];
        }
    }
    if (args.toleranceSeconds !== undefined) {
        options.toleranceSeconds = positiveSeconds("hmac", args.toleranceSeconds);
    }
    if (args.contentType !== undefined) {
        options.contentType = contentTypeOf("hmac", args.contentType, ["json", "form", "text"] as const);
    }
    return { name: "hmac", eventSource: args.source ?? PROVIDER_EVENT_SOURCES.hmac, deadlineMs: PROVIDER_DEADLINE_MS.hmac, options };
}

/**
 * The webhook senders a WebhookIngress can verify. Each fixes the event source, the deadline the
 * function's timeout is derived from, and the handler's options.
 */
export const providers = { github, twilio, stripe, bird, hmac, standardWebhooks, slack, shopify, gitlab };
