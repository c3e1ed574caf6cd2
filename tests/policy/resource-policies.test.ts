import { resourcePolicyNoUnscopedPublicPrincipal as policy } from "../../policy";
import { assertMessages, check, res, T, urn } from "./helpers";

const busArn = "arn:aws:events:us-east-1:123456789012:event-bus/orders";
const document = (statement: object) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Put", Effect: "Allow", Action: "events:PutEvents", Resource: busArn, ...statement }] });

describe("policy: resource policies grant no unscoped public principal", () => {
    it("reports \"*\" and {AWS: \"*\"} without a scoping condition on bus, queue, topic, bucket and trust policies, and public permissions", async () => {
        assertMessages(await check(policy, [
            res(T.busPolicy, "bus-open", { eventBusName: "orders", policy: document({ Principal: "*" }) }),
            res(T.queuePolicy, "queue-open", { queueUrl: "q", policy: document({ Principal: { AWS: "*" }, Action: "sqs:SendMessage", Condition: { Bool: { "aws:SecureTransport": "true" } } }) }),
            res("aws:sns/topicPolicy:TopicPolicy", "topic-open", { arn: "t", policy: document({ Principal: { AWS: ["*"] }, Action: "sns:Publish" }) }),
            res("aws:s3/bucketPolicy:BucketPolicy", "bucket-open", { bucket: "b", policy: document({ Principal: "*", Action: "s3:GetObject" }) }),
            res(T.role, "assumable", { assumeRolePolicy: document({ Principal: { AWS: "*" }, Action: "sts:AssumeRole" }) }),
            res(T.permission, "invoke", { action: "lambda:InvokeFunction", function: "f", principal: "*" }),
            res(T.eventPermission, "put", { principal: "*", statementId: "all" }),
        ]), [
            'EventBusPolicy "bus-open" policy statement 1 ("Put") grants events:PutEvents to any principal with no scoping condition',
            'QueuePolicy "queue-open" policy statement 1 ("Put") grants sqs:SendMessage to any principal',
            'TopicPolicy "topic-open" policy statement 1 ("Put") grants sns:Publish',
            'BucketPolicy "bucket-open" policy statement 1 ("Put") grants s3:GetObject',
            'Role "assumable" trust policy statement 1 ("Put") grants sts:AssumeRole',
            'Permission "invoke" grants lambda:InvokeFunction to any principal ("*") with no sourceArn',
            'EventPermission "put" grants events:PutEvents to any principal',
        ]);
    });

    it("passes one named account, a service, \"*\" scoped by source ARN, account or organization, and WebhookIngress's function-URL permissions", async () => {
        const ingress = urn(T.ingress, "github");
        assertMessages(await check(policy, [
            res(T.busPolicy, "bus-account", { policy: document({ Principal: { AWS: "arn:aws:iam::111122223333:root" } }) }),
            res(T.busPolicy, "bus-org", { policy: document({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }) }),
            res(T.queuePolicy, "dlq", { policy: document({ Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:events:us-east-1:123456789012:rule/orders/r" } } }) }),
            res(T.queuePolicy, "by-account", { policy: document({ Principal: "*", Action: "sqs:SendMessage", Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } }) }),
            res(T.busPolicy, "deny", { policy: document({ Effect: "Deny", Principal: "*" }) }),
            res(T.permission, "scoped", { action: "lambda:InvokeFunction", function: "f", principal: "*", sourceAccount: "123456789012" }),
            res(T.ingress, "github", {}),
            res(T.permission, "url", { action: "lambda:InvokeFunctionUrl", function: "f", principal: "*", functionUrlAuthType: "NONE" }, { parent: ingress }),
            res(T.permission, "url-invoke", { action: "lambda:InvokeFunction", function: "f", principal: "*", invokedViaFunctionUrl: true }, { parent: ingress }),
        ]), []);
    });

    it("the function-URL exception holds only inside a WebhookIngress", async () => {
        assertMessages(await check(policy, [
            res(T.permission, "url", { action: "lambda:InvokeFunctionUrl", function: "f", principal: "*", functionUrlAuthType: "NONE" }),
        ]), ['Permission "url" grants lambda:InvokeFunctionUrl to any principal']);
    });
});
