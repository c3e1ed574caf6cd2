import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseArn } from "../internal/arns";
import { Fail, failFor } from "../errors";
import { createEventsTargetRole } from "../internal/events-role";
import { InputTransformer, validateInputTransformer } from "../patterns";
import type { RuleTarget, RuleTargetContext, RuleTargetWiring } from "../rules/target";
import { targetResourceName } from "../rules/targets/options";
import { ConnectionAuth, InvocationParameters, isConnectionAuth } from "./auth";
import { BURST_SECONDS, burstBacklog, describeBacklog } from "./backlog";
import { ApiDestinationConnection, connectionInputs, eventBridgeName } from "./connection";
import { checkHeaderNames } from "./headers";
import { createServiceLinkedRole } from "./service-linked-role";
import {
    ApiDestinationMethod, checkMethod, checkPathParameters, checkRateLimit, DEFAULT_RATE_LIMIT_QUOTA, httpsUrlProblem,
} from "./validation";
import { COMPONENT_TYPES } from "../../providers";

export const API_DESTINATION_TARGET_TOKEN = COMPONENT_TYPES.apiDestinationTarget;

/** An existing connection, by ARN (e.g. from another stack). */
export interface ExistingConnection {
    /** The connection's ARN (`arn:aws:events:<region>:<account>:connection/<name>/<id>`). */
    readonly connectionArn: pulumi.Input<string>;
}

/**
 * Where the credentials come from: a new connection (`auth.apiKey(...)`, `auth.basic(...)`,
 * `auth.oauth({...})`), a shared `ApiDestinationConnection` or `aws.cloudwatch.EventConnection`
 * of this program, or an existing connection's ARN.
 */
export type ConnectionRef = ConnectionAuth | ApiDestinationConnection | aws.cloudwatch.EventConnection | ExistingConnection;

/** The arguments of an {@link ApiDestinationTarget}: the endpoint, its connection and how each request is shaped. */
export interface ApiDestinationTargetArgs {
    /** The HTTPS URL to call. Each `*` is a path parameter filled from `pathParameterValues`. */
    readonly endpoint: pulumi.Input<string>;
    /** Any HTTP method but CONNECT and TRACE. */
    readonly method: ApiDestinationMethod;
    /** Invocations per second EventBridge sends at most (a whole number, at least 1). */
    readonly rateLimitPerSecond: number;
    /**
     * Where the credentials come from: `auth.apiKey(header, value)`, `auth.basic(username,
     * password)` or `auth.oauth({...})` for a connection this target creates; an
     * `ApiDestinationConnection` or `aws.cloudwatch.EventConnection` to share one; or
     * `{ connectionArn }` for an existing connection (its secret ARN is looked up).
     */
    readonly connection: ConnectionRef;
    /**
     * For a new connection: headers, query-string and body parameters it adds to every request.
     * @default none
     */
    readonly invocationParameters?: InvocationParameters;
    /**
     * For a new connection: a customer managed KMS key (key or alias ARN) for its secret.
     * @default an AWS owned key
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /**
     * For a new connection: create the `AWSServiceRoleForAmazonEventBridgeApiDestinations`
     * service-linked role explicitly (once per account; see docs/api-destination-target.md).
     * @default false (EventBridge creates the role with the account's first connection)
     */
    readonly manageServiceLinkedRole?: boolean;
    /**
     * Headers sent with every request. A value may be a JSON path into the event (`$.detail.payload.id`).
     * @default none
     */
    readonly headers?: Readonly<Record<string, pulumi.Input<string>>>;
    /**
     * Query-string parameters appended to every request. A value may be a JSON path into the event.
     * @default none
     */
    readonly queryString?: Readonly<Record<string, pulumi.Input<string>>>;
    /**
     * One value per `*` in the endpoint, in order. A value may be a JSON path into the event.
     * @default none (the endpoint must then have no `*`)
     */
    readonly pathParameterValues?: readonly pulumi.Input<string>[];
    /**
     * The request body instead of the whole event: build it with `transform({ paths, template })`.
     * @default the whole event
     */
    readonly input?: InputTransformer;
    /**
     * The event rate you expect at peak. When it is above `rateLimitPerSecond`, attaching the
     * target to a rule checks that a one-hour burst drains within the rule's retry window.
     * @default none (no backlog check)
     */
    readonly expectedEventsPerSecond?: number;
    /**
     * The API destination's name: 1–64 of `A-Za-z0-9._-`.
     * @default derived from the resource name and a hash of project and stack: stable per stack
     */
    readonly name?: string;
    /**
     * The API destination's description.
     * @default none
     */
    readonly description?: pulumi.Input<string>;
}

/** EventBridge's pattern for connection ARNs. */
const CONNECTION_ARN = /^arn:aws([a-z]|-)*:events:([a-z]|\d|-)*:([0-9]{12})?:connection\/[.\-_A-Za-z0-9]+\/[-A-Za-z0-9]+$/;

/**
 * An HTTPS endpoint as a SafeRule target: an EventBridge API destination, its connection (new
 * or shared). Each rule it is given to gets its own role to invoke it, trusted only for that rule.
 *
 * ```ts
 * const chat = new ApiDestinationTarget("chat", {
 *     endpoint: "https://hooks.example.com/services/T000/B000",
 *     method: "POST",
 *     rateLimitPerSecond: 5,
 *     connection: auth.apiKey("Authorization", config.requireSecret("chatToken")),
 *     // WebhookIngress puts the provider's body under detail.payload
 *     input: transform({ paths: { repo: "$.detail.payload.repository.full_name" }, template: '{"text": "PR opened in <repo>"}' }),
 * });
 * new SafeRule("pr-to-chat", {
 *     eventBus: bus,
 *     pattern: { source: ["github.com"], "detail-type": ["pull_request"], detail: { payload: { action: ["opened"] } } },
 *     targets: [chat],
 * });
 * ```
 */
export class ApiDestinationTarget extends pulumi.ComponentResource implements RuleTarget {
    readonly kind = "apiDestination" as const;
    readonly description: string;
    readonly identity: unknown;
    readonly inputTransformer?: InputTransformer;

    readonly apiDestination: aws.cloudwatch.EventApiDestination;
    /** The connection this target created; undefined when it uses a shared or existing one. */
    readonly connection?: aws.cloudwatch.EventConnection;
    readonly serviceLinkedRole?: aws.iam.ServiceLinkedRole;

    /** The endpoint, checked (HTTPS, path parameters) once its value is known. */
    readonly endpoint: pulumi.Output<string>;
    readonly connectionArn: pulumi.Output<string>;
    readonly apiDestinationArn: pulumi.Output<string>;
    /** The Secrets Manager secret holding the connection's credentials (managed by EventBridge). */
    readonly secretArn: pulumi.Output<string>;

    private readonly targetName: string;
    private readonly rateLimitPerSecond: number;
    private readonly expectedEventsPerSecond?: number;
    private readonly httpTarget?: aws.types.input.cloudwatch.EventTargetHttpTarget;

    constructor(name: string, args: ApiDestinationTargetArgs, opts?: pulumi.ComponentResourceOptions) {
        // Everything decidable on plain values is checked before anything is registered.
        const plan = planTarget(name, args);
        super(API_DESTINATION_TARGET_TOKEN, name, {}, opts);
        const fail = failFor("ApiDestinationTarget", name);
        this.targetName = name;
        this.rateLimitPerSecond = args.rateLimitPerSecond;
        this.expectedEventsPerSecond = args.expectedEventsPerSecond;
        this.inputTransformer = args.input;
        this.endpoint = plan.endpoint;
        if (args.rateLimitPerSecond > DEFAULT_RATE_LIMIT_QUOTA) {
            pulumi.log.warn(`ApiDestinationTarget "${name}": rateLimitPerSecond is ${args.rateLimitPerSecond}, above the default quota of ${DEFAULT_RATE_LIMIT_QUOTA} invocations per second per API destination; unless the quota was raised, EventBridge sends at most ${DEFAULT_RATE_LIMIT_QUOTA}/s.`, this);
        }

        const connection = this.connect(name, args, plan.connection, fail);
        this.connection = connection.created;
        this.serviceLinkedRole = connection.serviceLinkedRole;
        this.connectionArn = connection.arn;
        this.secretArn = connection.secretArn;

        this.apiDestination = new aws.cloudwatch.EventApiDestination(`${name}-destination`, {
            name: plan.physicalName,
            description: args.description ?? `EventBridge API destination ${name}`,
            connectionArn: this.connectionArn,
            httpMethod: plan.method,
            invocationEndpoint: this.endpoint,
            invocationRateLimitPerSecond: args.rateLimitPerSecond,
        }, { parent: this });
        this.apiDestinationArn = this.apiDestination.arn;
        this.identity = this.apiDestination;
        this.description = `API destination "${name}" (${plan.method} ${typeof args.endpoint === "string" ? args.endpoint : "<endpoint known after deployment>"})`;


        const pathParameters = args.pathParameterValues ?? [];
        this.httpTarget = args.headers || args.queryString || pathParameters.length > 0
            ? {
                ...(args.headers ? { headerParameters: { ...args.headers } } : {}),
                ...(args.queryString ? { queryStringParameters: { ...args.queryString } } : {}),
                ...(pathParameters.length > 0 ? { pathParameterValues: [...pathParameters] } : {}),
            }
            : undefined;

        this.registerOutputs({
            connectionArn: this.connectionArn,
            apiDestinationArn: this.apiDestinationArn,
            secretArn: this.secretArn,
        });
    }

    /**
     * Wires the destination into one rule (SafeRule calls this): checks that the rule's retry
     * window can absorb the backlog the rate limit builds, then creates the rule's own role
     * (`${rule}-target-<i>-role`, a child of the rule), trusted by events.amazonaws.com only for
     * that rule and allowed only `events:InvokeApiDestination` on this destination. A role
     * shared by every rule would let any rule in the account send to the endpoint with its
     * stored credentials.
     */
    attach(context: RuleTargetContext): RuleTargetWiring {
        this.checkBacklog(context);
        const { role, policy } = createEventsTargetRole(targetResourceName(context), {
            ruleArn: context.ruleArn,
            action: "events:InvokeApiDestination",
            resourceArn: this.apiDestinationArn,
        }, context.parent);
        return {
            arn: this.apiDestinationArn,
            roleArn: role.arn,
            ...(this.httpTarget ? { httpTarget: this.httpTarget } : {}),
            ...(this.inputTransformer ? { inputTransformer: { ...this.inputTransformer } } : {}),
            dependsOn: [policy],
        };
    }

    private checkBacklog(context: RuleTargetContext): void {
        const expected = this.expectedEventsPerSecond;
        if (expected === undefined || expected <= this.rateLimitPerSecond) {
            return;
        }
        const backlog = burstBacklog(expected, this.rateLimitPerSecond);
        if (backlog.drainSeconds <= context.maximumEventAgeInSeconds) {
            return;
        }
        const why = describeBacklog(backlog, context.maximumEventAgeInSeconds);
        if (!context.hasDeadLetterQueue) {
            throw new Error(
                `SafeRule "${context.ruleName}": targets[${context.index}] (ApiDestinationTarget "${this.targetName}"): ${why}, and the rule has deadLetterQueue: false, so they would be dropped. ` +
                `Give the rule a dead-letter queue (remove deadLetterQueue: false), or raise rateLimitPerSecond to at least ${minimumRate(expected, context.maximumEventAgeInSeconds)}.`,
            );
        }
        context.warn(
            `targets[${context.index}] (ApiDestinationTarget "${this.targetName}"): ${why}; they go to the rule's dead-letter queue. ` +
            `Raise rateLimitPerSecond to at least ${minimumRate(expected, context.maximumEventAgeInSeconds)} to deliver such a burst in time.`,
        );
    }

    private connect(name: string, args: ApiDestinationTargetArgs, planned: PlannedConnection, fail: Fail): {
        arn: pulumi.Output<string>; secretArn: pulumi.Output<string>; created?: aws.cloudwatch.EventConnection; serviceLinkedRole?: aws.iam.ServiceLinkedRole;
    } {
        switch (planned.kind) {
            case "new": {
                const serviceLinkedRole = args.manageServiceLinkedRole ? createServiceLinkedRole(name, this, `ApiDestinationTarget "${name}"`, fail) : undefined;
                const created = new aws.cloudwatch.EventConnection(`${name}-connection`, {
                    name: planned.name,
                    description: `Credentials for API destination ${name}`,
                    ...planned.inputs,
                }, { parent: this, dependsOn: serviceLinkedRole ? [serviceLinkedRole] : [] });
                return { arn: created.arn, secretArn: created.secretArn, created, serviceLinkedRole };
            }
            case "resource":
                return { arn: planned.arn, secretArn: planned.secretArn };
            case "arn": {
                // The secret's ARN is the connection's: look it up rather than ask for it twice.
                const looked = aws.cloudwatch.getEventConnectionOutput({
                    name: planned.arn.apply((a) => parseArn(a)!.resource.split("/")[1]),
                    region: planned.arn.apply((a) => parseArn(a)!.region),
                }, { parent: this });
                return { arn: planned.arn, secretArn: looked.secretArn };
            }
        }
    }
}

type PlannedConnection =
    | { readonly kind: "new"; readonly name: string; readonly inputs: ReturnType<typeof connectionInputs> }
    | { readonly kind: "resource"; readonly arn: pulumi.Output<string>; readonly secretArn: pulumi.Output<string> }
    | { readonly kind: "arn"; readonly arn: pulumi.Output<string> };

interface TargetPlan {
    readonly method: ApiDestinationMethod;
    readonly physicalName: string;
    /** Checked now when plain, when it resolves otherwise. */
    readonly endpoint: pulumi.Output<string>;
    readonly connection: PlannedConnection;
}

/** Every check of an ApiDestinationTarget's arguments; creates nothing. */
function planTarget(name: string, args: ApiDestinationTargetArgs): TargetPlan {
    const fail = failFor("ApiDestinationTarget", name);
    const method = checkMethod(args.method, "method", fail);
    checkRateLimit(args.rateLimitPerSecond, "rateLimitPerSecond", fail);
    const expected = args.expectedEventsPerSecond;
    if (expected !== undefined && !(typeof expected === "number" && expected > 0 && Number.isFinite(expected))) {
        fail("expectedEventsPerSecond", `${JSON.stringify(expected)} is not a positive number of events per second.`, "Give your peak event rate, e.g. 50, or leave it out.");
    }
    const physicalName = eventBridgeName(args.name, name, "name", fail);
    const endpoint = checkedEndpoint(args.endpoint, (args.pathParameterValues ?? []).length, fail);
    if (args.headers) {
        checkHeaderNames(Object.keys(args.headers), "headers", fail);
    }
    checkNotSetByConnection(args, fail);
    if (args.input !== undefined) {
        const problems = validateInputTransformer(args.input);
        if (problems.length > 0) {
            fail("input", `is not a valid input transformer: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}.`, "Build it with transform({ paths, template }) and fix the listed problems.");
        }
    }
    return { method, physicalName, endpoint, connection: planConnection(name, args, fail) };
}

function checkedEndpoint(endpoint: pulumi.Input<string>, pathParameters: number, fail: Fail): pulumi.Output<string> {
    const check = (url: string): string => {
        const problem = httpsUrlProblem(url);
        if (problem) {
            fail("endpoint", problem.problem, problem.fix);
        }
        checkPathParameters(url, pathParameters, "pathParameterValues", fail);
        return url;
    };
    return typeof endpoint === "string" ? pulumi.output(check(endpoint)) : pulumi.output(endpoint).apply(check);
}

function planConnection(name: string, args: ApiDestinationTargetArgs, fail: Fail): PlannedConnection {
    const ref = args.connection;
    if (isConnectionAuth(ref)) {
        return {
            kind: "new",
            name: eventBridgeName(undefined, `${name}-connection`, "connection", fail),
            inputs: connectionInputs({ auth: ref, invocationParameters: args.invocationParameters, kmsKeyArn: args.kmsKeyArn }, "connection", fail),
        };
    }
    for (const field of ["invocationParameters", "kmsKeyArn", "manageServiceLinkedRole"] as const) {
        if (args[field] !== undefined) {
            fail(field, "only applies to a connection this target creates (connection: auth.apiKey(...), auth.basic(...) or auth.oauth({...})); the connection given already exists.",
                "Set it where that connection is declared (e.g. on its ApiDestinationConnection), or remove it.");
        }
    }
    if (ref instanceof ApiDestinationConnection) {
        return { kind: "resource", arn: ref.connectionArn, secretArn: ref.secretArn };
    }
    if (ref instanceof aws.cloudwatch.EventConnection) {
        return { kind: "resource", arn: ref.arn, secretArn: ref.secretArn };
    }
    if (ref && typeof ref === "object" && "connectionArn" in ref) {
        const check = (arn: string): string => {
            if (!CONNECTION_ARN.test(arn)) {
                fail("connection.connectionArn", `${JSON.stringify(arn)} is not an EventBridge connection ARN (arn:aws:events:<region>:<account>:connection/<name>/<id>).`,
                    "Pass the connection's ARN, e.g. from `aws events describe-connection` or another stack's output.");
            }
            return arn;
        };
        const arn = typeof ref.connectionArn === "string" ? pulumi.output(check(ref.connectionArn)) : pulumi.output(ref.connectionArn).apply(check);
        return { kind: "arn", arn };
    }
    return fail("connection", "is not a connection.",
        "Pass auth.apiKey(header, value), auth.basic(user, password), auth.oauth({...}), an ApiDestinationConnection, or { connectionArn }.");
}

/** The header a connection's authorization sets on every request. */
function authorizationHeaderOf(connection: ConnectionRef): { name: string; by: string } | undefined {
    const auth = connection instanceof ApiDestinationConnection ? connection.auth : isConnectionAuth(connection) ? connection : undefined;
    switch (auth?.kind) {
        case "apiKey": return { name: auth.header, by: "auth.apiKey" };
        case "basic": return { name: "Authorization", by: "auth.basic" };
        case "oauth": return { name: "Authorization", by: "auth.oauth" };
        default: return undefined;
    }
}

/**
 * The connection's parameters take precedence over the target's, so a target header or
 * query-string parameter the connection also sets would be silently replaced.
 */
export function checkNotSetByConnection(
    target: Pick<ApiDestinationTargetArgs, "headers" | "queryString" | "connection" | "invocationParameters">,
    fail: Fail,
): void {
    const authorization = authorizationHeaderOf(target.connection);
    const parameters = target.connection instanceof ApiDestinationConnection ? target.connection.invocationParameters : target.invocationParameters;
    const connectionHeaders = Object.keys(parameters?.headers ?? {}).map((h) => h.toLowerCase());
    const connectionQuery = Object.keys(parameters?.queryString ?? {});
    for (const header of Object.keys(target.headers ?? {})) {
        if (authorization && authorization.name.toLowerCase() === header.toLowerCase()) {
            fail(`headers["${header}"]`, `the connection (${authorization.by}) sets ${authorization.name} on every request, and the connection's value replaces the target's.`,
                `Remove "${header}" from headers.`);
        }
        if (connectionHeaders.includes(header.toLowerCase())) {
            fail(`headers["${header}"]`, "the connection's invocationParameters.headers also set this header, and the connection's value replaces the target's.",
                "Set it in one place only.");
        }
    }
    for (const key of Object.keys(target.queryString ?? {}).filter((k) => connectionQuery.includes(k))) {
        fail(`queryString["${key}"]`, "the connection's invocationParameters.queryString also set this parameter, and the connection's value replaces the target's.",
            "Set it in one place only.");
    }
}

/** The smallest whole rate limit that drains a one-hour burst of `expected`/s within `maxAge` seconds. */
function minimumRate(expected: number, maxAgeSeconds: number): number {
    // backlog / rate <= maxAge  ⇔  (expected − rate)·burst <= maxAge·rate  ⇔  rate >= expected·burst / (burst + maxAge)
    return Math.ceil((expected * BURST_SECONDS) / (BURST_SECONDS + maxAgeSeconds));
}
