import * as assert from "assert";
import { deadLetterQueueStandard, eventTargetDeadLetterQueue, eventTargetRetryPolicy, eventTargetRole } from "../../policy";
import { assertMessages, check, res, T, unknownValue, urn } from "./helpers";

const fnArn = "arn:aws:lambda:us-east-1:123456789012:function:notify";
const sfnArn = "arn:aws:states:us-east-1:123456789012:stateMachine:review";
const roleArn = "arn:aws:iam::123456789012:role/target";
const full = { deadLetterConfig: { arn: "arn:aws:sqs:us-east-1:123456789012:dlq" }, retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 10 } };

describe("policy: event targets", () => {
    describe("event-target-role", () => {
        it("reports a Lambda target with a role and a Step Functions target without one", async () => {
            const findings = await check(eventTargetRole, [
                res(T.target, "to-lambda", { rule: "r", arn: fnArn, roleArn }),
                res(T.target, "to-sfn", { rule: "r", arn: sfnArn }),
            ]);
            assertMessages(findings, ['"to-lambda" sends to a Lambda function but sets roleArn', '"to-sfn" (stateMachine) has no roleArn']);
            assert.strictEqual(findings[0].urn, urn(T.target, "to-lambda"));
        });
        it("passes a Lambda function of another account reached with the rule's execution role", async () => {
            assertMessages(await check(eventTargetRole, [
                res(T.target, "to-other-account", { rule: "r", arn: "arn:aws:lambda:us-east-1:210987654321:function:audit", roleArn }),
            ]), []);
        });
        it("at preview, tells the target's kind from the resource its unknown ARN comes from", async () => {
            const findings = await check(eventTargetRole, [
                res(T.fn, "notify", { runtime: "nodejs22.x" }),
                res(T.target, "to-lambda", { rule: unknownValue, arn: unknownValue, roleArn: unknownValue }, { propertyDependencies: { arn: [urn(T.fn, "notify")] } }),
            ]);
            assertMessages(findings, ["sends to a Lambda function but sets roleArn"]);
        });
        it("reports API destination, bus, Kinesis and ECS targets without a role", async () => {
            const findings = await check(eventTargetRole, [
                res(T.target, "api", { arn: "arn:aws:events:us-east-1:123456789012:api-destination/x/0000" }),
                res(T.target, "bus", { arn: "arn:aws:events:us-east-1:123456789012:event-bus/other" }),
                res(T.target, "kinesis", { arn: "arn:aws:kinesis:us-east-1:123456789012:stream/s" }),
                res(T.target, "ecs", { arn: "arn:aws:ecs:us-east-1:123456789012:cluster/c", ecsTarget: { taskDefinitionArn: "arn:td" } }),
            ]);
            assertMessages(findings, ['"api" (apiDestination) has no roleArn', '"bus" (eventBus) has no roleArn', '"kinesis" (kinesis) has no roleArn', '"ecs" (ecs) has no roleArn']);
        });
        it("passes a Lambda target without a role and a Step Functions target with one", async () => {
            assertMessages(await check(eventTargetRole, [
                res(T.target, "to-lambda", { arn: fnArn }),
                res(T.target, "to-sfn", { arn: sfnArn, roleArn }),
                res(T.target, "unknown", { arn: unknownValue }),
            ]), []);
        });
    });

    describe("event-target-dead-letter-queue", () => {
        it("reports a target without deadLetterConfig", async () => {
            const findings = await check(eventTargetDeadLetterQueue, [res(T.target, "t", { arn: fnArn })]);
            assertMessages(findings, ["has no deadLetterConfig"]);
            assert.strictEqual(findings[0].severity, "medium");
        });
        it("passes a target with a DLQ, even when its ARN is unknown at preview", async () => {
            assertMessages(await check(eventTargetDeadLetterQueue, [
                res(T.target, "a", { arn: fnArn, ...full }),
                res(T.target, "b", { arn: fnArn, deadLetterConfig: { arn: unknownValue } }),
            ]), []);
        });
    });

    describe("event-target-retry-policy", () => {
        it("reports a missing, incomplete or out-of-bounds retry policy", async () => {
            const findings = await check(eventTargetRetryPolicy, [
                res(T.target, "none", { arn: fnArn }),
                res(T.target, "half", { arn: fnArn, retryPolicy: { maximumRetryAttempts: 3 } }),
                res(T.target, "out", { arn: fnArn, retryPolicy: { maximumEventAgeInSeconds: 30, maximumRetryAttempts: 200 } }),
            ]);
            assertMessages(findings, [
                "has no retryPolicy",
                "retryPolicy is incomplete: missing maximumEventAgeInSeconds",
                "maximumEventAgeInSeconds is 30; it must be between 60 and 86400",
                "maximumRetryAttempts is 200; it must be between 0 and 185",
            ]);
        });
        it("applies configured ceilings", async () => {
            const target = res(T.target, "t", { arn: fnArn, ...full });
            assertMessages(await check(eventTargetRetryPolicy, [target]), []);
            assertMessages(await check(eventTargetRetryPolicy, [target], { maximumRetryAttempts: 5 }), ["maximumRetryAttempts is 10; it must be between 0 and 5"]);
        });
        it("does not trip over unknown values", async () => {
            assertMessages(await check(eventTargetRetryPolicy, [res(T.target, "t", { arn: fnArn, retryPolicy: { maximumEventAgeInSeconds: unknownValue, maximumRetryAttempts: 4 } })]), []);
        });
    });

    describe("dead-letter-queue-standard", () => {
        it("reports a FIFO dead-letter queue, by ARN or by the queue resource", async () => {
            const findings = await check(deadLetterQueueStandard, [
                res(T.target, "by-arn", { arn: fnArn, deadLetterConfig: { arn: "arn:aws:sqs:us-east-1:123456789012:dlq.fifo" } }),
                res(T.queue, "fifo", { fifoQueue: true }),
                res(T.target, "by-dep", { arn: fnArn, deadLetterConfig: { arn: unknownValue } }, { propertyDependencies: { deadLetterConfig: [urn(T.queue, "fifo")] } }),
            ]);
            assertMessages(findings, ['"by-arn" uses a FIFO queue', '"by-dep" uses a FIFO queue']);
        });
        it("reports a queue that is FIFO by its name alone (fifoQueue unset or not yet known)", async () => {
            const findings = await check(deadLetterQueueStandard, [
                res(T.queue, "named", { name: "dlq.fifo" }),
                res(T.queue, "named-unknown", { name: "orders-dlq.fifo", fifoQueue: unknownValue }),
                res(T.target, "by-name", { arn: fnArn, deadLetterConfig: { arn: unknownValue } }, { propertyDependencies: { deadLetterConfig: [urn(T.queue, "named")] } }),
                res(T.target, "by-name-unknown", { arn: fnArn, deadLetterConfig: { arn: unknownValue } }, { propertyDependencies: { deadLetterConfig: [urn(T.queue, "named-unknown")] } }),
            ]);
            assertMessages(findings, ['"by-name" uses a FIFO queue', '"by-name-unknown" uses a FIFO queue']);
            // A standard queue whose name merely contains "fifo" is fine.
            assertMessages(await check(deadLetterQueueStandard, [
                res(T.queue, "fifo-like", { name: "fifo-dlq" }),
                res(T.target, "t", { arn: fnArn, deadLetterConfig: { arn: unknownValue } }, { propertyDependencies: { deadLetterConfig: [urn(T.queue, "fifo-like")] } }),
            ]), []);
        });
        it("passes a standard queue", async () => {
            assertMessages(await check(deadLetterQueueStandard, [
                res(T.queue, "dlq", { sqsManagedSseEnabled: true }),
                res(T.target, "t", { arn: fnArn, deadLetterConfig: { arn: unknownValue } }, { propertyDependencies: { deadLetterConfig: [urn(T.queue, "dlq")] } }),
            ]), []);
        });
    });
});
