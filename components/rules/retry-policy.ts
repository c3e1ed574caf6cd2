import type { Fail } from "../errors";

/** Retry policy bounds of an event target (EventBridge's defaults are the maximums). */
export const RETRY_ATTEMPTS = { min: 0, max: 185, default: 185 } as const;
export const RETRY_EVENT_AGE_SECONDS = { min: 60, max: 86_400, default: 86_400 } as const;

/** How long and how often EventBridge retries a target before the dead-letter queue. */
export interface RetryPolicy {
    /**
     * How many times a failed delivery is retried: 0–185.
     * @default 185 (EventBridge's)
     */
    readonly maximumRetryAttempts?: number;
    /**
     * How long an event is retried, in seconds: 60–86400.
     * @default 86400 (24 h, EventBridge's)
     */
    readonly maximumEventAgeInSeconds?: number;
}

export type ResolvedRetryPolicy = Required<RetryPolicy>;

function checked(value: number | undefined, bounds: { min: number; max: number; default: number }, field: string, unit: string, fail: Fail): number {
    if (value === undefined) {
        return bounds.default;
    }
    if (!Number.isInteger(value) || value < bounds.min || value > bounds.max) {
        fail(field, `is ${value}; EventBridge allows a whole number of ${unit} from ${bounds.min} to ${bounds.max}.`,
            `Use a value in that range, or omit it for EventBridge's default (${bounds.default}).`);
    }
    return value;
}

/**
 * The retry policy with both fields filled in. Both are always sent: the provider sends an
 * omitted maximum event age as 0, which AWS rejects, and an explicit policy is what the
 * policy pack checks.
 */
export function resolveRetryPolicy(policy: RetryPolicy | undefined, fail: Fail): ResolvedRetryPolicy {
    return {
        maximumRetryAttempts: checked(policy?.maximumRetryAttempts, RETRY_ATTEMPTS, "retryPolicy.maximumRetryAttempts", "attempts", fail),
        maximumEventAgeInSeconds: checked(policy?.maximumEventAgeInSeconds, RETRY_EVENT_AGE_SECONDS, "retryPolicy.maximumEventAgeInSeconds", "seconds", fail),
    };
}
