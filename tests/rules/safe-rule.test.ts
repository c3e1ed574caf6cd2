import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { SafeRule, targets, transform } from "../../components";
import { settle, valueOf } from "../../testing/mocks";
import { isUnknown, plan } from "../../testing";
import { ACCOUNT, REGION, T, installMocks, lambdaFunction, names, only, prClosed, prOpened, prPattern, ruleArn, statements } from "./helpers";

/** The example: one rule, five targets of every built-in kind. */
function buildExample() {
    const bus = new aws.cloudwatch.EventBus("github", {});
    const notify = lambdaFunction("notify");
    const review = new aws.sfn.StateMachine("review", { roleArn: `arn:aws:iam::${ACCOUNT}:role/sfn`, definition: "{}" });
    const audit = new aws.sqs.Queue("audit", { fifoQueue: true, name: "audit.fifo" });
    const alerts = new aws.sns.Topic("alerts", {});
    const other = new aws.cloudwatch.EventBus("other", {});
    const rule = new SafeRule("pr-opened", {
        eventBus: bus,
        pattern: prPattern,
        examples: { match: { prOpened }, noMatch: { prClosed } },
        targets: [
            targets.lambda(notify, { input: transform({ paths: { repo: "$.detail.repository.full_name", n: "$.detail.number" }, template: "{\"text\": \"<repo>#<n> opened\"}" }) }),
            targets.stateMachine(review),
            targets.queue(audit, { messageGroupId: "github" }),
            targets.topic(alerts),
            targets.eventBus(other),
        ],
        retryPolicy: { maximumRetryAttempts: 20, maximumEventAgeInSeconds: 3600 },
        alarmActions: ["arn:aws:sns:us-east-1:123456789012:oncall"],
    });
    return { rule };
}

for (const preview of [false, true]) {
    describe(`rules/SafeRule (${preview ? "preview" : "update"})`, () => {
        let mocks: Awaited<ReturnType<typeof installMocks>>;
        let rule: SafeRule;
        let physical: string;

        before(async () => {
            mocks = await installMocks(preview);
            rule = buildExample().rule;
            physical = rule.ruleName;
            await settle(mocks);
        });

        it("creates exactly the resources the targets need, each a child named after the rule", () => {
            assert.deepStrictEqual(names(mocks, T.safeRule), ["pr-opened"]);
            assert.deepStrictEqual(names(mocks, T.rule), ["pr-opened-rule"]);
            assert.deepStrictEqual(names(mocks, T.target), [0, 1, 2, 3, 4].map((i) => `pr-opened-target-${i}`));
            assert.deepStrictEqual(names(mocks, T.permission), ["pr-opened-target-0-permission"]);
            assert.deepStrictEqual(names(mocks, T.role), ["pr-opened-target-1-role", "pr-opened-target-4-role"]);
            assert.deepStrictEqual(names(mocks, T.rolePolicy), ["pr-opened-target-1-role-policy", "pr-opened-target-4-role-policy"]);
            assert.deepStrictEqual(names(mocks, T.queue), ["audit", "pr-opened-dlq"]);
            assert.deepStrictEqual(names(mocks, T.queuePolicy), ["audit-eventbridge-policy", "pr-opened-dlq-policy"]);
            assert.deepStrictEqual(names(mocks, T.topicPolicy), ["alerts-eventbridge-policy"]);
            assert.deepStrictEqual(names(mocks, T.alarm), ["pr-opened-dlq-alarm", "pr-opened-failed-invocations-alarm", "pr-opened-invocations-alarm"]);
        });

        it("creates the rule with a stable valid name, the bus and the pattern as JSON", () => {
            assert.match(physical, /^pr-opened-[0-9a-f]{8}$/);
            const inputs = only(mocks, T.rule).inputs;
            assert.deepStrictEqual(inputs, {
                name: physical,
                eventBusName: "github",
                eventPattern: JSON.stringify(prPattern),
                state: "ENABLED",
            });
        });

        it("gives every target the full retry policy and the dead-letter queue, and a role only where EventBridge needs one", () => {
            const dlqArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:pr-opened-dlq`;
            const byName = (i: number) => mocks.named(`pr-opened-target-${i}`).inputs;
            for (let i = 0; i < 5; i++) {
                assert.strictEqual(byName(i).rule, physical);
                assert.strictEqual(byName(i).eventBusName, "github");
                assert.strictEqual(byName(i).targetId, `target-${i}`);
                assert.deepStrictEqual(byName(i).retryPolicy, { maximumRetryAttempts: 20, maximumEventAgeInSeconds: 3600 });
                assert.deepStrictEqual(byName(i).deadLetterConfig, { arn: dlqArn });
            }
            assert.strictEqual(byName(0).arn, `arn:aws:lambda:${REGION}:${ACCOUNT}:function:notify`);
            assert.strictEqual(byName(0).roleArn, undefined);
            assert.strictEqual(byName(1).arn, `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:review`);
            assert.strictEqual(byName(1).roleArn, `arn:aws:iam::${ACCOUNT}:role/pr-opened-target-1-role`);
            assert.strictEqual(byName(2).arn, `arn:aws:sqs:${REGION}:${ACCOUNT}:audit.fifo`);
            assert.strictEqual(byName(2).roleArn, undefined);
            assert.deepStrictEqual(byName(2).sqsTarget, { messageGroupId: "github" });
            assert.strictEqual(byName(3).arn, `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`);
            assert.strictEqual(byName(3).roleArn, undefined);
            assert.strictEqual(byName(4).arn, `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/other`);
            assert.strictEqual(byName(4).roleArn, `arn:aws:iam::${ACCOUNT}:role/pr-opened-target-4-role`);
        });

        it("puts the input transformer on its target and renders it for each match example", () => {
            assert.deepStrictEqual(mocks.named("pr-opened-target-0").inputs.inputTransformer, {
                inputPaths: { repo: "$.detail.repository.full_name", n: "$.detail.number" },
                inputTemplate: "{\"text\": \"<repo>#<n> opened\"}",
            });
            for (let i = 1; i < 5; i++) {
                assert.strictEqual(mocks.named(`pr-opened-target-${i}`).inputs.inputTransformer, undefined);
            }
            assert.deepStrictEqual(rule.renderedExamples, [
                { target: 0, example: "examples.match.prOpened", output: "{\"text\": \"acme/api#42 opened\"}" },
            ]);
            assert.deepStrictEqual(JSON.parse(rule.renderedExamples[0].output), { text: "acme/api#42 opened" });
        });

        it("lets EventBridge invoke the function only for this rule", () => {
            assert.deepStrictEqual(only(mocks, T.permission).inputs, {
                action: "lambda:InvokeFunction",
                function: "notify",
                principal: "events.amazonaws.com",
                sourceArn: ruleArn(physical, "github"),
            });
        });

        it("gives the state machine and bus targets roles trusted only for this rule, each allowed one action on one ARN", () => {
            const expected = [
                { role: "pr-opened-target-1-role", action: "states:StartExecution", resource: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:review` },
                { role: "pr-opened-target-4-role", action: "events:PutEvents", resource: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/other` },
            ];
            for (const { role, action, resource } of expected) {
                const trust = statements(mocks.named(role).inputs.assumeRolePolicy);
                assert.deepStrictEqual(trust, [{
                    Effect: "Allow",
                    Principal: { Service: "events.amazonaws.com" },
                    Action: ["sts:AssumeRole"],
                    Resource: [],
                    Condition: { ArnEquals: { "aws:SourceArn": [ruleArn(physical, "github")] }, StringEquals: { "aws:SourceAccount": [ACCOUNT] } },
                }]);
                const policy = mocks.named(`${role}-policy`).inputs;
                assert.strictEqual(policy.role, `${role}-id`);
                assert.deepStrictEqual(statements(policy.policy), [{ Effect: "Allow", Action: [action], Resource: [resource] }]);
                assert.strictEqual(mocks.named(role).inputs.managedPolicyArns, undefined);
            }
        });

        it("lets EventBridge send to the queue and topic only for this rule", () => {
            const queuePolicy = mocks.named("audit-eventbridge-policy").inputs;
            assert.strictEqual(queuePolicy.queueUrl, `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/audit.fifo`);
            assert.deepStrictEqual(statements(queuePolicy.policy), [{
                Sid: "AllowEventBridgeRules",
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: ["sqs:SendMessage"],
                Resource: [`arn:aws:sqs:${REGION}:${ACCOUNT}:audit.fifo`],
                Condition: { ArnEquals: { "aws:SourceArn": [ruleArn(physical, "github")] } },
            }]);
            const topicPolicy = mocks.named("alerts-eventbridge-policy").inputs;
            assert.strictEqual(topicPolicy.arn, `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`);
            assert.deepStrictEqual(statements(topicPolicy.policy), [{
                Sid: "AllowEventBridgeRules",
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: ["sns:Publish"],
                Resource: [`arn:aws:sns:${REGION}:${ACCOUNT}:alerts`],
                Condition: { ArnEquals: { "aws:SourceArn": [ruleArn(physical, "github")] } },
            }]);
        });

        it("creates an encrypted standard dead-letter queue kept 14 days that only this rule may send to, with an alarm", () => {
            assert.deepStrictEqual(mocks.named("pr-opened-dlq").inputs, { sqsManagedSseEnabled: true, messageRetentionSeconds: 1_209_600 });
            const policy = mocks.named("pr-opened-dlq-policy").inputs;
            assert.strictEqual(policy.queueUrl, `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/pr-opened-dlq`);
            assert.deepStrictEqual(statements(policy.policy), [{
                Sid: "AllowDeadLetterSender",
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: ["sqs:SendMessage"],
                Resource: [`arn:aws:sqs:${REGION}:${ACCOUNT}:pr-opened-dlq`],
                Condition: { ArnEquals: { "aws:SourceArn": [ruleArn(physical, "github")] } },
            }]);
            const alarm = mocks.named("pr-opened-dlq-alarm").inputs;
            assert.strictEqual(alarm.namespace, "AWS/SQS");
            assert.strictEqual(alarm.metricName, "ApproximateNumberOfMessagesVisible");
            assert.deepStrictEqual(alarm.dimensions, { QueueName: "pr-opened-dlq" });
            assert.strictEqual(alarm.comparisonOperator, "GreaterThanThreshold");
            assert.strictEqual(alarm.threshold, 0);
            assert.deepStrictEqual(alarm.alarmActions, ["arn:aws:sns:us-east-1:123456789012:oncall"]);
        });

        it("alarms on invocations above the default ceiling and on any failed invocation", () => {
            const invocations = mocks.named("pr-opened-invocations-alarm").inputs;
            assert.strictEqual(invocations.namespace, "AWS/Events");
            assert.strictEqual(invocations.metricName, "Invocations");
            assert.deepStrictEqual(invocations.dimensions, { EventBusName: "github", RuleName: physical });
            assert.strictEqual(invocations.statistic, "Sum");
            assert.strictEqual(invocations.period, 300);
            assert.strictEqual(invocations.threshold, 10_000);
            assert.strictEqual(invocations.comparisonOperator, "GreaterThanThreshold");
            assert.deepStrictEqual(invocations.alarmActions, ["arn:aws:sns:us-east-1:123456789012:oncall"]);
            const failed = mocks.named("pr-opened-failed-invocations-alarm").inputs;
            assert.strictEqual(failed.metricName, "FailedInvocations");
            assert.deepStrictEqual(failed.dimensions, { EventBusName: "github", RuleName: physical });
            assert.strictEqual(failed.threshold, 0);
            assert.strictEqual(failed.comparisonOperator, "GreaterThanThreshold");
        });

        it("exposes the rule, its ARN, the dead-letter queue, the targets and alarms, all children of the component", async () => {
            assert.strictEqual(await valueOf(rule.ruleArn), ruleArn(physical, "github"));
            assert.strictEqual(rule.targets.length, 5);
            assert.strictEqual(await valueOf(rule.deadLetterQueue!.arn), `arn:aws:sqs:${REGION}:${ACCOUNT}:pr-opened-dlq`);
            assert.strictEqual(rule.alarms.length, 3);
            const children = [rule.rule, ...rule.targets, rule.deadLetterQueue!, ...rule.alarms];
            for (const child of children) {
                assert.match(await valueOf(child.urn), /::eventbridge-kit:rules:SafeRule\$aws:[^$]+::pr-opened-/);
            }
        });
    });
}

describe("rules/SafeRule in a preview where every ARN is still unknown", () => {
    it("registers the same resources as an update (nothing is created inside an apply) and passes the policy pack", async () => {
        const preview = await plan(() => { buildExample(); }, { preview: true });
        const update = await plan(() => { buildExample(); }, { preview: false });
        const registered = (p: typeof preview) => p.resources.map((r) => `${r.type} ${r.name}`).sort();
        assert.deepStrictEqual(registered(preview), registered(update));
        assert.strictEqual(preview.resources.filter((r) => r.name.startsWith("pr-opened")).length, 17);
        const target = preview.resources.find((r) => r.name === "pr-opened-target-0")!;
        assert.ok(isUnknown(target.inputs.arn));
        assert.deepStrictEqual(target.inputs.retryPolicy, { maximumRetryAttempts: 20, maximumEventAgeInSeconds: 3600 });
        for (const result of [preview, update]) {
            assert.deepStrictEqual(result.findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.message), []);
        }
    });
});
