/**
 * What every provider builder shares: the provider it builds, its error, the checks of event
 * sources and tolerances. Below both catalogues (providers.ts, senders.ts), so neither imports
 * the other's module for a type.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderName, ProviderWireOptions } from "../../providers";

/**
 * What a provider fixes for a WebhookIngress: the handler's verifier, the event source, how long
 * the provider waits for an answer, and the non-secret options the handler reads
 * (`EBK_PROVIDER_OPTIONS`). Build one with the `providers` catalogue.
 */
export interface WebhookProviderOf<N extends ProviderName> {
    /** Which verifier the handler runs. */
    readonly name: N;
    /** The `source` of the events this provider's deliveries become. */
    readonly eventSource: string;
    /** How long the provider waits for an answer before it gives up and retries, in milliseconds. */
    readonly deadlineMs: number;
    /** Non-secret options for the handler, serialized into `EBK_PROVIDER_OPTIONS`. */
    readonly options: Readonly<ProviderWireOptions[N]>;
    /**
     * Credentials carried by the provider itself (Bird's basic auth or bearer token): the text to
     * store in the secret. When present, the WebhookIngress takes no `secret` argument.
     */
    readonly credentials?: pulumi.Output<string>;
    /** Checks the signing secret's plain value (when it is known) and returns what is wrong with it. */
    readonly secretProblem?: (value: string) => string | undefined;
}

/** A provider of any of the names, its options matching its name. */
export type WebhookProvider<N extends ProviderName = ProviderName> = { [K in N]: WebhookProviderOf<K> }[N];

/** A provider built with bad options; the message names the provider, the field and the fix. */
export class ProviderConfigError extends Error {
    constructor(provider: ProviderName, field: string, problem: string, fix: string) {
        super(`providers.${provider}(): ${field}: ${problem} ${fix}`);
        this.name = "ProviderConfigError";
    }
}

export function positiveSeconds(provider: ProviderName, value: number): number {
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
        throw new ProviderConfigError(provider, "toleranceSeconds", `${JSON.stringify(value)} is not a positive number of seconds.`,
            "Use e.g. 300 (five minutes, the usual tolerance), or leave it out.");
    }
    return value;
}

/** What EventBridge would refuse in an event `source` (PutEvents rejects `aws.` sources from callers). */
export function eventSourceProblem(source: string): string | undefined {
    if (typeof source !== "string" || source.length === 0 || source.length > 256) {
        return `${JSON.stringify(source)} must be 1–256 characters.`;
    }
    if (source.toLowerCase().startsWith("aws.")) {
        return `"${source}" starts with "aws.", which EventBridge reserves for AWS services.`;
    }
    if (/[\u0000-\u001f]/.test(source)) {
        return `${JSON.stringify(source)} contains control characters.`;
    }
    return undefined;
}

