import { eventBusCustomerManagedKey, eventBusDeadLetterQueue, eventBusKeyPolicyUsable, eventBusLogging, eventBusPolicyNoPublicPrincipal } from "../../policy";
import { assertMessages, check, res, T, unknownValue } from "./helpers";

const statement = (extra: object) => ({ Sid: "AllowPut", Effect: "Allow", Principal: "*", Action: "events:PutEvents", Resource: "arn:aws:events:us-east-1:123456789012:event-bus/b", ...extra });

describe("policy: event bus policies", () => {
    it("reports `*` with no organization or account condition (policy JSON and EventPermission)", async () => {
        assertMessages(await check(eventBusPolicyNoPublicPrincipal, [
            res(T.busPolicy, "open", { eventBusName: "b", policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement({})] }) }),
            res(T.busPolicy, "aws-star", { eventBusName: "b", policy: JSON.stringify({ Statement: statement({ Principal: { AWS: "*" } }) }) }),
            res(T.eventPermission, "perm", { principal: "*", statementId: "all" }),
        ]), [
            'Statement "AllowPut" allows events:PutEvents to principal "*" with no organization or account condition',
            'Statement "AllowPut" allows events:PutEvents',
            "lets every AWS account put events on the bus",
        ]);
    });
    it("passes `*` scoped to an organization, named accounts, and unknown documents", async () => {
        assertMessages(await check(eventBusPolicyNoPublicPrincipal, [
            res(T.busPolicy, "org", { policy: JSON.stringify({ Statement: [statement({ Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } })] }) }),
            res(T.busPolicy, "account", { policy: JSON.stringify({ Statement: [statement({ Principal: { AWS: "arn:aws:iam::111122223333:root" } })] }) }),
            res(T.busPolicy, "unknown", { policy: unknownValue }),
            res(T.eventPermission, "perm", { principal: "*", statementId: "org", condition: { key: "aws:PrincipalOrgID", type: "StringEquals", value: "o-abc" } }),
        ]), []);
    });
});

describe("policy: event bus encryption, dead-letter queue and logging", () => {
    const KEY = "aws:kms/key:Key";
    const KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";
    const ARCHIVE = "aws:cloudwatch/eventArchive:EventArchive";
    const SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource";
    const keyArn = "arn:aws:kms:us-east-1:123456789012:key/k1";
    const busArn = "arn:aws:events:us-east-1:123456789012:event-bus/b";
    const eventBridgeStatement = { Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: ["kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"], Resource: "*", Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } };
    const rootOnly = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" };
    const policy = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

    it("event-bus-key-policy-usable: reports a key (own policy, default policy, separate KeyPolicy) EventBridge cannot use, for buses and archives", async () => {
        assertMessages(await check(eventBusKeyPolicyUsable, [
            res(KEY, "narrow", { arn: keyArn, policy: policy(rootOnly, { ...eventBridgeStatement, Action: "kms:Decrypt" }) }),
            res(T.bus, "b", { name: "b", kmsKeyIdentifier: keyArn }),
            res(KEY, "default", { arn: "arn:aws:kms:us-east-1:123456789012:key/k2" }),
            res(ARCHIVE, "a", { eventSourceArn: busArn, kmsKeyIdentifier: "arn:aws:kms:us-east-1:123456789012:key/k2" }),
            res(KEY, "separate", { arn: "arn:aws:kms:us-east-1:123456789012:key/k3", keyId: "k3" }),
            res(KEY_POLICY, "separate-policy", { keyId: "k3", policy: policy(rootOnly) }),
            res(T.bus, "c", { name: "c", kmsKeyIdentifier: "arn:aws:kms:us-east-1:123456789012:key/k3" }),
        ]), [
            'Key "narrow", which bus "b" encrypts with, has no key policy statement allowing events.amazonaws.com kms:DescribeKey, kms:GenerateDataKey: EventBridge cannot use it.',
            'Key "separate", which bus "c" encrypts with, has no key policy statement allowing events.amazonaws.com kms:DescribeKey, kms:GenerateDataKey, kms:Decrypt: EventBridge',
            'Key "default", which archive "a" encrypts with, has no key policy statement allowing events.amazonaws.com kms:DescribeKey, kms:GenerateDataKey, kms:Decrypt (it has the default key policy',
        ]);
    });

    it("event-bus-key-policy-usable: passes keys that grant EventBridge (wildcards too), keys outside the stack, and unknown policies", async () => {
        assertMessages(await check(eventBusKeyPolicyUsable, [
            res(KEY, "good", { arn: keyArn, policy: policy(rootOnly, eventBridgeStatement) }),
            res(T.bus, "b", { name: "b", kmsKeyIdentifier: keyArn }),
            res(KEY, "wild", { arn: "arn:aws:kms:us-east-1:123456789012:key/k2", policy: policy({ ...eventBridgeStatement, Action: ["kms:Describe*", "kms:GenerateDataKey*", "kms:Decrypt"] }) }),
            res(ARCHIVE, "a", { eventSourceArn: busArn, kmsKeyIdentifier: "arn:aws:kms:us-east-1:123456789012:key/k2" }),
            res(KEY, "separate", { arn: "arn:aws:kms:us-east-1:123456789012:key/k3", keyId: "k3" }),
            res(KEY_POLICY, "separate-policy", { keyId: "k3", policy: policy(rootOnly, eventBridgeStatement) }),
            res(T.bus, "c", { name: "c", kmsKeyIdentifier: "arn:aws:kms:us-east-1:123456789012:key/k3" }),
            res(T.bus, "elsewhere", { name: "elsewhere", kmsKeyIdentifier: "arn:aws:kms:us-east-1:210987654321:key/other" }),
            res(KEY, "pending", { arn: "arn:aws:kms:us-east-1:123456789012:key/k4", policy: unknownValue }),
            res(T.bus, "d", { name: "d", kmsKeyIdentifier: "arn:aws:kms:us-east-1:123456789012:key/k4" }),
        ]), []);
    });

    it("event-bus-customer-managed-key: advises a custom bus on the AWS owned key; passes a keyed bus and a partner bus", async () => {
        assertMessages(await check(eventBusCustomerManagedKey, [
            res(T.bus, "plain", { name: "plain" }),
            res(T.bus, "keyed", { name: "keyed", kmsKeyIdentifier: keyArn }),
            res(T.bus, "partner", { name: "aws.partner/x", eventSourceName: "aws.partner/x" }),
        ]), ['Bus "plain" encrypts with an AWS owned key']);
    });

    it("event-bus-dead-letter-queue: advises a bus without one; passes a bus with one or with an unknown one", async () => {
        assertMessages(await check(eventBusDeadLetterQueue, [
            res(T.bus, "plain", { name: "plain" }),
            res(T.bus, "dlq", { name: "dlq", deadLetterConfig: { arn: "arn:aws:sqs:us-east-1:123456789012:q" } }),
            res(T.bus, "pending", { name: "pending", deadLetterConfig: { arn: unknownValue } }),
        ]), ['Bus "plain" has no dead-letter queue']);
    });

    it("event-bus-logging: advises a bus without logConfig, with level OFF, or whose logs no delivery source reads; passes a delivered bus", async () => {
        assertMessages(await check(eventBusLogging, [
            res(T.bus, "quiet", { name: "quiet", arn: "arn:aws:events:us-east-1:123456789012:event-bus/quiet" }),
            res(T.bus, "off", { name: "off", logConfig: { level: "OFF" } }),
            res(T.bus, "nowhere", { name: "nowhere", arn: "arn:aws:events:us-east-1:123456789012:event-bus/nowhere", logConfig: { level: "ERROR", includeDetail: "NONE" } }),
            res(T.bus, "logged", { name: "logged", arn: busArn, logConfig: { level: "INFO", includeDetail: "NONE" } }),
            res(SOURCE, "logged-source", { logType: "ERROR_LOGS", resourceArn: busArn }),
            res(T.bus, "pending", { name: "pending", logConfig: unknownValue }),
        ]), [
            'Bus "quiet" does not log (logConfig level unset)',
            'Bus "off" does not log (logConfig level OFF)',
            'Bus "nowhere" has logConfig level ERROR, but no log delivery source reads its logs',
        ]);
    });
});
