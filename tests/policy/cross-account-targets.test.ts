import { crossAccountTargetSourceAccount } from "../../policy";
import { assertMessages, check, res, T, unknownValue } from "./helpers";

const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const foreignRule = "arn:aws:events:us-east-1:111122223333:rule/orders/created";
const localRule = "arn:aws:events:us-east-1:123456789012:rule/orders/created";
const queueArn = "arn:aws:sqs:us-east-1:123456789012:inbox";
const topicArn = "arn:aws:sns:us-east-1:123456789012:alerts";
const fnArn = "arn:aws:lambda:us-east-1:123456789012:function:notify";
const document = (action: string, resource: string, condition: object) => JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "AllowRule", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: action, Resource: resource, Condition: condition }],
});

describe("policy: cross-account target policies", () => {
    it("reports a queue policy, topic policy and Lambda permission for a rule in another account without aws:SourceAccount", async () => {
        assertMessages(await check(crossAccountTargetSourceAccount, [
            res(T.queuePolicy, "inbox-policy", { queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/inbox", policy: document("sqs:SendMessage", queueArn, { ArnEquals: { "aws:SourceArn": foreignRule } }) }),
            res(TOPIC_POLICY, "alerts-policy", { arn: topicArn, policy: document("sns:Publish", topicArn, { ArnLike: { "aws:SourceArn": [foreignRule] } }) }),
            res(T.permission, "notify-permission", { action: "lambda:InvokeFunction", function: fnArn, principal: "events.amazonaws.com", sourceArn: foreignRule }),
        ]), [
            `QueuePolicy "inbox-policy" lets events.amazonaws.com deliver for ${foreignRule}, a rule in another account, without aws:SourceAccount.`,
            `TopicPolicy "alerts-policy" lets events.amazonaws.com deliver for ${foreignRule}`,
            `Lambda permission "notify-permission" lets events.amazonaws.com invoke ${fnArn} for ${foreignRule}, a rule in another account, without sourceAccount.`,
        ]);
    });

    it("passes the same with aws:SourceAccount (sourceAccount), rules in the target's own account, and unknown values", async () => {
        assertMessages(await check(crossAccountTargetSourceAccount, [
            res(T.queuePolicy, "inbox-policy", { policy: document("sqs:SendMessage", queueArn, { ArnEquals: { "aws:SourceArn": foreignRule }, StringEquals: { "aws:SourceAccount": "111122223333" } }) }),
            res(TOPIC_POLICY, "alerts-policy", { policy: document("sns:Publish", topicArn, { ArnEquals: { "aws:SourceArn": localRule } }) }),
            res(T.permission, "scoped", { function: fnArn, principal: "events.amazonaws.com", sourceArn: foreignRule, sourceAccount: "111122223333" }),
            res(T.permission, "local", { function: fnArn, principal: "events.amazonaws.com", sourceArn: localRule }),
            res(T.permission, "by-name", { function: "notify", principal: "events.amazonaws.com", sourceArn: foreignRule }),
            res(T.permission, "pending", { function: fnArn, principal: "events.amazonaws.com", sourceArn: unknownValue }),
            res(T.queuePolicy, "pending-policy", { policy: unknownValue }),
        ]), []);
    });
});
