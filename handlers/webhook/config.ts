/**
 * The webhook handler's configuration, read once from the environment the component sets
 * (secrets are never in it: only the secret's ARN). A wrong value does not crash the function:
 * every request is answered 500 and the log says which variable is wrong and how to fix it.
 */
import { BodyContentType, DEFAULT_MAX_BODY_BYTES, HmacOptions, DEFAULT_MAX_ENTRY_BYTES, PROVIDER_DEADLINE_MS, PROVIDER_NAMES, ProviderName, ProviderOptions, TWILIO_PUBLIC_URL_FIX, twilioPublicUrlProblem } from "../../providers";
import { ConfigError, Env, positiveIntegerVar, prefixVar, overflowVars, requiredVar, secondsVar } from "../shared/env";
import { logLevelFrom, LogLevel } from "../shared/log";

export { ConfigError } from "../shared/env";

// The options' types are the contract's (providers/contract.ts); re-exported for the verifiers.
export type { BirdOptions, BodyContentType, GithubOptions, HmacOptions, ProviderOptions, StripeOptions, TwilioOptions } from "../../providers";

export interface WebhookConfig {
    provider: ProviderName;
    options: ProviderOptions;
    secretArn: string;
    secretTtlMs: number;
    previousSecretGraceMs: number;
    delivery:
        | { kind: "events"; busName: string }
        | { kind: "s3"; bucket: string; prefix: string };
    source?: string;
    overflow?: { bucket: string; prefix: string };
    /** Durable acceptance: where entries PutEvents did not confirm in time are stored (EBK_DURABLE_BUCKET, EBK_DURABLE_PREFIX). */
    durable?: { bucket: string; prefix: string };
    maxBodyBytes: number;
    maxEntryBytes: number;
    deadlineMs: number;
    hook: boolean;
    logLevel: LogLevel;
    /** The function's own name (Lambda's AWS_LAMBDA_FUNCTION_NAME): the dimension of the handler's metrics. */
    functionName: string;
}

export function loadConfig(env: Env): WebhookConfig {
    const provider = env.EBK_PROVIDER as ProviderName;
    if (!PROVIDER_NAMES.includes(provider)) {
        throw new ConfigError(`EBK_PROVIDER is "${env.EBK_PROVIDER ?? ""}"; set it to one of ${PROVIDER_NAMES.join(", ")}`);
    }
    const secretArn = requiredVar(env, "EBK_SECRET_ARN", "the ARN of the Secrets Manager secret holding the signing secret");
    const delivery = env.EBK_DELIVERY ?? "events";
    let deliveryConfig: WebhookConfig["delivery"];
    if (delivery === "events") {
        deliveryConfig = { kind: "events", busName: requiredVar(env, "EBK_EVENT_BUS_NAME", "the event bus name or ARN") };
    } else if (delivery === "s3") {
        deliveryConfig = {
            kind: "s3",
            bucket: requiredVar(env, "EBK_BUCKET", "the raw-batch bucket name"),
            prefix: prefixVar(env, "EBK_PREFIX"),
        };
    } else {
        throw new ConfigError(`EBK_DELIVERY is "${delivery}"; set it to "events" or "s3"`);
    }
    return {
        provider,
        options: providerOptions(provider, env.EBK_PROVIDER_OPTIONS),
        secretArn,
        secretTtlMs: secondsVar(env, "EBK_SECRET_TTL_SECONDS", 300) * 1000,
        previousSecretGraceMs: secondsVar(env, "EBK_PREVIOUS_SECRET_GRACE_SECONDS", 3600) * 1000,
        delivery: deliveryConfig,
        source: env.EBK_EVENT_SOURCE || undefined,
        overflow: overflowVars(env),
        durable: durableVars(env, deliveryConfig.kind),
        maxBodyBytes: positiveIntegerVar(env, "EBK_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES),
        maxEntryBytes: positiveIntegerVar(env, "EBK_MAX_ENTRY_BYTES", DEFAULT_MAX_ENTRY_BYTES),
        deadlineMs: positiveIntegerVar(env, "EBK_DEADLINE_MS", PROVIDER_DEADLINE_MS[provider]),
        hook: env.EBK_HOOK === "1",
        logLevel: logLevelFrom(env.EBK_LOG_LEVEL),
        functionName: env.AWS_LAMBDA_FUNCTION_NAME || "local",
    };
}

/** The durable store, for events delivery only (S3 delivery stores every delivery before answering already). */
function durableVars(env: Env, delivery: WebhookConfig["delivery"]["kind"]): WebhookConfig["durable"] {
    if (!env.EBK_DURABLE_BUCKET) return undefined;
    if (delivery !== "events") {
        throw new ConfigError("EBK_DURABLE_BUCKET is set, but EBK_DELIVERY is \"s3\": S3 delivery already stores every delivery before answering; unset EBK_DURABLE_BUCKET");
    }
    return { bucket: env.EBK_DURABLE_BUCKET, prefix: prefixVar(env, "EBK_DURABLE_PREFIX") };
}

function providerOptions(provider: ProviderName, raw: string | undefined): ProviderOptions {
    let options: Record<string, unknown> = {};
    if (raw) {
        try {
            options = JSON.parse(raw);
        } catch {
            throw new ConfigError(`EBK_PROVIDER_OPTIONS is not valid JSON; set it to a JSON object of the ${provider} options`);
        }
        if (typeof options !== "object" || options === null || Array.isArray(options)) {
            throw new ConfigError(`EBK_PROVIDER_OPTIONS must be a JSON object of the ${provider} options`);
        }
    }
    const field = `EBK_PROVIDER_OPTIONS (${provider})`;
    switch (provider) {
        case "github":
            return { kind: "github", contentType: contentTypeOption(options.contentType, field, ["json", "form"]) as BodyContentType };
        case "twilio": {
            const publicUrl = options.publicUrl;
            const problem = publicUrl === undefined ? undefined : twilioPublicUrlProblem(publicUrl);
            if (problem) {
                throw new ConfigError(`${field}: publicUrl ${problem} ${TWILIO_PUBLIC_URL_FIX}`);
            }
            return { kind: "twilio", publicUrl: publicUrl as string | undefined };
        }
        case "stripe":
            return { kind: "stripe", toleranceSeconds: tolerance(options.toleranceSeconds, field) };
        case "bird": {
            if (options.auth !== "basic" && options.auth !== "bearer") {
                throw new ConfigError(`${field}: auth must be "basic" or "bearer"`);
            }
            return { kind: "bird", auth: options.auth };
        }
        case "standardWebhooks": {
            if (options.source !== undefined && typeof options.source !== "string") {
                throw new ConfigError(`${field}: source must be a string`);
            }
            return { kind: "standardWebhooks", toleranceSeconds: tolerance(options.toleranceSeconds, field), source: options.source };
        }
        case "slack":
        case "shopify":
        case "gitlab":
            return { kind: provider };
        case "hmac": {
            const { header, algorithm, encoding } = options;
            if (typeof header !== "string" || !/^[A-Za-z0-9-]+$/.test(header)) {
                throw new ConfigError(`${field}: header must be the name of the signature header (letters, digits and "-")`);
            }
            if (algorithm !== "sha1" && algorithm !== "sha256" && algorithm !== "sha512") {
                throw new ConfigError(`${field}: algorithm must be "sha1", "sha256" or "sha512"`);
            }
            if (encoding !== "hex" && encoding !== "base64") {
                throw new ConfigError(`${field}: encoding must be "hex" or "base64"`);
            }
            for (const name of ["prefix", "timestampHeader", "source", "detailTypeHeader", "deliveryIdHeader"] as const) {
                if (options[name] !== undefined && typeof options[name] !== "string") {
                    throw new ConfigError(`${field}: ${name} must be a string`);
                }
            }
            return {
                kind: "hmac",
                header: header.toLowerCase(),
                algorithm,
                encoding,
                prefix: (options.prefix as string | undefined) ?? "",
                timestampHeader: (options.timestampHeader as string | undefined)?.toLowerCase(),
                toleranceSeconds: tolerance(options.toleranceSeconds, field),
                source: options.source as string | undefined,
                detailTypeHeader: (options.detailTypeHeader as string | undefined)?.toLowerCase(),
                deliveryIdHeader: (options.deliveryIdHeader as string | undefined)?.toLowerCase(),
                contentType: contentTypeOption(options.contentType, field, ["json", "form", "text"]) as HmacOptions["contentType"],
            };
        }
    }
}

/** The configured body format (default JSON): a request's Content-Type is unsigned, so it never decides. */
function contentTypeOption(value: unknown, field: string, allowed: readonly string[]): string {
    if (value === undefined) return "json";
    if (typeof value !== "string" || !allowed.includes(value)) {
        throw new ConfigError(`${field}: contentType must be ${allowed.map((a) => `"${a}"`).join(" or ")} (default "json")`);
    }
    return value;
}

function tolerance(value: unknown, field: string): number {
    if (value === undefined) return 300;
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
        throw new ConfigError(`${field}: toleranceSeconds must be a positive number of seconds (default 300)`);
    }
    return value;
}
