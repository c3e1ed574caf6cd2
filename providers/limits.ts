/**
 * The AWS size limits both sides enforce: the WebhookIngress component (defaults and validation)
 * and the handlers (grouping PutEvents calls, refusing bodies). One place for each number.
 *
 * - PutEvents (EventBridge API Reference, "PutEvents"; EventBridge User Guide, "Calculating
 *   PutEvents event entry size" and "Amazon EventBridge quotas"): at most 10 entries per call; an
 *   entry of up to 1 MiB since 2026-01-29 (AWS Compute Blog, "More room to build: serverless
 *   services now support payloads up to 1 MB"), counted as Time (14 bytes when set) plus the UTF-8
 *   bytes of Source, DetailType, Detail and each Resources item; and the entries of one call
 *   together within the same 1 MiB.
 * - Request bodies (Lambda quotas; Elastic Load Balancing, "Lambda functions as targets"): a
 *   function URL invocation carries at most 6 MB, an Application Load Balancer passes a Lambda
 *   target at most 1 MB of body.
 */

/** Entries in one PutEvents call. */
export const PUT_EVENTS_MAX_ENTRIES = 10;

/** Largest PutEvents entry, as EventBridge counts it (see `entrySize`). */
export const PUT_EVENTS_MAX_ENTRY_BYTES = 1_048_576;

/** Largest sum of the entry sizes of one PutEvents call. */
export const PUT_EVENTS_MAX_REQUEST_BYTES = 1_048_576;

/** Largest request a Lambda function URL passes on (6 MB, synchronous invocation payload). */
export const FUNCTION_URL_MAX_BODY_BYTES = 6_291_456;

/** Largest request body an Application Load Balancer passes to a Lambda target (1 MB). */
export const ALB_MAX_BODY_BYTES = 1_048_576;
