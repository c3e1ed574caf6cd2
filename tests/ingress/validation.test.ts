import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { providers, WebhookIngress, WebhookIngressArgs } from "../../components/ingress";
import { ComponentConfigError } from "../../components/errors";
import { RecordingMocks, settle } from "../../testing/mocks";

const secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:hook-Xy12Zw";
const github = (): WebhookIngressArgs => ({ provider: providers.github(), secret: { value: "s3cr3t" } });
const alb = { vpc: { vpcId: "vpc-1", publicSubnetIds: ["subnet-a", "subnet-b"] }, domainName: "events.example.com" };

interface Case {
    readonly name: string;
    readonly bad: () => WebhookIngressArgs;
    /** Parts of the message: the field, the rule broken, the fix. */
    readonly message: string[];
    /** The same arguments, corrected. */
    readonly good: () => WebhookIngressArgs;
}

const cases: Case[] = [
    {
        name: "a missing provider",
        bad: () => ({ secret: { value: "x" } }) as unknown as WebhookIngressArgs,
        message: ["provider: is missing or not from the providers catalogue.", "provider: providers.github()"],
        good: github,
    },
    {
        name: "a missing secret",
        bad: () => ({ provider: providers.github() }),
        message: ["secret: is missing: github deliveries cannot be verified without it.", "cfg.requireSecret"],
        good: github,
    },
    {
        name: "a secret with both a value and an ARN",
        bad: () => ({ provider: providers.github(), secret: { value: "x", secretArn } as never }),
        message: ["secret: has both value and secretArn."],
        good: () => ({ provider: providers.github(), secret: { secretArn } }),
    },
    {
        name: "an empty secret value",
        bad: () => ({ provider: providers.github(), secret: { value: "" } }),
        message: ["secret.value: is empty: every signature would fail.", "pulumi config set --secret"],
        good: github,
    },
    {
        name: "a Stripe API key instead of the endpoint's signing secret",
        bad: () => ({ provider: providers.stripe(), secret: { value: "sk_live_51abc" } }),
        message: ["secret.value: is not a Stripe endpoint signing secret", "whsec_"],
        good: () => ({ provider: providers.stripe(), secret: { value: "whsec_51abc" } }),
    },
    {
        name: "a partial secret ARN",
        bad: () => ({ provider: providers.github(), secret: { secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:hook" } }),
        message: ["secret.secretArn:", "is not the full ARN of a Secrets Manager secret", "six characters after its name"],
        good: () => ({ provider: providers.github(), secret: { secretArn } }),
    },
    {
        name: "Bird credentials given twice",
        bad: () => ({ provider: providers.bird({ auth: { bearer: { token: "t" } } }), secret: { secretArn } }),
        message: ["secret: is set, but providers.bird({ auth }) already carries the credentials.", "Remove secret"],
        good: () => ({ provider: providers.bird({ auth: { bearer: { token: "t" } } }) }),
    },
    {
        name: "Bird auth kind without the secret holding the credentials",
        bad: () => ({ provider: providers.bird({ auth: "basic" }) }),
        message: ["secret: is missing", "secret: { secretArn } of a secret holding them"],
        good: () => ({ provider: providers.bird({ auth: "basic" }), secret: { secretArn } }),
    },
    {
        name: "a bus name with a space",
        bad: () => ({ ...github(), eventBus: "my bus" }),
        message: ["eventBus: \"my bus\" is not an event bus name", "Pass the bus name, its ARN, or the bus resource."],
        good: () => ({ ...github(), eventBus: "my-bus" }),
    },
    {
        name: "an ARN that is not a bus",
        bad: () => ({ ...github(), eventBus: "arn:aws:sqs:us-east-1:123456789012:queue" }),
        message: ["eventBus:", "is not an event bus ARN", "event-bus/<name>"],
        good: () => ({ ...github(), eventBus: "arn:aws:events:us-east-1:123456789012:event-bus/orders" }),
    },
    {
        name: "S3 delivery without a bucket",
        bad: () => ({ ...github(), delivery: { s3: { prefix: "github/" } } as never }),
        message: ["delivery.s3.bucket: is missing: S3 delivery needs a bucket", "delivery: { s3: { bucket: myBucket"],
        good: () => ({ ...github(), delivery: { s3: { bucket: "raw-batches", prefix: "github/" } } }),
    },
    {
        name: "a bucket given as an ARN",
        bad: () => ({ ...github(), delivery: { s3: { bucket: "arn:aws:s3:::raw-batches" } } }),
        message: ["delivery.s3.bucket: \"arn:aws:s3:::raw-batches\" is not an S3 bucket name.", "not an ARN or URL"],
        good: () => ({ ...github(), delivery: { s3: { bucket: "raw-batches" } } }),
    },
    {
        name: "a key prefix without its slash",
        bad: () => ({ ...github(), delivery: { s3: { bucket: "raw-batches", prefix: "bird" } } }),
        message: ["delivery.s3.prefix: \"bird\" must be empty or a key prefix ending with \"/\"", "Use \"bird/\"."],
        good: () => ({ ...github(), delivery: { s3: { bucket: "raw-batches", prefix: "bird/" } } }),
    },
    {
        name: "a bus when S3 delivery emits no events",
        bad: () => ({ ...github(), eventBus: "orders", delivery: { s3: { bucket: "raw-batches" }, emitEvents: false } }),
        message: ["eventBus: is set, but delivery.emitEvents is false", "Remove eventBus, or set emitEvents: true."],
        good: () => ({ ...github(), eventBus: "orders", delivery: { s3: { bucket: "raw-batches" }, emitEvents: true } }),
    },
    {
        name: "a hook when S3 delivery emits no events",
        bad: () => ({ ...github(), delivery: { s3: { bucket: "raw-batches" }, emitEvents: false }, hook: { module: "./hook.ts" } }),
        message: ["hook: is set, but delivery.emitEvents is false: no events are emitted for it to see.", "Remove hook, or set emitEvents: true."],
        good: () => ({ ...github(), delivery: { s3: { bucket: "raw-batches" }, emitEvents: false } }),
    },
    {
        name: "large events stored where batches are processed",
        bad: () => ({ ...github(), delivery: { s3: { bucket: "raw-batches", prefix: "bird/" } }, largeEvents: { bucket: "raw-batches", prefix: "bird/large/" } }),
        message: ["largeEvents.prefix: \"bird/large/\" is inside delivery.s3.prefix \"bird/\" of the same bucket", "Use a prefix outside"],
        good: () => ({ ...github(), delivery: { s3: { bucket: "raw-batches", prefix: "bird/" } }, largeEvents: { bucket: "raw-batches", prefix: "large/" } }),
    },
    {
        name: "an ALB without certificate or hosted zone",
        bad: () => ({ ...github(), endpoint: { alb } }),
        message: ["endpoint.alb: has neither certificateArn nor hostedZoneId: the HTTPS listener needs a certificate.", "Pass certificateArn", "or hostedZoneId"],
        good: () => ({ ...github(), endpoint: { alb: { ...alb, hostedZoneId: "Z123" } } }),
    },
    {
        name: "an ALB without a domain",
        bad: () => ({ ...github(), endpoint: { alb: { ...alb, domainName: undefined as never, certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc" } } }),
        message: ["endpoint.alb.domainName: is missing: the provider must call a name the certificate covers.", "e.g. \"events.example.com\""],
        good: () => ({ ...github(), endpoint: { alb: { ...alb, certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc" } } }),
    },
    {
        name: "an ALB certificate that is not an ACM ARN",
        bad: () => ({ ...github(), endpoint: { alb: { ...alb, certificateArn: "arn:aws:iam::123456789012:server-certificate/web" } } }),
        message: ["endpoint.alb.certificateArn:", "is not an ACM certificate ARN."],
        good: () => ({ ...github(), endpoint: { alb: { ...alb, certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc" } } }),
    },
    {
        name: "a log retention CloudWatch does not offer",
        bad: () => ({ ...github(), logRetentionDays: 45 }),
        message: ["logRetentionDays: 45 is not a retention CloudWatch Logs accepts.", "Use one of 1, 3, 5, 7, 14, 30, 60"],
        good: () => ({ ...github(), logRetentionDays: 60 }),
    },
    {
        name: "a timeout as long as the provider's own",
        bad: () => ({ ...github(), timeoutSeconds: 10 }),
        message: ["timeoutSeconds: 10 is not a whole number from 1 to 9: github gives up after 10 s", "Use at most 9"],
        good: () => ({ ...github(), timeoutSeconds: 9 }),
    },
    {
        name: "zero reserved concurrency",
        bad: () => ({ ...github(), reservedConcurrency: 0 }),
        message: ["reservedConcurrency: 0 is not a whole number of at least 1", "or false to reserve none"],
        good: () => ({ ...github(), reservedConcurrency: 1 }),
    },
    {
        name: "too little memory",
        bad: () => ({ ...github(), memorySize: 64 }),
        message: ["memorySize: 64 is not a whole number of MB from 128 to 10240."],
        good: () => ({ ...github(), memorySize: 128 }),
    },
    {
        name: "a body limit above a function URL's payload limit",
        bad: () => ({ ...github(), maxBodyBytes: 7_000_000 }),
        message: ["maxBodyBytes: 7000000 is not a whole number of bytes from 1 to 6291456 (a function URL passes on at most 6 MB).", "Use e.g. 6291456"],
        good: () => ({ ...github(), maxBodyBytes: 6_291_456 }),
    },
    {
        name: "a body limit above what an ALB passes to Lambda",
        bad: () => ({ ...github(), endpoint: { alb: { ...alb, hostedZoneId: "Z123" } }, maxBodyBytes: 2_000_000 }),
        message: ["maxBodyBytes: 2000000 is not a whole number of bytes from 1 to 1048576 (an ALB passes a Lambda target at most 1 MB of body).", "Use e.g. 1048576"],
        good: () => ({ ...github(), endpoint: { alb: { ...alb, hostedZoneId: "Z123" } }, maxBodyBytes: 1_048_576 }),
    },
    {
        name: "an entry limit above EventBridge's event size",
        bad: () => ({ ...github(), maxEntryBytes: 2_000_000 }),
        message: ["maxEntryBytes: 2000000 is not a whole number of bytes from 1 to 1048576 (EventBridge accepts PutEvents entries of at most 1 MiB)."],
        good: () => ({ ...github(), maxEntryBytes: 1_048_576 }),
    },
    {
        name: "a signature-failure threshold of 0 (every 5 minutes would alarm)",
        bad: () => ({ ...github(), alarms: { signatureFailureThreshold: 0 } }),
        message: ["alarms.signatureFailureThreshold: 0 is not a whole number of at least 1.", "Use e.g. 5 (401 answers in 5 minutes)"],
        good: () => ({ ...github(), alarms: { signatureFailureThreshold: 1 } }),
    },
    {
        name: "an event source reserved for AWS",
        bad: () => ({ ...github(), eventSource: "aws.github" }),
        message: ["eventSource: \"aws.github\" starts with \"aws.\"", "com.example.webhooks"],
        good: () => ({ ...github(), eventSource: "com.example.github" }),
    },
    {
        name: "a hook together with a replacement archive",
        bad: () => ({ ...github(), hook: { module: "./hook.ts" }, handlerArchive: new pulumi.asset.AssetArchive({}) }),
        message: ["hook: and handlerArchive are both set", "pass only hook"],
        good: () => ({ ...github(), handlerArchive: new pulumi.asset.AssetArchive({}) }),
    },
    {
        name: "a negative secret cache TTL",
        bad: () => ({ ...github(), secretCacheTtlSeconds: -1 }),
        message: ["secretCacheTtlSeconds: -1 is not a whole number of seconds (0 or more)."],
        good: () => ({ ...github(), secretCacheTtlSeconds: 0 }),
    },
    {
        name: "an unknown log level",
        bad: () => ({ ...github(), logLevel: "trace" as never }),
        message: ["logLevel: \"trace\" is not a log level.", "\"info\" (default) or \"debug\""],
        good: () => ({ ...github(), logLevel: "debug" }),
    },
    {
        name: "an unknown endpoint",
        bad: () => ({ ...github(), endpoint: "apiGateway" as never }),
        message: ["endpoint: \"apiGateway\" is not an endpoint.", "Use \"functionUrl\" (default)"],
        good: () => ({ ...github(), endpoint: "functionUrl" }),
    },
];

describe("ingress/WebhookIngress validation", () => {
    beforeEach(async () => {
        await new RecordingMocks().install();
    });

    for (const c of cases) {
        it(`refuses ${c.name}, naming the field and the fix, before registering anything; accepts it corrected`, async () => {
            const mocks = new RecordingMocks();
            await mocks.install();
            assert.throws(() => new WebhookIngress("hook", c.bad()), (error: unknown) => {
                assert.ok(error instanceof ComponentConfigError, `expected ComponentConfigError, got ${String(error)}`);
                assert.ok(error.message.startsWith("WebhookIngress \"hook\": "), error.message);
                for (const part of c.message) {
                    assert.ok(error.message.includes(part), `"${error.message}"\n  does not contain "${part}"`);
                }
                return true;
            });
            await settle(mocks);
            assert.deepStrictEqual(mocks.resources.map((r) => `${r.type} ${r.name}`), []);
            assert.doesNotThrow(() => new WebhookIngress("hook-ok", c.good()));
        });
    }

    it("refuses a component name too long for the names generated for its roles and functions", () => {
        const s3 = { ...github(), delivery: { s3: { bucket: "raw-batches" } } } as const;
        const name36 = "a".repeat(36);
        assert.throws(() => new WebhookIngress(name36, s3), (error: unknown) => error instanceof ComponentConfigError
            && error.message === `WebhookIngress "${name36}": name: "${name36}" is 36 characters: the generated name of role "${name36}-batch-processor-role" (plus 8 random characters) would exceed AWS's limit of 64. Use a component name of at most 35 characters.`);
        assert.doesNotThrow(() => new WebhookIngress("a".repeat(35), s3));
        // Without a batch processor, the webhook's role is the longest name.
        assert.throws(() => new WebhookIngress("b".repeat(44), github()), /name: "b{44}" is 44 characters: .*"b{44}-webhook-role".* at most 43 characters\./);
        assert.doesNotThrow(() => new WebhookIngress("b".repeat(43), github()));
    });

    it("refuses a component name with characters its generated Lambda function names cannot carry", () => {
        assert.throws(() => new WebhookIngress("orders.github hooks", github()), (error: unknown) => error instanceof ComponentConfigError
            && error.message === `WebhookIngress "orders.github hooks": name: "orders.github hooks" contains ".", " ": the names generated from it for its Lambda functions allow only A-Za-z0-9_-. Use a component name of A-Za-z0-9_- only, such as "orders-github-hooks".`);
        assert.doesNotThrow(() => new WebhookIngress("Orders_github-hooks2", github()));
    });

    it("checks a secret only known at deploy time when it resolves, and fails the update with the same message", async () => {
        const mocks = new RecordingMocks();
        await mocks.install();
        const failures: unknown[] = [];
        const onRejection = (reason: unknown) => { failures.push(reason); };
        process.on("unhandledRejection", onRejection);
        try {
            new WebhookIngress("stripe", { provider: providers.stripe(), secret: { value: pulumi.secret(pulumi.output("sk_live_51abc")) } });
            await settle(mocks);
            await new Promise((resolve) => setTimeout(resolve, 50));
        } finally {
            process.off("unhandledRejection", onRejection);
        }
        const messages = failures.map((f) => (f instanceof Error ? f.message : String(f)));
        assert.ok(messages.some((m) => m.includes("WebhookIngress \"stripe\": secret.value: is not a Stripe endpoint signing secret")), messages.join("\n"));
        assert.strictEqual(mocks.resources.some((r) => r.name === "stripe-secret-value"), false, "the bad value is never stored");
    });
});
