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

/** S3 bucket names: 3–63 of lowercase `a-z0-9.-` (the provider lowercases what Pulumi auto-names). */
export const BUCKET_NAME: NameRule = { maxLength: 63, character: /^[a-z0-9.-]$/ };

/** SQS keeps messages at most 14 days: the retention a dead-letter queue should use. */
export const SQS_MAX_RETENTION_SECONDS = 1_209_600;

/** Resource policy size limits, in bytes of JSON. */
export const SQS_MAX_POLICY_BYTES = 20_480;
export const SNS_MAX_POLICY_BYTES = 30_720;

/** The service principal EventBridge acts as. */
export const EVENTS_SERVICE_PRINCIPAL = "events.amazonaws.com";

/** EventBridge's PutEvents and endpoint body limits, shared with the handlers (providers/limits.ts). */
export {
    ALB_MAX_BODY_BYTES,
    FUNCTION_URL_MAX_BODY_BYTES,
    PUT_EVENTS_MAX_ENTRIES,
    PUT_EVENTS_MAX_ENTRY_BYTES,
    PUT_EVENTS_MAX_REQUEST_BYTES,
} from "../../providers/limits";

/**
 * What a rule target accepts, for the targets that accept less than an EventBridge event can be:
 * a Step Functions execution's input (StartExecution, 262144 bytes of UTF-8) and an SNS message
 * (256 KB). Lambda's asynchronous invocations and SQS messages take 1 MB since 2026-01-29, the same
 * as EventBridge, and AWS documents no separate limit for API destinations.
 */
export const STEP_FUNCTIONS_MAX_INPUT_BYTES = 262_144;
export const SNS_MAX_MESSAGE_BYTES = 262_144;

/**
 * Room for what EventBridge wraps around an entry before a target gets it (version, id, account,
 * time, region, resources and the keys): the event a target receives is always larger than the
 * entry (EventBridge User Guide, "Calculating PutEvents event entry size").
 */
export const EVENT_ENVELOPE_ALLOWANCE_BYTES = 1_024;
