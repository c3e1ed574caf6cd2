import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ApiDestinationConnection, ApiDestinationTarget, ApiDestinationTargetArgs, auth } from "../../components/targets";
import { isSecret, plan, PlannedResource } from "../../testing";
import { settle, valueOf } from "../../testing/mocks";
import { failFor } from "../../components/errors";
import { connectionInputs } from "../../components/targets/connection";
import { ENDPOINT, freshMocks, isSecretInput, outputError, revealed, thrown, TOKEN } from "./support";

const CONNECTION = "aws:cloudwatch/eventConnection:EventConnection";
const PASSWORD = "plain-password-5678";
const CLIENT_SECRET = "plain-client-secret-9012";

function args(connection: ApiDestinationTargetArgs["connection"], more: Partial<ApiDestinationTargetArgs> = {}): ApiDestinationTargetArgs {
    return { endpoint: ENDPOINT, method: "POST", rateLimitPerSecond: 5, connection, ...more };
}

const oauthArgs = {
    authorizationEndpoint: "https://login.example.com/oauth2/token",
    httpMethod: "POST" as const,
    clientId: "client-id-3456",
    clientSecret: CLIENT_SECRET,
};

/** Whether the value at `path` is registered as a secret (itself, or inside a secret parent). */
function isSecretAt(value: any, path: readonly (string | number)[]): boolean {
    let current = value;
    for (const step of path) {
        if (isSecret(current)) {
            return true;
        }
        current = current?.[step];
    }
    return isSecret(current);
}

/** Every value in a planned resource's inputs, flattened to text, for "does the secret leak" checks. */
function text(resources: readonly PlannedResource[]): string {
    return JSON.stringify(resources.map((r) => r.inputs));
}

describe("targets/connections: the three kinds of authorization", () => {
    it("API key: the key's header and value", async () => {
        const mocks = await freshMocks();
        new ApiDestinationTarget("chat", args(auth.apiKey("Authorization", TOKEN)));
        await settle(mocks);
        const connection = mocks.named("chat-connection");
        assert.ok(isSecretInput(connection.inputs.authParameters), "the credentials are registered as a secret");
        assert.deepStrictEqual({ ...revealed(connection.inputs), name: undefined }, {
            name: undefined,
            description: "Credentials for API destination chat",
            authorizationType: "API_KEY",
            authParameters: { apiKey: { key: "Authorization", value: TOKEN } },
        });
    });

    it("basic: username and password", async () => {
        const mocks = await freshMocks();
        new ApiDestinationTarget("ci", args(auth.basic("eventbridge", PASSWORD)));
        await settle(mocks);
        const connection = mocks.named("ci-connection");
        assert.strictEqual(connection.inputs.authorizationType, "BASIC");
        assert.ok(isSecretInput(connection.inputs.authParameters));
        assert.deepStrictEqual(revealed(connection.inputs.authParameters), { basic: { username: "eventbridge", password: PASSWORD } });
    });

    it("OAuth client credentials: endpoint, method, client and token-request parameters, scopes in the body for POST", async () => {
        const mocks = await freshMocks();
        new ApiDestinationTarget("crm", args(auth.oauth({
            ...oauthArgs,
            scopes: ["events:write", "events:read"],
            bodyParameters: { audience: "https://api.example.com", grant_type: "client_credentials" },
            headerParameters: { "X-Tenant": "acme" },
        })));
        await settle(mocks);
        const connection = mocks.named("crm-connection");
        assert.strictEqual(connection.inputs.authorizationType, "OAUTH_CLIENT_CREDENTIALS");
        assert.ok(isSecretInput(connection.inputs.authParameters));
        assert.deepStrictEqual(revealed(connection.inputs.authParameters), {
            oauth: {
                authorizationEndpoint: "https://login.example.com/oauth2/token",
                httpMethod: "POST",
                clientParameters: { clientId: "client-id-3456", clientSecret: CLIENT_SECRET },
                oauthHttpParameters: {
                    headers: [{ key: "X-Tenant", value: "acme", isValueSecret: false }],
                    bodies: [
                        { key: "audience", value: "https://api.example.com", isValueSecret: false },
                        { key: "grant_type", value: "client_credentials", isValueSecret: false },
                        { key: "scope", value: "events:write events:read", isValueSecret: false },
                    ],
                },
            },
        });
    });

    it("OAuth with GET sends the scopes in the query string", async () => {
        const mocks = await freshMocks();
        new ApiDestinationTarget("crm", args(auth.oauth({ ...oauthArgs, httpMethod: "GET", scopes: ["read"] })));
        await settle(mocks);
        assert.deepStrictEqual(revealed(mocks.named("crm-connection").inputs.authParameters).oauth.oauthHttpParameters, {
            queryStrings: [{ key: "scope", value: "read", isValueSecret: false }],
        });
    });

    it("OAuth checks: HTTPS token endpoint, GET/POST/PUT, well-formed scopes", async () => {
        await freshMocks();
        assert.match(thrown(() => new ApiDestinationTarget("t", args(auth.oauth({ ...oauthArgs, authorizationEndpoint: "http://login.example.com/token" })))),
            /ApiDestinationTarget "t": connection \(auth\.oauth\) authorizationEndpoint: "http:\/\/login\.example\.com\/token" uses http; EventBridge only calls HTTPS endpoints\. The client secret is sent to it\. Use an https:\/\/ URL\./);
        assert.match(thrown(() => new ApiDestinationTarget("t", args(auth.oauth({ ...oauthArgs, httpMethod: "DELETE" as any })))),
            /connection \(auth\.oauth\) httpMethod: "DELETE" is not accepted for the token request\. Use one of GET, POST, PUT\./);
        assert.match(thrown(() => new ApiDestinationTarget("t", args(auth.oauth({ ...oauthArgs, scopes: ["a b"] })))), /scopes: "a b" is not a scope/);
        assert.match(thrown(() => new ApiDestinationTarget("t", args(auth.oauth({ ...oauthArgs, scopes: ["a"], bodyParameters: { scope: "b" } })))),
            /scopes: is given twice: as scopes and as a "scope" body parameter/);
        for (const httpMethod of ["GET", "POST", "PUT"] as const) {
            new ApiDestinationTarget(`ok-${httpMethod}`, args(auth.oauth({ ...oauthArgs, httpMethod })));
        }
    });

    it("invocation parameters and a customer managed KMS key", async () => {
        const mocks = await freshMocks();
        const kmsKeyArn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        new ApiDestinationTarget("chat", args(auth.apiKey("x-api-key", TOKEN), {
            kmsKeyArn,
            invocationParameters: {
                headers: { "X-Workspace": "platform", "X-Signing-Key": { value: "sign-me", secret: true } },
                queryString: { channel: "releases" },
                body: { username: "EventBridge", token: pulumi.secret("body-secret") },
            },
        }));
        await settle(mocks);
        const connection = revealed(mocks.named("chat-connection").inputs);
        assert.strictEqual(connection.kmsKeyIdentifier, kmsKeyArn);
        assert.deepStrictEqual(connection.authParameters.invocationHttpParameters, {
            headers: [
                { key: "X-Workspace", value: "platform", isValueSecret: false },
                { key: "X-Signing-Key", value: "sign-me", isValueSecret: true },
            ],
            queryStrings: [{ key: "channel", value: "releases", isValueSecret: false }],
            bodies: [
                { key: "username", value: "EventBridge", isValueSecret: false },
                { key: "token", value: "body-secret", isValueSecret: true },
            ],
        });
        assert.match(thrown(() => new ApiDestinationTarget("t", args(auth.apiKey("x-api-key", TOKEN), { kmsKeyArn: "alias/mine" }))),
            /kmsKeyArn: "alias\/mine" is not a KMS key or alias ARN/);
    });

    it("checks credential values once known, without putting them in the message", async () => {
        await freshMocks();
        const fail = failFor("ApiDestinationTarget", "t");
        const empty = connectionInputs({ auth: auth.apiKey("x-api-key", "") }, "connection", fail);
        const error = await outputError((empty.authParameters as any).apiKey.value);
        assert.strictEqual(error?.message, "ApiDestinationTarget \"t\": connection (auth.apiKey) value: is empty. Set it, e.g. with `pulumi config set --secret <key> <value>` and config.requireSecret(\"<key>\").");
        const newline = connectionInputs({ auth: auth.basic("user", "pass\nword-6789") }, "connection", fail);
        const second = await outputError((newline.authParameters as any).basic.password);
        assert.match(second!.message, /connection \(auth\.basic\) password: contains a control character/);
        assert.ok(!second!.message.includes("word-6789"));
        const long = connectionInputs({ auth: auth.oauth({ ...oauthArgs, clientSecret: "s".repeat(513) }) }, "connection", fail);
        assert.match((await outputError((long.authParameters as any).oauth.clientParameters.clientSecret))!.message, /clientSecret: is 513 characters long; EventBridge accepts at most 512\./);
        const fine = connectionInputs({ auth: auth.apiKey("x-api-key", TOKEN) }, "connection", fail);
        assert.strictEqual(await outputError((fine.authParameters as any).apiKey.value), undefined);
    });
});

describe("targets/connections: secrets stay secret", () => {
    it("auth builders return Pulumi secrets", async () => {
        await freshMocks();
        const key = auth.apiKey("Authorization", TOKEN);
        const basicAuth = auth.basic("user", PASSWORD);
        const oauth = auth.oauth(oauthArgs);
        for (const value of [key.value, basicAuth.username, basicAuth.password, oauth.clientId, oauth.clientSecret]) {
            assert.strictEqual(await pulumi.isSecret(value), true);
        }
    });

    for (const preview of [false, true]) {
        it(`no credential is registered in plain text (${preview ? "preview" : "update"})`, async () => {
            const result = await plan(() => {
                new ApiDestinationTarget("chat", args(auth.apiKey("Authorization", TOKEN), {
                    invocationParameters: { headers: { "X-Signing-Key": { value: "signing-key-4321", secret: true } }, queryString: { channel: "releases" } },
                }));
                new ApiDestinationTarget("ci", args(auth.basic("eventbridge-user", PASSWORD)));
                new ApiDestinationTarget("crm", args(auth.oauth({ ...oauthArgs, bodyParameters: { audience: { value: "audience-secret-1111", secret: true } } })));
            }, { preview });
            const connections = result.resources.filter((r) => r.type === CONNECTION);
            assert.strictEqual(connections.length, 3);
            const secretAt = (name: string, path: (string | number)[]) => isSecretAt(connections.find((c) => c.name === name)!.inputs, path);
            assert.ok(secretAt("chat-connection", ["authParameters", "apiKey", "value"]));
            assert.ok(secretAt("chat-connection", ["authParameters", "invocationHttpParameters", "headers", 0, "value"]));
            assert.ok(secretAt("ci-connection", ["authParameters", "basic", "username"]));
            assert.ok(secretAt("ci-connection", ["authParameters", "basic", "password"]));
            assert.ok(secretAt("crm-connection", ["authParameters", "oauth", "clientParameters", "clientId"]));
            assert.ok(secretAt("crm-connection", ["authParameters", "oauth", "clientParameters", "clientSecret"]));
            assert.ok(secretAt("crm-connection", ["authParameters", "oauth", "oauthHttpParameters", "bodies", 0, "value"]));
            for (const connection of connections) {
                assert.strictEqual(typeof connection.inputs.authorizationType, "string", "what is not a credential stays readable");
            }
            const everything = text(result.resources);
            for (const credential of [TOKEN, PASSWORD, "eventbridge-user", CLIENT_SECRET, "client-id-3456", "signing-key-4321", "audience-secret-1111"]) {
                assert.ok(!everything.includes(credential), `${credential} appears in plain text`);
            }
            for (const component of result.resources.filter((r) => r.type === "eventbridge-kit:targets:ApiDestinationTarget")) {
                assert.deepStrictEqual(component.inputs, {}, "the component itself takes no inputs");
            }
        });
    }

    it("a parameter whose value is already a Pulumi secret is marked secret for EventBridge too", async () => {
        const result = await plan(() => {
            new ApiDestinationTarget("chat", args(auth.apiKey("x-api-key", TOKEN), { invocationParameters: { queryString: { sig: pulumi.secret("query-secret-2222") } } }));
        }, { preview: false });
        assert.ok(isSecretAt(result.resources.find((r) => r.name === "chat-connection")!.inputs, ["authParameters", "invocationHttpParameters", "queryStrings", 0, "value"]));
        const mocks = await freshMocks();
        new ApiDestinationTarget("chat", args(auth.apiKey("x-api-key", TOKEN), { invocationParameters: { queryString: { sig: pulumi.secret("query-secret-2222"), plain: "p" } } }));
        await settle(mocks);
        assert.deepStrictEqual(revealed(mocks.named("chat-connection").inputs.authParameters).invocationHttpParameters.queryStrings, [
            { key: "sig", value: "query-secret-2222", isValueSecret: true },
            { key: "plain", value: "p", isValueSecret: false },
        ]);
    });
});

describe("targets/connections: sharing and existing connections", () => {
    it("one ApiDestinationConnection serves several destinations", async () => {
        const mocks = await freshMocks();
        const chat = new ApiDestinationConnection("chat", { auth: auth.apiKey("Authorization", TOKEN), name: "chat-credentials" });
        const alerts = new ApiDestinationTarget("alerts", args(chat, { endpoint: "https://chat.example.com/hooks/alerts" }));
        const releases = new ApiDestinationTarget("releases", args(chat, { endpoint: "https://chat.example.com/hooks/releases" }));
        await settle(mocks);
        assert.strictEqual(mocks.ofType(CONNECTION).length, 1);
        const connectionArn = "arn:aws:events:us-east-1:123456789012:connection/chat-credentials/00000000-0000-0000-0000-000000000000";
        assert.strictEqual(mocks.named("alerts-destination").inputs.connectionArn, connectionArn);
        assert.strictEqual(mocks.named("releases-destination").inputs.connectionArn, connectionArn);
        assert.strictEqual(alerts.connection, undefined);
        assert.strictEqual(await valueOf(releases.secretArn), "arn:aws:secretsmanager:us-east-1:123456789012:secret:events!connection/chat-credentials-AbCdEf");
        assert.deepStrictEqual(mocks.ofType("eventbridge-kit:targets:ApiDestinationConnection")[0].inputs, {});
        assert.strictEqual(await valueOf(chat.connectionArn), connectionArn);
    });

    it("an aws.cloudwatch.EventConnection of the program can be passed as is", async () => {
        const mocks = await freshMocks();
        const raw = new aws.cloudwatch.EventConnection("raw", { name: "raw", authorizationType: "API_KEY", authParameters: { apiKey: { key: "k", value: pulumi.secret("v") } } });
        new ApiDestinationTarget("t", args(raw));
        await settle(mocks);
        assert.strictEqual(mocks.named("t-destination").inputs.connectionArn, "arn:aws:events:us-east-1:123456789012:connection/raw/00000000-0000-0000-0000-000000000000");
    });

    it("an existing connection by ARN: no connection is created and its secret is looked up", async () => {
        const mocks = await freshMocks();
        const connectionArn = "arn:aws:events:us-east-1:123456789012:connection/shared-chat/5f4e3d2c-1b0a-4999-8888-777766665555";
        const target = new ApiDestinationTarget("t", args({ connectionArn }));
        await settle(mocks);
        assert.strictEqual(mocks.ofType(CONNECTION).length, 0);
        assert.strictEqual(mocks.named("t-destination").inputs.connectionArn, connectionArn);
        assert.strictEqual(await valueOf(target.connectionArn), connectionArn);
        assert.strictEqual(await valueOf(target.secretArn), "arn:aws:secretsmanager:us-east-1:123456789012:secret:events!connection/shared-chat-AbCdEf");
    });

    it("rejects what is not a connection ARN, and new-connection settings on an existing connection", async () => {
        await freshMocks();
        assert.match(thrown(() => new ApiDestinationTarget("t", args({ connectionArn: "arn:aws:events:us-east-1:123456789012:api-destination/x/1" }))),
            /connection\.connectionArn: "arn:aws:events:us-east-1:123456789012:api-destination\/x\/1" is not an EventBridge connection ARN/);
        const connectionArn = "arn:aws:events:us-east-1:123456789012:connection/shared/abc-123";
        assert.match(thrown(() => new ApiDestinationTarget("t", args({ connectionArn }, { kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k" }))),
            /kmsKeyArn: only applies to a connection this target creates/);
        assert.match(thrown(() => new ApiDestinationTarget("t", args({ connectionArn }, { manageServiceLinkedRole: true }))),
            /manageServiceLinkedRole: only applies to a connection this target creates/);
        assert.match(thrown(() => new ApiDestinationTarget("t", args({} as any))), /connection: is not a connection\./);
    });
});

describe("targets/connections: the service-linked role", () => {
    for (const preview of [false, true]) {
        it(`manageServiceLinkedRole creates it for apidestinations.events.amazonaws.com, before the connection (${preview ? "preview" : "update"})`, async () => {
            const result = await plan(() => {
                new ApiDestinationTarget("chat", args(auth.apiKey("Authorization", TOKEN), { manageServiceLinkedRole: true }));
            }, { preview });
            const roles = result.resources.filter((r) => r.type === "aws:iam/serviceLinkedRole:ServiceLinkedRole");
            assert.strictEqual(roles.length, 1);
            assert.strictEqual(roles[0].name, "chat-service-linked-role");
            assert.strictEqual(roles[0].inputs.awsServiceName, "apidestinations.events.amazonaws.com");
            const connection = result.resources.find((r) => r.type === CONNECTION)!;
            assert.ok(connection.dependencies.includes(roles[0].urn), "the connection waits for the role");
        });
    }

    it("is not created by default (EventBridge creates it with the first connection)", async () => {
        const result = await plan(() => { new ApiDestinationTarget("chat", args(auth.apiKey("Authorization", TOKEN))); });
        assert.strictEqual(result.resources.filter((r) => r.type === "aws:iam/serviceLinkedRole:ServiceLinkedRole").length, 0);
    });

    it("is declared once per program: IAM allows one such role per account", async () => {
        await freshMocks();
        new ApiDestinationConnection("first", { auth: auth.basic("u", PASSWORD), manageServiceLinkedRole: true });
        assert.strictEqual(thrown(() => new ApiDestinationTarget("second", args(auth.apiKey("x-api-key", TOKEN), { manageServiceLinkedRole: true }))),
            "ApiDestinationTarget \"second\": manageServiceLinkedRole: ApiDestinationConnection \"first\" already creates AWSServiceRoleForAmazonEventBridgeApiDestinations in this program, and IAM allows one per account. Set manageServiceLinkedRole on one target or connection only.");
        new ApiDestinationTarget("third", args(auth.apiKey("x-api-key", TOKEN)));
        await freshMocks();
        new ApiDestinationTarget("next-program", args(auth.apiKey("x-api-key", TOKEN), { manageServiceLinkedRole: true }));
    });

    it("ApiDestinationConnection takes the option too", async () => {
        const result = await plan(() => {
            new ApiDestinationConnection("shared", { auth: auth.basic("u", PASSWORD), manageServiceLinkedRole: true });
        });
        const role = result.resources.find((r) => r.type === "aws:iam/serviceLinkedRole:ServiceLinkedRole")!;
        assert.strictEqual(role.name, "shared-service-linked-role");
        assert.ok(result.resources.find((r) => r.type === CONNECTION)!.dependencies.includes(role.urn));
    });
});
