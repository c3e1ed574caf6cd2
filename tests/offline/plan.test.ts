import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { isSecret, plan, secret, unknown } from "../../testing";

class Pair extends pulumi.ComponentResource {
    readonly queue: aws.sqs.Queue;
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("test:index:Pair", name, {}, opts);
        this.queue = new aws.sqs.Queue(`${name}-queue`, { sqsManagedSseEnabled: true }, { parent: this });
        new aws.sqs.QueuePolicy(`${name}-policy`, { queueUrl: this.queue.url, policy: pulumi.jsonStringify({ Statement: [{ Resource: this.queue.arn }] }) }, { parent: this });
        this.registerOutputs({ queueUrl: this.queue.url, kind: "pair" });
    }
}

describe("offline/plan", () => {
    it("with preview, records every resource with its parent, and shows values known only after deployment as unknown", async () => {
        const result = await plan(() => { new Pair("p"); }, { project: "demo", preview: true });
        assert.deepStrictEqual(result.resources.map((r) => [r.type, r.name, r.custom]), [
            ["test:index:Pair", "p", false],
            ["aws:sqs/queue:Queue", "p-queue", true],
            ["aws:sqs/queuePolicy:QueuePolicy", "p-policy", true],
        ]);
        const [component, queue, policy] = result.resources;
        assert.strictEqual(component.urn, "urn:pulumi:dev::demo::test:index:Pair::p");
        assert.strictEqual(queue.parent, component.urn);
        assert.deepStrictEqual(queue.inputs, { sqsManagedSseEnabled: true });
        assert.strictEqual(policy.inputs.queueUrl, unknown);
        assert.strictEqual(policy.inputs.policy, unknown);
        assert.deepStrictEqual(policy.propertyDependencies.queueUrl, [queue.urn]);
        assert.deepStrictEqual(component.outputs, { queueUrl: unknown, kind: "pair" });
        assert.strictEqual(String(unknown), "<unknown until deployed>");
        assert.strictEqual(JSON.parse(JSON.stringify(policy.inputs)).queueUrl, "<unknown until deployed>");
    });

    it("by default, resolves like an update: physical names auto-named as the provider does, ids, URLs and ARNs of the real shape", async () => {
        const result = await plan(() => { new Pair("p"); });
        assert.deepStrictEqual([result.preview, result.account, result.region], [false, "123456789012", "us-east-1"]);
        const queue = result.resources.find((r) => r.name === "p-queue")!;
        assert.deepStrictEqual(queue.outputs, {
            id: "https://sqs.us-east-1.amazonaws.com/123456789012/p-queue-18b73e9",
            name: "p-queue-18b73e9",
            arn: "arn:aws:sqs:us-east-1:123456789012:p-queue-18b73e9",
            url: "https://sqs.us-east-1.amazonaws.com/123456789012/p-queue-18b73e9",
        });
        const policy = result.resources.find((r) => r.name === "p-policy")!;
        assert.strictEqual(policy.inputs.queueUrl, "https://sqs.us-east-1.amazonaws.com/123456789012/p-queue-18b73e9");
        assert.deepStrictEqual(JSON.parse(policy.inputs.policy), { Statement: [{ Resource: "arn:aws:sqs:us-east-1:123456789012:p-queue-18b73e9" }] });
        assert.deepStrictEqual(result.resources[0].outputs, { queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/p-queue-18b73e9", kind: "pair" });
    });

    it("places resources in the given account and the stack's aws:region", async () => {
        const result = await plan(() => { new Pair("p"); }, { account: "210987654321", config: { "aws:region": "eu-west-1" } });
        assert.deepStrictEqual([result.account, result.region], ["210987654321", "eu-west-1"]);
        const policy = result.resources.find((r) => r.name === "p-policy")!;
        assert.deepStrictEqual(JSON.parse(policy.inputs.policy), { Statement: [{ Resource: "arn:aws:sqs:eu-west-1:210987654321:p-queue-18b73e9" }] });
    });

    it("never shows a secret, in inputs or in stack outputs", async () => {
        const result = await plan(() => {
            const fn = new aws.lambda.Function("fn", {
                role: "arn:aws:iam::123456789012:role/r", runtime: "nodejs22.x", handler: "index.handler",
                code: new pulumi.asset.AssetArchive({}),
                environment: { variables: { TOKEN_ARN: pulumi.secret("arn:aws:secretsmanager:us-east-1:123456789012:secret:t") } },
            });
            return { name: fn.name, token: pulumi.secret("s3cr3t"), plain: "hello" };
        });
        const fn = result.resources[0];
        assert.ok(isSecret(fn.inputs.environment.variables.TOKEN_ARN));
        assert.deepStrictEqual(fn.inputs.code, { archive: "0 file(s)" });
        assert.deepStrictEqual(result.outputs, { name: "fn-7fdfc80", token: secret, plain: "hello" });
        assert.ok(!JSON.stringify(result).includes("s3cr3t"));
    });

    it("reads stack config, secrets included, through pulumi.Config", async () => {
        const result = await plan(() => {
            const config = new pulumi.Config();
            return { retention: config.requireNumber("retention"), token: config.requireSecret("token"), region: new pulumi.Config("aws").require("region") };
        }, { project: "demo", config: { retention: 14, "demo:token": "placeholder" }, secretKeys: ["token"] });
        assert.deepStrictEqual(result.outputs, { retention: 14, token: secret, region: "us-east-1" });
    });

    it("collects warnings the program logs", async () => {
        const result = await plan(() => { pulumi.log.warn("rate limit too low"); });
        assert.deepStrictEqual(result.warnings, ["rate limit too low"]);
    });

    it("fails with the program's error, thrown directly or inside an apply", async () => {
        await assert.rejects(plan(() => { throw new Error("SafeRule \"r\": pattern is invalid"); }), /SafeRule "r": pattern is invalid/);
        await assert.rejects(plan(() => {
            const queue = new aws.sqs.Queue("q", { name: "jobs" });
            queue.name.apply((n) => { throw new Error(`queue ${n} is misnamed`); });
        }), /queue jobs is misnamed/);
    });

    it("refuses to run two plans at once (the Pulumi runtime is process-wide)", async () => {
        const first = plan(() => undefined);
        await assert.rejects(plan(() => undefined), /another plan is running/);
        await first;
    });

    it("derives the routing of raw resources: bus → rules (pattern summary) → targets, with dead-letter queues", async () => {
        const result = await plan(() => {
            const bus = new aws.cloudwatch.EventBus("bus", { name: "orders" });
            const rule = new aws.cloudwatch.EventRule("placed", { eventBusName: bus.name, eventPattern: JSON.stringify({ source: ["shop"], "detail-type": ["OrderPlaced", "OrderPaid"] }) });
            const queue = new aws.sqs.Queue("audit", {});
            const dlq = new aws.sqs.Queue("dlq", {});
            new aws.cloudwatch.EventTarget("placed-audit", { rule: rule.name, eventBusName: bus.name, arn: queue.arn, deadLetterConfig: { arn: dlq.arn } });
            new aws.cloudwatch.EventRule("nightly", { scheduleExpression: "rate(1 day)" });
        });
        const { buses, rules, edges } = result.routing;
        assert.deepStrictEqual(buses.map((b) => b.name), ["orders", "default"]);
        assert.deepStrictEqual(rules.map((r) => [r.name, r.bus, r.summary]), [
            ["nightly", "bus1", "schedule rate(1 day)"],
            ["placed", "bus0", "source=shop detail-type=OrderPlaced|OrderPaid"],
        ]);
        assert.deepStrictEqual(rules[1].targets.map((t) => [t.kind, t.name, t.deadLetterQueue]), [["queue", "audit", "dlq"]]);
        assert.deepStrictEqual(edges, [{ from: "bus1", to: "rule0" }, { from: "bus0", to: "rule1" }, { from: "rule1", to: "target0" }]);
        const audit = result.resources.find((r) => r.name === "audit")!;
        assert.strictEqual(result.resources.find((r) => r.name === "placed-audit")!.inputs.arn, audit.outputs!.arn);
    });
});
