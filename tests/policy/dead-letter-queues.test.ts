import { deadLetterQueueEncrypted, eventQueuePolicySourceArn } from "../../policy";
import { assertMessages, check, res, T, unknownValue, urn } from "./helpers";

const fnArn = "arn:aws:lambda:us-east-1:123456789012:function:notify";
const withDlq = (name: string, queue: string) =>
    res(T.target, name, { arn: fnArn, deadLetterConfig: { arn: unknownValue } }, { propertyDependencies: { deadLetterConfig: [urn(T.queue, queue)] } });
const queuePolicy = (name: string, queue: string, condition?: object) => res(T.queuePolicy, name, {
    queueUrl: unknownValue,
    policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: "*", ...(condition ? { Condition: condition } : {}) }] }),
}, { propertyDependencies: { queueUrl: [urn(T.queue, queue)] } });

describe("policy: dead-letter queues", () => {
    describe("dead-letter-queue-encrypted", () => {
        it("reports a dead-letter queue without encryption", async () => {
            assertMessages(await check(deadLetterQueueEncrypted, [res(T.queue, "dlq", {}), withDlq("t", "dlq")]),
                ['Queue "dlq", the dead-letter queue of "t", does not set encryption']);
        });
        it("holds a bus's dead-letter queue to the same bar: unencrypted is reported, SSE-SQS passes", async () => {
            const busWithDlq = (name: string, queue: string) => res(T.bus, name, { name, deadLetterConfig: { arn: unknownValue } }, { propertyDependencies: { deadLetterConfig: [urn(T.queue, queue)] } });
            assertMessages(await check(deadLetterQueueEncrypted, [res(T.queue, "bus-dlq", {}), busWithDlq("orders", "bus-dlq"), res(T.queue, "sse", { sqsManagedSseEnabled: true }), busWithDlq("audit", "sse")]),
                ['Queue "bus-dlq", the dead-letter queue of "orders", does not set encryption']);
            assertMessages(await check(eventQueuePolicySourceArn, [res(T.queue, "bus-dlq", { sqsManagedSseEnabled: true }), busWithDlq("orders", "bus-dlq")]),
                ['Queue "bus-dlq", used by "orders", has no policy letting events.amazonaws.com send to it']);
        });
        it("passes SSE-SQS, KMS, unknown settings, and unencrypted queues that are not dead-letter queues", async () => {
            assertMessages(await check(deadLetterQueueEncrypted, [
                res(T.queue, "sse", { sqsManagedSseEnabled: true }), withDlq("a", "sse"),
                res(T.queue, "kms", { kmsMasterKeyId: "alias/events" }), withDlq("b", "kms"),
                res(T.queue, "unknown", { kmsMasterKeyId: unknownValue }), withDlq("c", "unknown"),
                res(T.queue, "plain-work-queue", {}),
            ]), []);
        });
    });

    describe("event-queue-policy-source-arn", () => {
        it("reports a queue policy for events.amazonaws.com without aws:SourceArn", async () => {
            assertMessages(await check(eventQueuePolicySourceArn, [res(T.queue, "dlq", { sqsManagedSseEnabled: true }), withDlq("t", "dlq"), queuePolicy("dlq-policy", "dlq")]),
                ['Queue policy "dlq-policy" lets events.amazonaws.com send messages without an aws:SourceArn condition']);
        });
        it("reports a dead-letter queue with no policy for EventBridge at all", async () => {
            assertMessages(await check(eventQueuePolicySourceArn, [res(T.queue, "dlq", { sqsManagedSseEnabled: true }), withDlq("t", "dlq")]),
                ['Queue "dlq", used by "t", has no policy letting events.amazonaws.com send to it']);
        });
        it("reports a target queue with no policy for EventBridge, and passes one with a scoped policy", async () => {
            const toQueue = res(T.target, "to-audit", { arn: unknownValue, deadLetterConfig: { arn: "arn:aws:sqs:us-east-1:123456789012:elsewhere" } }, { propertyDependencies: { arn: [urn(T.queue, "audit")] } });
            assertMessages(await check(eventQueuePolicySourceArn, [res(T.queue, "audit", {}), toQueue]),
                ['Queue "audit", used by "to-audit", has no policy letting events.amazonaws.com send to it']);
            assertMessages(await check(eventQueuePolicySourceArn, [res(T.queue, "audit", {}), toQueue,
                queuePolicy("audit-policy", "audit", { ArnEquals: { "aws:SourceArn": unknownValue } })]), []);
        });
        it("passes another account's queue whose policy lets the target's execution role in, and reports one naming another role", async () => {
            const role = "arn:aws:iam::123456789012:role/orders-to-audit-target-0-role";
            const toInbox = res(T.target, "to-inbox", { arn: unknownValue, roleArn: role }, { propertyDependencies: { arn: [urn(T.queue, "inbox")] } });
            const rolePolicy = (principal: string) => res(T.queuePolicy, "inbox-policy", {
                queueUrl: unknownValue,
                policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:210987654321:inbox" }] }),
            }, { propertyDependencies: { queueUrl: [urn(T.queue, "inbox")] } });
            assertMessages(await check(eventQueuePolicySourceArn, [res(T.queue, "inbox", { sqsManagedSseEnabled: true }), toInbox, rolePolicy(role)]), []);
            assertMessages(await check(eventQueuePolicySourceArn, [res(T.queue, "inbox", { sqsManagedSseEnabled: true }), toInbox, rolePolicy("arn:aws:iam::123456789012:role/someone-else")]),
                ['Queue "inbox", used by "to-inbox", has no policy letting events.amazonaws.com send to it']);
        });
        it("passes a dead-letter queue with a policy scoped by aws:SourceArn (condition values unknown at preview)", async () => {
            assertMessages(await check(eventQueuePolicySourceArn, [
                res(T.queue, "dlq", { sqsManagedSseEnabled: true }), withDlq("t", "dlq"),
                queuePolicy("dlq-policy", "dlq", { ArnEquals: { "aws:SourceArn": "arn:aws:events:us-east-1:123456789012:rule/r" } }),
            ]), []);
            assertMessages(await check(eventQueuePolicySourceArn, [
                res(T.queue, "dlq", { sqsManagedSseEnabled: true }), withDlq("t", "dlq"),
                res(T.queuePolicy, "dlq-policy", { queueUrl: unknownValue, policy: unknownValue }, { propertyDependencies: { queueUrl: [urn(T.queue, "dlq")] } }),
            ]), []);
        });
    });
});
