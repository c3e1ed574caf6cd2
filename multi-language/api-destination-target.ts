import * as pulumi from "@pulumi/pulumi";
import { ApiDestinationTarget as ApiDestinationTargetComponent, auth } from "../components";
import type { ApiDestinationTargetArgs as ComponentArgs, ConnectionRef } from "../components";
import type { ApiDestinationMethod } from "../components/targets";
import { Fail, failFor } from "../components/errors";
import { defined, InputTransformerShape, inputTransformer, onlyMember, plainValue } from "./shapes";

/** API key authorization: every request carries `header: value`. */
export interface ApiKeyShape {
    /** The header that carries the key, e.g. `Authorization` or `x-api-key`. */
    readonly header: string;
    /** The key, kept secret. */
    readonly value: pulumi.Input<string>;
}

/** HTTP basic authorization. */
export interface BasicAuthShape {
    /** The user name, kept secret. */
    readonly username: pulumi.Input<string>;
    /** The password, kept secret. */
    readonly password: pulumi.Input<string>;
}

/** OAuth client credentials: EventBridge fetches a token and sends it as `Authorization: Bearer`. */
export interface OAuthShape {
    /** The HTTPS token endpoint, e.g. `https://login.example.com/oauth2/token`. */
    readonly authorizationEndpoint: string;
    /** How EventBridge calls the token endpoint: GET, POST or PUT. */
    readonly httpMethod: string;
    /** The OAuth client id, kept secret. */
    readonly clientId: pulumi.Input<string>;
    /** The OAuth client secret, kept secret. */
    readonly clientSecret: pulumi.Input<string>;
    /**
     * Scopes to request, sent as the space-separated `scope` parameter: in the query string for GET, in the body for POST and PUT.
     * @default none (no `scope` parameter)
     */
    readonly scopes?: string[];
    /**
     * Extra body parameters of the token request (e.g. `{ audience: "https://api.example.com" }`).
     * @default none
     */
    readonly bodyParameters?: { [name: string]: pulumi.Input<string> };
    /**
     * Extra headers of the token request.
     * @default none
     */
    readonly headerParameters?: { [name: string]: pulumi.Input<string> };
    /**
     * Extra query-string parameters of the token request.
     * @default none
     */
    readonly queryStringParameters?: { [name: string]: pulumi.Input<string> };
}

/** Where the credentials come from: set exactly one member. */
export interface ConnectionShape {
    /**
     * A new connection with API key authorization.
     * @default none
     */
    readonly apiKey?: ApiKeyShape;
    /**
     * A new connection with HTTP basic authorization.
     * @default none
     */
    readonly basic?: BasicAuthShape;
    /**
     * A new connection with OAuth client-credentials authorization.
     * @default none
     */
    readonly oauth?: OAuthShape;
    /**
     * An existing connection's ARN (`arn:aws:events:<region>:<account>:connection/<name>/<id>`); its secret ARN is looked up.
     * @default none
     */
    readonly connectionArn?: pulumi.Input<string>;
}

/** Parameters a new connection adds to every request it authorizes; a value that is a Pulumi secret stays in the connection's secret. */
export interface InvocationParametersShape {
    /**
     * Added as headers of every request.
     * @default none
     */
    readonly headers?: { [name: string]: pulumi.Input<string> };
    /**
     * Added to the query string of every request.
     * @default none
     */
    readonly queryString?: { [name: string]: pulumi.Input<string> };
    /**
     * Added as fields of the JSON body.
     * @default none
     */
    readonly body?: { [name: string]: pulumi.Input<string> };
}

/** The arguments of an ApiDestinationTarget: the endpoint, its connection and how each request is shaped. */
export interface ApiDestinationTargetArgs {
    /** The HTTPS URL to call. Each `*` is a path parameter filled from `pathParameterValues`. */
    readonly endpoint: pulumi.Input<string>;
    /** Any HTTP method but CONNECT and TRACE. */
    readonly method: string;
    /** Invocations per second EventBridge sends at most (a whole number, at least 1). */
    readonly rateLimitPerSecond: number;
    /** Where the credentials come from: `apiKey`, `basic` or `oauth` for a new connection, or `connectionArn` for an existing one. */
    readonly connection: ConnectionShape;
    /**
     * For a new connection: headers, query-string and body parameters it adds to every request.
     * @default none
     */
    readonly invocationParameters?: InvocationParametersShape;
    /**
     * For a new connection: a customer managed KMS key (key or alias ARN) for its secret.
     * @default an AWS owned key
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /**
     * For a new connection: create the `AWSServiceRoleForAmazonEventBridgeApiDestinations` service-linked role explicitly (once per account).
     * @default false (EventBridge creates the role with the account's first connection)
     */
    readonly manageServiceLinkedRole?: boolean;
    /**
     * Headers sent with every request. A value may be a JSON path into the event (`$.detail.payload.id`).
     * @default none
     */
    readonly headers?: { [name: string]: pulumi.Input<string> };
    /**
     * Query-string parameters appended to every request. A value may be a JSON path into the event.
     * @default none
     */
    readonly queryString?: { [name: string]: pulumi.Input<string> };
    /**
     * One value per `*` in the endpoint, in order. A value may be a JSON path into the event.
     * @default none (the endpoint must then have no `*`)
     */
    readonly pathParameterValues?: pulumi.Input<string>[];
    /**
     * The request body instead of the whole event: values picked from the event, put into a template.
     * @default the whole event
     */
    readonly input?: InputTransformerShape;
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

function connection(shape: ConnectionShape, fail: Fail): ConnectionRef {
    const kind = onlyMember(shape, "connection", ["apiKey", "basic", "oauth", "connectionArn"], fail);
    switch (kind) {
        case "apiKey":
            return auth.apiKey(shape.apiKey!.header, shape.apiKey!.value);
        case "basic":
            return auth.basic(shape.basic!.username, shape.basic!.password);
        case "oauth":
            // The method is checked by the connection, with the accepted values.
            return auth.oauth(shape.oauth as Parameters<typeof auth.oauth>[0]);
        case "connectionArn":
            return { connectionArn: shape.connectionArn! };
    }
}

/** The TypeScript API's arguments for the same configuration: the one implementation both front doors share. */
export function apiDestinationTargetArgs(name: string, args: ApiDestinationTargetArgs, component = "ApiDestinationTarget", field = ""): ComponentArgs {
    const fail = failFor(component, name);
    const shape = plainValue(args.connection, `${field}connection`, fail);
    const input = inputTransformer(plainValue(args.input, `${field}input`, fail), `${field}input`, fail);
    return defined<ComponentArgs>({
        ...args,
        method: args.method as ApiDestinationMethod,
        connection: connection(shape, (f, problem, fix) => fail(`${field}${f}`, problem, fix)),
        input,
    });
}

/**
 * An HTTPS endpoint as a SafeRule target: an EventBridge API destination, its connection (new
 * or existing); each rule that targets it gets its own role. The multi-language front door of
 * eventbridge-kit's ApiDestinationTarget; to target it from a SafeRule, give the same
 * arguments as the rule target's `apiDestination`.
 */
export class ApiDestinationTarget extends pulumi.ComponentResource {
    /** The API destination's ARN. */
    public readonly apiDestinationArn: pulumi.Output<string>;
    /** The connection's ARN (created, or the one given). */
    public readonly connectionArn: pulumi.Output<string>;
    /** The Secrets Manager secret holding the connection's credentials (managed by EventBridge). */
    public readonly secretArn: pulumi.Output<string>;

    constructor(name: string, args: ApiDestinationTargetArgs, opts?: pulumi.ComponentResourceOptions) {
        const componentArgs = apiDestinationTargetArgs(name, args);
        super("eventbridge-kit:index:ApiDestinationTarget", name, {}, opts);
        const target = new ApiDestinationTargetComponent(name, componentArgs, { parent: this });
        this.apiDestinationArn = target.apiDestinationArn;
        this.connectionArn = target.connectionArn;
        this.secretArn = target.secretArn;
        this.registerOutputs({
            apiDestinationArn: this.apiDestinationArn,
            connectionArn: this.connectionArn,
            secretArn: this.secretArn,
        });
    }
}
