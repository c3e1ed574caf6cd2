import { eventsSourceArnPinned as policy, policies } from "../../policy";
import { assertMessages, check, res, T, unknownValue } from "./helpers";
import * as assert from "assert";

const ruleArn = "arn:aws:events:us-east-1:123456789012:rule/github/pr-opened";
const otherRuleArn = "arn:aws:events:us-east-1:123456789012:rule/github/push-main";
const events = { Service: "events.amazonaws.com" };
const document = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const trust = (condition?: object) => document({ Effect: "Allow", Principal: events, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) });
const grant = (action: string, condition?: object) => document({ Sid: "AllowEventBridgeRules", Effect: "Allow", Principal: events, Action: action, Resource: "arn:aws:sqs:us-east-1:123456789012:q", ...(condition ? { Condition: condition } : {}) });

describe("policy: events-source-arn-pinned", () => {
    it("is in the pack, mandatory", () => {
        assert.ok(policies.includes(policy));
        assert.strictEqual(policy.enforcementLevel, "mandatory");
    });

    it("reports a role events.amazonaws.com may assume for every rule (rule/*), for any rule (no condition), or only if the key exists", async () => {
        assertMessages(await check(policy, [
            res(T.role, "rule-star", { assumeRolePolicy: trust({ ArnEquals: { "aws:SourceArn": "arn:aws:events:us-east-1:123456789012:rule/*" }, StringEquals: { "aws:SourceAccount": "123456789012" } }) }),
            res(T.role, "account-only", { assumeRolePolicy: trust({ StringEquals: { "aws:SourceAccount": "123456789012" } }) }),
            res(T.role, "unconditioned", { assumeRolePolicy: trust() }),
            res(T.role, "if-exists", { assumeRolePolicy: trust({ ArnEqualsIfExists: { "aws:SourceArn": ruleArn } }) }),
            res(T.role, "not-equals", { assumeRolePolicy: trust({ ArnNotEquals: { "aws:SourceArn": otherRuleArn } }) }),
            res(T.role, "like-one-char", { assumeRolePolicy: trust({ ArnLike: { "aws:SourceArn": [ruleArn, "arn:aws:events:us-east-1:123456789012:rule/github/pr-?"] } }) }),
            res(T.role, "object-shaped", { assumeRolePolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: ["events.amazonaws.com", "states.amazonaws.com"] }, Action: "sts:AssumeRole" }] } }),
        ]), [
            'Trust policy statement 1 lets events.amazonaws.com assume the role with aws:SourceArn "arn:aws:events:us-east-1:123456789012:rule/*", a wildcard',
            "Trust policy statement 1 lets events.amazonaws.com assume the role with no aws:SourceArn condition",
            "Trust policy statement 1 lets events.amazonaws.com assume the role with no aws:SourceArn condition",
            "Trust policy statement 1 lets events.amazonaws.com assume the role with no aws:SourceArn condition",
            "Trust policy statement 1 lets events.amazonaws.com assume the role with no aws:SourceArn condition",
            'with aws:SourceArn "arn:aws:events:us-east-1:123456789012:rule/github/pr-?", a wildcard',
            "Trust policy statement 1 lets events.amazonaws.com assume the role with no aws:SourceArn condition",
        ]);
    });

    it("passes roles trusted for named rules, roles of other services, denials, and documents unknown at preview", async () => {
        assertMessages(await check(policy, [
            res(T.role, "one-rule", { assumeRolePolicy: trust({ ArnEquals: { "aws:SourceArn": ruleArn }, StringEquals: { "aws:SourceAccount": "123456789012" } }) }),
            res(T.role, "two-rules", { assumeRolePolicy: trust({ ArnLike: { "aws:SourceArn": [ruleArn, otherRuleArn] } }) }),
            res(T.role, "string-equals", { assumeRolePolicy: trust({ StringEquals: { "aws:SourceArn": ruleArn } }) }),
            res(T.role, "lambda", { assumeRolePolicy: document({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }) }),
            res(T.role, "deny", { assumeRolePolicy: document({ Effect: "Deny", Principal: events, Action: "sts:AssumeRole" }) }),
            res(T.role, "preview", { assumeRolePolicy: unknownValue }),
            res(T.role, "no-trust", {}),
        ]), []);
    });

    it("reports topic, bucket, bus and inline queue policies granting events.amazonaws.com with a wildcard or no aws:SourceArn, and wildcards in queue policies and Lambda permissions", async () => {
        assertMessages(await check(policy, [
            res("aws:sns/topicPolicy:TopicPolicy", "topic-open", { arn: "t", policy: grant("sns:Publish") }),
            res(T.queue, "inline-star", { policy: grant("sqs:SendMessage", { ArnLike: { "aws:SourceArn": "arn:aws:events:us-east-1:123456789012:rule/*" } }) }),
            res(T.queuePolicy, "policy-star", { queueUrl: "q", policy: grant("sqs:SendMessage", { ArnEquals: { "aws:SourceArn": ["arn:aws:events:*:123456789012:rule/orders"] } }) }),
            res("aws:s3/bucketPolicy:BucketPolicy", "bucket", { bucket: "b", policy: grant("s3:PutObject", { StringEquals: { "aws:SourceAccount": "123456789012" } }) }),
            res(T.busPolicy, "bus", { policy: grant("events:PutEvents", { ArnLike: { "aws:SourceArn": "arn:aws:events:us-east-1:123456789012:rule/*" } }) }),
            res(T.permission, "invoke-star", { action: "lambda:InvokeFunction", function: "f", principal: "events.amazonaws.com", sourceArn: "arn:aws:events:us-east-1:123456789012:rule/*" }),
        ]), [
            'Policy statement 1 ("AllowEventBridgeRules") lets events.amazonaws.com sns:Publish with no aws:SourceArn condition',
            'lets events.amazonaws.com sqs:SendMessage with aws:SourceArn "arn:aws:events:us-east-1:123456789012:rule/*", a wildcard',
            'lets events.amazonaws.com sqs:SendMessage with aws:SourceArn "arn:aws:events:*:123456789012:rule/orders", a wildcard',
            "lets events.amazonaws.com s3:PutObject with no aws:SourceArn condition",
            'lets events.amazonaws.com events:PutEvents with aws:SourceArn "arn:aws:events:us-east-1:123456789012:rule/*", a wildcard',
            'The permission lets events.amazonaws.com invoke the function for sourceArn "arn:aws:events:us-east-1:123456789012:rule/*", a wildcard',
        ]);
    });

    it("passes resource policies listing exact rules, and leaves a missing sourceArn to the Lambda and queue policies that report it", async () => {
        assertMessages(await check(policy, [
            res(T.queuePolicy, "rules", { queueUrl: "q", policy: grant("sqs:SendMessage", { ArnEquals: { "aws:SourceArn": [ruleArn, otherRuleArn] } }) }),
            res(T.queuePolicy, "unscoped", { queueUrl: "q", policy: grant("sqs:SendMessage") }),
            res("aws:sns/topicPolicy:TopicPolicy", "topic", { arn: "t", policy: grant("sns:Publish", { ArnEquals: { "aws:SourceArn": ruleArn } }) }),
            res(T.queue, "other-service", { policy: document({ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sqs:SendMessage", Resource: "*" }) }),
            res(T.permission, "invoke", { action: "lambda:InvokeFunction", function: "f", principal: "events.amazonaws.com", sourceArn: ruleArn }),
            res(T.permission, "no-source", { action: "lambda:InvokeFunction", function: "f", principal: "events.amazonaws.com" }),
            res(T.permission, "s3", { action: "lambda:InvokeFunction", function: "f", principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::bucket-*" }),
            res(T.permission, "preview", { action: "lambda:InvokeFunction", function: "f", principal: "events.amazonaws.com", sourceArn: unknownValue }),
        ]), []);
    });
});
