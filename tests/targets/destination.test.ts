import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ApiDestinationConnection, ApiDestinationTarget, ApiDestinationTargetArgs, auth } from "../../components/targets";
import { STRIPPED_HEADERS } from "../../components/targets/headers";
import { settle, valueOf } from "../../testing/mocks";
import { plan, unknown } from "../../testing";
import { ENDPOINT, freshMocks, outputError, ruleContext, statements, thrown, TOKEN } from "./support";


function chatArgs(overrides: Partial<ApiDestinationTargetArgs> = {}): ApiDestinationTargetArgs {
    return {
        endpoint: ENDPOINT,
        method: "POST",
        rateLimitPerSecond: 5,
        connection: auth.apiKey("Authorization", TOKEN),
        ...overrides,
    };
}

describe("targets/ApiDestinationTarget: destination and role", () => {
    it("creates the connection and the destination, and no role of its own (each rule gets one)", async () => {
        const mocks = await freshMocks();
        const target = new ApiDestinationTarget("chat", chatArgs());
        await settle(mocks);

        assert.deepStrictEqual(mocks.resources.map((r) => r.type).sort(), [
            "aws:cloudwatch/eventApiDestination:EventApiDestination",
            "aws:cloudwatch/eventConnection:EventConnection",
            "eventbridge-kit:targets:ApiDestinationTarget",
        ]);
        const connection = mocks.named("chat-connection");
        assert.match(connection.inputs.name, /^chat-connection-[0-9a-f]{8}$/);
        assert.strictEqual(connection.inputs.authorizationType, "API_KEY");

        const destination = mocks.named("chat-destination");
        assert.match(destination.inputs.name, /^chat-[0-9a-f]{8}$/);
        assert.deepStrictEqual({ ...destination.inputs, name: undefined }, {
            name: undefined,
            description: "EventBridge API destination chat",
            connectionArn: `arn:aws:events:us-east-1:123456789012:connection/${connection.inputs.name}/00000000-0000-0000-0000-000000000000`,
            httpMethod: "POST",
            invocationEndpoint: ENDPOINT,
            invocationRateLimitPerSecond: 5,
        });
        const destinationArn = `arn:aws:events:us-east-1:123456789012:api-destination/${destination.inputs.name}/00000000-0000-0000-0000-000000000000`;

        assert.strictEqual(await valueOf(target.apiDestinationArn), destinationArn);
        assert.strictEqual(await valueOf(target.connectionArn), destination.inputs.connectionArn);
        assert.strictEqual(await valueOf(target.secretArn), `arn:aws:secretsmanager:us-east-1:123456789012:secret:events!connection/${connection.inputs.name}-AbCdEf`);
    });

    it("gives each rule it is attached to a role trusted only for that rule, allowed only events:InvokeApiDestination on it", async () => {
        const mocks = await freshMocks();
        const target = new ApiDestinationTarget("chat", chatArgs());
        const context = ruleContext();
        target.attach(context);
        await settle(mocks);
        const ruleArn = await valueOf(context.ruleArn);
        assert.match(ruleArn, /^arn:aws:events:us-east-1:123456789012:rule\/[^*]+$/);
        const role = mocks.named("pr-rule-target-0-role");
        assert.deepStrictEqual(statements(role.inputs.assumeRolePolicy), [{
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: {
                ArnEquals: { "aws:SourceArn": ruleArn },
                StringEquals: { "aws:SourceAccount": "123456789012" },
            },
        }]);
        const policy = mocks.named("pr-rule-target-0-role-policy");
        assert.strictEqual(policy.inputs.role, "pr-rule-target-0-role-id");
        assert.deepStrictEqual(statements(policy.inputs.policy), [{ Effect: "Allow", Action: "events:InvokeApiDestination", Resource: await valueOf(target.apiDestinationArn) }]);
        assert.strictEqual(mocks.ofType("aws:iam/role:Role").length, 1);
    });

    it("registers the same resources in preview, with the cloud-computed values still unknown", async () => {
        const result = await plan(() => { new ApiDestinationTarget("chat", chatArgs({ name: "chat-destination" })); }, { preview: true });
        assert.deepStrictEqual(result.resources.map((r) => r.name), ["chat", "chat-connection", "chat-destination"]);
        const destination = result.resources.find((r) => r.name === "chat-destination")!;
        assert.deepStrictEqual(destination.inputs, {
            connectionArn: unknown,
            description: "EventBridge API destination chat",
            httpMethod: "POST",
            invocationEndpoint: ENDPOINT,
            invocationRateLimitPerSecond: 5,
            name: "chat-destination",
        });
        assert.ok(destination.dependencies.some((urn) => urn.endsWith("::chat-connection")), "the destination waits for its connection");
        assert.deepStrictEqual(result.findings.filter((f) => f.enforcementLevel === "mandatory"), [], "the policy pack's mandatory rules pass");
    });

    it("keeps the component's own inputs empty: nothing is passed to it but through its children", async () => {
        const mocks = await freshMocks();
        new ApiDestinationTarget("chat", chatArgs());
        await settle(mocks);
        assert.deepStrictEqual(mocks.ofType("eventbridge-kit:targets:ApiDestinationTarget")[0].inputs, {});
    });

    it("uses a given destination name, and derives a stable one otherwise", async () => {
        const mocks = await freshMocks();
        new ApiDestinationTarget("a", chatArgs({ name: "team.alerts_v2-prod" }));
        new ApiDestinationTarget("b", chatArgs());
        await settle(mocks);
        assert.strictEqual(mocks.named("a-destination").inputs.name, "team.alerts_v2-prod");
        const generated = mocks.named("b-destination").inputs.name;
        const again = await freshMocks();
        new ApiDestinationTarget("b", chatArgs());
        await settle(again);
        assert.match(generated, /^b-[0-9a-f]{8}$/);
        assert.strictEqual(again.named("b-destination").inputs.name, generated, "the same program yields the same name");
    });
});

describe("targets/ApiDestinationTarget: destination checks", () => {
    beforeEach(async () => { await freshMocks(); });

    it("rejects an endpoint that is not HTTPS, not a URL, or carries credentials", () => {
        assert.strictEqual(thrown(() => new ApiDestinationTarget("t", chatArgs({ endpoint: "http://hooks.example.com/x" }))),
            "ApiDestinationTarget \"t\": endpoint: \"http://hooks.example.com/x\" uses http; EventBridge only calls HTTPS endpoints. Use an https:// URL.");
        assert.match(thrown(() => new ApiDestinationTarget("t", chatArgs({ endpoint: "hooks.example.com/x" }))),
            /endpoint: "hooks.example.com\/x" is not a valid URL\. Give an absolute URL/);
        const withCredentials = thrown(() => new ApiDestinationTarget("t", chatArgs({ endpoint: "https://user:hunter2@hooks.example.com/x" })));
        assert.match(withCredentials, /endpoint: .* carries credentials in the URL/);
        assert.ok(!withCredentials.includes("hunter2"), "the message does not repeat the password");
        assert.match(thrown(() => new ApiDestinationTarget("t", chatArgs({ endpoint: `https://example.com/${"a".repeat(2048)}` }))),
            /endpoint: is 2068 characters long; EventBridge accepts at most 2048/);
        new ApiDestinationTarget("ok", chatArgs({ endpoint: "https://hooks.example.com/x?team=platform" }));
    });

    it("checks an endpoint known only at deployment when it resolves", async () => {
        const bad = new ApiDestinationTarget("late-bad", chatArgs({ endpoint: pulumi.output("http://example.com/hook") }));
        const error = await outputError(bad.endpoint);
        assert.ok(error, "the destination's endpoint fails");
        assert.match(error!.message, /ApiDestinationTarget "late-bad": endpoint: "http:\/\/example.com\/hook" uses http/);
        const good = new ApiDestinationTarget("late-good", chatArgs({ endpoint: pulumi.output("https://example.com/hook") }));
        assert.strictEqual(await valueOf(good.endpoint), "https://example.com/hook");
        const wrongCount = new ApiDestinationTarget("late-count", chatArgs({ endpoint: pulumi.output("https://example.com/*/hook") }));
        assert.match((await outputError(wrongCount.endpoint))!.message, /pathParameterValues: has 0 values but the endpoint "https:\/\/example.com\/\*\/hook" has 1 "\*" path parameter;/);
    });

    it("rejects CONNECT, TRACE and what is not an HTTP method; accepts every other method", () => {
        assert.strictEqual(thrown(() => new ApiDestinationTarget("t", chatArgs({ method: "CONNECT" as any }))),
            "ApiDestinationTarget \"t\": method: CONNECT is not allowed: EventBridge invokes API destinations with any HTTP method except CONNECT and TRACE. Use one of GET, HEAD, POST, OPTIONS, PUT, PATCH, DELETE.");
        assert.match(thrown(() => new ApiDestinationTarget("t", chatArgs({ method: "trace" as any }))), /method: TRACE is not allowed/);
        assert.match(thrown(() => new ApiDestinationTarget("t", chatArgs({ method: "FETCH" as any }))), /method: "FETCH" is not an HTTP method EventBridge supports/);
        for (const method of ["GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE"] as const) {
            new ApiDestinationTarget(`m-${method}`, chatArgs({ method }));
        }
    });

    it("registers nothing when a check fails", async () => {
        const mocks = await freshMocks();
        thrown(() => new ApiDestinationTarget("t", chatArgs({ method: "TRACE" as any })));
        thrown(() => new ApiDestinationTarget("u", chatArgs({ connection: auth.oauth({ authorizationEndpoint: "http://x.example.com", httpMethod: "POST", clientId: "i", clientSecret: "s" }) })));
        thrown(() => new ApiDestinationConnection("c", { auth: auth.apiKey("User-Agent", TOKEN) }));
        await settle(mocks);
        assert.deepStrictEqual(mocks.resources, []);
    });

    it("sends the method in upper case", async () => {
        const mocks = await freshMocks();
        new ApiDestinationTarget("t", chatArgs({ method: "put" as any }));
        await settle(mocks);
        assert.strictEqual(mocks.named("t-destination").inputs.httpMethod, "PUT");
    });

    it("rejects a rate limit the API does not accept (below 1 or not whole)", () => {
        for (const rate of [0, -3, 1.5, Number.NaN]) {
            assert.match(thrown(() => new ApiDestinationTarget("t", chatArgs({ rateLimitPerSecond: rate }))),
                /rateLimitPerSecond: .* is not accepted: EventBridge needs a whole number of invocations per second, at least 1\./, `rate ${rate}`);
        }
        new ApiDestinationTarget("one", chatArgs({ rateLimitPerSecond: 1 }));
        new ApiDestinationTarget("many", chatArgs({ rateLimitPerSecond: 300 }));
    });

    it("rejects names that break 1–64 of A-Za-z0-9._-", () => {
        assert.match(thrown(() => new ApiDestinationTarget("t", chatArgs({ name: "a".repeat(65) }))),
            /name: "a{65}" is 65 characters long; EventBridge allows at most 64/);
        assert.match(thrown(() => new ApiDestinationTarget("t", chatArgs({ name: "chat alerts!" }))),
            /name: "chat alerts!" contains " ", "!"; EventBridge names allow only A-Za-z0-9._-/);
        assert.match(thrown(() => new ApiDestinationTarget("t", chatArgs({ name: "" }))), /name: is empty/);
        new ApiDestinationTarget("ok", chatArgs({ name: "a".repeat(64) }));
    });

    it("requires one path parameter value per * in the endpoint", () => {
        const endpoint = "https://api.example.com/repos/*/pulls/*";
        assert.strictEqual(thrown(() => new ApiDestinationTarget("t", chatArgs({ endpoint, pathParameterValues: ["$.detail.repository.name"] }))),
            "ApiDestinationTarget \"t\": pathParameterValues: has 1 value but the endpoint \"https://api.example.com/repos/*/pulls/*\" has 2 \"*\" path parameters; EventBridge fills each \"*\" with one value, in order. Add 1 value(s) to pathParameterValues.");
        assert.match(thrown(() => new ApiDestinationTarget("t", chatArgs({ pathParameterValues: ["x"] }))), /has 1 value but the endpoint .* has 0 "\*" path parameters/);
        new ApiDestinationTarget("ok", chatArgs({ endpoint, pathParameterValues: ["$.detail.repository.name", "$.detail.number"] }));
    });

    it("rejects an expected event rate that is not a positive number", () => {
        assert.match(thrown(() => new ApiDestinationTarget("t", chatArgs({ expectedEventsPerSecond: 0 }))), /expectedEventsPerSecond: 0 is not a positive number/);
        new ApiDestinationTarget("ok", chatArgs({ expectedEventsPerSecond: 0.5 }));
    });

    it("rejects an invalid input transformer at construction", () => {
        const message = thrown(() => new ApiDestinationTarget("t", chatArgs({ input: { inputPaths: { repo: "detail.repo" }, inputTemplate: "{\"text\": <repo>}" } })));
        assert.match(message, /ApiDestinationTarget "t": input: is not a valid input transformer: \$\.inputPaths\.repo: the path "detail\.repo" of "repo" must start with "\$"/);
    });
});

describe("targets/ApiDestinationTarget: headers", () => {
    beforeEach(async () => { await freshMocks(); });

    it("refuses User-Agent and Range: EventBridge does not let them be overridden", () => {
        assert.strictEqual(thrown(() => new ApiDestinationTarget("t", chatArgs({ headers: { "User-Agent": "my-app/1.0" } }))),
            "ApiDestinationTarget \"t\": headers[\"User-Agent\"]: \"User-Agent\" cannot be set: EventBridge sends its own User-Agent header on every request to an API destination and does not let it be overridden. Remove \"User-Agent\"; send the value in another header, a query-string parameter or the body.");
        assert.match(thrown(() => new ApiDestinationTarget("t", chatArgs({ headers: { range: "bytes=0-10" } }))),
            /headers\["range"\]: "range" cannot be set: EventBridge sends its own Range header/);
    });

    it("refuses every header EventBridge strips, in any case, saying it would be dropped", () => {
        for (const header of STRIPPED_HEADERS.filter((h) => h !== "User-Agent" && h !== "Range")) {
            for (const spelling of [header, header.toLowerCase(), header.toUpperCase()]) {
                const message = thrown(() => new ApiDestinationTarget("t", chatArgs({ headers: { [spelling]: "x" } })));
                assert.ok(message.includes(`headers["${spelling}"]: "${spelling}" would be dropped: EventBridge strips the ${header} header from every request`), message);
            }
        }
        assert.strictEqual(STRIPPED_HEADERS.length, 33);
    });

    it("refuses two spellings of one header and names that are not header names", () => {
        assert.match(thrown(() => new ApiDestinationTarget("t", chatArgs({ headers: { "X-Team": "a", "x-team": "b" } }))),
            /headers\["x-team"\]: "X-Team" and "x-team" are the same header \(header names are case-insensitive\); only one would be sent\./);
        assert.match(thrown(() => new ApiDestinationTarget("t", chatArgs({ headers: { "X Team": "a" } }))), /"X Team" is not a valid HTTP header name/);
    });

    it("applies the same rules to the connection's headers and its API key header", () => {
        assert.match(thrown(() => new ApiDestinationTarget("t", chatArgs({ invocationParameters: { headers: { Connection: "keep-alive" } } }))),
            /invocationParameters\.headers\["Connection"\]: "Connection" would be dropped/);
        assert.match(thrown(() => new ApiDestinationTarget("t", chatArgs({ connection: auth.apiKey("Proxy-Authorization", TOKEN) }))),
            /connection \(auth\.apiKey\) header\["Proxy-Authorization"\]: "Proxy-Authorization" would be dropped/);
    });

    it("refuses a target header the connection sets, since the connection's value would replace it", () => {
        assert.strictEqual(thrown(() => new ApiDestinationTarget("t", chatArgs({ headers: { authorization: "Bearer x" } }))),
            "ApiDestinationTarget \"t\": headers[\"authorization\"]: the connection (auth.apiKey) sets Authorization on every request, and the connection's value replaces the target's. Remove \"authorization\" from headers.");
        assert.match(thrown(() => new ApiDestinationTarget("t", chatArgs({ connection: auth.basic("u", "p"), headers: { Authorization: "x" } }))), /the connection \(auth\.basic\) sets Authorization/);
        const shared = new ApiDestinationConnection("shared", { auth: auth.apiKey("x-api-key", TOKEN), invocationParameters: { headers: { "X-Team": "crm" } } });
        assert.match(thrown(() => new ApiDestinationTarget("t", chatArgs({ connection: shared, headers: { "x-team": "platform" } }))),
            /headers\["x-team"\]: the connection's invocationParameters\.headers also set this header/);
        assert.match(thrown(() => new ApiDestinationTarget("t", chatArgs({ invocationParameters: { headers: { "X-Team": "a" } }, headers: { "X-TEAM": "b" } }))),
            /headers\["X-TEAM"\]: the connection's invocationParameters\.headers also set this header/);
        assert.strictEqual(thrown(() => new ApiDestinationTarget("t", chatArgs({ invocationParameters: { queryString: { source: "a" } }, queryString: { source: "b" } }))),
            "ApiDestinationTarget \"t\": queryString[\"source\"]: the connection's invocationParameters.queryString also set this parameter, and the connection's value replaces the target's. Set it in one place only.");
        assert.match(thrown(() => new ApiDestinationTarget("t", chatArgs({ connection: shared, headers: { "X-API-KEY": "k" } }))), /the connection \(auth\.apiKey\) sets x-api-key/);
    });

    it("passes on headers EventBridge sends as given, Content-Type included", () => {
        const headers = { "X-Team": "platform", "Content-Type": "application/vnd.chat+json", "X-Request-Id": "$.id" };
        const wiring = new ApiDestinationTarget("t", chatArgs({ headers })).attach(ruleContext());
        assert.deepStrictEqual(wiring.httpTarget, { headerParameters: headers });
    });

    it("warns when the rate limit is above the default per-destination quota", async () => {
        const result = await plan(() => { new ApiDestinationTarget("fast", chatArgs({ rateLimitPerSecond: 500 })); });
        assert.deepStrictEqual(result.warnings.filter((w) => w.includes("fast")), [
            "ApiDestinationTarget \"fast\": rateLimitPerSecond is 500, above the default quota of 300 invocations per second per API destination; unless the quota was raised, EventBridge sends at most 300/s.",
        ]);
        const quiet = await plan(() => { new ApiDestinationTarget("fine", chatArgs({ rateLimitPerSecond: 300 })); });
        assert.deepStrictEqual(quiet.warnings.filter((w) => w.includes("fine")), []);
    });
});
