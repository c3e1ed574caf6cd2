import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RuleTarget, SafeRule, SafeRuleArgs, targets, transform } from "../../components";
import { settle } from "../../testing/mocks";
import { checkedDeadLetterArn } from "../../components/rules/dead-letter";
import { ACCOUNT, REGION, capturingWarnings, failureOf, installMocks, lambdaFunction, prClosed, prOpened, prPattern, ruleArn, messageOf } from "./helpers";

function includesAll(message: string, parts: string[]): void {
    for (const part of parts) {
        assert.ok(message.includes(part), `expected the message to include ${JSON.stringify(part)}:\n${message}`);
    }
}

describe("rules/SafeRule errors", () => {
    let mocks: Awaited<ReturnType<typeof installMocks>>;
    let fn: aws.lambda.Function;
    const rule = (args: Partial<SafeRuleArgs>, name = "orders"): SafeRule =>
        new SafeRule(name, { pattern: prPattern, targets: [targets.lambda(fn)], ...args });

    beforeEach(async () => {
        mocks = await installMocks();
        fn = lambdaFunction("fn");
    });

    describe("pattern", () => {
        it("rejects an invalid pattern before any resource is created, naming the rule, the JSON path and the fix", async () => {
            const message = messageOf(() => rule({ pattern: { source: "github.com" } as never }));
            includesAll(message, [
                "SafeRule \"orders\": pattern: EventBridge would reject it:",
                "$.source: \"source\" must be an array of values or an object, not the string \"github.com\"; wrap the value in an array",
            ]);
            await settle(mocks);
            assert.deepStrictEqual(mocks.resources.map((r) => r.name), ["fn"]);
        });

        it("rejects a pattern over the size quota, and accepts it with the account's raised quota", () => {
            const pattern = { ...prPattern, detail: { action: ["opened"], title: ["x".repeat(100)] } };
            includesAll(messageOf(() => rule({ pattern, maxPatternLength: 100 })), ["pattern: EventBridge would reject it", "over the quota of 100"]);
            assert.ok(rule({ pattern, maxPatternLength: 4096 }, "raised"));
        });

        it("fails on lint findings at level error (match-all)", () => {
            const message = messageOf(() => rule({ pattern: { source: [{ prefix: "" }] } }));
            includesAll(message, ["SafeRule \"orders\": pattern: breaks", "matches every event on the bus", "(match-all)", "lint: { levels:"]);
        });

        it("lets the user raise a lint rule to error, or turn a warning off", async () => {
            const sourceOnly = { source: ["github.com"] };
            includesAll(messageOf(() => rule({ pattern: sourceOnly, lint: { levels: { "missing-detail-type": "error" } } })),
                ["pattern: breaks a lint rule", "(missing-detail-type)"]);
            const warned = await capturingWarnings(() => rule({ pattern: sourceOnly }, "warned"));
            assert.strictEqual(warned.warnings.length, 1);
            includesAll(warned.warnings[0], ["SafeRule \"warned\": pattern $:", "no \"detail-type\" filter", "(missing-detail-type)"]);
            const listed = { ...prPattern, detail: { action: ["opened", "edited", "reopened"] } };
            assert.deepStrictEqual((await capturingWarnings(() => rule({ pattern: listed }, "short"))).warnings, []);
            const long = await capturingWarnings(() => rule({ pattern: listed, lint: { maxValueListLength: 2 } }, "long"));
            assert.strictEqual(long.warnings.length, 1);
            includesAll(long.warnings[0], ["SafeRule \"long\": pattern $.detail.action:", "(long-value-list)"]);
            const silenced = await capturingWarnings(() => rule({ pattern: sourceOnly, lint: { levels: { "missing-detail-type": "off" } } }, "silenced"));
            assert.deepStrictEqual(silenced.warnings, []);
        });
    });

    describe("examples", () => {
        it("fails when a match example does not match, naming it and the deciding field", () => {
            const message = messageOf(() => rule({ examples: { match: { prOpened, prClosed } } }));
            includesAll(message, [
                "SafeRule \"orders\": examples.match.prClosed: does not match the pattern (at $.detail.action: event has \"closed\", pattern wants one of [\"opened\"])",
                "Fix the pattern",
            ]);
        });

        it("fails when a noMatch example matches, naming it by position", () => {
            const message = messageOf(() => rule({ examples: { match: [prOpened], noMatch: [prClosed, prOpened] } }));
            includesAll(message, ["SafeRule \"orders\": examples.noMatch[1]: matches the pattern but must not", "Narrow the pattern"]);
        });

        it("passes when every example agrees with the pattern", () => {
            assert.ok(rule({ examples: { match: [prOpened], noMatch: [prClosed] } }));
        });
    });

    describe("targets", () => {
        it("requires at least one target", () => {
            includesAll(messageOf(() => rule({ targets: [] })), ["SafeRule \"orders\": targets: is empty", "Add at least one target"]);
        });

        it("allows five targets and rejects a sixth", () => {
            const functions = [1, 2, 3, 4, 5, 6].map((i) => targets.lambda(lambdaFunction(`f${i}`)));
            assert.strictEqual(rule({ targets: functions.slice(0, 5) }, "five").targets.length, 5);
            includesAll(messageOf(() => rule({ targets: functions })), ["targets: has 6 targets; EventBridge allows at most 5 per rule", "Split them"]);
        });

        it("rejects the same function twice in one rule", () => {
            const message = messageOf(() => rule({ targets: [targets.lambda(fn), targets.lambda(fn)] }));
            includesAll(message, ["SafeRule \"orders\": targets[1]: lambda function \"fn\" is already targets[0]", "twice"]);
        });

        it("rejects something that is not a rule target", () => {
            includesAll(messageOf(() => rule({ targets: [{} as RuleTarget] })), ["targets[0]: is not a rule target"]);
        });

        it("rejects a Lambda target whose wiring carries a role", () => {
            const withRole: RuleTarget = {
                kind: "lambda", description: "lambda function \"legacy\"", identity: "legacy",
                attach: () => ({ arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:legacy`, roleArn: `arn:aws:iam::${ACCOUNT}:role/events` }),
            };
            includesAll(messageOf(() => rule({ targets: [withRole] })), ["targets[0]: (lambda function \"legacy\") returned a roleArn", "RoleArn is not supported for target"]);
        });

        it("rejects ARNs of the wrong service in the target builders", () => {
            includesAll(messageOf(() => targets.lambda("arn:aws:sqs:us-east-1:123456789012:q")), ["targets.lambda(\"arn:aws:sqs:us-east-1:123456789012:q\"): not a Lambda function ARN"]);
            includesAll(messageOf(() => targets.stateMachine("flow")), ["targets.stateMachine(\"flow\"): not a state machine ARN"]);
            includesAll(messageOf(() => targets.eventBus("arn:aws:events:us-east-1:123456789012:rule/x")), ["not an event bus ARN"]);
        });

        it("rejects an input transformer EventBridge would reject, and renders valid ones with the rule's name", () => {
            const bad = targets.lambda(lambdaFunction("g"), { input: { inputPaths: { repo: "detail.repository" }, inputTemplate: "<repo> <missing>" } });
            const message = messageOf(() => rule({ targets: [bad] }));
            includesAll(message, [
                "SafeRule \"orders\": targets[0].input: (lambda function \"g\") EventBridge would reject the input transformer:",
                "$.inputPaths.repo: the path \"detail.repository\" of \"repo\" must start with \"$\"",
                "placeholder <missing> has no variable",
            ]);
            const good = targets.lambda(lambdaFunction("h"), { input: transform({ paths: { action: "$.detail.action" }, template: "<aws.events.rule-name> saw <action>" }) });
            const arn = targets.queue(new aws.sqs.Queue("q", {}), { input: transform({ template: "from <aws.events.rule-arn>" }) });
            const ok = rule({ ruleName: "pr-opened", eventBus: "github", targets: [good, arn], examples: { match: [prOpened] } }, "ok");
            assert.deepStrictEqual(ok.renderedExamples, [
                { target: 0, example: "examples.match[0]", output: "pr-opened saw opened" },
                // Account and region are known only at deploy time.
                { target: 1, example: "examples.match[0]", output: "from arn:aws:events:REGION:ACCOUNT:rule/github/pr-opened" },
            ]);
        });
    });

    describe("names", () => {
        for (const [name, expected] of [
            ["", "ruleName: is empty"],
            ["a".repeat(65), "is 65 characters long; EventBridge allows at most 64"],
            ["orders/created", "contains \"/\"; EventBridge names allow only A-Za-z0-9._-"],
        ] as const) {
            it(`rejects the rule name ${JSON.stringify(name.slice(0, 20))}`, () => {
                includesAll(messageOf(() => rule({ ruleName: name })), ["SafeRule \"orders\": ruleName:", expected, "Choose a name"]);
            });
        }

        it("accepts a 64-character name of every allowed character", () => {
            const name = `Ab0._-${"x".repeat(58)}`;
            assert.strictEqual(rule({ ruleName: name }).ruleName, name);
        });
    });

    describe("retry policy", () => {
        for (const [policy, field, shown, range] of [
            [{ maximumRetryAttempts: 186 }, "retryPolicy.maximumRetryAttempts", "is 186", "from 0 to 185"],
            [{ maximumRetryAttempts: -1 }, "retryPolicy.maximumRetryAttempts", "is -1", "from 0 to 185"],
            [{ maximumRetryAttempts: 2.5 }, "retryPolicy.maximumRetryAttempts", "is 2.5", "from 0 to 185"],
            [{ maximumEventAgeInSeconds: 59 }, "retryPolicy.maximumEventAgeInSeconds", "is 59", "from 60 to 86400"],
            [{ maximumEventAgeInSeconds: 86_401 }, "retryPolicy.maximumEventAgeInSeconds", "is 86401", "from 60 to 86400"],
        ] as const) {
            it(`rejects ${JSON.stringify(policy)} with the allowed range`, () => {
                includesAll(messageOf(() => rule({ retryPolicy: policy })), [`SafeRule "orders": ${field}: ${shown}`, range]);
            });
        }

        it("accepts the bounds and sends both fields", async () => {
            rule({ retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 } }, "low");
            rule({ retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 } }, "high");
            await settle(mocks);
            assert.deepStrictEqual(mocks.named("low-target-0").inputs.retryPolicy, { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 });
            assert.deepStrictEqual(mocks.named("high-target-0").inputs.retryPolicy, { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 });
        });
    });

    describe("dead-letter queue", () => {
        it("rejects a value that is not \"create\", a queue or false", () => {
            includesAll(messageOf(() => rule({ deadLetterQueue: true as never })), ["SafeRule \"orders\": deadLetterQueue: is true.", "Use \"create\""]);
        });

        it("fails the update when an existing dead-letter queue is FIFO", async () => {
            const fifo = new aws.sqs.Queue("fifo", { fifoQueue: true, name: "fifo.fifo" });
            const error = await failureOf(checkedDeadLetterArn("orders", fifo, ruleArn("orders")));
            includesAll(error.message, ["SafeRule \"orders\": deadLetterQueue:", "fifo.fifo is a FIFO queue; EventBridge delivers failed events only to standard queues"]);
        });

        it("fails the update when an existing dead-letter queue is in another region than the rule", async () => {
            const queue = new aws.sqs.Queue("standard", {});
            const error = await failureOf(checkedDeadLetterArn("orders", queue, `arn:aws:events:eu-west-1:${ACCOUNT}:rule/orders`));
            includesAll(error.message, ["deadLetterQueue:", `is in account ${ACCOUNT}, region us-east-1, but the rule is in account ${ACCOUNT}, region eu-west-1`]);
        });

        it("accepts a standard queue in the rule's region", async () => {
            const queue = new aws.sqs.Queue("standard", {});
            const arn = await (checkedDeadLetterArn("orders", queue, ruleArn("orders")) as unknown as { promise(): Promise<string> }).promise();
            assert.strictEqual(arn, `arn:aws:sqs:${REGION}:${ACCOUNT}:standard`);
        });
    });

    describe("queue targets", () => {
        // Attached on its own: a failing input would otherwise fail the EventTarget's registration.
        const attach = (target: RuleTarget) => {
            const rule = new aws.cloudwatch.EventRule("orders-rule", { eventPattern: JSON.stringify(prPattern) });
            return target.attach({
                ruleName: "orders", index: 2, parent: rule, rule, ruleArn: rule.arn, eventBusName: pulumi.output("default"),
                maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185, hasDeadLetterQueue: true, matchExamples: [], warn: () => undefined,
            });
        };

        it("fails the update when a FIFO queue has no messageGroupId", async () => {
            const wiring = attach(targets.queue(new aws.sqs.Queue("jobs", { fifoQueue: true, name: "jobs.fifo" })));
            const error = await failureOf(wiring.sqsTarget as never);
            includesAll(error.message, ["SafeRule \"orders\": targets[2] (queue \"jobs\"): the queue is FIFO, so EventBridge needs a message group", "messageGroupId"]);
        });

        it("fails the update when a standard queue is given a messageGroupId", async () => {
            const wiring = attach(targets.queue(new aws.sqs.Queue("jobs", {}), { messageGroupId: "g" }));
            const error = await failureOf(wiring.sqsTarget as never);
            includesAll(error.message, ["targets[2] (queue \"jobs\"): messageGroupId is only valid for FIFO queues", "remove messageGroupId"]);
        });
    });

    describe("runtime guard", () => {
        it("rejects a ceiling below 1 and a period that is not a multiple of 60", () => {
            includesAll(messageOf(() => rule({ runtimeGuard: { invocationsCeiling: 0 } })), ["runtimeGuard.invocationsCeiling: is 0", "at least 1", "runtimeGuard: false"]);
            includesAll(messageOf(() => rule({ runtimeGuard: { periodSeconds: 90 } })), ["runtimeGuard.periodSeconds: is 90", "multiple of 60"]);
        });
    });
});
