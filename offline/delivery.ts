/**
 * The local delivery check: the exact HTTP request EventBridge sends to an API destination for
 * an event, computed offline from an ApiDestinationTarget's settings, and a way to send it to a
 * local server to see how the endpoint answers and what EventBridge would do with that answer.
 *
 * ```ts
 * const request = await apiDestinationRequest(chatArgs, sampleEvent);
 * const attempt = await sendDeliveryRequest(request, { to: "http://127.0.0.1:3000" });
 * assert.strictEqual(attempt.outcome.result, "delivered");
 * ```
 */
import * as http from "http";
import * as https from "https";
import * as pulumi from "@pulumi/pulumi";
import { failFor, Fail } from "../components/errors";
import { renderInputTransformer } from "../components/patterns";
import { evaluateJsonPath, parseJsonPath } from "../components/patterns/json-path";
import { RETRY_ATTEMPTS, RETRY_EVENT_AGE_SECONDS, RetryPolicy } from "../components/rules/retry-policy";
import { ApiDestinationTargetArgs, checkNotSetByConnection } from "../components/targets/api-destination-target";
import { ConnectionAuth, HttpParameters, InvocationParameters, isConnectionAuth } from "../components/targets/auth";
import { ApiDestinationConnection } from "../components/targets/connection";
import { checkHeaderNames, DEFAULT_CONTENT_TYPE, EVENTBRIDGE_RANGE, EVENTBRIDGE_USER_AGENT } from "../components/targets/headers";
import { checkMethod, checkPathParameters, httpsUrlProblem } from "../components/targets/validation";

/** The request EventBridge sends: what the endpoint receives. */
export interface DeliveryRequest {
    readonly method: string;
    /** The endpoint with path parameters filled and query-string parameters appended. */
    readonly url: string;
    /** Header names as configured (HTTP compares them case-insensitively). */
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
}

export interface DeliveryOptions {
    /** `<aws.events.rule-name>` in the input template. */
    readonly ruleName?: string;
    /** `<aws.events.rule-arn>` in the input template. */
    readonly ruleArn?: string;
    /** For OAuth connections: the access token the authorization endpoint would return. */
    readonly oauthAccessToken?: string;
    /**
     * For a connection given by ARN or as an `aws.cloudwatch.EventConnection`: its
     * authorization, which cannot be read back from AWS offline.
     */
    readonly connection?: { readonly auth: ConnectionAuth; readonly invocationParameters?: InvocationParameters };
}

/** EventBridge's per-request timeout for API destinations. */
export const API_DESTINATION_TIMEOUT_MS = 5000;

function resolve<T>(input: pulumi.Input<T>): Promise<T> {
    return new Promise((done) => pulumi.output(input).apply((value) => { done(value as T); return value; }));
}

async function resolveParameters(params: HttpParameters | Readonly<Record<string, pulumi.Input<string>>> | undefined): Promise<[string, string][]> {
    const entries: [string, string][] = [];
    for (const [key, given] of Object.entries(params ?? {})) {
        const value = typeof given === "object" && given !== null && !pulumi.Output.isInstance(given) && "value" in given ? given.value : given;
        entries.push([key, await resolve(value as pulumi.Input<string>)]);
    }
    return entries;
}

/** A header, query-string or path value: text, or a JSON path into the event (`$.detail.id`). */
function dynamicValue(value: string, event: unknown, field: string, fail: Fail): string {
    if (!value.startsWith("$.")) {
        return value;
    }
    const steps = parseJsonPath(value);
    if (typeof steps === "string") {
        return fail(field, `the JSON path ${JSON.stringify(value)} ${steps}.`, "Fix the path.");
    }
    const found = evaluateJsonPath(steps, event);
    return found === undefined ? "" : typeof found === "string" ? found : JSON.stringify(found);
}

/** Sets a header, replacing any earlier one of the same name in another case. */
function setHeader(headers: Map<string, [string, string]>, name: string, value: string): void {
    headers.set(name.toLowerCase(), [name, value]);
}

async function connectionOf(settings: ApiDestinationTargetArgs, options: DeliveryOptions, fail: Fail): Promise<{ auth: ConnectionAuth; invocationParameters?: InvocationParameters }> {
    const ref = settings.connection;
    if (options.connection) {
        return options.connection;
    }
    if (isConnectionAuth(ref)) {
        return { auth: ref, invocationParameters: settings.invocationParameters };
    }
    if (ref instanceof ApiDestinationConnection) {
        return { auth: ref.auth, invocationParameters: ref.invocationParameters };
    }
    return fail("connection", "is an existing connection whose credentials cannot be read offline.",
        "Pass options.connection: { auth: auth.apiKey(...) | auth.basic(...) | auth.oauth({...}), invocationParameters } describing it.");
}

async function authorizationHeader(auth: ConnectionAuth, options: DeliveryOptions, fail: Fail): Promise<[string, string]> {
    switch (auth.kind) {
        case "apiKey":
            return [auth.header, await resolve(auth.value)];
        case "basic": {
            const credentials = `${await resolve(auth.username)}:${await resolve(auth.password)}`;
            return ["Authorization", `Basic ${Buffer.from(credentials, "utf8").toString("base64")}`];
        }
        case "oauth":
            if (!options.oauthAccessToken) {
                return fail("options.oauthAccessToken", "is missing: with OAuth, EventBridge sends the token it got from the authorization endpoint.",
                    "Pass the token your authorization server would issue (any test token your endpoint accepts).");
            }
            return ["Authorization", `Bearer ${options.oauthAccessToken}`];
    }
}

/**
 * The exact request EventBridge sends to the destination for `event`: method; URL with path
 * parameters filled and query string (the target's, then the connection's); headers
 * (Content-Type `application/json; charset=utf-8` unless set, the target's, the connection's,
 * the authorization, then EventBridge's own `User-Agent` and `Range`); and
 * the body (the input transformer's output, or the event, with the connection's body
 * parameters added to a JSON object). Applies the same checks as ApiDestinationTarget.
 */
export async function apiDestinationRequest(settings: ApiDestinationTargetArgs, event: object, options: DeliveryOptions = {}): Promise<DeliveryRequest> {
    const fail = failFor("apiDestinationRequest", settings.name ?? "target");
    const method = checkMethod(settings.method, "method", fail);
    const endpoint = await resolve(settings.endpoint);
    const problem = httpsUrlProblem(endpoint);
    if (problem) {
        fail("endpoint", problem.problem, problem.fix);
    }
    const pathValues = settings.pathParameterValues ?? [];
    checkPathParameters(endpoint, pathValues.length, "pathParameterValues", fail);
    checkHeaderNames(Object.keys(settings.headers ?? {}), "headers", fail);
    const connection = await connectionOf(settings, options, fail);
    checkNotSetByConnection({ headers: settings.headers, queryString: settings.queryString, connection: connection.auth, invocationParameters: connection.invocationParameters }, fail);
    checkHeaderNames(Object.keys(connection.invocationParameters?.headers ?? {}), "invocationParameters.headers", fail);

    // Path parameters, in order.
    let filled = endpoint;
    for (const [i, given] of pathValues.entries()) {
        const value = dynamicValue(await resolve(given), event, `pathParameterValues[${i}]`, fail);
        filled = filled.replace("*", encodeURIComponent(value));
    }
    const url = new URL(filled);
    const query = new Map<string, string>();
    for (const [key, value] of await resolveParameters(settings.queryString)) {
        query.set(key, dynamicValue(value, event, `queryString.${key}`, fail));
    }
    for (const [key, value] of await resolveParameters(connection.invocationParameters?.queryString)) {
        query.set(key, value);
    }
    for (const [key, value] of query) {
        url.searchParams.append(key, value);
    }

    // Body.
    let body = settings.input
        ? renderInputTransformer(settings.input, event, { ruleName: options.ruleName, ruleArn: options.ruleArn })
        : JSON.stringify(event);
    const bodyParameters = await resolveParameters(connection.invocationParameters?.body);
    if (bodyParameters.length > 0) {
        let parsed: unknown;
        try {
            parsed = JSON.parse(body);
        } catch {
            parsed = undefined;
        }
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
            fail("invocationParameters.body", "needs a JSON object payload to add its fields to, and this event's payload is not one.",
                "Make the input template a JSON object, or move the parameters to headers or the query string.");
        }
        body = JSON.stringify({ ...(parsed as object), ...Object.fromEntries(bodyParameters) });
    }

    // Headers: later ones win, as EventBridge merges them.
    const headers = new Map<string, [string, string]>();
    setHeader(headers, "Content-Type", DEFAULT_CONTENT_TYPE);
    for (const [name, value] of await resolveParameters(settings.headers)) {
        setHeader(headers, name, dynamicValue(value, event, `headers.${name}`, fail));
    }
    for (const [name, value] of await resolveParameters(connection.invocationParameters?.headers)) {
        setHeader(headers, name, value);
    }
    const [authName, authValue] = await authorizationHeader(connection.auth, options, fail);
    setHeader(headers, authName, authValue);
    setHeader(headers, "User-Agent", EVENTBRIDGE_USER_AGENT);
    setHeader(headers, "Range", EVENTBRIDGE_RANGE);
    setHeader(headers, "Host", url.host);
    setHeader(headers, "Content-Length", String(Buffer.byteLength(body, "utf8")));

    return { method, url: url.toString(), headers: Object.fromEntries([...headers.values()]), body };
}

/** What EventBridge does after one attempt. */
export type DeliveryOutcome =
    | { readonly result: "delivered" }
    /** Retried (401, 407, 409, 429, 5xx, timeout, no connection) within the rule's retry policy; `retryAfterSeconds` from Retry-After. */
    | { readonly result: "retry"; readonly retryAfterSeconds?: number }
    /** Not retried (other 4xx, 1xx, 3xx, or a negative Retry-After): to the rule's dead-letter queue, or dropped without one. */
    | { readonly result: "not-retried" };

/** Statuses EventBridge retries besides 5xx (English user guide, API destinations, retries). */
const RETRIED_STATUSES: ReadonlySet<number> = new Set([401, 407, 409, 429]);

/** An HTTP-date in any of the three forms RFC 9110 (section 5.6.7) requires recipients to accept. */
const HTTP_DATE = new RegExp([
    /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.source, // IMF-fixdate
    /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/.source, // RFC 850
    /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/.source, // asctime
].join("|"));

/**
 * Seconds to wait from a Retry-After header: delay-seconds or an HTTP-date (a date in the past
 * is 0). A negative delay is returned as it is: EventBridge stops retrying the event. Anything
 * else (`soon`, `-1` read as a year by Date.parse) is not a Retry-After value: undefined.
 */
export function retryAfterSeconds(value: string | undefined, now: number = Date.now()): number | undefined {
    const text = value?.trim() ?? "";
    if (/^-?\d+$/.test(text)) {
        return Number(text);
    }
    if (!HTTP_DATE.test(text)) {
        return undefined;
    }
    // asctime carries no zone; it is GMT by definition.
    const date = Date.parse(/GMT$/.test(text) ? text : `${text} GMT`);
    return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * How EventBridge treats an API destination's answer: 2xx is delivered; 401, 407, 409, 429 and
 * 5xx (and timeouts and connection failures) are retried, honouring Retry-After, and a negative
 * Retry-After ends the retries for that event; any other status is not retried and the event
 * goes to the dead-letter queue at once.
 */
export function deliveryOutcome(status: number | "timeout" | "connection-error", retryAfter?: string, now?: number): DeliveryOutcome {
    if (status === "timeout" || status === "connection-error") {
        return { result: "retry" };
    }
    if (status >= 200 && status < 300) {
        return { result: "delivered" };
    }
    if (RETRIED_STATUSES.has(status) || (status >= 500 && status < 600)) {
        const wait = retryAfterSeconds(retryAfter, now);
        if (wait === undefined) {
            return { result: "retry" };
        }
        return wait < 0 ? { result: "not-retried" } : { result: "retry", retryAfterSeconds: wait };
    }
    return { result: "not-retried" };
}

/** Where an event stands after an attempt, under the rule's retry policy. */
export type NextStep =
    | { readonly step: "delivered" }
    /** Another attempt, no sooner than `notBeforeSeconds` from now (EventBridge's own backoff may wait longer). */
    | { readonly step: "retry"; readonly notBeforeSeconds: number }
    | { readonly step: "dead-letter"; readonly reason: "not retried" | "retry attempts exhausted" | "maximum event age reached" };

/**
 * What EventBridge does next for an event after attempt number `attempt` (1 = the first
 * delivery) answered with `outcome`, `eventAgeSeconds` after the event arrived. It takes the
 * more conservative of the retry policy and Retry-After: no retry once the policy's attempts are
 * used up, and none when Retry-After asks to wait past the policy's maximum event age.
 */
export function nextStep(outcome: DeliveryOutcome, at: { readonly attempt: number; readonly eventAgeSeconds: number }, policy: RetryPolicy = {}): NextStep {
    const maximumRetryAttempts = policy.maximumRetryAttempts ?? RETRY_ATTEMPTS.default;
    const maximumEventAgeInSeconds = policy.maximumEventAgeInSeconds ?? RETRY_EVENT_AGE_SECONDS.default;
    switch (outcome.result) {
        case "delivered":
            return { step: "delivered" };
        case "not-retried":
            return { step: "dead-letter", reason: "not retried" };
        case "retry": {
            if (at.attempt - 1 >= maximumRetryAttempts) {
                return { step: "dead-letter", reason: "retry attempts exhausted" };
            }
            const wait = outcome.retryAfterSeconds ?? 0;
            if (at.eventAgeSeconds + wait >= maximumEventAgeInSeconds) {
                return { step: "dead-letter", reason: "maximum event age reached" };
            }
            return { step: "retry", notBeforeSeconds: wait };
        }
    }
}

/** One attempt as sent and answered. */
export interface DeliveryAttempt {
    readonly status: number | "timeout" | "connection-error";
    readonly headers: Readonly<Record<string, string | string[] | undefined>>;
    readonly body: string;
    readonly outcome: DeliveryOutcome;
}

/**
 * Sends the request as EventBridge would (same method, path, query, headers and body, 5 s
 * timeout), to `to` instead of the real host when given (e.g. a local server), and says what
 * EventBridge would do with the answer.
 */
export function sendDeliveryRequest(request: DeliveryRequest, options: { to?: string; timeoutMs?: number } = {}): Promise<DeliveryAttempt> {
    const original = new URL(request.url);
    const target = options.to ? new URL(original.pathname + original.search, options.to) : original;
    const client = target.protocol === "http:" ? http : https;
    return new Promise((done) => {
        const req = client.request(target, { method: request.method, headers: { ...request.headers }, agent: false }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () => {
                const retryAfter = res.headers["retry-after"];
                done({
                    status: res.statusCode ?? 0,
                    headers: res.headers,
                    body: Buffer.concat(chunks).toString("utf8"),
                    outcome: deliveryOutcome(res.statusCode ?? 0, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter),
                });
            });
        });
        req.setTimeout(options.timeoutMs ?? API_DESTINATION_TIMEOUT_MS, () => {
            req.destroy();
            done({ status: "timeout", headers: {}, body: "", outcome: deliveryOutcome("timeout") });
        });
        req.on("error", () => done({ status: "connection-error", headers: {}, body: "", outcome: deliveryOutcome("connection-error") }));
        req.end(request.body);
    });
}
