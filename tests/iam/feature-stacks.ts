/**
 * Stacks for the IAM oracle that use what the examples leave out: SafeEventBus with archives, a
 * bus policy and a key of the program's own (its policy a separate KeyPolicy), targets in
 * another account (with that account's provider, and by hand from the statements the kit
 * returns), and connection keys. Each comes with what its author meant to allow that the plan
 * cannot say on its own: which accounts and organization may put events on which bus.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ApiDestinationConnection, ApiDestinationTarget, auth, SafeEventBus, SafeRule, targets } from "../../components";
import type { Intent } from "./requests";

export const RULE_ACCOUNT = "123456789012";
/** The target account of the cross-account stack (requests.ts's OTHER_ACCOUNT). */
export const TARGET_ACCOUNT = "210987654321";
export const SENDER_ACCOUNTS = ["111122223333", "444455556666"] as const;
export const ORGANIZATION_ID = "o-abcdef1234";

export interface FeatureStack {
    readonly label: string;
    readonly program: () => void;
    readonly intent: Intent;
}

const code = new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => undefined;") });
const pattern = (source: string) => ({ source: [source], "detail-type": ["Created"] });

function lambdaRole(name: string, opts?: pulumi.CustomResourceOptions): aws.iam.Role {
    return new aws.iam.Role(name, {
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    }, opts);
}

/**
 * Three SafeEventBuses side by side: one with archives and a bus policy for two accounts and an
 * organization, one with the defaults, one on a key of the program (its policy written by hand
 * as AWS documents it, in a KeyPolicy), and a bus on the AWS owned key; rules on them.
 */
function buses(): void {
    const orders = new SafeEventBus("orders", {
        name: "orders",
        archives: { all: { retentionDays: 30 }, refunds: { pattern: { source: ["com.example.orders"], "detail-type": ["Refund Issued"] } } },
        allowPutEventsFrom: { accounts: [...SENDER_ACCOUNTS], organizationId: ORGANIZATION_ID },
    });
    const audit = new SafeEventBus("audit", { name: "audit" });
    const key = new aws.kms.Key("billing-key", { description: "billing bus", enableKeyRotation: true });
    const bus = `arn:aws:events:us-east-1:${RULE_ACCOUNT}:event-bus/billing`;
    new aws.kms.KeyPolicy("billing-key-policy", {
        keyId: key.id,
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                { Sid: "Admin", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${RULE_ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
                { Sid: "Describe", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "kms:DescribeKey", Resource: "*", Condition: { StringEquals: { "aws:SourceAccount": RULE_ACCOUNT } } },
                {
                    Sid: "Use", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: "*",
                    Condition: { StringEquals: { "aws:SourceAccount": RULE_ACCOUNT, "aws:SourceArn": bus, "kms:EncryptionContext:aws:events:event-bus:arn": bus } },
                },
            ],
        }),
    });
    const billing = new SafeEventBus("billing", { name: "billing", encryption: { kmsKeyIdentifier: key }, logging: false });
    const plain = new SafeEventBus("plain", { name: "plain", encryption: "awsOwnedKey", deadLetterQueue: false, logging: false });

    const fn = new aws.lambda.Function("bus-handler", { role: lambdaRole("bus-handler-role").arn, runtime: "nodejs22.x", handler: "index.handler", code });
    const queue = new aws.sqs.Queue("bus-queue", { sqsManagedSseEnabled: true });
    new SafeRule("orders-created", { eventBus: orders, pattern: pattern("com.example.orders"), targets: [targets.lambda(fn), targets.queue(queue)], runtimeGuard: false });
    new SafeRule("audit-created", { eventBus: audit, pattern: pattern("com.example.audit"), targets: [targets.queue(queue)], runtimeGuard: false });
    new SafeRule("billing-created", { eventBus: billing, pattern: pattern("com.example.billing"), targets: [targets.lambda(fn), targets.eventBus(audit)], runtimeGuard: false });
    new SafeRule("plain-created", { eventBus: plain, pattern: pattern("com.example.plain"), targets: [targets.eventBus(orders)], deadLetterQueue: false, runtimeGuard: false });
}

/**
 * Rules delivering to another account: a function and a topic created there with that account's
 * provider (the kit writes their permission and policy there), a queue there by ARN with the
 * provider, and a queue by ARN without one whose policy the program applies by hand from the
 * statement the target returns. Two rules share the function; one rule also has a local target.
 */
function crossAccount(): void {
    const other = new aws.Provider("audit-account", { region: "us-east-1", assumeRoles: [{ roleArn: `arn:aws:iam::${TARGET_ACCOUNT}:role/deploy` }] });
    const remoteFn = new aws.lambda.Function("audit-fn", { role: lambdaRole("audit-fn-role", { provider: other }).arn, runtime: "nodejs22.x", handler: "index.handler", code }, { provider: other });
    const remoteTopic = new aws.sns.Topic("audit-topic", {}, { provider: other });
    const remoteQueue = `arn:aws:sqs:us-east-1:${TARGET_ACCOUNT}:audit-queue`;
    const handQueue = `arn:aws:sqs:us-east-1:${TARGET_ACCOUNT}:audit-by-hand`;
    const local = new aws.sqs.Queue("local-queue", { sqsManagedSseEnabled: true });
    const bus = new SafeEventBus("xacct", { name: "xacct" });

    const fnTarget = targets.crossAccountLambda(remoteFn, { provider: other });
    new SafeRule("ship-created", { eventBus: bus, pattern: pattern("com.example.ship"), targets: [fnTarget, targets.crossAccountTopic(remoteTopic, { provider: other }), targets.queue(local)], runtimeGuard: false });
    new SafeRule("ship-cancelled", { eventBus: bus, pattern: pattern("com.example.cancel"), targets: [fnTarget, targets.crossAccountQueue(remoteQueue, { provider: other })], runtimeGuard: false });
    const byHand = targets.crossAccountQueue(handQueue);
    new SafeRule("ship-audit", { pattern: pattern("com.example.audit"), targets: [byHand], runtimeGuard: false });
    // The target account's owner applies the returned statement (here with the same program's provider).
    new aws.sqs.QueuePolicy("audit-by-hand-policy", {
        queueUrl: `https://sqs.us-east-1.amazonaws.com/${TARGET_ACCOUNT}/audit-by-hand`,
        policy: pulumi.all(byHand.resourcePolicyStatements).apply((statements) => JSON.stringify({ Version: "2012-10-17", Statement: statements.map((s) => JSON.parse(s)) })),
    }, { provider: other });
}

/** Connections on keys: one the kit creates, one of the program (tagged, policy as AWS documents it), one on the AWS owned key. */
function connectionKeys(): void {
    const created = new ApiDestinationConnection("chat", { auth: auth.apiKey("Authorization", pulumi.secret("chat-token-1234")), kmsKey: "create" });
    const own = new aws.kms.Key("ci-key", {
        tags: { EventBridgeApiDestinations: "true" },
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                { Sid: "Admin", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${RULE_ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
                {
                    Sid: "Connections", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${RULE_ACCOUNT}:root` }, Action: ["kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"], Resource: "*",
                    Condition: {
                        StringLike: { "kms:ViaService": "secretsmanager.*.amazonaws.com", "kms:EncryptionContext:SecretARN": ["arn:aws:secretsmanager:*:*:secret:events!connection/*"] },
                        StringEquals: { "aws:ResourceTag/EventBridgeApiDestinations": "true" },
                    },
                },
            ],
        }),
    });
    const ci = new ApiDestinationConnection("ci", { auth: auth.basic("ci", pulumi.secret("ci-password-1234")), kmsKey: own });
    const plainConnection = new ApiDestinationConnection("tracker", { auth: auth.apiKey("X-Token", pulumi.secret("tracker-token-1234")) });
    const bus = new SafeEventBus("hooks", { name: "hooks" });
    const destinations = [created, ci, plainConnection].map((connection, i) => new ApiDestinationTarget(`hook-${i}`, {
        endpoint: `https://hooks${i}.example.com/events`, method: "POST", rateLimitPerSecond: 5, connection,
    }));
    new SafeRule("hook-created", { eventBus: bus, pattern: pattern("com.example.hooks"), targets: destinations, runtimeGuard: false });
}

export const featureStacks: readonly FeatureStack[] = [
    { label: "feature: SafeEventBuses (archives, bus policy, a KeyPolicy key)", program: buses, intent: { putEventsFrom: { orders: { accounts: [...SENDER_ACCOUNTS], organizationId: ORGANIZATION_ID } } } },
    { label: "feature: cross-account targets", program: crossAccount, intent: {} },
    { label: "feature: connection keys", program: connectionKeys, intent: {} },
];
