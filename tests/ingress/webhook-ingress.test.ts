import * as assert from "assert";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { providers, WebhookIngress } from "../../components/ingress";
import { isKnownPublisherTo } from "../../components/rules/program-record";
import { RecordingMocks, valueOf } from "../../testing/mocks";
import { archiveContents, deploy, environmentOf, inventory, isWireSecret, statementsOf, T, busNameOf, defaultBusResources } from "./helpers";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const SECRET_VALUE = "It's a Secret to Everybody";
const ROOT = path.resolve(__dirname, "../..");
/** Load balancer and target group ARNs, from the names the component gave them. */
const lbArn = (mocks: RecordingMocks) => `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/${mocks.named("bird-alb").inputs.name}/50dc6c495c0c9188`;
const tgArn = (mocks: RecordingMocks) => `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${mocks.named("bird-alb-tg").inputs.name}/73e2d6bc24d8a067`;
const CERT_ARN = `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/bird-alb-cert`;

/** What every webhook function has, whatever the provider and delivery. */
function webhookResources(name: string): string[] {
    return [
        `${T.logGroup} ${name}-webhook-logs`,
        `${T.role} ${name}-webhook-role`,
        `${T.rolePolicy} ${name}-webhook-role-policy`,
        `${T.fn} ${name}-webhook`,
        `${T.alarm} ${name}-webhook-5xx`,
        `${T.alarm} ${name}-webhook-errors`,
        `${T.alarm} ${name}-webhook-throttles`,
        `${T.alarm} ${name}-webhook-signature-failures`,
    ];
}

function functionUrlResources(name: string): string[] {
    return [`${T.url} ${name}-url`, `${T.permission} ${name}-url-invoke-url`, `${T.permission} ${name}-url-invoke-function`];
}

for (const preview of [false, true]) {
    describe(`ingress/WebhookIngress (${preview ? "preview" : "update"})`, () => {
        describe("GitHub with the defaults: function URL, new bus, new secret", () => {
            let ingress: WebhookIngress;
            let built: RecordingMocks;
            before(async () => {
                built = await deploy(preview, () => {
                    ingress = new WebhookIngress("gh", {
                        provider: providers.github(),
                        secret: { value: pulumi.secret(SECRET_VALUE) },
                        // The webhook's own resources; durable acceptance (on by default for GitHub) is tested in durable-acceptance.test.ts.
                        durableAcceptance: false,
                    });
                });
            });
            const build = async () => built;

            it("creates exactly the bus, the secret, the function and its URL, and its alarms", async () => {
                const mocks = await build();
                assert.deepStrictEqual(inventory(mocks), [
                    `${T.ingress} gh`,
                    ...defaultBusResources("gh-bus"),
                    `${T.secret} gh-secret`,
                    `${T.secretVersion} gh-secret-value`,
                    ...webhookResources("gh"),
                    ...functionUrlResources("gh"),
                ].sort());
                assert.deepStrictEqual(mocks.named("gh").inputs, {}, "the component's own inputs carry nothing");
            });

            it("opens the function URL with auth NONE and exactly the two permissions AWS requires", async () => {
                const mocks = await build();
                assert.deepStrictEqual(mocks.named("gh-url").inputs, { functionName: "gh-webhook", authorizationType: "NONE", invokeMode: "BUFFERED" });
                assert.deepStrictEqual(mocks.named("gh-url-invoke-url").inputs, {
                    function: "gh-webhook", action: "lambda:InvokeFunctionUrl", principal: "*", functionUrlAuthType: "NONE",
                });
                assert.deepStrictEqual(mocks.named("gh-url-invoke-function").inputs, {
                    function: "gh-webhook", action: "lambda:InvokeFunction", principal: "*", invokedViaFunctionUrl: true,
                });
                assert.strictEqual(mocks.ofType(T.permission).length, 2);
            });

            it("runs the bundled handler on nodejs22.x arm64, 9 s timeout (GitHub waits 10 s), 10 reserved executions, own log group", async () => {
                const mocks = await build();
                const fn = mocks.named("gh-webhook").inputs;
                assert.strictEqual(fn.runtime, "nodejs22.x");
                assert.deepStrictEqual(fn.architectures, ["arm64"]);
                assert.strictEqual(fn.handler, "index.handler");
                assert.strictEqual(fn.timeout, 9);
                assert.strictEqual(fn.memorySize, 256);
                assert.strictEqual(fn.reservedConcurrentExecutions, 10);
                assert.strictEqual(fn.role, `arn:aws:iam::${ACCOUNT}:role/gh-webhook-role`);
                assert.deepStrictEqual(fn.loggingConfig, { logFormat: "Text", logGroup: "gh-webhook-logs" });
                assert.strictEqual(fn.deadLetterConfig, undefined);
                assert.deepStrictEqual(mocks.named("gh-webhook-logs").inputs, { namePrefix: "/aws/lambda/gh-webhook-", retentionInDays: 30 });
                // Every file of the events-delivery bundle: the S3 client beside it is loaded only for large events.
                assert.deepStrictEqual(await archiveContents(fn.code), {
                    "index.js": { path: path.join(ROOT, "handlers", "dist", "webhook", "index.js"), text: undefined },
                    "s3-client.js": { path: path.join(ROOT, "handlers", "dist", "webhook", "s3-client.js"), text: undefined },
                });
            });

            it("sets the environment of the contract, with the secret's ARN and never its value", async () => {
                const mocks = await build();
                assert.deepStrictEqual(environmentOf(mocks, "gh-webhook"), {
                    EBK_PROVIDER: "github",
                    EBK_PROVIDER_OPTIONS: "{}",
                    EBK_SECRET_ARN: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:gh-secret-AbCdEf`,
                    EBK_DELIVERY: "events",
                    EBK_EVENT_BUS_NAME: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${busNameOf(mocks, "gh-bus")}`,
                    EBK_DEADLINE_MS: "10000",
                    // A function URL passes on 6 MB; EventBridge takes entries of 1 MiB.
                    EBK_MAX_BODY_BYTES: "6291456",
                    EBK_MAX_ENTRY_BYTES: "1048576",
                    EBK_LOG_LEVEL: "info",
                });
            });

            it("keeps the secret secret: a secret input of the secret version, and nowhere else", async () => {
                const mocks = await build();
                const version = mocks.named("gh-secret-value").inputs;
                assert.ok(isWireSecret(version.secretString), "secretString reaches the engine as a secret");
                assert.strictEqual(version.secretString.value, SECRET_VALUE);
                for (const resource of mocks.resources.filter((r) => r.name !== "gh-secret-value")) {
                    assert.ok(!JSON.stringify(resource.inputs).includes(SECRET_VALUE), `${resource.name} does not carry the secret`);
                }
            });

            it("gives the function one role trusted by Lambda, with logs, the secret and the bus, each by exact ARN", async () => {
                const mocks = await build();
                assert.deepStrictEqual(JSON.parse(mocks.named("gh-webhook-role").inputs.assumeRolePolicy).Statement, [
                    { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
                ]);
                assert.strictEqual(mocks.named("gh-webhook-role").inputs.managedPolicyArns, undefined);
                assert.strictEqual(mocks.named("gh-webhook-role-policy").inputs.role, "gh-webhook-role-id");
                const busName = busNameOf(mocks, "gh-bus");
                assert.deepStrictEqual(statementsOf(mocks, "gh-webhook-role-policy"), [
                    { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:gh-webhook-logs:*` },
                    { Sid: "ReadSigningSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:gh-secret-AbCdEf` },
                    { Sid: "PutEventsOnBus", Effect: "Allow", Action: "events:PutEvents", Resource: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${busName}` },
                ]);
            });

            it("alarms on errors and throttles of the function, without actions by default", async () => {
                const mocks = await build();
                assert.deepStrictEqual(mocks.named("gh-webhook-errors").inputs, {
                    alarmDescription: "The webhook handler failed (uncaught error or timeout): the provider retries, check its logs.",
                    namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: "gh-webhook" }, statistic: "Sum",
                    period: 300, evaluationPeriods: 1, threshold: 0, comparisonOperator: "GreaterThanThreshold",
                    treatMissingData: "notBreaching", alarmActions: [], okActions: [],
                });
                assert.strictEqual(mocks.named("gh-webhook-throttles").inputs.metricName, "Throttles");
            });

            it("alarms on a spike of signature failures (5 or more 401s in 5 minutes), from the metric the handler emits", async () => {
                const mocks = await build();
                assert.deepStrictEqual(mocks.named("gh-webhook-signature-failures").inputs, {
                    alarmDescription: "The webhook endpoint refused many requests as unsigned or wrongly signed (401): the signing secret is probably out of sync "
                        + "with the sender; compare it with the provider's webhook settings (docs/secret-rotation.md).",
                    namespace: "EventBridgeKit/Webhook", metricName: "SignatureFailures", dimensions: { FunctionName: "gh-webhook" }, statistic: "Sum",
                    period: 300, evaluationPeriods: 1, threshold: 5, comparisonOperator: "GreaterThanOrEqualToThreshold",
                    treatMissingData: "notBreaching", alarmActions: [], okActions: [],
                });
            });

            it("alarms on 5xx answers of the function URL, which failed deliveries are (not function errors)", async () => {
                const mocks = await build();
                const alarm = mocks.named("gh-webhook-5xx").inputs;
                assert.deepStrictEqual([alarm.namespace, alarm.metricName, alarm.dimensions, alarm.statistic, alarm.threshold, alarm.comparisonOperator],
                    ["AWS/Lambda", "Url5xxCount", { FunctionName: "gh-webhook" }, "Sum", 0, "GreaterThanThreshold"]);
            });

            it("exposes url, functionName, eventBusName and secretArn", async () => {
                const mocks = await build();
                assert.strictEqual(await valueOf(ingress.url), `https://gh-url.lambda-url.${REGION}.on.aws/`);
                assert.strictEqual(await valueOf(ingress.functionName), "gh-webhook");
                assert.strictEqual(await valueOf(ingress.eventBusName!), busNameOf(mocks, "gh-bus"));
                assert.strictEqual(await valueOf(ingress.secretArn), `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:gh-secret-AbCdEf`);
                assert.strictEqual(ingress.bucket, undefined);
                assert.strictEqual(ingress.batchProcessor, undefined);
                assert.ok(ingress.eventBus, "the created bus is exposed");
            });
        });

        describe("a given bus and an existing secret", () => {
            const secretArn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:github-webhook-Xy12Zw`;

            it("creates neither bus nor secret, and grants access to exactly the given ones (bus resource)", async () => {
                let ingress: WebhookIngress | undefined;
                const mocks = await deploy(preview, () => {
                    const bus = new aws.cloudwatch.EventBus("orders", { name: "orders" });
                    ingress = new WebhookIngress("gh", { provider: providers.github(), eventBus: bus, secret: { secretArn }, durableAcceptance: false });
                });
                assert.deepStrictEqual(inventory(mocks), [
                    `${T.bus} orders`, `${T.ingress} gh`, ...webhookResources("gh"), ...functionUrlResources("gh"),
                ].sort());
                const statements = statementsOf(mocks, "gh-webhook-role-policy");
                assert.deepStrictEqual(statements.slice(1), [
                    { Sid: "ReadSigningSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretArn },
                    { Sid: "PutEventsOnBus", Effect: "Allow", Action: "events:PutEvents", Resource: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/orders` },
                ]);
                assert.strictEqual(environmentOf(mocks, "gh-webhook").EBK_SECRET_ARN, secretArn);
                assert.strictEqual(await valueOf(ingress!.secretArn), secretArn);
                assert.strictEqual(ingress!.eventBus, undefined);
            });

            it("spells the ARN of a bus given by name in the stack's account and region", async () => {
                let ingress: WebhookIngress | undefined;
                const mocks = await deploy(preview, () => {
                    ingress = new WebhookIngress("gh", { provider: providers.github(), eventBus: "orders", secret: { secretArn } });
                });
                const busArn = `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/orders`;
                assert.deepStrictEqual(statementsOf(mocks, "gh-webhook-role-policy")[2].Resource, busArn);
                assert.strictEqual(environmentOf(mocks, "gh-webhook").EBK_EVENT_BUS_NAME, busArn);
                assert.strictEqual(await valueOf(ingress!.eventBusName!), "orders");
            });

            it("keeps a bus given by ARN (e.g. in another account) as it is", async () => {
                const busArn = "arn:aws:events:eu-west-1:210987654321:event-bus/central";
                let ingress: WebhookIngress | undefined;
                const mocks = await deploy(preview, () => {
                    ingress = new WebhookIngress("gh", { provider: providers.github(), eventBus: busArn, secret: { secretArn } });
                });
                assert.strictEqual(statementsOf(mocks, "gh-webhook-role-policy")[2].Resource, busArn);
                assert.strictEqual(await valueOf(ingress!.eventBusName!), "central");
            });

            it("is known to SafeRule's loop guard as a publisher to that bus, and to no other", async () => {
                let ingress: WebhookIngress | undefined;
                await deploy(preview, () => {
                    ingress = new WebhookIngress("gh", { provider: providers.github(), eventBus: "orders", secret: { secretArn } });
                });
                assert.strictEqual(isKnownPublisherTo(ingress!.function, "orders"), true);
                assert.strictEqual(isKnownPublisherTo(ingress!.function, "arn:aws:events:us-east-1:123456789012:event-bus/orders"), true);
                assert.strictEqual(isKnownPublisherTo(ingress!.function, "billing"), false);
            });

            it("lets the function decrypt a customer-managed key only through Secrets Manager", async () => {
                const kmsKeyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
                const mocks = await deploy(preview, () => {
                    new WebhookIngress("gh", { provider: providers.github(), eventBus: "orders", secret: { secretArn, kmsKeyArn } });
                });
                assert.deepStrictEqual(statementsOf(mocks, "gh-webhook-role-policy")[2], {
                    Sid: "DecryptSigningSecret", Effect: "Allow", Action: "kms:Decrypt", Resource: kmsKeyArn,
                    Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` } },
                });
            });
        });

        describe("providers fix the handler's options, the event source and the timeout", () => {
            const secretArn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:hook-Xy12Zw`;
            const cases: { provider: () => ReturnType<typeof providers.github>; provider_: string; options: object; deadline: string; timeout: number }[] = [
                { provider: () => providers.twilio({ publicUrl: "https://hooks.example.com/twilio" }), provider_: "twilio", options: { publicUrl: "https://hooks.example.com/twilio" }, deadline: "15000", timeout: 3 },
                { provider: () => providers.twilio(), provider_: "twilio", options: {}, deadline: "15000", timeout: 3 },
                { provider: () => providers.stripe({ toleranceSeconds: 120 }), provider_: "stripe", options: { toleranceSeconds: 120 }, deadline: "10000", timeout: 9 },
                { provider: () => providers.bird({ auth: "bearer" }), provider_: "bird", options: { auth: "bearer" }, deadline: "10000", timeout: 9 },
                {
                    provider: () => providers.hmac({ header: "X-Signature", algorithm: "sha256", encoding: "base64", prefix: "v1=", timestampHeader: "X-Timestamp", toleranceSeconds: 60, source: "com.example.billing", detailTypeHeader: "X-Event", deliveryIdHeader: "X-Delivery" }),
                    provider_: "hmac",
                    options: { header: "X-Signature", algorithm: "sha256", encoding: "base64", prefix: "v1=", timestampHeader: "X-Timestamp", source: "com.example.billing", detailTypeHeader: "X-Event", deliveryIdHeader: "X-Delivery", toleranceSeconds: 60 },
                    deadline: "10000",
                    timeout: 9,
                },
            ];
            for (const c of cases) {
                it(`${c.provider_} ${JSON.stringify(c.options)}`, async () => {
                    const mocks = await deploy(preview, () => {
                        new WebhookIngress("hook", { provider: c.provider(), eventBus: "orders", secret: { secretArn } });
                    });
                    const env = environmentOf(mocks, "hook-webhook");
                    assert.strictEqual(env.EBK_PROVIDER, c.provider_);
                    assert.deepStrictEqual(JSON.parse(env.EBK_PROVIDER_OPTIONS), c.options);
                    assert.strictEqual(env.EBK_DEADLINE_MS, c.deadline);
                    assert.strictEqual(mocks.named("hook-webhook").inputs.timeout, c.timeout);
                });
            }

            it("passes the optional knobs through, and an event source override", async () => {
                const mocks = await deploy(preview, () => {
                    new WebhookIngress("hook", {
                        provider: providers.github(), eventBus: "orders", secret: { secretArn },
                        eventSource: "com.example.github", secretCacheTtlSeconds: 60, previousSecretGraceSeconds: 600,
                        maxBodyBytes: 2_000_000, maxEntryBytes: 1_048_576, logLevel: "debug", timeoutSeconds: 5,
                        memorySize: 512, architecture: "x86_64", reservedConcurrency: 25, logRetentionDays: 90,
                    });
                });
                const env = environmentOf(mocks, "hook-webhook");
                assert.strictEqual(env.EBK_EVENT_SOURCE, "com.example.github");
                assert.strictEqual(env.EBK_SECRET_TTL_SECONDS, "60");
                assert.strictEqual(env.EBK_PREVIOUS_SECRET_GRACE_SECONDS, "600");
                assert.strictEqual(env.EBK_MAX_BODY_BYTES, "2000000");
                assert.strictEqual(env.EBK_MAX_ENTRY_BYTES, "1048576");
                assert.strictEqual(env.EBK_LOG_LEVEL, "debug");
                assert.strictEqual(env.EBK_DEADLINE_MS, "10000");
                const fn = mocks.named("hook-webhook").inputs;
                assert.deepStrictEqual([fn.timeout, fn.memorySize, fn.architectures, fn.reservedConcurrentExecutions], [5, 512, ["x86_64"], 25]);
                assert.strictEqual(mocks.named("hook-webhook-logs").inputs.retentionInDays, 90);
            });

            it("reserves no concurrency when told not to, and creates no alarm with alarms: false", async () => {
                const mocks = await deploy(preview, () => {
                    new WebhookIngress("hook", { provider: providers.github(), eventBus: "orders", secret: { secretArn }, reservedConcurrency: false, alarms: false });
                });
                assert.strictEqual(mocks.named("hook-webhook").inputs.reservedConcurrentExecutions, undefined);
                assert.strictEqual(mocks.ofType(T.alarm).length, 0);
            });

            it("sends alarms to the given actions", async () => {
                const topic = `arn:aws:sns:${REGION}:${ACCOUNT}:oncall`;
                const mocks = await deploy(preview, () => {
                    new WebhookIngress("hook", { provider: providers.github(), eventBus: "orders", secret: { secretArn }, alarms: { actions: [topic], okActions: [topic] }, durableAcceptance: false });
                });
                for (const alarm of mocks.ofType(T.alarm)) {
                    assert.deepStrictEqual([alarm.inputs.alarmActions, alarm.inputs.okActions], [[topic], [topic]]);
                }
                assert.strictEqual(mocks.ofType(T.alarm).length, 4);
                const threshold = await deploy(preview, () => {
                    new WebhookIngress("hook", { provider: providers.github(), eventBus: "orders", secret: { secretArn }, alarms: { actions: [topic], signatureFailureThreshold: 1 } });
                });
                const alarm = threshold.named("hook-webhook-signature-failures").inputs;
                assert.deepStrictEqual([alarm.threshold, alarm.comparisonOperator, alarm.alarmActions, alarm.okActions], [1, "GreaterThanOrEqualToThreshold", [topic], []]);
            });

            it("stores events too large for one entry under their own prefix, with PutObject there only", async () => {
                const mocks = await deploy(preview, () => {
                    new WebhookIngress("hook", { provider: providers.github(), eventBus: "orders", secret: { secretArn }, largeEvents: { bucket: "big-events", prefix: "github/" } });
                });
                const env = environmentOf(mocks, "hook-webhook");
                assert.deepStrictEqual([env.EBK_OVERFLOW_BUCKET, env.EBK_OVERFLOW_PREFIX], ["big-events", "github/"]);
                assert.deepStrictEqual(statementsOf(mocks, "hook-webhook-role-policy")[3], {
                    Sid: "StoreLargeEvents", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::big-events/github/*",
                });
                // The events-delivery bundle, which loads its S3 client (s3-client.js) on the first large event.
                assert.deepStrictEqual(await archiveContents(mocks.named("hook-webhook").inputs.code), {
                    "index.js": { path: path.join(ROOT, "handlers", "dist", "webhook", "index.js"), text: undefined },
                    "s3-client.js": { path: path.join(ROOT, "handlers", "dist", "webhook", "s3-client.js"), text: undefined },
                });
            });
        });

        describe("Bird through an ALB with S3 delivery (the Bird guide's set-up)", () => {
            let ingress: WebhookIngress;
            const deployBird = (alb: { certificateArn?: string; hostedZoneId?: string }, emitEvents = true) => deploy(preview, () => {
                const rawBatches = new aws.s3.Bucket("raw-batches", { bucket: "raw-batches" });
                ingress = new WebhookIngress("bird", {
                    provider: providers.bird({ auth: { basic: { username: "bird", password: pulumi.secret("hunter2") } } }),
                    endpoint: { alb: { vpc: { vpcId: "vpc-0123", publicSubnetIds: ["subnet-a", "subnet-b"] }, domainName: "events.example.com", ...alb } },
                    delivery: { s3: { bucket: rawBatches, prefix: "bird/" }, emitEvents },
                });
            });
            // The guide's set-up is built once; the variations build their own.
            let guide: RecordingMocks;
            let guideIngress: WebhookIngress;
            before(async () => {
                guide = await deployBird({ hostedZoneId: "Z123" });
                guideIngress = ingress;
            });
            const guideSetUp = async (): Promise<RecordingMocks> => {
                ingress = guideIngress;
                return guide;
            };

            it("creates the load balancer path, the batch processor with its dead-letter queue, and the notification", async () => {
                const mocks = await guideSetUp();
                assert.deepStrictEqual(inventory(mocks), [
                    "aws:s3/bucket:Bucket raw-batches",
                    `${T.ingress} bird`,
                    ...defaultBusResources("bird-bus"),
                    `${T.secret} bird-secret`,
                    `${T.secretVersion} bird-secret-value`,
                    ...webhookResources("bird"),
                    `${T.securityGroup} bird-alb-sg`,
                    `${T.loadBalancer} bird-alb`,
                    `${T.targetGroup} bird-alb-tg`,
                    `${T.permission} bird-alb-invoke`,
                    `${T.attachment} bird-alb-target`,
                    `${T.record} bird-alb-alias`,
                    `${T.certificate} bird-alb-cert`,
                    `${T.record} bird-alb-cert-validation`,
                    `${T.certificateValidation} bird-alb-cert-validated`,
                    `${T.listener} bird-alb-https`,
                    `${T.queue} bird-batch-processor-dlq`,
                    `${T.logGroup} bird-batch-processor-logs`,
                    `${T.role} bird-batch-processor-role`,
                    `${T.rolePolicy} bird-batch-processor-role-policy`,
                    `${T.fn} bird-batch-processor`,
                    `${T.permission} bird-batch-processor-s3-invoke`,
                    `${T.notification} bird-batch-notification`,
                    `${T.alarm} bird-batch-processor-errors`,
                    `${T.alarm} bird-batch-processor-throttles`,
                    `${T.alarm} bird-batch-processor-dlq-depth`,
                ].sort());
                assert.strictEqual(mocks.ofType(T.url).length, 0, "no function URL behind an ALB");
                assert.ok(mocks.ofType(T.permission).every((p) => p.inputs.principal !== "*"), "nothing is granted to everyone");
            });

            it("listens on 443 only, with TLS 1.2+ and the validated certificate, and opens the security group on 443 only", async () => {
                const mocks = await guideSetUp();
                assert.deepStrictEqual(mocks.named("bird-alb-https").inputs, {
                    loadBalancerArn: lbArn(mocks),
                    port: 443,
                    protocol: "HTTPS",
                    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
                    certificateArn: CERT_ARN,
                    defaultActions: [{ type: "forward", targetGroupArn: tgArn(mocks) }],
                });
                assert.strictEqual(mocks.ofType(T.listener).length, 1);
                const sg = mocks.named("bird-alb-sg").inputs;
                assert.deepStrictEqual(sg.ingress, [{ description: "HTTPS", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }]);
                assert.deepStrictEqual(sg.egress, []);
                assert.strictEqual(sg.vpcId, "vpc-0123");
                assert.deepStrictEqual(mocks.named("bird-alb").inputs, {
                    name: mocks.named("bird-alb").inputs.name,
                    loadBalancerType: "application", internal: false, subnets: ["subnet-a", "subnet-b"],
                    securityGroups: ["bird-alb-sg-id"], dropInvalidHeaderFields: true,
                });
            });

            it("targets the function through a Lambda target group, permitted for that target group only", async () => {
                const mocks = await guideSetUp();
                assert.deepStrictEqual(mocks.named("bird-alb-tg").inputs, { name: mocks.named("bird-alb-tg").inputs.name, targetType: "lambda", lambdaMultiValueHeadersEnabled: true });
                assert.deepStrictEqual(mocks.named("bird-alb-invoke").inputs, {
                    function: "bird-webhook", action: "lambda:InvokeFunction", principal: "elasticloadbalancing.amazonaws.com",
                    sourceArn: tgArn(mocks),
                });
                assert.deepStrictEqual(mocks.named("bird-alb-target").inputs, {
                    targetGroupArn: tgArn(mocks),
                    targetId: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:bird-webhook`,
                });
            });

            it("alarms on the target's 5xx answers at the load balancer", async () => {
                const mocks = await guideSetUp();
                const alarm = mocks.named("bird-webhook-5xx").inputs;
                assert.deepStrictEqual([alarm.namespace, alarm.metricName, alarm.dimensions], [
                    "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count",
                    { LoadBalancer: `app/${mocks.named("bird-alb").inputs.name}/50dc6c495c0c9188`, TargetGroup: `targetgroup/${mocks.named("bird-alb-tg").inputs.name}/73e2d6bc24d8a067` },
                ]);
            });

            it("validates a new certificate by DNS and points the domain at the load balancer", async () => {
                const mocks = await guideSetUp();
                assert.deepStrictEqual(mocks.named("bird-alb-cert").inputs, { domainName: "events.example.com", validationMethod: "DNS" });
                if (!preview) {
                    assert.deepStrictEqual(mocks.named("bird-alb-cert-validation").inputs, {
                        zoneId: "Z123", name: "_0123456789abcdef.events.example.com.", type: "CNAME",
                        records: ["_fedcba9876543210.acm-validations.aws."], ttl: 60, allowOverwrite: true,
                    });
                    assert.deepStrictEqual(mocks.named("bird-alb-cert-validated").inputs, {
                        certificateArn: CERT_ARN,
                        validationRecordFqdns: ["_0123456789abcdef.events.example.com"],
                    });
                }
                assert.deepStrictEqual(mocks.named("bird-alb-alias").inputs, {
                    zoneId: "Z123", name: "events.example.com", type: "A",
                    aliases: [{ name: `${mocks.named("bird-alb").inputs.name}-1234567890.us-east-1.elb.amazonaws.com`, zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: false }],
                });
                assert.strictEqual(await valueOf(ingress.url), "https://events.example.com/");
            });

            it("names the load balancer and target group within AWS's 32 characters, stably, whatever the component's name", async () => {
                const mocks = await guideSetUp();
                assert.match(mocks.named("bird-alb").inputs.name, /^bird-alb-[0-9a-f]{8}$/);
                assert.match(mocks.named("bird-alb-tg").inputs.name, /^bird-alb-tg-[0-9a-f]{8}$/);
                const long = await deploy(preview, () => {
                    new WebhookIngress("sparkpost_events_production", {
                        provider: providers.bird({ auth: "basic" }),
                        secret: { secretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:bird-Xy12Zw` },
                        endpoint: { alb: { vpc: { vpcId: "vpc-0123", publicSubnetIds: ["subnet-a"] }, domainName: "events.example.com", certificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/abcd` } },
                    });
                });
                for (const resource of ["sparkpost_events_production-alb", "sparkpost_events_production-alb-tg"]) {
                    const physical: string = long.named(resource).inputs.name;
                    assert.match(physical, /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/, physical);
                    assert.match(physical, /^sparkpost-events-produc.*-[0-9a-f]{8}$/, physical);
                }
                assert.notStrictEqual(long.named("sparkpost_events_production-alb").inputs.name, long.named("sparkpost_events_production-alb-tg").inputs.name);
            });

            it("uses a given certificate as it is, with no record when no hosted zone is given", async () => {
                const certificateArn = `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/abcd`;
                const mocks = await deployBird({ certificateArn });
                assert.strictEqual(mocks.named("bird-alb-https").inputs.certificateArn, certificateArn);
                assert.deepStrictEqual([mocks.ofType(T.certificate).length, mocks.ofType(T.record).length, mocks.ofType(T.certificateValidation).length], [0, 0, 0]);
            });

            it("stores the Bird credentials as the JSON the handler reads, as a secret", async () => {
                const mocks = await guideSetUp();
                const secretString = mocks.named("bird-secret-value").inputs.secretString;
                assert.ok(isWireSecret(secretString));
                assert.deepStrictEqual(JSON.parse(secretString.value), { username: "bird", password: "hunter2" });
                assert.deepStrictEqual(JSON.parse(environmentOf(mocks, "bird-webhook").EBK_PROVIDER_OPTIONS), { auth: "basic" });
                for (const resource of mocks.resources.filter((r) => r.name !== "bird-secret-value")) {
                    assert.ok(!JSON.stringify(resource.inputs).includes("hunter2"), `${resource.name} does not carry the password`);
                }
            });

            it("lets the webhook store raw batches under the prefix only, and never put events", async () => {
                const mocks = await guideSetUp();
                const env = environmentOf(mocks, "bird-webhook");
                assert.deepStrictEqual([env.EBK_DELIVERY, env.EBK_BUCKET, env.EBK_PREFIX, env.EBK_EVENT_BUS_NAME], ["s3", "raw-batches", "bird/", undefined]);
                // An ALB passes a Lambda target at most 1 MB of body: the default limit is that one.
                assert.strictEqual(env.EBK_MAX_BODY_BYTES, "1048576");
                assert.deepStrictEqual(statementsOf(mocks, "bird-webhook-role-policy").slice(1), [
                    { Sid: "ReadSigningSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:bird-secret-AbCdEf` },
                    { Sid: "StoreRawDeliveries", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::raw-batches/bird/*" },
                ]);
                assert.deepStrictEqual(await archiveContents(mocks.named("bird-webhook").inputs.code), {
                    "index.js": { path: path.join(ROOT, "handlers", "dist", "webhook-s3", "index.js"), text: undefined },
                });
            });

            it("gives the batch processor read on the prefix, PutEvents on the bus and its dead-letter queue, and nothing else", async () => {
                const mocks = await guideSetUp();
                const busName = busNameOf(mocks, "bird-bus");
                assert.deepStrictEqual(statementsOf(mocks, "bird-batch-processor-role-policy"), [
                    { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:bird-batch-processor-logs:*` },
                    { Sid: "ReadRawDeliveries", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::raw-batches/bird/*" },
                    { Sid: "PutEventsOnBus", Effect: "Allow", Action: "events:PutEvents", Resource: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${busName}` },
                    { Sid: "KeepFailedBatches", Effect: "Allow", Action: "sqs:SendMessage", Resource: `arn:aws:sqs:${REGION}:${ACCOUNT}:bird-batch-processor-dlq` },
                ]);
                const fn = mocks.named("bird-batch-processor").inputs;
                assert.deepStrictEqual(fn.deadLetterConfig, { targetArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:bird-batch-processor-dlq` });
                assert.deepStrictEqual([fn.timeout, fn.handler, fn.runtime], [60, "index.handler", "nodejs22.x"]);
                assert.deepStrictEqual(environmentOf(mocks, "bird-batch-processor"), {
                    EBK_EVENT_BUS_NAME: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${busName}`,
                    EBK_MAX_ENTRY_BYTES: "1048576",
                    EBK_LOG_LEVEL: "info",
                });
                assert.deepStrictEqual(await archiveContents(fn.code), {
                    "index.js": { path: path.join(ROOT, "handlers", "dist", "batch-processor", "index.js"), text: undefined },
                });
                assert.deepStrictEqual(mocks.named("bird-batch-processor-dlq").inputs, { sqsManagedSseEnabled: true, messageRetentionSeconds: 1_209_600 });
            });

            it("invokes the processor for objects created under the prefix, permitted for that bucket and account only", async () => {
                const mocks = await guideSetUp();
                assert.deepStrictEqual(mocks.named("bird-batch-processor-s3-invoke").inputs, {
                    function: "bird-batch-processor", action: "lambda:InvokeFunction", principal: "s3.amazonaws.com",
                    sourceArn: "arn:aws:s3:::raw-batches", sourceAccount: ACCOUNT,
                });
                assert.deepStrictEqual(mocks.named("bird-batch-notification").inputs, {
                    bucket: "raw-batches",
                    lambdaFunctions: [{ lambdaFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:bird-batch-processor`, events: ["s3:ObjectCreated:*"], filterPrefix: "bird/" }],
                });
                assert.deepStrictEqual(mocks.named("bird-batch-processor-dlq-depth").inputs.dimensions, { QueueName: "bird-batch-processor-dlq" });
                assert.strictEqual(mocks.named("bird-batch-processor-dlq-depth").inputs.metricName, "ApproximateNumberOfMessagesVisible");
                assert.strictEqual(await valueOf(ingress.bucket!), "raw-batches");
                assert.strictEqual(await valueOf(ingress.prefix!), "bird/");
            });

            it("records the batch processor, not the webhook function, as the bus's publisher", async () => {
                await guideSetUp();
                assert.strictEqual(isKnownPublisherTo(ingress.batchProcessor, ingress.eventBus), true);
                assert.strictEqual(isKnownPublisherTo(ingress.function, ingress.eventBus), false);
            });

            it("only stores batches when emitEvents is false: no bus, no processor", async () => {
                const mocks = await deployBird({ hostedZoneId: "Z123" }, false);
                assert.deepStrictEqual([mocks.ofType(T.bus).length, mocks.ofType(T.fn).length, mocks.ofType(T.queue).length, mocks.ofType(T.notification).length], [0, 1, 0, 0]);
                assert.strictEqual(ingress.eventBusName, undefined);
                assert.ok(statementsOf(mocks, "bird-webhook-role-policy").every((s) => s.Action !== "events:PutEvents"));
            });
        });

        it("IAM documents name exact ARNs: no wildcard but the log-stream and key-prefix suffixes", async () => {
            const mocks = await deploy(preview, () => {
                new WebhookIngress("bird", {
                    provider: providers.bird({ auth: { bearer: { token: pulumi.secret("t0ken") } } }),
                    delivery: { s3: { bucket: "raw-batches", prefix: "bird/" } },
                    largeEvents: { bucket: "raw-batches", prefix: "large/" },
                });
            });
            const resources = mocks.ofType(T.rolePolicy).flatMap((p) => statementsOf(mocks, p.name)).flatMap((s) => [s.Resource].flat());
            assert.strictEqual(resources.length, 8);
            for (const resource of resources) {
                const star = resource.indexOf("*");
                assert.ok(star === -1 || (star === resource.length - 1 && /(:log-group:[^*]+:\*|^arn:aws:s3:::raw-batches\/(bird|large)\/\*)$/.test(resource)), resource);
            }
            const actions = mocks.ofType(T.rolePolicy).flatMap((p) => statementsOf(mocks, p.name)).flatMap((s) => [s.Action].flat());
            assert.ok(actions.every((a) => !a.includes("*")), actions.join(", "));
        });
    });
}
