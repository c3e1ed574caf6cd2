import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { grantDocument, grantQueueSend, grantTopicPublish, queueGrant, topicGrant } from "../../components/internal/shared-resource-policy";
import { RecordingMocks, settle } from "../../testing/mocks";
import { statements } from "../rules/helpers";

const rule = (n: number) => `arn:aws:events:us-east-1:123456789012:rule/rule-${n}`;

describe("internal/shared-resource-policy", () => {
    let mocks: RecordingMocks;
    beforeEach(async () => {
        mocks = new RecordingMocks();
        await mocks.install();
    });

    it("gives a queue one policy, a child of the queue, listing every rule once", async () => {
        const queue = new aws.sqs.Queue("jobs", {});
        const first = grantQueueSend(queue, rule(1), "a");
        const second = grantQueueSend(queue, rule(2), "b");
        grantQueueSend(queue, rule(1), "c");
        assert.strictEqual(first, second);
        await settle(mocks);
        const policies = mocks.ofType("aws:sqs/queuePolicy:QueuePolicy");
        assert.deepStrictEqual(policies.map((p) => p.name), ["jobs-eventbridge-policy"]);
        assert.deepStrictEqual(statements(policies[0].inputs.policy)[0].Condition, { ArnEquals: { "aws:SourceArn": [rule(1), rule(2)] } });
        assert.match(await new Promise<string>((resolve) => first.urn.apply(resolve)), /::aws:sqs\/queue:Queue\$aws:sqs\/queuePolicy:QueuePolicy::jobs-eventbridge-policy$/);
    });

    it("gives a topic one policy allowing sns:Publish", async () => {
        const topic = new aws.sns.Topic("alerts", {});
        grantTopicPublish(topic, rule(1), "a");
        await settle(mocks);
        const [policy] = mocks.ofType("aws:sns/topicPolicy:TopicPolicy");
        assert.strictEqual(policy.inputs.arn, "arn:aws:sns:us-east-1:123456789012:alerts");
        assert.deepStrictEqual(statements(policy.inputs.policy)[0].Action, ["sns:Publish"]);
    });

    it("refuses a rule added after the policy was sealed, saying how to fix the program", async () => {
        const queue = new aws.sqs.Queue("jobs", {});
        grantQueueSend(queue, rule(1), "SafeRule \"first\"");
        await settle(mocks);
        assert.throws(() => grantQueueSend(queue, rule(2), "SafeRule \"late\""), (err: Error) =>
            err.message.startsWith("SafeRule \"late\": queue \"jobs\" already has its EventBridge policy, sealed with SafeRule \"first\".")
            && err.message.includes("construct every SafeRule that sends to this queue before the program awaits anything"));
    });

    it("refuses a policy over the size limit of the service", () => {
        const arns = Array.from({ length: 400 }, (_, i) => rule(i));
        assert.throws(() => grantDocument(queueGrant, "jobs", "arn:aws:sqs:us-east-1:123456789012:jobs", arns),
            /The EventBridge policy of queue "jobs" lists 400 rules and is \d+ bytes, over the 20480-byte limit of queue policies/);
        assert.doesNotThrow(() => grantDocument(topicGrant, "alerts", "arn:aws:sns:us-east-1:123456789012:alerts", arns.slice(0, 250)));
        assert.doesNotThrow(() => grantDocument(queueGrant, "jobs", "arn:aws:sqs:us-east-1:123456789012:jobs", arns.slice(0, 200)));
    });
});
