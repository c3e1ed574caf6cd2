import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { SafeRule } from "../../components";
import { transform } from "../../components/patterns";
import { ApiDestinationTarget, ApiDestinationTargetArgs, auth } from "../../components/targets";
import { burstBacklog, formatDuration } from "../../components/targets/backlog";
import { plan } from "../../testing";
import { settle, valueOf } from "../../testing/mocks";
import { ENDPOINT, freshMocks, ruleContext, thrown, prOpened, TOKEN } from "./support";

function targetArgs(overrides: Partial<ApiDestinationTargetArgs> = {}): ApiDestinationTargetArgs {
    return { endpoint: ENDPOINT, method: "POST", rateLimitPerSecond: 5, connection: auth.apiKey("Authorization", TOKEN), ...overrides };
}

const pattern = { source: ["github.com"], "detail-type": ["pull_request"], detail: { action: ["opened"] } };

describe("targets/ApiDestinationTarget.attach", () => {
    it("is an apiDestination RuleTarget identified by its destination", async () => {
        await freshMocks();
        const input = transform({ paths: { repo: "$.detail.repository.full_name" }, template: "{\"text\": \"PR opened in <repo>\"}" });
        const target = new ApiDestinationTarget("chat", targetArgs({ input }));
        assert.strictEqual(target.kind, "apiDestination");
        assert.strictEqual(target.identity, target.apiDestination);
        assert.strictEqual(target.description, `API destination "chat" (POST ${ENDPOINT})`);
        assert.deepStrictEqual(target.inputTransformer, input);
    });

    it("returns the destination, the rule's own role, the HTTP parameters and the input transformer, and creates only that role", async () => {
        const mocks = await freshMocks();
        const input = transform({ paths: { repo: "$.detail.repository.full_name" }, template: "{\"text\": \"PR opened in <repo>\"}" });
        const target = new ApiDestinationTarget("pulls", targetArgs({
            endpoint: "https://api.example.com/repos/*/pulls/*",
            pathParameterValues: ["$.detail.repository.name", "$.detail.number"],
            headers: { "X-Team": "platform" },
            queryString: { source: "eventbridge" },
            input,
        }));
        const context = ruleContext();
        await settle(mocks);
        const before = mocks.resources.length;
        const wiring = target.attach(context);
        await settle(mocks);
        assert.deepStrictEqual(mocks.resources.slice(before).map((r) => `${r.type} ${r.name}`), [
            "aws:iam/role:Role pr-rule-target-0-role",
            "aws:iam/rolePolicy:RolePolicy pr-rule-target-0-role-policy",
        ], "attach creates the rule's role and its policy, nothing else");
        assert.strictEqual(await valueOf(wiring.arn as any), await valueOf(target.apiDestinationArn));
        assert.strictEqual(await valueOf(wiring.roleArn as any), "arn:aws:iam::123456789012:role/pr-rule-target-0-role");
        assert.deepStrictEqual(wiring.httpTarget, {
            headerParameters: { "X-Team": "platform" },
            queryStringParameters: { source: "eventbridge" },
            pathParameterValues: ["$.detail.repository.name", "$.detail.number"],
        });
        assert.deepStrictEqual(wiring.inputTransformer, input);
        assert.strictEqual(wiring.dependsOn?.length, 1);
        assert.ok(wiring.dependsOn![0] instanceof aws.iam.RolePolicy);
        assert.match(await valueOf(wiring.dependsOn![0].urn), /::pr-rule-target-0-role-policy$/, "the target waits for the role's permission");
        assert.strictEqual(context.warnings.length, 0);
    });

    it("sends no httpTarget or transformer when there is none", async () => {
        await freshMocks();
        const wiring = new ApiDestinationTarget("plain", targetArgs()).attach(ruleContext());
        assert.strictEqual("httpTarget" in wiring, false);
        assert.strictEqual("inputTransformer" in wiring, false);
    });
});

describe("targets/ApiDestinationTarget: backlog guard", () => {
    it("computes the drain time of a one-hour burst", () => {
        assert.deepStrictEqual(burstBacklog(50, 5), { expectedEventsPerSecond: 50, rateLimitPerSecond: 5, backlogEvents: 162_000, drainSeconds: 32_400 });
        assert.deepStrictEqual(burstBacklog(5, 10), { expectedEventsPerSecond: 5, rateLimitPerSecond: 10, backlogEvents: 0, drainSeconds: 0 });
        assert.strictEqual(formatDuration(176_400), "49 h");
        assert.strictEqual(formatDuration(5_400), "1 h 30 min");
        assert.strictEqual(formatDuration(59), "59 s");
    });

    it("stays quiet when the burst drains inside the retry window", async () => {
        await freshMocks();
        const context = ruleContext();
        new ApiDestinationTarget("t", targetArgs({ rateLimitPerSecond: 5, expectedEventsPerSecond: 50 })).attach(context); // 9 h < 24 h
        new ApiDestinationTarget("u", targetArgs({ rateLimitPerSecond: 5, expectedEventsPerSecond: 5 })).attach(context);
        new ApiDestinationTarget("v", targetArgs({ rateLimitPerSecond: 5 })).attach(context);
        assert.deepStrictEqual(context.warnings, []);
    });

    it("warns with the numbers when the burst outlives the rule's maximum event age", async () => {
        await freshMocks();
        const context = ruleContext({ index: 2 });
        new ApiDestinationTarget("slow", targetArgs({ rateLimitPerSecond: 1, expectedEventsPerSecond: 50 })).attach(context);
        assert.deepStrictEqual(context.warnings, [
            "targets[2] (ApiDestinationTarget \"slow\"): a one-hour burst of 50 events/s against a rate limit of 1/s leaves 176,400 events waiting, " +
            "which take 49 h to send; the rule's retry window (maximum event age) is 24 h, so events older than that are not delivered; " +
            "they go to the rule's dead-letter queue. Raise rateLimitPerSecond to at least 2 to deliver such a burst in time.",
        ]);
    });

    it("uses the rule's own retry window", async () => {
        await freshMocks();
        const hour = ruleContext({ maximumEventAgeInSeconds: 3600 });
        new ApiDestinationTarget("fits", targetArgs({ rateLimitPerSecond: 5, expectedEventsPerSecond: 10 })).attach(hour); // drains in exactly 1 h
        assert.deepStrictEqual(hour.warnings, []);
        new ApiDestinationTarget("late", targetArgs({ rateLimitPerSecond: 4, expectedEventsPerSecond: 10 })).attach(hour); // 1 h 30 min
        assert.strictEqual(hour.warnings.length, 1);
        assert.match(hour.warnings[0], /leaves 21,600 events waiting, which take 1 h 30 min to send; the rule's retry window \(maximum event age\) is 1 h/);
        assert.match(hour.warnings[0], /at least 5 to deliver/);
    });

    it("is an error when the rule has no dead-letter queue", async () => {
        await freshMocks();
        const target = new ApiDestinationTarget("slow", targetArgs({ rateLimitPerSecond: 1, expectedEventsPerSecond: 50 }));
        const message = thrown(() => target.attach(ruleContext({ hasDeadLetterQueue: false })));
        assert.match(message, /^SafeRule "pr-rule": targets\[0\] \(ApiDestinationTarget "slow"\): a one-hour burst of 50 events\/s .* and the rule has deadLetterQueue: false, so they would be dropped\. Give the rule a dead-letter queue \(remove deadLetterQueue: false\), or raise rateLimitPerSecond to at least 2\.$/);
        target.attach(ruleContext({ hasDeadLetterQueue: true }));
    });
});

describe("targets/ApiDestinationTarget with SafeRule", () => {
    for (const preview of [false, true]) {
        it(`SafeRule creates the event target with the destination, its role, HTTP parameters, transformer, retry policy and DLQ (${preview ? "preview" : "update"})`, async () => {
            const result = await plan(() => {
                const bus = new aws.cloudwatch.EventBus("github", { name: "github" });
                const chat = new ApiDestinationTarget("chat", targetArgs({
                    headers: { "X-Team": "platform" },
                    queryString: { source: "eventbridge" },
                    input: transform({ paths: { repo: "$.detail.repository.full_name" }, template: "{\"text\": \"PR opened in <repo>\"}" }),
                    expectedEventsPerSecond: 50,
                }));
                new SafeRule("pr-to-chat", { eventBus: bus, pattern, examples: { match: [prOpened] }, targets: [chat] });
            }, { preview });
            const target = result.resources.find((r) => r.type === "aws:cloudwatch/eventTarget:EventTarget")!;
            const destination = result.resources.find((r) => r.name === "chat-destination")!;
            const role = result.resources.find((r) => r.name === "pr-to-chat-target-0-role")!;
            assert.deepStrictEqual(target.inputs.httpTarget, { headerParameters: { "X-Team": "platform" }, queryStringParameters: { source: "eventbridge" } });
            assert.deepStrictEqual(target.inputs.inputTransformer, { inputPaths: { repo: "$.detail.repository.full_name" }, inputTemplate: "{\"text\": \"PR opened in <repo>\"}" });
            assert.deepStrictEqual(target.inputs.retryPolicy, { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 });
            assert.ok(target.inputs.deadLetterConfig, "SafeRule gives the target its dead-letter queue");
            assert.deepStrictEqual(target.propertyDependencies.arn, [destination.urn]);
            assert.deepStrictEqual(target.propertyDependencies.roleArn, [role.urn]);
            if (!preview) {
                assert.strictEqual(target.inputs.arn, destination.outputs!.arn);
                assert.match(target.inputs.arn, new RegExp(`^arn:aws:events:us-east-1:123456789012:api-destination/${destination.inputs.name}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`));
                assert.match(target.inputs.roleArn, /^arn:aws:iam::123456789012:role\/pr-to-chat-target-0-role-[0-9a-f]{7}$/);
                const rule = result.resources.find((r) => r.type === "aws:cloudwatch/eventRule:EventRule")!;
                assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Condition.ArnEquals, { "aws:SourceArn": rule.outputs!.arn });
            }
            assert.ok(target.dependencies.some((urn) => urn.endsWith("::pr-to-chat-target-0-role-policy")), "the target waits for the role policy");
            const mandatory = result.findings.filter((f) => f.enforcementLevel === "mandatory");
            assert.deepStrictEqual(mandatory, [], "the policy pack's mandatory rules pass");
        });
    }

    it("one destination serves two rules, each with its own role trusted only for that rule", async () => {
        const result = await plan(() => {
            const chat = new ApiDestinationTarget("chat", targetArgs());
            new SafeRule("opened", { pattern, targets: [chat] });
            new SafeRule("closed", { pattern: { ...pattern, detail: { action: ["closed"] } }, targets: [chat] });
        }, { preview: false });
        const targets = result.resources.filter((r) => r.type === "aws:cloudwatch/eventTarget:EventTarget");
        assert.strictEqual(targets.length, 2);
        const roles = result.resources.filter((r) => r.type === "aws:iam/role:Role");
        assert.deepStrictEqual(roles.map((r) => r.name), ["opened-target-0-role", "closed-target-0-role"]);
        assert.notStrictEqual(targets[0].inputs.roleArn, targets[1].inputs.roleArn);
        const rules = result.resources.filter((r) => r.type === "aws:cloudwatch/eventRule:EventRule");
        roles.forEach((role, i) => {
            assert.strictEqual(targets[i].inputs.roleArn, role.outputs!.arn);
            assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Condition.ArnEquals, { "aws:SourceArn": rules[i].outputs!.arn });
        });
    });

    it("SafeRule refuses a backlog that would be dropped when the rule has no dead-letter queue", async () => {
        await freshMocks();
        const slow = new ApiDestinationTarget("slow", targetArgs({ rateLimitPerSecond: 1, expectedEventsPerSecond: 50 }));
        assert.match(thrown(() => new SafeRule("no-dlq", { pattern, deadLetterQueue: false, targets: [slow] })),
            /SafeRule "no-dlq": targets\[0\] \(ApiDestinationTarget "slow"\): .* the rule has deadLetterQueue: false, so they would be dropped/);
    });

    it("SafeRule passes on the backlog warning", async () => {
        const result = await plan(() => {
            const slow = new ApiDestinationTarget("slow", targetArgs({ rateLimitPerSecond: 1, expectedEventsPerSecond: 50 }));
            new SafeRule("pr", { pattern, targets: [slow] });
        });
        assert.ok(result.warnings.some((w) => w.includes("SafeRule \"pr\": targets[0] (ApiDestinationTarget \"slow\"): a one-hour burst of 50 events/s")), result.warnings.join("\n"));
    });
});
