/**
 * EventBridge (and neighbouring services') hard limits that the components check before
 * anything is deployed. One place, so every component quotes the same numbers.
 */

/** Targets per rule (PutTargets rejects a sixth). */
export const MAX_TARGETS_PER_RULE = 5;

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
