/** The checks every provider builder shares: its error, event sources, tolerances. */
import type { ProviderName } from "../../providers";

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

