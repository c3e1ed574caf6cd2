import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RuleTarget, RuleTargetContext, SafeRule, targets } from "../../components";
import { settle } from "../../testing/mocks";
import { ACCOUNT, REGION, T, capturingWarnings, installMocks, lambdaFunction, names, prOpened, prPattern, ruleArn, statements } from "./helpers";

const pushPattern = { source: ["github.com"], "detail-type": ["push"] };

describe("rules/targets", () => {
    it("gives two rules on one function two permissions, each scoped to its own rule", async () => {
        const mocks = await installMocks();
        const fn = lambdaFunction("notify");
        const a = new SafeRule("opened", { pattern: prPattern, targets: [targets.lambda(fn)] });
        const b = new SafeRule("pushed", { pattern: pushPattern, targets: [targets.lambda(fn)] });
        await settle(mocks);
        assert.deepStrictEqual(names(mocks, T.permission), ["opened-target-0-permission", "pushed-target-0-permission"]);
        assert.strictEqual(mocks.named("opened-target-0-permission").inputs.sourceArn, ruleArn(a.ruleName));
        assert.strictEqual(mocks.named("pushed-target-0-permission").inputs.sourceArn, ruleArn(b.ruleName));
        for (const t of mocks.ofType(T.target)) {
            assert.strictEqual(t.inputs.roleArn, undefined);
        }
    });

    it("gives a queue that several rules send to (as target or dead-letter queue) one policy listing every rule", async () => {
        const mocks = await installMocks();
        const shared = new aws.sqs.Queue("shared", {});
        const a = new SafeRule("opened", { pattern: prPattern, targets: [targets.queue(shared)] });
        const b = new SafeRule("pushed", { pattern: pushPattern, targets: [targets.lambda(lambdaFunction("fn"))], deadLetterQueue: shared });
        await settle(mocks);
        assert.deepStrictEqual(names(mocks, T.queuePolicy), ["opened-dlq-policy", "shared-eventbridge-policy"]);
        const [statement] = statements(mocks.named("shared-eventbridge-policy").inputs.policy);
        assert.deepStrictEqual(statement.Action, ["sqs:SendMessage"]);
        assert.deepStrictEqual(statement.Principal, { Service: "events.amazonaws.com" });
        assert.deepStrictEqual(statement.Resource, [`arn:aws:sqs:${REGION}:${ACCOUNT}:shared`]);
        assert.deepStrictEqual(statement.Condition, { ArnEquals: { "aws:SourceArn": [ruleArn(a.ruleName), ruleArn(b.ruleName)] } });
        assert.deepStrictEqual(mocks.named("pushed-target-0").inputs.deadLetterConfig, { arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:shared` });
        // No queue or alarm is created for a rule that brings its own dead-letter queue.
        assert.deepStrictEqual(names(mocks, T.queue), ["opened-dlq", "shared"]);
        assert.ok(!names(mocks, T.alarm).includes("pushed-dlq-alarm"));
        assert.strictEqual(b.deadLetterQueue, shared);
    });

    it("gives a topic that several rules publish to one policy listing every rule", async () => {
        const mocks = await installMocks();
        const alerts = new aws.sns.Topic("alerts", {});
        const a = new SafeRule("opened", { pattern: prPattern, targets: [targets.topic(alerts)] });
        const b = new SafeRule("pushed", { pattern: pushPattern, targets: [targets.topic(alerts)] });
        await settle(mocks);
        assert.deepStrictEqual(names(mocks, T.topicPolicy), ["alerts-eventbridge-policy"]);
        const [statement] = statements(mocks.named("alerts-eventbridge-policy").inputs.policy);
        assert.deepStrictEqual(statement.Action, ["sns:Publish"]);
        assert.deepStrictEqual(statement.Condition, { ArnEquals: { "aws:SourceArn": [ruleArn(a.ruleName), ruleArn(b.ruleName)] } });
    });

    it("sends no message group to a standard queue", async () => {
        const mocks = await installMocks();
        new SafeRule("opened", { pattern: prPattern, targets: [targets.queue(new aws.sqs.Queue("audit", {}))] });
        await settle(mocks);
        assert.strictEqual(mocks.named("opened-target-0").inputs.sqsTarget, undefined);
    });

    it("takes functions, state machines and buses by ARN or name", async () => {
        const mocks = await installMocks();
        const fnArn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:elsewhere`;
        const smArn = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:flow`;
        const busArn = `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/central`;
        new SafeRule("opened", {
            eventBus: "github",
            pattern: prPattern,
            targets: [targets.lambda(fnArn), targets.stateMachine(smArn), targets.eventBus("audit"), targets.eventBus(busArn)],
        });
        await settle(mocks);
        assert.deepStrictEqual(mocks.named("opened-target-0-permission").inputs.function, fnArn);
        assert.strictEqual(mocks.named("opened-target-0").inputs.arn, fnArn);
        assert.strictEqual(mocks.named("opened-target-1").inputs.arn, smArn);
        assert.deepStrictEqual(statements(mocks.named("opened-target-1-role-policy").inputs.policy)[0].Resource, [smArn]);
        // A bus name means a bus in the rule's own account and region.
        const localBus = `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/audit`;
        assert.strictEqual(mocks.named("opened-target-2").inputs.arn, localBus);
        assert.deepStrictEqual(statements(mocks.named("opened-target-2-role-policy").inputs.policy)[0].Resource, [localBus]);
        assert.strictEqual(mocks.named("opened-target-3").inputs.arn, busArn);
        assert.deepStrictEqual(statements(mocks.named("opened-target-3-role-policy").inputs.policy)[0].Resource, [busArn]);
        assert.strictEqual(mocks.named("opened-rule").inputs.eventBusName, "github");
    });

    it("uses the default bus when none is given: no eventBusName, alarms keyed by rule name only", async () => {
        const mocks = await installMocks();
        const rule = new SafeRule("opened", { pattern: prPattern, targets: [targets.lambda(lambdaFunction("fn"))] });
        await settle(mocks);
        assert.strictEqual(mocks.named("opened-rule").inputs.eventBusName, undefined);
        assert.strictEqual(mocks.named("opened-target-0").inputs.eventBusName, undefined);
        assert.deepStrictEqual(mocks.named("opened-invocations-alarm").inputs.dimensions, { RuleName: rule.ruleName });
    });

    it("wires any RuleTarget (such as an API destination) with what attach returns, and tells it about the rule", async () => {
        const mocks = await installMocks();
        const contexts: RuleTargetContext[] = [];
        const destinationArn = `arn:aws:events:${REGION}:${ACCOUNT}:api-destination/slack/0000`;
        const slack: RuleTarget = {
            kind: "apiDestination",
            description: "API destination \"slack\"",
            identity: destinationArn,
            attach(context) {
                contexts.push(context);
                const role = new aws.iam.Role(`${context.ruleName}-target-${context.index}-role`, { assumeRolePolicy: "{}" }, { parent: context.parent });
                return { arn: destinationArn, roleArn: role.arn, httpTarget: { headerParameters: { "X-Team": "platform" } }, dependsOn: [role] };
            },
        };
        new SafeRule("opened", {
            pattern: prPattern,
            examples: { match: [prOpened] },
            targets: [slack],
            retryPolicy: { maximumEventAgeInSeconds: 7200 },
        });
        await settle(mocks);
        const target = mocks.named("opened-target-0").inputs;
        assert.strictEqual(target.arn, destinationArn);
        assert.strictEqual(target.roleArn, `arn:aws:iam::${ACCOUNT}:role/opened-target-0-role`);
        assert.deepStrictEqual(target.httpTarget, { headerParameters: { "X-Team": "platform" } });
        assert.deepStrictEqual(target.retryPolicy, { maximumEventAgeInSeconds: 7200, maximumRetryAttempts: 185 });
        assert.strictEqual(contexts.length, 1);
        const [context] = contexts;
        assert.strictEqual(context.ruleName, "opened");
        assert.strictEqual(context.index, 0);
        assert.strictEqual(context.maximumEventAgeInSeconds, 7200);
        assert.strictEqual(context.maximumRetryAttempts, 185);
        assert.strictEqual(context.hasDeadLetterQueue, true);
        assert.deepStrictEqual(context.matchExamples, [prOpened]);
    });

    it("drops failed events only when deadLetterQueue is false, and says so", async () => {
        const mocks = await installMocks();
        const seen: boolean[] = [];
        const probe: RuleTarget = {
            kind: "lambda", description: "probe", identity: "probe",
            attach(context) { seen.push(context.hasDeadLetterQueue); return { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:probe` }; },
        };
        const { result: rule, warnings } = await capturingWarnings(() => new SafeRule("opened", { pattern: prPattern, targets: [probe], deadLetterQueue: false }));
        await settle(mocks);
        assert.strictEqual(rule.deadLetterQueue, undefined);
        assert.deepStrictEqual(seen, [false]);
        assert.strictEqual(mocks.named("opened-target-0").inputs.deadLetterConfig, undefined);
        assert.deepStrictEqual(mocks.named("opened-target-0").inputs.retryPolicy, { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 });
        assert.deepStrictEqual(names(mocks, T.queue), []);
        assert.deepStrictEqual(warnings, ["SafeRule \"opened\": deadLetterQueue is false: events that still fail after the retry policy are dropped without a trace."]);
    });

    it("turns the runtime guard off only explicitly, and takes a custom ceiling and period", async () => {
        const mocks = await installMocks();
        new SafeRule("quiet", { pattern: prPattern, targets: [targets.lambda(lambdaFunction("a"))], runtimeGuard: false });
        new SafeRule("busy", { pattern: pushPattern, targets: [targets.lambda(lambdaFunction("b"))], runtimeGuard: { invocationsCeiling: 500, periodSeconds: 60 } });
        await settle(mocks);
        assert.deepStrictEqual(names(mocks, T.alarm), ["busy-dlq-alarm", "busy-failed-invocations-alarm", "busy-invocations-alarm", "quiet-dlq-alarm"]);
        assert.strictEqual(mocks.named("busy-invocations-alarm").inputs.threshold, 500);
        assert.strictEqual(mocks.named("busy-invocations-alarm").inputs.period, 60);
        assert.strictEqual(mocks.named("busy-failed-invocations-alarm").inputs.period, 60);
    });

    it("uses a given rule name, a disabled state, a description and tags", async () => {
        const mocks = await installMocks();
        new SafeRule("opened", {
            ruleName: "github.pr-opened_v2",
            pattern: prPattern,
            targets: [targets.lambda(lambdaFunction("fn"))],
            enabled: false,
            description: "PRs opened",
            tags: { team: "platform" },
        });
        await settle(mocks);
        const rule = mocks.named("opened-rule").inputs;
        assert.strictEqual(rule.name, "github.pr-opened_v2");
        assert.strictEqual(rule.state, "DISABLED");
        assert.strictEqual(rule.description, "PRs opened");
        assert.deepStrictEqual(rule.tags, { team: "platform" });
        assert.strictEqual(mocks.named("opened-target-0").inputs.rule, "github.pr-opened_v2");
    });

    it("generates the same rule name for the same stack and a different one for another stack", async () => {
        const namesIn = async (stack: string): Promise<string[]> => {
            await pulumi.runtime.setMocks(new (await import("../../testing/mocks")).RecordingMocks(), "project", stack, false);
            return [
                new SafeRule("orders.created/v1 (eu)", { pattern: prPattern, targets: [targets.lambda(lambdaFunction("f1"))] }).ruleName,
                new SafeRule("x".repeat(80), { pattern: pushPattern, targets: [targets.lambda(lambdaFunction("f2"))] }).ruleName,
            ];
        };
        const dev = await namesIn("dev");
        assert.deepStrictEqual(await namesIn("dev"), dev);
        const prod = await namesIn("prod");
        assert.notDeepStrictEqual(prod, dev);
        for (const name of [...dev, ...prod]) {
            assert.match(name, /^[.\-_A-Za-z0-9]{1,64}$/);
        }
        assert.match(dev[0], /^orders\.created-v1--eu--[0-9a-f]{8}$/);
        assert.strictEqual(dev[1].length, 64);
    });
});
