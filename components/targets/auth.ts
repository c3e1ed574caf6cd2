/**
 * How a connection authorizes requests to an API destination: `auth.apiKey(...)`,
 * `auth.basic(...)` or `auth.oauth({...})`. EventBridge keeps the credentials in a Secrets
 * Manager secret it manages; here every credential is wrapped in `pulumi.secret` as soon as it
 * is given, so it stays encrypted in Pulumi's state and never shows in a preview.
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * A value of an extra HTTP parameter: plain text, or `{ value, secret: true }` for one
 * EventBridge must keep in the connection's secret (`isValueSecret`). A value that is already a
 * Pulumi secret (e.g. from `config.requireSecret`) is treated as secret too.
 */
export type HttpParameterValue = pulumi.Input<string> | { readonly value: pulumi.Input<string>; readonly secret: boolean };

/** Extra HTTP parameters by name. */
export type HttpParameters = Readonly<Record<string, HttpParameterValue>>;

/** Parameters a connection adds to every request it authorizes (`invocationHttpParameters`). */
export interface InvocationParameters {
    /**
     * Added as headers of every request.
     * @default none
     */
    readonly headers?: HttpParameters;
    /**
     * Added to the query string of every request.
     * @default none
     */
    readonly queryString?: HttpParameters;
    /**
     * Added as fields of the JSON body.
     * @default none
     */
    readonly body?: HttpParameters;
}

/** API key: the key is sent in the named header on every request. */
export interface ApiKeyAuth {
    /** Tells the authorization kinds apart. */
    readonly kind: "apiKey";
    /** The header that carries the key, e.g. `Authorization` or `x-api-key`. */
    readonly header: string;
    /** The key, kept secret. */
    readonly value: pulumi.Output<string>;
}

/** HTTP basic authentication. */
export interface BasicAuth {
    /** Tells the authorization kinds apart. */
    readonly kind: "basic";
    /** The user name, kept secret. */
    readonly username: pulumi.Output<string>;
    /** The password, kept secret. */
    readonly password: pulumi.Output<string>;
}

/** The HTTP methods EventBridge may use for the OAuth token request. */
export type OAuthHttpMethod = "GET" | "POST" | "PUT";

/** What `auth.oauth` takes. */
export interface OAuthArgs {
    /** The HTTPS token endpoint, e.g. `https://login.example.com/oauth2/token`. */
    readonly authorizationEndpoint: string;
    /** How EventBridge calls the token endpoint: GET, POST or PUT. */
    readonly httpMethod: OAuthHttpMethod;
    /** The OAuth client id; wrapped in `pulumi.secret`. */
    readonly clientId: pulumi.Input<string>;
    /** The OAuth client secret, e.g. `cfg.requireSecret("clientSecret")`; wrapped in `pulumi.secret`. */
    readonly clientSecret: pulumi.Input<string>;
    /**
     * Scopes to request, sent as the space-separated `scope` parameter (RFC 6749 §4.4.2): in the
     * query string for GET, in the body for POST and PUT.
     * @default none (no `scope` parameter)
     */
    readonly scopes?: readonly string[];
    /**
     * Extra body parameters of the token request (e.g. `{ audience: "https://api.example.com" }`).
     * @default none
     */
    readonly bodyParameters?: HttpParameters;
    /**
     * Extra headers of the token request.
     * @default none
     */
    readonly headerParameters?: HttpParameters;
    /**
     * Extra query-string parameters of the token request.
     * @default none
     */
    readonly queryStringParameters?: HttpParameters;
}

/** OAuth client credentials: EventBridge fetches a token and sends it as `Authorization: Bearer`. */
export interface OAuthClientCredentialsAuth extends Omit<OAuthArgs, "clientId" | "clientSecret"> {
    /** Tells the authorization kinds apart. */
    readonly kind: "oauth";
    /** The client id, kept secret. */
    readonly clientId: pulumi.Output<string>;
    /** The client secret, kept secret. */
    readonly clientSecret: pulumi.Output<string>;
}

/** How a new connection authorizes requests: build it with `auth.apiKey`, `auth.basic` or `auth.oauth`. */
export type ConnectionAuth = ApiKeyAuth | BasicAuth | OAuthClientCredentialsAuth;

/**
 * API key authorization: every request carries `header: value`.
 *
 * ```ts
 * auth.apiKey("Authorization", config.requireSecret("chatToken"))
 * ```
 */
export function apiKey(header: string, value: pulumi.Input<string>): ApiKeyAuth {
    return { kind: "apiKey", header, value: pulumi.secret(value) };
}

/** Basic authorization: every request carries `Authorization: Basic base64(username:password)`. */
export function basic(username: pulumi.Input<string>, password: pulumi.Input<string>): BasicAuth {
    return { kind: "basic", username: pulumi.secret(username), password: pulumi.secret(password) };
}

/**
 * OAuth client-credentials authorization: EventBridge requests a token from
 * `authorizationEndpoint` with the client id and secret (plus any extra parameters), caches it,
 * and sends it as `Authorization: Bearer <token>`.
 */
export function oauth(args: OAuthArgs): OAuthClientCredentialsAuth {
    return { ...args, kind: "oauth", clientId: pulumi.secret(args.clientId), clientSecret: pulumi.secret(args.clientSecret) };
}

/** Whether `x` is one of the authorizations built here (as opposed to an existing connection). */
export function isConnectionAuth(x: unknown): x is ConnectionAuth {
    const kind = (x as { kind?: unknown } | undefined)?.kind;
    return kind === "apiKey" || kind === "basic" || kind === "oauth";
}
