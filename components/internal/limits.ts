/**
 * EventBridge (and neighbouring services') hard limits that the components check before
 * anything is deployed. One place, so every component quotes the same numbers.
 */

/** Targets per rule (PutTargets rejects a sixth). */
export const MAX_TARGETS_PER_RULE = 5;

/** Retry policy bounds of an event target. */
export const RETRY_ATTEMPTS = { min: 0, max: 185, default: 185 } as const;
export const RETRY_EVENT_AGE_SECONDS = { min: 60, max: 86_400, default: 86_400 } as const;

/** Rule, API destination and connection names: 1–64 of `A-Za-z0-9._-`. */
export const MAX_EVENTBRIDGE_NAME_LENGTH = 64;
export const EVENTBRIDGE_NAME_PATTERN = /^[.\-_A-Za-z0-9]+$/;

/** What a physical name may hold: at most `maxLength` characters, each matching `character`. */
export interface NameRule {
    readonly maxLength: number;
    readonly character: RegExp;
}

/** IAM role names: 1–64 of `A-Za-z0-9+=,.@_-`. */
export const ROLE_NAME: NameRule = { maxLength: 64, character: /^[\w+=,.@-]$/ };
/** IAM inline policy names: 1–128 of `A-Za-z0-9+=,.@_-`. */
export const ROLE_POLICY_NAME: NameRule = { maxLength: 128, character: /^[\w+=,.@-]$/ };
/** SQS queue names: 1–80 of `A-Za-z0-9_-`. */
export const QUEUE_NAME: NameRule = { maxLength: 80, character: /^[A-Za-z0-9_-]$/ };
/** Lambda permission statement ids: 1–100 of `A-Za-z0-9._-`. */
export const STATEMENT_ID: NameRule = { maxLength: 100, character: /^[A-Za-z0-9._-]$/ };

/** SQS keeps messages at most 14 days: the retention a dead-letter queue should use. */
export const SQS_MAX_RETENTION_SECONDS = 1_209_600;

/** Resource policy size limits, in bytes of JSON. */
export const SQS_MAX_POLICY_BYTES = 20_480;
export const SNS_MAX_POLICY_BYTES = 30_720;

/** The service principal EventBridge acts as. */
export const EVENTS_SERVICE_PRINCIPAL = "events.amazonaws.com";
