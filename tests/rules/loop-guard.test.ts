import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { EventBusRef, SafeRule, targets } from "../../components";
import { recordEventPublisher } from "../../components/rules/program-record";
import { failFor } from "../../components/errors";
import { checkLoopsOnceResolved, guardLoops } from "../../components/rules/loop-guard";
import { busesPublishedBy } from "../../components/rules/targets/state-machine-events";
import { plan } from "../../testing";
import { settle } from "../../testing/mocks";
import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT, capturingWarnings, failureOf, installMocks, lambdaFunction, prOpened, prPattern, messageOf, REGION } from "./helpers";

/** What a PR-enrichment function publishes: another pull_request event (a loop) or a comment event (none). */
const enrichedPr = { ...prOpened, detail: { ...prOpened.detail, enriched: true } };
const comment = { ...prOpened, "detail-type": "pull_request_review_comment" };

describe("rules/loop guard", () => {
    let bus: aws.cloudwatch.EventBus;
    beforeEach(async () => {
        await installMocks();
        bus = new aws.cloudwatch.EventBus("github", {});
    });

    it("refuses a bus target that is the rule's own bus (same resource)", () => {
        const message = messageOf(() => new SafeRule("fwd", { eventBus: bus, pattern: prPattern, targets: [targets.eventBus(bus)] }));
        assert.ok(message.startsWith("SafeRule \"fwd\": targets: the rule would trigger itself: targets[0] (event bus \"github\") forwards every matched event to bus \"github\", the bus this rule listens on"), message);
        assert.ok(message.includes("allowLoop"), message);
    });

    it("refuses a bus target that names the rule's own bus, by name, ARN or as the default bus", () => {
        assert.ok(messageOf(() => new SafeRule("a", { eventBus: "orders", pattern: prPattern, targets: [targets.eventBus(`arn:aws:events:us-east-1:${ACCOUNT}:event-bus/orders`)] })).includes("forwards every matched event"));
        assert.ok(messageOf(() => new SafeRule("b", { pattern: prPattern, targets: [targets.eventBus("default")] })).includes("forwards every matched event to the default bus"));
    });

    it("allows a bus target on another bus, without a warning", async () => {
        const { result: rule, warnings } = await capturingWarnings(() => new SafeRule("fwd", { eventBus: bus, pattern: prPattern, targets: [targets.eventBus(new aws.cloudwatch.EventBus("archive", {}))] }));
        assert.strictEqual(rule.targets.length, 1);
        assert.deepStrictEqual(warnings, []);
    });

    it("refuses a function that publishes an event this rule matches back to its bus, naming the event", () => {
        const fn = targets.lambda(lambdaFunction("enrich"), { emits: { bus, events: [comment, enrichedPr] } });
        const message = messageOf(() => new SafeRule("enrich", { eventBus: bus, pattern: prPattern, targets: [fn] }));
        assert.ok(message.includes("targets[0] (lambda function \"enrich\") publishes to bus \"github\", the bus this rule listens on, and its emits.events[1] (source \"github.com\", detail-type \"pull_request\") matches this rule's pattern"), message);
        assert.ok(!message.includes("emits.events[0]"), message);
    });

    it("refuses a state machine that publishes a matching event to the rule's bus", () => {
        const machine = new aws.sfn.StateMachine("flow", { roleArn: `arn:aws:iam::${ACCOUNT}:role/sfn`, definition: "{}" });
        const message = messageOf(() => new SafeRule("flow", { eventBus: bus, pattern: prPattern, targets: [targets.stateMachine(machine, { emits: { bus, events: [enrichedPr] } })] }));
        assert.ok(message.includes("targets[0] (state machine \"flow\") publishes to bus \"github\""), message);
    });

    it("allows a publisher whose events the pattern does not match, or that publishes elsewhere, without a warning", async () => {
        const { result: rules, warnings } = await capturingWarnings(() => [
            new SafeRule("a", { eventBus: bus, pattern: prPattern, targets: [targets.lambda(lambdaFunction("f1"), { emits: { bus, events: [comment] } })] }),
            new SafeRule("b", { eventBus: bus, pattern: prPattern, targets: [targets.lambda(lambdaFunction("f2"), { emits: { bus: "other", events: [enrichedPr] } })] }),
        ]);
        assert.deepStrictEqual(rules.map((r) => r.targets.length), [1, 1]);
        assert.deepStrictEqual(warnings, []);
    });

    it("accepts a loop acknowledged with a reason, and refuses an empty reason", async () => {
        const fn = () => targets.lambda(lambdaFunction("enrich"), { emits: { bus, events: [enrichedPr] } });
        const { warnings } = await capturingWarnings(() => new SafeRule("bounded", { eventBus: bus, pattern: prPattern, targets: [fn()], allowLoop: "enrich only re-publishes events without detail.enriched" }));
        assert.deepStrictEqual(warnings, []);
        const message = messageOf(() => new SafeRule("empty", { eventBus: bus, pattern: prPattern, targets: [fn()], allowLoop: " " }));
        assert.ok(message.startsWith("SafeRule \"empty\": allowLoop: is empty."), message);
    });

    it("warns when allowLoop is set but there is no loop", async () => {
        const { warnings } = await capturingWarnings(() => new SafeRule("calm", { eventBus: bus, pattern: prPattern, targets: [targets.lambda(lambdaFunction("f"))], allowLoop: "just in case" }));
        assert.deepStrictEqual(warnings, ["SafeRule \"calm\": allowLoop is set (\"just in case\") but no target loops back into this rule; remove allowLoop so a future loop is caught."]);
    });

    it("warns when a target known to publish to this bus declares nothing", async () => {
        const publisher = lambdaFunction("publisher");
        recordEventPublisher(publisher, bus);
        const { warnings } = await capturingWarnings(() => new SafeRule("quiet", { eventBus: bus, pattern: prPattern, targets: [targets.lambda(publisher)] }));
        assert.deepStrictEqual(warnings, ["SafeRule \"quiet\": targets[0] (lambda function \"publisher\") can publish to bus \"github\", the bus this rule listens on, but declares no emits; declare what it publishes (emits: { bus, events }) so the loop guard can check it."]);
        const declared = await capturingWarnings(() => new SafeRule("declared", { eventBus: bus, pattern: prPattern, targets: [targets.lambda(publisher, { emits: { bus, events: [comment] } })] }));
        assert.deepStrictEqual(declared.warnings, []);
    });
});

describe("rules/loop guard: one bus, however it is referred to", () => {
    let bus: aws.cloudwatch.EventBus;
    const arn = (name: string, account = ACCOUNT) => `arn:aws:events:${REGION}:${account}:event-bus/${name}`;
    beforeEach(async () => {
        await installMocks();
        bus = new aws.cloudwatch.EventBus("github", { name: "github" });
    });

    it("refuses a bus target that is the rule's bus as a resource, a name, an ARN or an Output, in any pairing, once they resolve", async () => {
        const pairs: [string, () => EventBusRef, () => EventBusRef][] = [
            ["resource / name", () => bus, () => "github"],
            ["name / resource", () => "github", () => bus],
            ["resource / ARN", () => bus, () => arn("github")],
            ["ARN / resource", () => arn("github"), () => bus],
            ["Output name / resource", () => pulumi.output("github"), () => bus],
            ["resource / Output ARN", () => bus, () => pulumi.output(arn("github"))],
            ["Output name / name", () => pulumi.output("github"), () => "github"],
        ];
        for (const [label, ruleBus, targetBus] of pairs) {
            // Construction cannot tell (the resource's name is a deploy-time value); the check SafeRule gates its rule on can.
            assert.doesNotThrow(() => guardLoops(prPattern, ruleBus(), [targets.eventBus(targetBus())], undefined, failFor("SafeRule", "fwd")), label);
            const error = await failureOf(checkLoopsOnceResolved(prPattern, ruleBus(), [targets.eventBus(targetBus())], undefined, failFor("SafeRule", "fwd"), () => undefined)!);
            assert.ok(error.message.startsWith("SafeRule \"fwd\": targets: the rule would trigger itself: targets[0] (event "), `${label}: ${error.message}`);
            assert.ok(error.message.includes("forwards every matched event to bus \"github\", the bus this rule listens on"), `${label}: ${error.message}`);
            assert.ok(error.message.includes("allowLoop"), label);
        }
    });

    it("refuses a function whose emits names the rule's bus by ARN while the rule has the resource", async () => {
        const fn = targets.lambda(lambdaFunction("enrich"), { emits: { bus: pulumi.output(arn("github")), events: [comment, enrichedPr] } });
        const error = await failureOf(checkLoopsOnceResolved(prPattern, bus, [fn], undefined, failFor("SafeRule", "enrich"), () => undefined)!);
        assert.ok(error.message.includes("targets[0] (lambda function \"enrich\") publishes to bus \"github\", the bus this rule listens on, and its emits.events[1]"), error.message);
    });

    it("lets a rule through when the resolved buses differ, and honours allowLoop for a resolved loop", async () => {
        const settled = (rule: SafeRule) => (rule.rule.eventPattern as unknown as { promise(): Promise<string> }).promise();
        for (const other of ["orders", arn("github", "210987654321"), pulumi.output("orders")]) {
            const { result, warnings } = await capturingWarnings(async () => settled(new SafeRule("fwd", { eventBus: bus, pattern: prPattern, targets: [targets.eventBus(other)] })));
            assert.deepStrictEqual(JSON.parse(result), prPattern);
            assert.deepStrictEqual(warnings, []);
        }
        const allowed = await capturingWarnings(async () => settled(new SafeRule("bounded", { eventBus: bus, pattern: prPattern, targets: [targets.eventBus("github")], allowLoop: "the forwarder drops events it forwarded" })));
        assert.deepStrictEqual(allowed.warnings, []);
        const needless = await capturingWarnings(async () => settled(new SafeRule("calm", { eventBus: bus, pattern: prPattern, targets: [targets.eventBus("orders")], allowLoop: "just in case" })));
        assert.deepStrictEqual(needless.warnings, ["SafeRule \"calm\": allowLoop is set (\"just in case\") but no target loops back into this rule; remove allowLoop so a future loop is caught."]);
    });
});

describe("rules/loop guard: a loop found once buses resolve stops the update", () => {
    it("fails an offline update of a rule on the bus resource with a bus target given by ARN, before the rule is created", async () => {
        let failure: Error | undefined;
        try {
            await plan(() => {
                const bus = new aws.cloudwatch.EventBus("github", { name: "github" });
                new SafeRule("fwd", { eventBus: bus, pattern: prPattern, targets: [targets.eventBus(`arn:aws:events:us-east-1:${ACCOUNT}:event-bus/github`)] });
            }, { preview: false });
        } catch (err) {
            failure = err as Error;
        }
        assert.ok(failure?.message.includes("SafeRule \"fwd\": targets: the rule would trigger itself: targets[0]"), String(failure));
    });
});

describe("rules/loop guard: state machine definitions", () => {
    const putEvents = (entries: object[]) => JSON.stringify({
        StartAt: "Fan",
        States: {
            Fan: {
                Type: "Parallel", End: true,
                Branches: [{ StartAt: "Publish", States: { Publish: { Type: "Task", Resource: "arn:aws:states:::events:putEvents", Parameters: { Entries: entries }, End: true } } }],
            },
        },
    });

    it("finds the buses a definition publishes to, in nested branches, by name, default or run-time choice", () => {
        assert.deepStrictEqual(busesPublishedBy(putEvents([{ EventBusName: "github", Source: "x" }, { Source: "y" }, { "EventBusName.$": "$.bus" }])), ["github", "default", "*"]);
        assert.deepStrictEqual(busesPublishedBy(JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", End: true } } })), []);
        assert.deepStrictEqual(busesPublishedBy("not json"), []);
    });

    it("warns when a state machine target can publish to the rule's bus and declares no emits", async () => {
        const mocks = await installMocks();
        const bus = new aws.cloudwatch.EventBus("github", {});
        const publishing = new aws.sfn.StateMachine("flow", { roleArn: `arn:aws:iam::${ACCOUNT}:role/sfn`, definition: putEvents([{ EventBusName: "github", Source: "flow" }]) });
        const elsewhere = new aws.sfn.StateMachine("other", { roleArn: `arn:aws:iam::${ACCOUNT}:role/sfn`, definition: putEvents([{ EventBusName: "audit", Source: "flow" }]) });
        const { warnings } = await capturingWarnings(async () => {
            new SafeRule("flow", { eventBus: bus, pattern: prPattern, targets: [targets.stateMachine(publishing), targets.stateMachine(elsewhere)] });
            new SafeRule("declared", { eventBus: bus, pattern: { ...prPattern, "detail-type": ["push"] }, targets: [targets.stateMachine(publishing, { emits: { bus, events: [comment] } })] });
            await settle(mocks);
        });
        assert.deepStrictEqual(warnings, ["SafeRule \"flow\": targets[0] (state machine \"flow\") has a putEvents task that can publish to the bus this rule listens on, but declares no emits; declare what it publishes (emits: { bus, events }) so the loop guard can check it."]);
    });
});
