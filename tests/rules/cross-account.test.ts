import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SafeRule, targets } from "../../components/rules";
import { findingsAt, plan } from "../../testing";
import { RecordingMocks, settle, valueOf } from "../../testing/mocks";
import { outputError, ruleContext } from "../targets/support";

const RULE_ACCOUNT = "123456789012";
const OTHER = "210987654321";
const pattern = { source: ["com.example.orders"], "detail-type": ["Order Created"] };
const fnArn = `arn:aws:lambda:us-east-1:${OTHER}:function:audit`;
const queueArn = `arn:aws:sqs:us-east-1:${OTHER}:audit`;
const topicArn = `arn:aws:sns:us-east-1:${OTHER}:audit`;

/** Recording mocks that also note which provider each resource was registered with. */
class ProviderRecordingMocks extends RecordingMocks {
    readonly providers = new Map<string, string | undefined>();
    newResource(args: pulumi.runtime.MockResourceArgs) {
        this.providers.set(args.name, args.provider);
        return super.newResource(args);
    }
}

async function fresh(preview = false): Promise<ProviderRecordingMocks> {
    const mocks = new ProviderRecordingMocks();
    await mocks.install({ preview });
    return mocks;
}

const ruleArn = `arn:aws:events:us-east-1:${RULE_ACCOUNT}:rule/created`;

describe("rules/cross-account targets", () => {
    for (const preview of [false, true]) {
        it(`a Lambda function of another account: an execution role for the rule, the permission created with that account's provider (${preview ? "preview" : "update"})`, async () => {
            const mocks = await fresh(preview);
            const other = new aws.Provider("audit-account", { region: "us-east-1", assumeRoles: [{ roleArn: `arn:aws:iam::${OTHER}:role/deploy` }] });
            const target = targets.crossAccountLambda(fnArn, { provider: other });
            new SafeRule("created", { ruleName: "created", pattern, targets: [target] });
            await settle(mocks);
            const eventTarget = mocks.named("created-target-0");
            assert.strictEqual(eventTarget.inputs.arn, fnArn);
            assert.strictEqual(eventTarget.inputs.roleArn, mocks.named("created-target-0-role").state.arn);
            assert.deepStrictEqual(JSON.parse(mocks.named("created-target-0-role").inputs.assumeRolePolicy).Statement, [{
                Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole",
                Condition: { ArnEquals: { "aws:SourceArn": ruleArn }, StringEquals: { "aws:SourceAccount": RULE_ACCOUNT } },
            }]);
            assert.deepStrictEqual(JSON.parse(mocks.named("created-target-0-role-policy").inputs.policy).Statement, [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: fnArn }]);
            const permission = mocks.named("created-target-0-permission");
            assert.deepStrictEqual(permission.inputs, { action: "lambda:InvokeFunction", function: fnArn, principal: mocks.named("created-target-0-role").state.arn });
            assert.ok(mocks.providers.get("created-target-0-permission")?.includes("audit-account"), "the permission is created in the target's account");
            assert.ok(!mocks.providers.get("created-target-0-role")?.includes("audit-account"), "the role stays in the rule's account");
            assert.ok(!mocks.providers.get("created-dlq")?.includes("audit-account"), "the dead-letter queue stays in the rule's account");
            assert.deepStrictEqual(JSON.parse(await valueOf(target.resourcePolicyStatements[0])), {
                Sid: "AllowRulecreated", Effect: "Allow", Principal: { AWS: mocks.named("created-target-0-role").state.arn }, Action: "lambda:InvokeFunction", Resource: fnArn,
            });
        });
    }

    it("a queue and a topic by ARN with a provider: one queue policy and one topic policy naming the rule's role, created there", async () => {
        const mocks = await fresh();
        const other = new aws.Provider("audit-account", { region: "us-east-1", assumeRoles: [{ roleArn: `arn:aws:iam::${OTHER}:role/deploy` }] });
        new SafeRule("created", { ruleName: "created", pattern, targets: [targets.crossAccountQueue(queueArn, { provider: other }), targets.crossAccountTopic(topicArn, { provider: other })] });
        await settle(mocks);
        const queuePolicy = mocks.named("created-target-0-queue-policy");
        assert.strictEqual(queuePolicy.inputs.queueUrl, `https://sqs.us-east-1.amazonaws.com/${OTHER}/audit`);
        assert.deepStrictEqual(JSON.parse(queuePolicy.inputs.policy).Statement, [{
            Sid: "AllowRulecreated", Effect: "Allow", Principal: { AWS: mocks.named("created-target-0-role").state.arn }, Action: "sqs:SendMessage", Resource: queueArn,
        }]);
        const topicPolicy = mocks.named("created-target-1-topic-policy");
        assert.strictEqual(topicPolicy.inputs.arn, topicArn);
        assert.deepStrictEqual(JSON.parse(topicPolicy.inputs.policy).Statement[0].Action, "sns:Publish");
        assert.deepStrictEqual(JSON.parse(mocks.named("created-target-1-role-policy").inputs.policy).Statement, [{ Effect: "Allow", Action: "sns:Publish", Resource: topicArn }]);
        assert.ok(mocks.providers.get("created-target-0-queue-policy")?.includes("audit-account"));
        assert.ok(mocks.providers.get("created-target-1-topic-policy")?.includes("audit-account"));
    });

    it("without a provider: nothing is created in the other account, the statement is returned for its owner to apply", async () => {
        const mocks = await fresh();
        const target = targets.crossAccountQueue(queueArn);
        new SafeRule("created", { ruleName: "created", pattern, targets: [target] });
        await settle(mocks);
        assert.deepStrictEqual(mocks.ofType("aws:sqs/queuePolicy:QueuePolicy").map((p) => p.name), ["created-dlq-policy"], "only the rule's own dead-letter queue policy");
        assert.deepStrictEqual(JSON.parse(await valueOf(target.resourcePolicyStatements[0])).Principal, { AWS: mocks.named("created-target-0-role").state.arn });
    });

    it("refuses a target in the rule's own account or another region, a wrong ARN, and a second rule writing one queue's policy", async () => {
        await fresh();
        // Attached on their own: a failing input would otherwise hold up the EventTarget's registration.
        const same = targets.crossAccountLambda(`arn:aws:lambda:us-east-1:${RULE_ACCOUNT}:function:audit`).attach(ruleContext({ ruleName: "same" }));
        const sameError = await outputError(pulumi.output(same.arn));
        assert.ok(sameError?.message.startsWith("SafeRule \"same\": targets[0] (lambda"), sameError?.message);
        assert.ok(sameError?.message.includes("is in the rule's own account; use targets.lambda(...) instead."), sameError?.message);
        const far = targets.crossAccountLambda(`arn:aws:lambda:eu-west-1:${OTHER}:function:audit`).attach(ruleContext({ ruleName: "far" }));
        const farError = await outputError(pulumi.output(far.arn));
        assert.ok(farError?.message.includes("is in eu-west-1, the rule in us-east-1"), farError?.message);
        const fine = targets.crossAccountLambda(fnArn).attach(ruleContext({ ruleName: "fine" }));
        assert.strictEqual(await valueOf(pulumi.output(fine.arn)), fnArn);
        assert.throws(() => targets.crossAccountQueue(topicArn), /targets.crossAccountQueue\("arn:aws:sns:[^"]+"\): not a SQS ARN/);
        const other = new aws.Provider("audit-account", { region: "us-east-1" });
        const shared = `arn:aws:sqs:us-east-1:${OTHER}:shared`;
        new SafeRule("first", { ruleName: "first", pattern, targets: [targets.crossAccountQueue(shared, { provider: other })] });
        assert.throws(() => new SafeRule("second", { ruleName: "second", pattern, targets: [targets.crossAccountQueue(shared, { provider: other })] }), /a second rule sends to this queue with a provider/);
    });

    it("a program planned twice in one process writes each queue's policy once per run, not an error the second time", async () => {
        const program = () => {
            const other = new aws.Provider("audit-account", { region: "us-east-1", assumeRoles: [{ roleArn: `arn:aws:iam::${OTHER}:role/deploy` }] });
            const inbox = new aws.sqs.Queue("inbox", { sqsManagedSseEnabled: true }, { provider: other });
            new SafeRule("to-inbox", { pattern, targets: [targets.crossAccountQueue(inbox, { provider: other }), targets.crossAccountQueue(queueArn, { provider: other })] });
        };
        for (const run of [1, 2]) {
            const result = await plan(program);
            assert.deepStrictEqual(result.resources.filter((r) => r.type === "aws:sqs/queuePolicy:QueuePolicy").map((r) => r.name).sort(),
                ["to-inbox-dlq-policy", "to-inbox-target-0-queue-policy", "to-inbox-target-1-queue-policy"], `run ${run}`);
        }
    });

    it("the plan places the other account's resources there and the pack finds nothing mandatory; a hand-written policy without aws:SourceAccount is a finding", async () => {
        const result = await plan(() => {
            const other = new aws.Provider("audit-account", { region: "us-east-1", assumeRoles: [{ roleArn: `arn:aws:iam::${OTHER}:role/deploy` }] });
            const fn = new aws.lambda.Function("audit", {
                role: `arn:aws:iam::${OTHER}:role/audit`, runtime: "nodejs22.x", handler: "index.handler",
                code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => {};") }),
            }, { provider: other });
            new SafeRule("created", { pattern, targets: [targets.crossAccountLambda(fn, { provider: other })] });
        });
        const fn = result.resources.find((r) => r.type === "aws:lambda/function:Function")!;
        assert.match(fn.outputs!.arn, new RegExp(`^arn:aws:lambda:us-east-1:${OTHER}:function:`));
        assert.deepStrictEqual(findingsAt(result.findings, "mandatory").map((f) => `${f.policyName}: ${f.message}`), []);
        // The routing follows the rule to the function in the other account; the dead-letter queue is the rule's.
        assert.deepStrictEqual(result.routing.rules.map((r) => r.targets.map((t) => [t.kind, t.name, t.deadLetterQueue])), [[["lambda", "audit", "created-dlq"]]]);
        const dlq = result.resources.find((r) => r.name === "created-dlq")!;
        assert.match(dlq.outputs!.arn, /^arn:aws:sqs:us-east-1:\d{12}:/);
        assert.ok(!dlq.outputs!.arn.includes(OTHER), "the dead-letter queue is in the rule's account");
    });
});
