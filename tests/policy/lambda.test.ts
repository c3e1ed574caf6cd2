import * as assert from "assert";
import { functionUrlNoWildcardCors, functionUrlPublicOnlyUnderWebhookIngress, lambdaPermissionEventsSourceArn, lambdaPermissionNoPublicPrincipal } from "../../policy";
import { assertMessages, check, res, T, unknownValue, urn } from "./helpers";

const ingressUrn = urn(T.ingress, "github");
/** The function URL resources WebhookIngress creates, under the given parent. */
function publicUrl(parent?: string) {
    const deps = { propertyDependencies: { function: [urn(T.fn, "handler")] }, parent };
    return [
        res(T.fn, "handler", { runtime: "nodejs22.x" }, { parent }),
        res(T.url, "url", { functionName: unknownValue, authorizationType: "NONE" }, { propertyDependencies: { functionName: [urn(T.fn, "handler")] }, parent }),
        res(T.permission, "invoke-url", { function: unknownValue, action: "lambda:InvokeFunctionUrl", principal: "*", functionUrlAuthType: "NONE" }, deps),
        res(T.permission, "invoke", { function: unknownValue, action: "lambda:InvokeFunction", principal: "*", invokedViaFunctionUrl: true }, deps),
    ];
}

describe("policy: Lambda permissions and function URLs", () => {
    describe("lambda-permission-events-source-arn", () => {
        it("reports a permission for events.amazonaws.com without sourceArn", async () => {
            const findings = await check(lambdaPermissionEventsSourceArn, [res(T.permission, "p", { function: "notify", action: "lambda:InvokeFunction", principal: "events.amazonaws.com" })]);
            assertMessages(findings, ["without a sourceArn"]);
            assert.strictEqual(findings[0].severity, "high");
        });
        it("passes one with sourceArn, known or unknown at preview", async () => {
            assertMessages(await check(lambdaPermissionEventsSourceArn, [
                res(T.permission, "a", { function: "notify", action: "lambda:InvokeFunction", principal: "events.amazonaws.com", sourceArn: "arn:aws:events:us-east-1:123456789012:rule/r" }),
                res(T.permission, "b", { function: unknownValue, action: "lambda:InvokeFunction", principal: "events.amazonaws.com", sourceArn: unknownValue }),
            ]), []);
        });
    });

    describe("lambda-permission-no-public-principal", () => {
        it("reports `*` for anything but the function URL permissions, and those outside a WebhookIngress", async () => {
            const findings = await check(lambdaPermissionNoPublicPrincipal, [
                res(T.permission, "open", { function: "notify", action: "lambda:InvokeFunction", principal: "*" }),
                ...publicUrl(),
            ]);
            assertMessages(findings, [
                'Lambda permission "open" lets anyone (principal "*") call lambda:InvokeFunction',
                'Lambda permission "invoke-url" opens a function URL to everyone outside a WebhookIngress',
                'Lambda permission "invoke" opens a function URL to everyone outside a WebhookIngress',
            ]);
        });
        it("passes the two function URL permissions under a WebhookIngress", async () => {
            assertMessages(await check(lambdaPermissionNoPublicPrincipal, [res(T.ingress, "github", {}), ...publicUrl(ingressUrn)]), []);
        });
    });

    describe("function-url-public-only-under-webhook-ingress", () => {
        it("reports a NONE URL outside a WebhookIngress", async () => {
            assertMessages(await check(functionUrlPublicOnlyUnderWebhookIngress, publicUrl()), ['Function URL "url" is public (authorizationType NONE) but not part of a WebhookIngress']);
        });
        it("reports a NONE URL missing one of the two permissions", async () => {
            const resources = [res(T.ingress, "github", {}), ...publicUrl(ingressUrn)].filter((r) => r.name !== "invoke");
            assertMessages(await check(functionUrlPublicOnlyUnderWebhookIngress, resources), ["lacks the permission AWS requires: lambda:InvokeFunction with invokedViaFunctionUrl true"]);
        });
        it("matches permissions to the URL by literal function name too", async () => {
            const findings = await check(functionUrlPublicOnlyUnderWebhookIngress, [
                res(T.ingress, "github", {}),
                res(T.url, "url", { functionName: "handler", authorizationType: "NONE" }, { parent: ingressUrn }),
                res(T.permission, "other", { function: "another", action: "lambda:InvokeFunctionUrl", principal: "*", functionUrlAuthType: "NONE" }, { parent: ingressUrn }),
            ]);
            assertMessages(findings, ["lambda:InvokeFunctionUrl with functionUrlAuthType NONE; lambda:InvokeFunction with invokedViaFunctionUrl true"]);
        });
        it("passes a WebhookIngress URL with both permissions, and an AWS_IAM URL anywhere", async () => {
            assertMessages(await check(functionUrlPublicOnlyUnderWebhookIngress, [
                res(T.ingress, "github", {}),
                ...publicUrl(ingressUrn),
                res(T.url, "iam", { functionName: "x", authorizationType: "AWS_IAM" }),
            ]), []);
        });
    });

    describe("function-url-no-wildcard-cors", () => {
        it("reports a wildcard origin", async () => {
            assertMessages(await check(functionUrlNoWildcardCors, [res(T.url, "u", { authorizationType: "NONE", cors: { allowOrigins: ["*"] } })]), ['cors.allowOrigins contains "*"']);
        });
        it("passes no CORS, exact origins, and unknown origins", async () => {
            assertMessages(await check(functionUrlNoWildcardCors, [
                res(T.url, "a", { authorizationType: "NONE" }),
                res(T.url, "b", { authorizationType: "NONE", cors: { allowOrigins: ["https://example.com"] } }),
                res(T.url, "c", { authorizationType: "NONE", cors: { allowOrigins: unknownValue } }),
            ]), []);
        });
    });
});
