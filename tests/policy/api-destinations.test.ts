import * as assert from "assert";
import { apiDestinationHttps, apiDestinationRateLimit, connectionKmsKey, connectionOauthHttps } from "../../policy";
import { assertMessages, check, res, T, unknownValue } from "./helpers";

describe("policy: API destinations and connections", () => {
    it("api-destination-https reports an http:// endpoint and passes https:// and unknown ones", async () => {
        assertMessages(await check(apiDestinationHttps, [res(T.apiDestination, "d", { invocationEndpoint: "http://example.com/hook", httpMethod: "POST" })]),
            ['invocationEndpoint "http://example.com/hook" is not HTTPS']);
        assertMessages(await check(apiDestinationHttps, [
            res(T.apiDestination, "a", { invocationEndpoint: "https://example.com/hook", httpMethod: "POST" }),
            res(T.apiDestination, "b", { invocationEndpoint: unknownValue, httpMethod: "POST" }),
        ]), []);
    });

    it("api-destination-rate-limit reports a missing limit and one above the configured ceiling", async () => {
        const none = res(T.apiDestination, "none", { invocationEndpoint: "https://x" });
        const high = res(T.apiDestination, "high", { invocationEndpoint: "https://x", invocationRateLimitPerSecond: 100 });
        assertMessages(await check(apiDestinationRateLimit, [none, high]), ["invocationRateLimitPerSecond is not set"]);
        const findings = await check(apiDestinationRateLimit, [high], { maxInvocationRateLimitPerSecond: 50 });
        assertMessages(findings, ["invocationRateLimitPerSecond is 100; the ceiling is 50"]);
        assert.strictEqual(findings[0].enforcementLevel, "mandatory");
    });

    it("api-destination-rate-limit passes a limit within the ceiling and an unknown one", async () => {
        assertMessages(await check(apiDestinationRateLimit, [
            res(T.apiDestination, "a", { invocationEndpoint: "https://x", invocationRateLimitPerSecond: 10 }),
            res(T.apiDestination, "b", { invocationEndpoint: "https://x", invocationRateLimitPerSecond: unknownValue }),
        ]), []);
    });

    it("connection-oauth-https reports an http:// authorization endpoint", async () => {
        const oauth = (endpoint: string) => ({ authorizationType: "OAUTH_CLIENT_CREDENTIALS", authParameters: { oauth: { authorizationEndpoint: endpoint, httpMethod: "POST" } } });
        assertMessages(await check(connectionOauthHttps, [res(T.connection, "c", oauth("http://auth.example.com/token"))]), ["is not HTTPS: the client secret would be sent in clear text"]);
        assertMessages(await check(connectionOauthHttps, [
            res(T.connection, "a", oauth("https://auth.example.com/token")),
            res(T.connection, "b", { authorizationType: "API_KEY", authParameters: { apiKey: { key: "x-api-key", value: "v" } } }),
        ]), []);
    });

    it("connection-kms-key is advisory and passes a connection with a key", async () => {
        const findings = await check(connectionKmsKey, [res(T.connection, "c", { authorizationType: "API_KEY" })]);
        assertMessages(findings, ["set kmsKeyIdentifier"]);
        assert.strictEqual(findings[0].enforcementLevel, "advisory");
        assertMessages(await check(connectionKmsKey, [res(T.connection, "c", { authorizationType: "API_KEY", kmsKeyIdentifier: unknownValue })]), []);
    });
});
