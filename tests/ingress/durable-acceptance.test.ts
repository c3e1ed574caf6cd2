/**
 * WebhookIngress durable acceptance under mocks, in update and preview: exactly the resources of
 * the store and the redrive, their inputs, every IAM statement, the trigger, the sweep schedule and
 * the alarms; on by default for GitHub and HMAC, opt-in for Stripe, Bird and Twilio, refused with
 * S3 delivery; each validation with a failing and a passing case.
 */
import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { providers, WebhookIngress, WebhookIngressArgs } from "../../components/ingress";
import { ComponentConfigError } from "../../components/errors";
import { RecordingMocks, settle, valueOf } from "../../testing/mocks";
import { archiveContents, deploy, environmentOf, inventory, statementsOf, T } from "./helpers";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const ROOT = path.resolve(__dirname, "../..");
const secretArn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:hook-Xy12Zw`;
const BUS_ARN = `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/orders`;

const DURABLE_RESOURCES = (name: string): string[] => [
    `aws:s3/bucket:Bucket ${name}-durable-store`,
    `aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock ${name}-durable-store-private`,
    `aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration ${name}-durable-store-encryption`,
    `${T.queue} ${name}-redrive-dlq`,
    `${T.logGroup} ${name}-redrive-logs`,
    `${T.role} ${name}-redrive-role`,
    `${T.rolePolicy} ${name}-redrive-role-policy`,
    `${T.fn} ${name}-redrive`,
    `${T.permission} ${name}-redrive-s3-invoke`,
    `${T.notification} ${name}-durable-notification`,
    `${T.role} ${name}-sweep-role`,
    `${T.rolePolicy} ${name}-sweep-role-policy`,
    `aws:scheduler/schedule:Schedule ${name}-sweep`,
    `${T.alarm} ${name}-redrive-errors`,
    `${T.alarm} ${name}-redrive-throttles`,
    `${T.alarm} ${name}-redrive-dlq-depth`,
    `${T.alarm} ${name}-durable-backlog-size`,
    `${T.alarm} ${name}-durable-backlog-age`,
];

const durableOf = (mocks: RecordingMocks) => inventory(mocks).filter((r) => /-(durable|redrive|sweep)/.test(r));

for (const preview of [false, true]) {
    describe(`ingress/WebhookIngress durable acceptance (${preview ? "preview" : "update"})`, () => {
        describe("GitHub with the defaults", () => {
            let built: RecordingMocks;
            let ingress: WebhookIngress;
            const topic = `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`;
            before(async () => {
                built = await deploy(preview, () => {
                    ingress = new WebhookIngress("gh", { provider: providers.github(), eventBus: "orders", secret: { secretArn }, alarms: { actions: [topic] } });
                });
            });
            const bucketName = () => built.named("gh-durable-store").inputs.bucket ?? "gh-durable-store";

            it("creates exactly the store, the redrive function with its role, logs, trigger, sweep and dead-letter queue, and five alarms", () => {
                assert.deepStrictEqual(durableOf(built), [...DURABLE_RESOURCES("gh")].sort());
            });

            it("keeps the store private and encrypted, and never destroys it with its entries", () => {
                assert.strictEqual(built.named("gh-durable-store").inputs.forceDestroy, false);
                assert.deepStrictEqual(built.named("gh-durable-store-private").inputs, {
                    bucket: "gh-durable-store-id", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
                });
                assert.deepStrictEqual(built.named("gh-durable-store-encryption").inputs, {
                    bucket: "gh-durable-store-id", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
                });
            });

            it("lets the webhook store unconfirmed entries under pending/ only, and tells it where", () => {
                const env = environmentOf(built, "gh-webhook");
                assert.deepStrictEqual([env.EBK_DURABLE_BUCKET, env.EBK_DURABLE_PREFIX], [bucketName(), "pending/"]);
                const stored = statementsOf(built, "gh-webhook-role-policy").filter((s) => s.Sid === "StoreUnconfirmedEntries");
                assert.deepStrictEqual(stored, [{ Sid: "StoreUnconfirmedEntries", Effect: "Allow", Action: "s3:PutObject", Resource: `arn:aws:s3:::${bucketName()}/pending/*` }]);
            });

            it("runs the durable-redrive bundle with the store, bus and dead-letter queue in its environment", async () => {
                const fn = built.named("gh-redrive").inputs;
                assert.deepStrictEqual([fn.runtime, fn.handler, fn.timeout, fn.architectures, fn.reservedConcurrentExecutions], ["nodejs22.x", "index.handler", 60, ["arm64"], 10]);
                assert.deepStrictEqual(environmentOf(built, "gh-redrive"), {
                    EBK_EVENT_BUS_NAME: BUS_ARN,
                    EBK_DURABLE_BUCKET: bucketName(),
                    EBK_DURABLE_PREFIX: "pending/",
                    EBK_DURABLE_DEAD_LETTER_PREFIX: "dead-letter/",
                    EBK_DEAD_LETTER_QUEUE_URL: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/gh-redrive-dlq`,
                    EBK_LOG_LEVEL: "info",
                });
                assert.deepStrictEqual(fn.deadLetterConfig, { targetArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:gh-redrive-dlq` });
                const archive = await archiveContents(fn.code);
                assert.deepStrictEqual(Object.keys(archive), ["index.js"]);
                assert.strictEqual(archive["index.js"].path, path.join(ROOT, "handlers", "dist", "durable-redrive", "index.js"));
                assert.deepStrictEqual(built.named("gh-redrive-dlq").inputs, { sqsManagedSseEnabled: true, messageRetentionSeconds: 1_209_600 });
            });

            it("gives the redrive function exactly: its logs, list/read/rewrite/delete under pending/, write under dead-letter/, the bus, its queue", () => {
                const bucket = `arn:aws:s3:::${bucketName()}`;
                assert.deepStrictEqual(statementsOf(built, "gh-redrive-role-policy"), [
                    { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:gh-redrive-logs:*` },
                    { Sid: "ListPendingEntries", Effect: "Allow", Action: "s3:ListBucket", Resource: bucket, Condition: { StringLike: { "s3:prefix": "pending/*" } } },
                    { Sid: "RedrivePendingEntries", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${bucket}/pending/*` },
                    { Sid: "KeepUndeliverableEntries", Effect: "Allow", Action: "s3:PutObject", Resource: `${bucket}/dead-letter/*` },
                    { Sid: "PutEventsOnBus", Effect: "Allow", Action: "events:PutEvents", Resource: BUS_ARN },
                    { Sid: "AnnounceUndeliverableEntries", Effect: "Allow", Action: "sqs:SendMessage", Resource: `arn:aws:sqs:${REGION}:${ACCOUNT}:gh-redrive-dlq` },
                ]);
                assert.deepStrictEqual(JSON.parse(built.named("gh-redrive-role").inputs.assumeRolePolicy).Statement, [
                    { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
                ]);
            });

            it("invokes the redrive for objects created under pending/, permitted for that bucket and account only", () => {
                assert.deepStrictEqual(built.named("gh-redrive-s3-invoke").inputs, {
                    function: "gh-redrive", action: "lambda:InvokeFunction", principal: "s3.amazonaws.com",
                    sourceArn: `arn:aws:s3:::${bucketName()}`, sourceAccount: ACCOUNT,
                });
                assert.deepStrictEqual(built.named("gh-durable-notification").inputs, {
                    bucket: bucketName(),
                    lambdaFunctions: [{ lambdaFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:gh-redrive`, events: ["s3:ObjectCreated:*"], filterPrefix: "pending/" }],
                });
            });

            it("sweeps every 5 minutes through EventBridge Scheduler, with a role that may invoke the redrive only", () => {
                const schedule = built.named("gh-sweep").inputs;
                assert.deepStrictEqual([schedule.scheduleExpression, schedule.flexibleTimeWindow], ["rate(5 minutes)", { mode: "OFF" }]);
                assert.deepStrictEqual(schedule.target, {
                    arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:gh-redrive`,
                    roleArn: `arn:aws:iam::${ACCOUNT}:role/gh-sweep-role`,
                    input: JSON.stringify({ sweep: true }),
                    retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 },
                });
                assert.deepStrictEqual(JSON.parse(built.named("gh-sweep-role").inputs.assumeRolePolicy).Statement, [
                    { Effect: "Allow", Principal: { Service: "scheduler.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } },
                ]);
                assert.deepStrictEqual(statementsOf(built, "gh-sweep-role-policy"), [
                    { Sid: "InvokeRedrive", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:gh-redrive` },
                ]);
            });

            it("alarms on the store's backlog size and age, the redrive's dead-letter queue, errors and throttles, with the ingress's actions", () => {
                const alarm = (n: string) => built.named(n).inputs;
                const common = { period: 300, evaluationPeriods: 1, comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching", alarmActions: [topic], okActions: [] };
                assert.deepStrictEqual(alarm("gh-durable-backlog-size"), {
                    ...common,
                    alarmDescription: "Entries of \"gh\" wait in the durable store after a sweep: EventBridge did not accept them yet; the redrive keeps trying.",
                    namespace: "EventBridgeKit/DurableStore", metricName: "BacklogObjects", dimensions: { Store: bucketName() }, statistic: "Maximum", threshold: 0,
                });
                assert.deepStrictEqual(alarm("gh-durable-backlog-age"), {
                    ...common,
                    alarmDescription: "The oldest entry of \"gh\" in the durable store is over 3600 s old: deliveries are late; check the redrive function's logs.",
                    namespace: "EventBridgeKit/DurableStore", metricName: "BacklogOldestAgeSeconds", dimensions: { Store: bucketName() }, statistic: "Maximum", threshold: 3600,
                });
                const dlq = alarm("gh-redrive-dlq-depth");
                assert.deepStrictEqual([dlq.namespace, dlq.metricName, dlq.dimensions, dlq.threshold, dlq.alarmActions], ["AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: "gh-redrive-dlq" }, 0, [topic]]);
                assert.deepStrictEqual([alarm("gh-redrive-errors").dimensions, alarm("gh-redrive-throttles").metricName], [{ FunctionName: "gh-redrive" }, "Throttles"]);
                // The webhook's four (5xx, errors, throttles, signature failures) and the durable path's five.
                assert.strictEqual(ingress.alarms.length, 4 + 5);
            });

            it("exposes the store, the redrive function and its dead-letter queue", async () => {
                assert.strictEqual(await valueOf(ingress.redriveFunction!.name), "gh-redrive");
                assert.strictEqual(await valueOf(ingress.durableStore!.bucket), bucketName());
                assert.strictEqual(await valueOf(ingress.redriveDeadLetterQueue!.url), `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/gh-redrive-dlq`);
            });
        });

        const cases: [string, () => WebhookIngressArgs, boolean][] = [
            ["HMAC by default", () => ({ provider: providers.hmac({ header: "X-Signature", algorithm: "sha256", encoding: "hex" }), secret: { secretArn }, eventBus: "orders" }), true],
            ["HMAC told its sender retries", () => ({ provider: providers.hmac({ header: "X-Signature", algorithm: "sha256", encoding: "hex" }), secret: { secretArn }, eventBus: "orders", durableAcceptance: false }), false],
            ["Stripe by default", () => ({ provider: providers.stripe(), secret: { secretArn }, eventBus: "orders" }), false],
            ["Stripe opted in", () => ({ provider: providers.stripe(), secret: { secretArn }, eventBus: "orders", durableAcceptance: true }), true],
            ["Twilio by default", () => ({ provider: providers.twilio(), secret: { secretArn }, eventBus: "orders" }), false],
            // GitLab never retries; Slack, Shopify and Standard Webhooks senders do (providers/durable.ts).
            ["GitLab by default", () => ({ provider: providers.gitlab(), secret: { secretArn }, eventBus: "orders" }), true],
            ["Slack by default", () => ({ provider: providers.slack(), secret: { secretArn }, eventBus: "orders" }), false],
            ["Shopify by default", () => ({ provider: providers.shopify(), secret: { secretArn }, eventBus: "orders" }), false],
            ["Standard Webhooks by default", () => ({ provider: providers.standardWebhooks(), secret: { secretArn }, eventBus: "orders" }), false],
            ["Bird with S3 delivery", () => ({ provider: providers.bird({ auth: "basic" }), secret: { secretArn }, delivery: { s3: { bucket: "raw" } } }), false],
        ];
        for (const [what, args, on] of cases) {
            it(`${what}: durable acceptance ${on ? "on" : "off"}`, async () => {
                const mocks = await deploy(preview, () => new WebhookIngress("hook", args()));
                assert.deepStrictEqual(durableOf(mocks), on ? [...DURABLE_RESOURCES("hook")].sort() : []);
                assert.strictEqual(environmentOf(mocks, "hook-webhook").EBK_DURABLE_BUCKET !== undefined, on);
            });
        }

        it("names the store within S3's 63 lowercase characters whatever the ingress is called", async () => {
            const github = (): WebhookIngressArgs => ({ provider: providers.github(), secret: { secretArn }, eventBus: "orders" });
            const short = "Hooks-For-The-Main-Repo-Eu"; // `hooks-for-the-main-repo-eu-durable-store` + 8 = 48 fits as Pulumi names it
            const long = "github-hooks-for-the-main-repo-in-eu-west-1"; // 43, the longest the webhook role allows: + "-durable-store" + 8 = 65 would not
            const mocks = await deploy(preview, () => {
                new WebhookIngress(short, github());
                new WebhookIngress(long, github());
            });
            assert.strictEqual(mocks.named(`${short}-durable-store`).inputs.bucketPrefix, undefined);
            // 36 characters and "-", then the provider's 26: 63.
            assert.strictEqual(mocks.named(`${long}-durable-store`).inputs.bucketPrefix, "github-hooks-for-the-main-repo-in-eu-");
        });

        it("takes the sweep interval and backlog-age threshold, and creates no alarm with alarms: false", async () => {
            const mocks = await deploy(preview, () => new WebhookIngress("hook", {
                provider: providers.github(), secret: { secretArn }, eventBus: "orders", alarms: false,
                durableAcceptance: { sweepIntervalMinutes: 1, backlogAgeAlarmSeconds: 600 },
            }));
            assert.strictEqual(mocks.named("hook-sweep").inputs.scheduleExpression, "rate(1 minute)");
            assert.deepStrictEqual(mocks.resources.filter((r) => r.type === T.alarm), []);
        });
    });
}

describe("ingress/WebhookIngress durableAcceptance validation", () => {
    const base = (): WebhookIngressArgs => ({ provider: providers.github(), secret: { secretArn } });
    const cases: { name: string; bad: WebhookIngressArgs; message: string[]; good: WebhookIngressArgs }[] = [
        {
            name: "durable acceptance with S3 delivery",
            bad: { ...base(), delivery: { s3: { bucket: "raw" } }, durableAcceptance: true },
            message: ["durableAcceptance: is set, but delivery is S3", "Remove durableAcceptance"],
            good: { ...base(), delivery: { s3: { bucket: "raw" } } },
        },
        {
            name: "a sweep interval of 0",
            bad: { ...base(), durableAcceptance: { sweepIntervalMinutes: 0 } },
            message: ["durableAcceptance.sweepIntervalMinutes: 0 is not a whole number of minutes from 1 to 1440.", "Use e.g. 5"],
            good: { ...base(), durableAcceptance: { sweepIntervalMinutes: 1 } },
        },
        {
            name: "a backlog-age alarm shorter than one sweep",
            bad: { ...base(), durableAcceptance: { sweepIntervalMinutes: 10, backlogAgeAlarmSeconds: 300 } },
            message: ["durableAcceptance.backlogAgeAlarmSeconds: 300 is not a whole number of seconds of at least one sweep interval (600 s)", "Use e.g. 3600"],
            good: { ...base(), durableAcceptance: { sweepIntervalMinutes: 10, backlogAgeAlarmSeconds: 600 } },
        },
        {
            name: "a setting that is not one",
            bad: { ...base(), durableAcceptance: "yes" as never },
            message: ["durableAcceptance: \"yes\" is not a durable-acceptance setting."],
            good: { ...base(), durableAcceptance: {} },
        },
    ];
    for (const c of cases) {
        it(`refuses ${c.name}, naming the field and the fix, before registering anything; accepts it corrected`, async () => {
            const mocks = new RecordingMocks();
            await mocks.install();
            assert.throws(() => new WebhookIngress("hook", c.bad), (error: unknown) => {
                assert.ok(error instanceof ComponentConfigError, String(error));
                for (const part of c.message) assert.ok(error.message.includes(part), `"${error.message}" does not contain "${part}"`);
                return true;
            });
            await settle(mocks);
            assert.deepStrictEqual(mocks.resources.map((r) => r.name), []);
            assert.doesNotThrow(() => new WebhookIngress("hook-ok", c.good));
            await settle(mocks);
        });
    }
    void pulumi;
});
