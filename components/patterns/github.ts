/**
 * Patterns for the GitHub events a WebhookIngress emits, typed by GitHub's own webhook schemas
 * (`@octokit/openapi-webhooks-types`, generated from GitHub's OpenAPI description):
 *
 * ```ts
 * githubPattern("pull_request", { action: ["closed"], pull_request: { merged: [true] } });
 * // { source: ["github.com"], "detail-type": ["pull_request"],
 * //   detail: { payload: { action: ["closed"], pull_request: { merged: [true] } } } }
 * ```
 *
 * The ingress emits source `github.com` (or its `eventSource`), detail-type = X-GitHub-Event and
 * detail = `{ metadata, payload }`, the payload being GitHub's body as sent; `ping` becomes no event.
 */
import type { operations } from "@octokit/openapi-webhooks-types";
import { InvalidPatternError } from "./problems";
import type { EventPattern } from "./types";
import type { TypedPattern } from "./typed";
import { validatePattern } from "./validate";

/** The ingress's default `source` for GitHub (providers' PROVIDER_EVENT_SOURCES.github; a test keeps them equal). */
const GITHUB_SOURCE = "github.com";

/** Operation ids of the schema: `pull-request/closed` (event/action) or `push` (events without actions). */
type Operation = keyof operations & string;
type SnakeCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}_${SnakeCase<Tail>}` : S;
type KebabCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}-${KebabCase<Tail>}` : S;
type EventOfOperation<O extends string> = O extends `${infer Event}/${string}` ? Event : O;

/**
 * An X-GitHub-Event name the ingress turns into an event (the detail-type): `push`,
 * `pull_request`, `workflow_run`... Every webhook event GitHub documents except `ping`, which
 * the ingress acknowledges without emitting anything.
 */
export type GitHubEventName = Exclude<SnakeCase<EventOfOperation<Operation>>, "ping">;

/** The operations (one per action) of event E. */
type OperationsOf<E extends string> = Extract<Operation, KebabCase<E> | `${KebabCase<E>}/${string}`>;

/** The body of an operation (a conditional type: indexed access would be checked against all ~280 operations). */
type RequestBody<O> = O extends { requestBody: { content: { "application/json": infer Body } } } ? Body : never;

/** GitHub's payload for event E: the union of its actions' payloads (`detail.payload` of the event). */
export type GitHubWebhookPayload<E extends GitHubEventName> = RequestBody<operations[OperationsOf<E>]>;

/** The `action` values of event E (never for events without actions, such as `push`). */
export type GitHubAction<E extends GitHubEventName> = GitHubWebhookPayload<E> extends infer Payload
    ? Payload extends { action: infer Action } ? Action : never
    : never;

/** A pattern over GitHub's payload of event E: its keys, and matchers valid for each field's type. */
export type GitHubPayloadPattern<E extends GitHubEventName> = TypedPattern<GitHubWebhookPayload<E>>;

/** The metadata the ingress adds to each GitHub event (`detail.metadata`). */
export interface GitHubEventMetadata {
    provider: "github";
    /** X-GitHub-Delivery. */
    deliveryId: string;
    /** ISO-8601 time the request reached the handler. */
    receivedAt: string;
    /** X-GitHub-Hook-ID, when GitHub sent it. */
    hookId?: string;
}

/** The whole event pattern for GitHub events E as the ingress emits them. */
export type GitHubEventPattern<E extends GitHubEventName> = {
    /** `github.com`, or the WebhookIngress's `eventSource`. */
    readonly source: readonly string[];
    /** The X-GitHub-Event names. */
    readonly "detail-type": readonly E[];
    /** Filters on what the ingress adds (`metadata`) and on GitHub's body (`payload`). */
    readonly detail?: {
        readonly metadata?: TypedPattern<GitHubEventMetadata>;
        readonly payload?: GitHubPayloadPattern<E>;
    };
};

/** Options of {@link githubPattern}. */
export interface GitHubPatternOptions {
    /**
     * The events' `source`: the WebhookIngress's `eventSource` when it sets one.
     * @default "github.com"
     */
    readonly source?: string;
    /** A filter on the metadata the ingress adds (e.g. `{ hookId: ["292430182"] }` for one hook's deliveries). */
    readonly metadata?: TypedPattern<GitHubEventMetadata>;
}

/** E when it is an event name, else every event name, so a wrong name is reported against the list. */
type EventNameArgument<E extends string> = E extends GitHubEventName ? E : GitHubEventName;

/**
 * The payload pattern of the events E, for the call's `payload`. TypeScript must take E from the
 * event names alone: while inferring, it reads the payload literal against this type with E only
 * known by its constraint, so this is `never` for E = string (with `E extends GitHubEventName` it
 * would be the pattern over all ~280 payloads: seconds per call), and inference from the payload
 * is blocked (TypeScript 5.4's `NoInfer`, spelled so that older compilers read it too). The tuple
 * keeps a union of events one merged pattern.
 */
type PayloadArgument<Events> = NoInference<Events extends [infer E extends GitHubEventName] ? GitHubPayloadPattern<E> : never>;
type NoInference<T> = [T][T extends unknown ? 0 : never];

/**
 * The event pattern for GitHub events as a WebhookIngress emits them: `source`, `detail-type`
 * (the X-GitHub-Event names) and the payload filter under `detail.payload`. The payload filter is
 * typed by GitHub's webhook schema for those events, so a misspelt field, an unknown action or a
 * matcher of the wrong type is a compile error.
 *
 * @param event the X-GitHub-Event name, or several (the payload filter may then use any of their fields).
 * @param payload a filter on GitHub's payload (omit it to match every event of that type).
 * @throws InvalidPatternError when the result is not a valid EventBridge pattern (e.g. an empty list).
 */
export function githubPattern<E extends string>(
    event: EventNameArgument<E> | readonly EventNameArgument<E>[],
    payload?: PayloadArgument<[E]>,
    options: GitHubPatternOptions = {},
): GitHubEventPattern<Extract<E, GitHubEventName>> & EventPattern {
    const events: readonly unknown[] = Array.isArray(event) ? event : [event];
    for (const name of events) {
        // The types already say so; this is for JavaScript callers and casts.
        if (typeof name !== "string" || !/^[a-z_]{1,64}$/.test(name) || name === "ping") {
            throw new Error(`githubPattern: ${JSON.stringify(name)} is not an event the ingress emits. Use an X-GitHub-Event name such as "pull_request" or "push" (snake_case; "ping" is acknowledged without an event).`);
        }
    }
    const detail: { metadata?: unknown; payload?: unknown } = {};
    if (options.metadata !== undefined) detail.metadata = options.metadata;
    if (payload !== undefined) detail.payload = payload;
    const pattern = {
        source: [options.source ?? GITHUB_SOURCE],
        "detail-type": [...events],
        ...(Object.keys(detail).length > 0 ? { detail } : {}),
    } as EventPattern;
    const problems = validatePattern(pattern);
    if (problems.length > 0) {
        throw new InvalidPatternError(problems, `githubPattern(${JSON.stringify(event)}): invalid event pattern`);
    }
    return pattern as GitHubEventPattern<Extract<E, GitHubEventName>> & EventPattern;
}
