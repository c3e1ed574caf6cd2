import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { RecordingMocks, settle, valueOf } from "../../testing/mocks";

describe("testing/mocks", () => {
    it("records a resource with its inputs and answers with an ARN of the real shape", async () => {
        const mocks = new RecordingMocks();
        await mocks.install();
        const queue = new aws.sqs.Queue("dlq", { sqsManagedSseEnabled: true });
        assert.strictEqual(await valueOf(queue.arn), "arn:aws:sqs:us-east-1:123456789012:dlq");
        await settle(mocks);
        assert.deepStrictEqual(mocks.named("dlq").inputs, { sqsManagedSseEnabled: true });
        assert.strictEqual(mocks.ofType("aws:sqs/queue:Queue").length, 1);
    });
});
