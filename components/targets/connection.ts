import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseArn } from "../internal/arns";
import { Fail, failFor } from "../errors";
import { policyJson } from "../internal/iam";
import { CONNECTION_KEY_TAG, connectionKeyGrants, connectionKeyPolicy, missingKeyGrants } from "../internal/kms-key-policy";
import { accountContext } from "../internal/account";
import { eventBridgeNameProblem, generateEventBridgeName } from "../internal/names";
import { ConnectionAuth, HttpParameters, HttpParameterValue, InvocationParameters, isConnectionAuth } from "./auth";
import { checkHeaderNames } from "./headers";
import { createServiceLinkedRole } from "./service-linked-role";
import { checkPrivateEndpoint, privateEndpoint, PrivateEndpointArgs } from "./private-endpoint";
import { httpsUrlProblem, OAUTH_METHODS } from "./validation";
import { COMPONENT_TYPES } from "../../providers";

/** What a connection is made of, wherever it is declared (its own component or inline in a target). */
export interface ConnectionSettings {
    /** The credentials: `auth.apiKey(header, value)`, `auth.basic(username, password)` or `auth.oauth({...})`. */
    readonly auth: ConnectionAuth;
    /**
     * Headers, query-string and body parameters the connection adds to every request.
     * @default none
     */
    readonly invocationParameters?: InvocationParameters;
    /**
     * A customer managed KMS key (key or alias ARN) to encrypt the connection's secret. Its key
     * policy must let EventBridge use it.
     * @default an AWS owned key
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
}

/** The arguments of an {@link ApiDestinationConnection}: credentials shared by several API destination targets. */
export interface ApiDestinationConnectionArgs extends ConnectionSettings {
    /**
     * The connection's name: 1–64 of `A-Za-z0-9._-`.
     * @default derived from the resource name and a hash of project and stack: stable per stack
     */
    readonly name?: string;
    /**
     * The connection's description.
     * @default none
     */
    readonly description?: pulumi.Input<string>;
    /**
     * Create the `AWSServiceRoleForAmazonEventBridgeApiDestinations` service-linked role
     * explicitly, for accounts where EventBridge may not create it on first use. Only once per
     * account; see docs/api-destination-target.md.
     * @default false (EventBridge creates the role with the account's first connection)
     */
    readonly manageServiceLinkedRole?: boolean;
    /**
     * A customer managed key for the connection's secret, with what EventBridge needs to use it:
     * `"create"` makes one (rotation on, tagged `EventBridgeApiDestinations=true`, key policy
     * granting the account the key only through Secrets Manager for connection secrets); an
     * `aws.kms.Key` of this program is checked once deployed and the update fails naming the
     * missing tag or statement. Use `kmsKeyArn` for a key managed elsewhere.
     * @default `kmsKeyArn`, else an AWS owned key
     */
    readonly kmsKey?: "create" | aws.kms.Key;
    /**
     * Reach a private endpoint (inside a VPC) through a VPC Lattice resource configuration: the
     * one given (`{ resourceConfigurationArn }`), or one built from `{ vpcId, subnetIds, address }`
     * (a resource gateway and a resource configuration). See docs/api-destination-target.md for
     * what AWS still requires.
     * @default none: the endpoint is public
     */
    readonly privateEndpoint?: PrivateEndpointArgs;
}

/** CloudFormation's bounds on credential values: 1–512 characters, no control characters. */
const MAX_CREDENTIAL_LENGTH = 512;

/**
 * Checks a credential once its value is known, without ever putting the value in the message,
 * and keeps it secret.
 */
function checkedCredential(value: pulumi.Output<string>, field: string, fail: Fail): pulumi.Output<string> {
    return pulumi.secret(value.apply((v) => {
        if (typeof v !== "string" || v.length === 0) {
            fail(field, "is empty.", "Set it, e.g. with `pulumi config set --secret <key> <value>` and config.requireSecret(\"<key>\").");
        }
        if (v.length > MAX_CREDENTIAL_LENGTH) {
            fail(field, `is ${v.length} characters long; EventBridge accepts at most ${MAX_CREDENTIAL_LENGTH}.`, "Check that the right value is configured.");
        }
        if (/[\x00-\x08\x0a-\x1f\x7f]/.test(v)) {
            fail(field, "contains a control character (a stray newline?), which EventBridge rejects.", "Set the value again without it.");
        }
        return v;
    }));
}

interface WireParameter {
    key: string;
    value: pulumi.Input<string>;
    isValueSecret: pulumi.Input<boolean>;
}

function isExplicitParameter(v: HttpParameterValue): v is { value: pulumi.Input<string>; secret: boolean } {
    return typeof v === "object" && v !== null && !pulumi.Output.isInstance(v) && !(v instanceof Promise) && "value" in v;
}

/**
 * EventBridge's parameter list. A parameter is secret (stored in the connection's secret and
 * never returned by the API) when marked `secret: true` or when its value is a Pulumi secret;
 * its value then stays a Pulumi secret too.
 */
export function parameterList(params: HttpParameters | undefined, field: string, fail: Fail): WireParameter[] | undefined {
    if (params === undefined) {
        return undefined;
    }
    return Object.entries(params).map(([key, given]) => {
        if (key.length === 0) {
            fail(field, "has a parameter with an empty name.", "Give every parameter a name.");
        }
        const explicit = isExplicitParameter(given) ? given : undefined;
        const value = explicit ? explicit.value : given as pulumi.Input<string>;
        if (explicit?.secret) {
            return { key, value: pulumi.secret(value), isValueSecret: true };
        }
        const isValueSecret = pulumi.Output.isInstance(value) ? pulumi.output(pulumi.isSecret(value as pulumi.Output<string>)) : false;
        return { key, value, isValueSecret };
    });
}

function httpParameters(params: { headers?: HttpParameters; queryString?: HttpParameters; body?: HttpParameters }, field: string, fail: Fail) {
    if (params.headers) {
        checkHeaderNames(Object.keys(params.headers), `${field}.headers`, fail);
    }
    const headers = parameterList(params.headers, `${field}.headers`, fail);
    const queryStrings = parameterList(params.queryString, `${field}.queryString`, fail);
    const bodies = parameterList(params.body, `${field}.body`, fail);
    return headers || queryStrings || bodies ? { headers, queryStrings, bodies } : undefined;
}

function checkKmsKeyArn(arn: pulumi.Input<string> | undefined, field: string, fail: Fail): void {
    if (typeof arn !== "string") {
        return;
    }
    const parts = parseArn(arn);
    if (!parts || parts.service !== "kms" || !/^(key|alias)\//.test(parts.resource)) {
        fail(field, `${JSON.stringify(arn)} is not a KMS key or alias ARN (arn:aws:kms:<region>:<account>:key/<id>).`, "Pass the key's ARN, e.g. key.arn.");
    }
}

/** Validated `aws.cloudwatch.EventConnection` inputs (all but name and description). */
export function connectionInputs(settings: ConnectionSettings, field: string, fail: Fail): Pick<aws.cloudwatch.EventConnectionArgs, "authorizationType" | "authParameters" | "kmsKeyIdentifier"> {
    const { auth } = settings;
    checkKmsKeyArn(settings.kmsKeyArn, "kmsKeyArn", fail);
    const invocationHttpParameters = settings.invocationParameters
        ? httpParameters(settings.invocationParameters, "invocationParameters", fail)
        : undefined;
    const common = { ...(invocationHttpParameters ? { invocationHttpParameters } : {}) };
    const kms = settings.kmsKeyArn !== undefined ? { kmsKeyIdentifier: settings.kmsKeyArn } : {};
    switch (auth.kind) {
        case "apiKey":
            checkHeaderNames([auth.header], `${field} (auth.apiKey) header`, fail);
            return {
                authorizationType: "API_KEY",
                authParameters: { apiKey: { key: auth.header, value: checkedCredential(auth.value, `${field} (auth.apiKey) value`, fail) }, ...common },
                ...kms,
            };
        case "basic":
            return {
                authorizationType: "BASIC",
                authParameters: {
                    basic: {
                        username: checkedCredential(auth.username, `${field} (auth.basic) username`, fail),
                        password: checkedCredential(auth.password, `${field} (auth.basic) password`, fail),
                    },
                    ...common,
                },
                ...kms,
            };
        case "oauth":
            return { authorizationType: "OAUTH_CLIENT_CREDENTIALS", authParameters: { oauth: oauthInputs(auth, `${field} (auth.oauth)`, fail), ...common }, ...kms };
        default:
            return fail(field, `unknown authorization ${JSON.stringify((auth as { kind?: unknown }).kind)}.`, "Use auth.apiKey(...), auth.basic(...) or auth.oauth({...}).");
    }
}

function oauthInputs(auth: Extract<ConnectionAuth, { kind: "oauth" }>, field: string, fail: Fail) {
    const problem = httpsUrlProblem(auth.authorizationEndpoint);
    if (problem) {
        fail(`${field} authorizationEndpoint`, `${problem.problem} The client secret is sent to it.`, problem.fix);
    }
    if (!(OAUTH_METHODS as readonly string[]).includes(auth.httpMethod)) {
        fail(`${field} httpMethod`, `${JSON.stringify(auth.httpMethod)} is not accepted for the token request.`, `Use one of ${OAUTH_METHODS.join(", ")}.`);
    }
    let body = auth.bodyParameters;
    let query = auth.queryStringParameters;
    if (auth.scopes !== undefined) {
        const bad = auth.scopes.filter((s) => typeof s !== "string" || s.length === 0 || /\s/.test(s));
        if (auth.scopes.length === 0 || bad.length > 0) {
            fail(`${field} scopes`, auth.scopes.length === 0 ? "is empty." : `${bad.map((s) => JSON.stringify(s)).join(", ")} is not a scope (scopes are non-empty and contain no spaces).`, "List each scope once, e.g. [\"events:write\"].");
        }
        const inQuery = auth.httpMethod === "GET";
        const existing = inQuery ? query : body;
        if (existing && Object.keys(existing).some((k) => k === "scope")) {
            fail(`${field} scopes`, `is given twice: as scopes and as a "scope" ${inQuery ? "query-string" : "body"} parameter.`, "Keep one of them.");
        }
        const scope = { scope: auth.scopes.join(" ") };
        if (inQuery) {
            query = { ...query, ...scope };
        } else {
            body = { ...body, ...scope };
        }
    }
    return {
        authorizationEndpoint: auth.authorizationEndpoint,
        httpMethod: auth.httpMethod,
        clientParameters: {
            clientId: checkedCredential(auth.clientId, `${field} clientId`, fail),
            clientSecret: checkedCredential(auth.clientSecret, `${field} clientSecret`, fail),
        },
        oauthHttpParameters: httpParameters({ headers: auth.headerParameters, queryString: query, body }, `${field} parameters`, fail) ?? {},
    };
}

/** The EventBridge name of a connection or destination: given (and checked) or derived from the resource name. */
export function eventBridgeName(given: string | undefined, resourceName: string, field: string, fail: Fail): string {
    if (given === undefined) {
        return generateEventBridgeName(resourceName);
    }
    const problem = eventBridgeNameProblem(given);
    if (problem) {
        fail(field, problem, "Use 1–64 letters, digits, \".\", \"-\" or \"_\", or leave it out to get a generated name.");
    }
    return given;
}

/**
 * An EventBridge connection: the credentials (and extra parameters) API destinations use to call
 * an endpoint. Declare one and pass it as `connection` to several ApiDestinationTargets that
 * call the same service, so the credentials live in one secret.
 *
 * ```ts
 * const chat = new ApiDestinationConnection("chat", { auth: auth.apiKey("Authorization", cfg.requireSecret("chatToken")) });
 * new ApiDestinationTarget("alerts", { connection: chat, endpoint: "https://chat.example.com/hooks/alerts", ... });
 * ```
 */
export class ApiDestinationConnection extends pulumi.ComponentResource {
    readonly connection: aws.cloudwatch.EventConnection;
    readonly connectionArn: pulumi.Output<string>;
    /** The Secrets Manager secret EventBridge keeps the credentials in. */
    readonly secretArn: pulumi.Output<string>;
    /** Present when `manageServiceLinkedRole` is set. */
    readonly serviceLinkedRole?: aws.iam.ServiceLinkedRole;
    /** The key the component created (`kmsKey: "create"`). */
    readonly kmsKey?: aws.kms.Key;
    /** The VPC Lattice resource configuration the component built for `privateEndpoint`. */
    readonly resourceConfiguration?: aws.vpclattice.ResourceConfiguration;
    /** The key of the connection's secret when `kmsKey` is set (checked, for a key of this program). */
    readonly kmsKeyArn?: pulumi.Output<string>;
    /** The authorization, kept for offline checks such as the local delivery check. */
    readonly auth: ConnectionAuth;
    readonly invocationParameters?: InvocationParameters;

    constructor(name: string, args: ApiDestinationConnectionArgs, opts?: pulumi.ComponentResourceOptions) {
        // Checked before anything is registered.
        const fail = failFor("ApiDestinationConnection", name);
        if (!isConnectionAuth(args.auth)) {
            fail("auth", "is not an authorization.", "Use auth.apiKey(...), auth.basic(...) or auth.oauth({...}).");
        }
        const inputs = connectionInputs(args, "auth", fail);
        const physicalName = eventBridgeName(args.name, name, "name", fail);
        checkKmsKeyChoice(args, fail);
        if (args.privateEndpoint !== undefined) {
            checkPrivateEndpoint(args.privateEndpoint, "privateEndpoint", fail);
        }
        super(COMPONENT_TYPES.apiDestinationConnection, name, {}, opts);
        this.kmsKey = args.kmsKey === "create" ? createConnectionKey(name, this) : undefined;
        const kmsKeyIdentifier = this.kmsKey ? this.kmsKey.arn : aws.kms.Key.isInstance(args.kmsKey) ? checkedConnectionKey(args.kmsKey, this, fail) : undefined;
        this.kmsKeyArn = kmsKeyIdentifier;
        const endpoint = args.privateEndpoint !== undefined ? privateEndpoint(name, args.privateEndpoint, this) : undefined;
        this.resourceConfiguration = endpoint?.resourceConfiguration;
        this.auth = args.auth;
        this.invocationParameters = args.invocationParameters;
        this.serviceLinkedRole = args.manageServiceLinkedRole ? createServiceLinkedRole(name, this, `ApiDestinationConnection "${name}"`, fail) : undefined;
        this.connection = new aws.cloudwatch.EventConnection(name, {
            name: physicalName,
            description: args.description ?? `Credentials for API destinations (${name})`,
            ...inputs,
            ...(kmsKeyIdentifier ? { kmsKeyIdentifier } : {}),
            ...(endpoint ? { invocationConnectivityParameters: { resourceParameters: { resourceConfigurationArn: endpoint.resourceConfigurationArn } } } : {}),
        }, { parent: this, dependsOn: this.serviceLinkedRole ? [this.serviceLinkedRole] : [] });
        this.connectionArn = this.connection.arn;
        this.secretArn = this.connection.secretArn;
        this.registerOutputs({ connectionArn: this.connectionArn, secretArn: this.secretArn });
    }
}

function checkKmsKeyChoice(args: ApiDestinationConnectionArgs, fail: Fail): void {
    if (args.kmsKey === undefined) {
        return;
    }
    if (args.kmsKey !== "create" && !aws.kms.Key.isInstance(args.kmsKey)) {
        fail("kmsKey", `is ${JSON.stringify(args.kmsKey)}.`, "Use \"create\", an aws.kms.Key of this program, or kmsKeyArn for a key managed elsewhere.");
    }
    if (args.kmsKeyArn !== undefined) {
        fail("kmsKey", "is given together with kmsKeyArn; the secret has one key.", "Keep one of them.");
    }
}

/** A key for the connection's secret, tagged and with the key policy EventBridge needs. */
function createConnectionKey(name: string, parent: pulumi.Resource): aws.kms.Key {
    return new aws.kms.Key(`${name}-key`, {
        description: `Encrypts the secret of EventBridge connection ${name}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags: { [CONNECTION_KEY_TAG.key]: CONNECTION_KEY_TAG.value },
        policy: accountContext(parent).apply((ctx) => policyJson(connectionKeyPolicy({ account: ctx }))),
    }, { parent });
}

/**
 * A key of this program, checked once its tags and policy are known: EventBridge refuses a key
 * without the tag, and Secrets Manager cannot encrypt the secret without the grants.
 */
function checkedConnectionKey(key: aws.kms.Key, parent: pulumi.Resource, fail: Fail): pulumi.Output<string> {
    return pulumi.all([key.arn, key.tags, key.policy, accountContext(parent)]).apply(([arn, tags, policy, ctx]) => {
        if (tags?.[CONNECTION_KEY_TAG.key] !== CONNECTION_KEY_TAG.value) {
            fail("kmsKey", `${arn} lacks the tag ${CONNECTION_KEY_TAG.key}=${CONNECTION_KEY_TAG.value}, without which EventBridge does not use a key for connections.`,
                `Add tags: { ${CONNECTION_KEY_TAG.key}: "${CONNECTION_KEY_TAG.value}" } to the key, or use kmsKey: "create".`);
        }
        const missing = policy ? missingKeyGrants(policy, connectionKeyGrants(ctx)) : undefined;
        if (missing && missing.length > 0) {
            fail("kmsKey", `the key policy of ${arn} lacks what Secrets Manager needs to encrypt the connection's secret:\n${missing.map((m) => `  - ${m}`).join("\n")}`,
                "\nAdd that statement (with kms:ViaService secretsmanager.<region>.amazonaws.com; see docs/api-destination-target.md), or use kmsKey: \"create\".");
        }
        return arn;
    });
}
