import { eventsSourceArnMatchesRules, eventsSourceArnPinned as policy, policies } from "../../policy";
import { assertMessages, check, res, T, unknownValue, urn } from "./helpers";
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

describe("policy: events-source-arn-matches-rules", () => {
    const fnArn = "arn:aws:lambda:us-east-1:123456789012:function:notify";
    const queueArn = "arn:aws:sqs:us-east-1:123456789012:dlq";
    const queueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/dlq";
    const machineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:review";
    const roleArn = "arn:aws:iam::123456789012:role/review-role";
    /** Two rules; "opened" sends to the function and the state machine (through its role); both dead-letter to one queue. */
    function stack(admit: { role?: string[]; queue?: string[]; permission?: string }) {
        const deps = (rule: string, more: Record<string, string[]> = {}) => ({ propertyDependencies: { rule: [urn(T.rule, rule)], deadLetterConfig: [urn(T.queue, "dlq")], ...more } });
        return [
            res(T.rule, "opened", { arn: ruleArn, name: "opened" }),
            res(T.rule, "pushed", { arn: otherRuleArn, name: "pushed" }),
            res(T.fn, "notify", { arn: fnArn, name: "notify" }),
            res(T.sfn, "review", { arn: machineArn }),
            res(T.queue, "dlq", { arn: queueArn, url: queueUrl }),
            res(T.role, "review-role", { arn: roleArn, assumeRolePolicy: trust({ ArnEquals: { "aws:SourceArn": admit.role ?? [ruleArn] } }) }),
            res(T.queuePolicy, "dlq-policy", { queueUrl, policy: grant("sqs:SendMessage", { ArnEquals: { "aws:SourceArn": admit.queue ?? [ruleArn, otherRuleArn] } }) }, { propertyDependencies: { queueUrl: [urn(T.queue, "dlq")] } }),
            res(T.permission, "notify-permission", { action: "lambda:InvokeFunction", function: "notify", principal: "events.amazonaws.com", sourceArn: admit.permission ?? ruleArn }, { propertyDependencies: { function: [urn(T.fn, "notify")] } }),
            res(T.target, "opened-to-notify", { rule: "opened", arn: fnArn, deadLetterConfig: { arn: queueArn } }, deps("opened", { arn: [urn(T.fn, "notify")] })),
            res(T.target, "opened-to-review", { rule: "opened", arn: machineArn, roleArn, deadLetterConfig: { arn: queueArn } }, deps("opened", { arn: [urn(T.sfn, "review")], roleArn: [urn(T.role, "review-role")] })),
            // "pushed" only dead-letters to the same queue.
            res(T.target, "pushed-to-other", { rule: "pushed", arn: "arn:aws:sqs:us-east-1:123456789012:other", deadLetterConfig: { arn: queueArn } }, deps("pushed")),
        ];
    }

    it("passes a stack whose role, queue and permission admit exactly the rules that deliver through them", async () => {
        assertMessages(await check(eventsSourceArnMatchesRules, stack({})), []);
    });

    it("reports a trust, queue policy or permission pointed at another rule of the stack, and a rule it leaves out", async () => {
        assertMessages(await check(eventsSourceArnMatchesRules, stack({ role: [otherRuleArn], queue: [ruleArn], permission: otherRuleArn })), [
            `Function "notify" does not admit rule ${ruleArn} in aws:SourceArn, though that rule delivers through it`,
            `Function "notify" admits rule ${otherRuleArn} in aws:SourceArn, which does not deliver through it`,
            `Queue "dlq" does not admit rule ${otherRuleArn}`,
            `Role "review-role" does not admit rule ${ruleArn}`,
            `Role "review-role" admits rule ${otherRuleArn}`,
        ]);
    });

    it("leaves wildcards, unknown values and resources nothing grants EventBridge on to the other policies", async () => {
        const resources = stack({ role: ["arn:aws:events:us-east-1:123456789012:rule/*"] }).filter((r) => r.name !== "dlq-policy" && r.name !== "notify-permission");
        resources.push(res(T.permission, "preview", { action: "lambda:InvokeFunction", function: "notify", principal: "events.amazonaws.com", sourceArn: unknownValue }, { propertyDependencies: { function: [urn(T.fn, "notify")] } }));
        assertMessages(await check(eventsSourceArnMatchesRules, resources), []);
    });
});
