import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SafeEventBus, SafeEventBusArgs } from "../../components/bus";
import { SafeRule, targets } from "../../components/rules";
import { providers, WebhookIngress } from "../../components/ingress";
import { generateEventBridgeName } from "../../components/internal/names";
import { plan } from "../../testing";
import { RecordingMocks, settle, valueOf } from "../../testing/mocks";
import { deploy, inventory, statementsOf } from "../ingress/helpers";
import { outputError, thrown } from "../targets/support";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const T = {
    component: "eventbridge-kit:bus:SafeEventBus",
    bus: "aws:cloudwatch/eventBus:EventBus",
    key: "aws:kms/key:Key",
    queue: "aws:sqs/queue:Queue",
    queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    destination: "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
    source: "aws:cloudwatch/logDeliverySource:LogDeliverySource",
    delivery: "aws:cloudwatch/logDelivery:LogDelivery",
    archive: "aws:cloudwatch/eventArchive:EventArchive",
    busPolicy: "aws:cloudwatch/eventBusPolicy:EventBusPolicy",
} as const;

const busArn = (name: string) => `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${name}`;
const keyArnOf = (mocks: RecordingMocks, name: string) => mocks.named(name).state.arn;
/** The bus resource (the component has the same name). */
const busNamed = (mocks: RecordingMocks, name: string) => mocks.ofType(T.bus).find((b) => b.name === name)!;

/** The resources of the default bus: key, dead-letter queue, bus, and ERROR logs to CloudWatch Logs. */
function defaultResources(name: string): string[] {
    return [
        `${T.component} ${name}`, `${T.key} ${name}-key`,
        `${T.queue} ${name}-dlq`, `${T.queuePolicy} ${name}-dlq-policy`, `${T.alarm} ${name}-dlq-alarm`,
        `${T.bus} ${name}`,
        `${T.logGroup} ${name}-logs`, `${T.destination} ${name}-log-destination`,
        `${T.source} ${name}-log-source-error`, `${T.delivery} ${name}-log-delivery-error`,
    ];
}

describe("bus/SafeEventBus", () => {
    for (const preview of [false, true]) {
        describe(preview ? "preview" : "update", () => {
            it("by default: a customer managed key scoped to the bus, a dead-letter queue, ERROR logs without payloads", async () => {
                let bus: SafeEventBus | undefined;
                const mocks = await deploy(preview, () => { bus = new SafeEventBus("orders"); });
                assert.deepStrictEqual(inventory(mocks), defaultResources("orders").sort());
                const busName = generateEventBridgeName("orders");
                const keyArn = keyArnOf(mocks, "orders-key");
                const queueArn = mocks.named("orders-dlq").state.arn;
                assert.deepStrictEqual(busNamed(mocks, "orders").inputs, {
                    name: busName,
                    kmsKeyIdentifier: keyArn,
                    deadLetterConfig: { arn: queueArn },
                    logConfig: { level: "ERROR", includeDetail: "NONE" },
                });
                const key = mocks.named("orders-key").inputs;
                assert.strictEqual(key.enableKeyRotation, true);
                assert.strictEqual(key.deletionWindowInDays, 30);
                assert.deepStrictEqual(JSON.parse(key.policy).Statement, [
                    { Sid: "AllowAccountAdministration", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
                    {
                        Sid: "AllowEventBridgeDescribeKey", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "kms:DescribeKey", Resource: "*",
                        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                    },
                    {
                        Sid: "AllowEventBridgeEncryptBusEvents", Effect: "Allow", Principal: { Service: "events.amazonaws.com" },
                        Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: "*",
                        Condition: {
                            StringEquals: { "aws:SourceAccount": ACCOUNT, "kms:EncryptionContext:aws:events:event-bus:arn": busArn(busName) },
                            ArnEquals: { "aws:SourceArn": busArn(busName) },
                        },
                    },
                ]);
                const queue = mocks.named("orders-dlq").inputs;
                assert.strictEqual(queue.sqsManagedSseEnabled, true);
                assert.deepStrictEqual(statementsOf(mocks, "orders-dlq-policy"), [{
                    Sid: "AllowDeadLetterSender", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage",
                    Resource: queueArn, Condition: { ArnEquals: { "aws:SourceArn": busArn(busName) } },
                }] as any);
                assert.strictEqual(mocks.named("orders-dlq-alarm").inputs.threshold, 0);
                assert.deepStrictEqual(mocks.named("orders-logs").inputs, { name: `/aws/vendedlogs/events/event-bus/${busName}`, retentionInDays: 30 });
                const logGroupArn = mocks.named("orders-logs").state.arn;
                assert.deepStrictEqual(mocks.named("orders-log-destination").inputs.deliveryDestinationConfiguration, { destinationResourceArn: logGroupArn });
                const source = mocks.named("orders-log-source-error").inputs;
                assert.deepStrictEqual({ logType: source.logType, resourceArn: source.resourceArn }, { logType: "ERROR_LOGS", resourceArn: busArn(busName) });
                assert.match(source.name, /^[A-Za-z0-9_-]{1,60}$/);
                const delivery = mocks.named("orders-log-delivery-error").inputs;
                assert.deepStrictEqual(delivery, { deliverySourceName: source.name, deliveryDestinationArn: mocks.named("orders-log-destination").state.arn });
                assert.strictEqual(await valueOf(bus!.arn), busArn(busName));
                assert.strictEqual(await valueOf(bus!.kmsKeyArn!), keyArn);
                assert.ok(bus!.deadLetterQueue && bus!.logGroup && bus!.kmsKey);
            });

            it("TRACE logs send error, info and trace records, one source and delivery each; FULL detail and retention as given", async () => {
                const mocks = await deploy(preview, () => { new SafeEventBus("audit", { name: "audit", logging: { level: "TRACE", includeDetail: "FULL", retentionInDays: 7 } }); });
                assert.deepStrictEqual(mocks.ofType(T.source).map((s) => s.inputs.logType), ["ERROR_LOGS", "INFO_LOGS", "TRACE_LOGS"]);
                assert.deepStrictEqual(mocks.ofType(T.delivery).map((d) => d.name), ["audit-log-delivery-error", "audit-log-delivery-info", "audit-log-delivery-trace"]);
                assert.deepStrictEqual(busNamed(mocks, "audit").inputs.logConfig, { level: "TRACE", includeDetail: "FULL" });
                assert.strictEqual(mocks.named("audit-logs").inputs.retentionInDays, 7);
                assert.strictEqual(mocks.named("audit-logs").inputs.name, "/aws/vendedlogs/events/event-bus/audit");
            });

            it("AWS owned key, no dead-letter queue, no logging: only the bus", async () => {
                const mocks = await deploy(preview, () => {
                    new SafeEventBus("plain", { name: "plain", encryption: "awsOwnedKey", deadLetterQueue: false, logging: false, description: "dev bus" });
                });
                assert.deepStrictEqual(inventory(mocks), [`${T.bus} plain`, `${T.component} plain`]);
                assert.deepStrictEqual(busNamed(mocks, "plain").inputs, { name: "plain", description: "dev bus" });
            });

            it("archives: retention, pattern and the bus's key; the key policy lets EventBridge use the key for them", async () => {
                const mocks = await deploy(preview, () => {
                    new SafeEventBus("orders", {
                        name: "orders",
                        archives: { all: { retentionDays: 30 }, refunds: { pattern: { source: ["com.example.orders"], "detail-type": ["Refund Issued"] }, description: "refunds, kept forever" } },
                    });
                });
                const keyArn = keyArnOf(mocks, "orders-key");
                const allName = generateEventBridgeName("orders-all", 48);
                const refundsName = generateEventBridgeName("orders-refunds", 48);
                assert.deepStrictEqual(mocks.named("orders-archive-all").inputs, { name: allName, eventSourceArn: busArn("orders"), retentionDays: 30, kmsKeyIdentifier: keyArn });
                assert.deepStrictEqual(mocks.named("orders-archive-refunds").inputs, {
                    name: refundsName, eventSourceArn: busArn("orders"), retentionDays: 0, kmsKeyIdentifier: keyArn,
                    eventPattern: JSON.stringify({ source: ["com.example.orders"], "detail-type": ["Refund Issued"] }), description: "refunds, kept forever",
                });
                const archiveStatement = JSON.parse(mocks.named("orders-key").inputs.policy).Statement[3];
                assert.deepStrictEqual(archiveStatement, {
                    Sid: "AllowEventBridgeEncryptArchives", Effect: "Allow", Principal: { Service: "events.amazonaws.com" },
                    Action: ["kms:GenerateDataKey", "kms:Decrypt", "kms:ReEncrypt*"], Resource: "*",
                    Condition: {
                        // The archives' encryption context is their bus's ARN, as the bus's own: without it this
                        // statement would let EventBridge use the key, for this bus, with any other bus's context.
                        StringEquals: { "aws:SourceAccount": ACCOUNT, "kms:EncryptionContext:aws:events:event-bus:arn": busArn("orders") },
                        ArnEquals: { "aws:SourceArn": [busArn("orders"), `arn:aws:events:${REGION}:${ACCOUNT}:archive/${allName}`, `arn:aws:events:${REGION}:${ACCOUNT}:archive/${refundsName}`] },
                    },
                });
            });

            it("a bus policy for named accounts and an organization, PutEvents on this bus only", async () => {
                const mocks = await deploy(preview, () => {
                    new SafeEventBus("shared", { name: "shared", allowPutEventsFrom: { accounts: ["111122223333", "444455556666"], organizationId: "o-abcdef1234" } });
                });
                assert.strictEqual(mocks.named("shared-policy").inputs.eventBusName, "shared");
                assert.deepStrictEqual(statementsOf(mocks, "shared-policy"), [
                    { Sid: "AllowAccountsPutEvents", Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"] }, Action: "events:PutEvents", Resource: busArn("shared") },
                    { Sid: "AllowOrganizationPutEvents", Effect: "Allow", Principal: { AWS: "*" }, Action: "events:PutEvents", Resource: busArn("shared"), Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abcdef1234" } } },
                ] as any);
            });

            it("no bus policy when only this account puts events", async () => {
                const mocks = await deploy(preview, () => { new SafeEventBus("solo"); });
                assert.strictEqual(mocks.ofType(T.busPolicy).length, 0);
            });
        });
    }

    describe("a given key", () => {
        it("by ARN: used for the bus and archives, no key created", async () => {
            const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
            const mocks = await deploy(false, () => { new SafeEventBus("orders", { name: "orders", encryption: { kmsKeyIdentifier: keyArn }, archives: { all: {} } }); });
            assert.strictEqual(mocks.ofType(T.key).length, 0);
            assert.strictEqual(busNamed(mocks, "orders").inputs.kmsKeyIdentifier, keyArn);
            assert.strictEqual(mocks.named("orders-archive-all").inputs.kmsKeyIdentifier, keyArn);
        });

        it("a key of this program whose policy lacks EventBridge's grants fails the update, naming the missing statements", async () => {
            const mocks = new RecordingMocks();
            await mocks.install();
            const key = new aws.kms.Key("mine", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:Encrypt", Resource: "*" }] }) });
            const bus = new SafeEventBus("orders", { encryption: { kmsKeyIdentifier: key } });
            const error = await outputError(bus.kmsKeyArn!);
            assert.ok(error, "the update fails");
            assert.ok(error!.message.startsWith("SafeEventBus \"orders\": encryption.kmsKeyIdentifier: the key policy of"), error!.message);
            assert.ok(error!.message.includes("AllowEventBridgeDescribeKey: Allow Service events.amazonaws.com kms:DescribeKey"), error!.message);
            assert.ok(error!.message.includes("AllowEventBridgeEncryptBusEvents: Allow Service events.amazonaws.com kms:GenerateDataKey, kms:Decrypt"), error!.message);
        });

        it("a key of this program whose policy grants EventBridge is used as is", async () => {
            const mocks = new RecordingMocks();
            await mocks.install();
            const key = new aws.kms.Key("mine", {
                policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: ["kms:DescribeKey", "kms:GenerateDataKey*", "kms:Decrypt"], Resource: "*" }] }),
            });
            const bus = new SafeEventBus("orders", { encryption: { kmsKeyIdentifier: key } });
            assert.strictEqual(await valueOf(bus.kmsKeyArn!), await valueOf(key.arn));
            await settle(mocks);
        });
    });

    describe("validation before any resource", () => {
        const cases: { field: string; args: SafeEventBusArgs; message: string; passing: SafeEventBusArgs }[] = [
            { field: "name", args: { name: "team/orders" }, message: "name: \"team/orders\" is not a bus name", passing: { name: "team-orders" } },
            { field: "name", args: { name: "default" }, message: "name: \"default\" is the account's default bus", passing: { name: "defaults" } },
            { field: "name", args: { name: "aws.partner" }, message: "starts with \"aws.\"", passing: { name: "partner.aws" } },
            { field: "encryption", args: { encryption: "kms" as any }, message: "encryption: is \"kms\".", passing: { encryption: "awsOwnedKey" } },
            { field: "encryption.kmsKeyIdentifier", args: { encryption: { kmsKeyIdentifier: "arn:aws:s3:::bucket" } }, message: "encryption.kmsKeyIdentifier: \"arn:aws:s3:::bucket\" is not a KMS key", passing: { encryption: { kmsKeyIdentifier: "alias/orders" } } },
            { field: "deadLetterQueue", args: { deadLetterQueue: true as any }, message: "deadLetterQueue: is true.", passing: { deadLetterQueue: false } },
            { field: "logging.level", args: { logging: { level: "OFF" as any } }, message: "logging.level: \"OFF\" is not a log level.", passing: { logging: { level: "INFO" } } },
            { field: "logging.includeDetail", args: { logging: { includeDetail: "ALL" as any } }, message: "logging.includeDetail: \"ALL\"", passing: { logging: { includeDetail: "FULL" } } },
            { field: "logging.retentionInDays", args: { logging: { retentionInDays: 10 } }, message: "logging.retentionInDays: 10 is not a retention", passing: { logging: { retentionInDays: 14 } } },
            { field: "archives", args: { archives: { "all events": {} } }, message: "archives: the role \"all events\"", passing: { archives: { "all-events": {} } } },
            { field: "archives.all.retentionDays", args: { archives: { all: { retentionDays: -1 } } }, message: "archives.all.retentionDays: -1", passing: { archives: { all: { retentionDays: 1 } } } },
            { field: "archives.all.pattern", args: { archives: { all: { pattern: { source: "orders" } as any } } }, message: "archives.all.pattern: EventBridge would reject the pattern", passing: { archives: { all: { pattern: { source: ["orders"] } } } } },
            { field: "allowPutEventsFrom.accounts", args: { allowPutEventsFrom: { accounts: ["*"] } }, message: "allowPutEventsFrom.accounts: \"*\" would let every AWS account", passing: { allowPutEventsFrom: { accounts: ["111122223333"] } } },
            { field: "allowPutEventsFrom.accounts", args: { allowPutEventsFrom: { accounts: ["1111"] } }, message: "\"1111\" is not a 12-digit account ID", passing: { allowPutEventsFrom: { accounts: ["111122223333"] } } },
            { field: "allowPutEventsFrom.accounts", args: { allowPutEventsFrom: { accounts: ["111122223333", "111122223333"] } }, message: "lists an account twice", passing: { allowPutEventsFrom: { accounts: ["111122223333", "444455556666"] } } },
            { field: "allowPutEventsFrom.organizationId", args: { allowPutEventsFrom: { organizationId: "my-org" } }, message: "\"my-org\" is not an AWS Organizations ID", passing: { allowPutEventsFrom: { organizationId: "o-abcdef1234" } } },
            { field: "allowPutEventsFrom", args: { allowPutEventsFrom: {} }, message: "allowPutEventsFrom: names neither accounts nor an organization", passing: {} },
        ];
        for (const c of cases) {
            it(`${c.field}: ${c.message}`, async () => {
                const mocks = new RecordingMocks();
                await mocks.install();
                const message = thrown(() => new SafeEventBus("orders", c.args));
                assert.ok(message.startsWith(`SafeEventBus "orders": ${c.field}:`), message);
                assert.ok(message.includes(c.message), message);
                await settle(mocks);
                assert.strictEqual(mocks.resources.length, 0, "nothing was registered");
                new SafeEventBus("passing", c.passing);
                await settle(mocks);
                assert.ok(mocks.ofType(T.bus).length === 1, "the corrected arguments create the bus");
            });
        }
    });

    describe("taken like a raw bus", () => {
        it("SafeRule listens on it; a bus target puts on it with a role naming its ARN", async () => {
            const mocks = await deploy(false, () => {
                const bus = new SafeEventBus("orders", { name: "orders" });
                const audit = new SafeEventBus("audit", { name: "audit" });
                new SafeRule("created", {
                    eventBus: bus,
                    pattern: { source: ["com.example.orders"], "detail-type": ["Order Created"] },
                    targets: [targets.eventBus(audit)],
                });
            });
            assert.strictEqual(mocks.ofType("aws:cloudwatch/eventRule:EventRule").find((r) => r.name === "created-rule")!.inputs.eventBusName, "orders");
            const role = mocks.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name.startsWith("created-"))!;
            assert.deepStrictEqual(JSON.parse(role.inputs.policy).Statement.map((s: any) => [s.Action, s.Resource]), [["events:PutEvents", busArn("audit")]]);
        });

        it("the loop guard knows a SafeEventBus is the bus inside it", async () => {
            const mocks = new RecordingMocks();
            await mocks.install();
            const bus = new SafeEventBus("orders", { name: "orders" });
            const message = thrown(() => new SafeRule("fwd", { eventBus: bus, pattern: { source: ["com.example.orders"], "detail-type": ["Order Created"] }, targets: [targets.eventBus(bus)] }));
            assert.ok(message.startsWith("SafeRule \"fwd\": targets: the rule would trigger itself"), message);
            const other = new SafeEventBus("other", { name: "other" });
            new SafeRule("fwd-ok", { eventBus: bus, pattern: { source: ["com.example.orders"], "detail-type": ["Order Created"] }, targets: [targets.eventBus(other)] });
            await settle(mocks);
        });

        it("WebhookIngress puts events on it and creates no bus of its own", async () => {
            const mocks = await deploy(false, () => {
                const bus = new SafeEventBus("github", { name: "github" });
                new WebhookIngress("gh", { provider: providers.github(), eventBus: bus, secret: { secretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:gh-AbCdEf` } });
            });
            assert.deepStrictEqual(mocks.ofType(T.bus).map((b) => b.name), ["github"]);
            const putEvents = statementsOf(mocks, "gh-webhook-role-policy").find((s) => s.Sid === "PutEventsOnBus");
            assert.deepStrictEqual(putEvents?.Resource, busArn("github"));
        });

        it("WebhookIngress given no bus creates a SafeEventBus with the defaults, whose bus keeps the URN of the raw bus it made before (an alias, no replacement)", async () => {
            let ingress: WebhookIngress | undefined;
            const mocks = await deploy(false, () => {
                ingress = new WebhookIngress("gh", { provider: providers.github(), durableAcceptance: false, secret: { secretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:gh-AbCdEf` } });
            });
            assert.deepStrictEqual(inventory(mocks).filter((r) => r.includes(" gh-bus")), defaultResources("gh-bus").sort());
            assert.strictEqual(ingress!.eventBus, ingress!.safeEventBus!.eventBus);
            const aliases = await Promise.all(((ingress!.eventBus as any).__aliases as pulumi.Input<string>[]).map((a) => valueOf(pulumi.output(a))));
            assert.deepStrictEqual(aliases, ["urn:pulumi:dev::project::eventbridge-kit:ingress:WebhookIngress$aws:cloudwatch/eventBus:EventBus::gh-bus"]);
        });

        it("a SafeEventBus at the root adopts the hand-written raw bus of its name it replaces", async () => {
            let bus: SafeEventBus | undefined;
            await deploy(false, () => {
                bus = new SafeEventBus("orders", { name: "orders" });
            });
            const aliases = await Promise.all(((bus!.eventBus as any).__aliases as pulumi.Input<string>[]).map((a) => valueOf(pulumi.output(a))));
            assert.deepStrictEqual(aliases, ["urn:pulumi:dev::project::aws:cloudwatch/eventBus:EventBus::orders"]);
        });
    });

    it("the offline plan lists the bus's resources, parented to the component", async () => {
        for (const preview of [false, true]) {
            const result = await plan(() => { new SafeEventBus("orders", { name: "orders", archives: { all: {} } }); }, { preview });
            const component = result.resources.find((r) => r.type === T.component)!;
            const children = result.resources.filter((r) => r.parent === component.urn).map((r) => `${r.type} ${r.name}`).sort();
            assert.deepStrictEqual(children, [...defaultResources("orders").filter((r) => !r.startsWith(T.component)), `${T.archive} orders-archive-all`].sort());
        }
    });

    it("meets the policy pack: no finding for a SafeEventBus, the bus advisories for a raw bus", async () => {
        const safe = await plan(() => { new SafeEventBus("orders", { name: "orders", archives: { all: {} }, allowPutEventsFrom: { organizationId: "o-abcdef1234" } }); });
        assert.deepStrictEqual(safe.findings.map((f) => `${f.policyName}: ${f.message}`), []);
        const raw = await plan(() => { new aws.cloudwatch.EventBus("raw", { name: "raw" }); });
        assert.deepStrictEqual(raw.findings.map((f) => f.policyName).sort(), ["event-bus-customer-managed-key", "event-bus-dead-letter-queue", "event-bus-logging"]);
    });
});
