import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { allowStatement, policyDocument, policyJson, PolicyStatement, serviceAssumeRolePolicy } from "../internal/iam";
import { DURABLE_BACKLOG_METRICS, DURABLE_DEAD_LETTER_PREFIX, DURABLE_PENDING_PREFIX } from "../../providers/durable";
import { BUCKET_NAME, SQS_MAX_RETENTION_SECONDS } from "../internal/limits";
import { fittedNamePrefix } from "../internal/names";
import { createAlarm, createFunctionAlarms } from "./alarms";
import { DEFAULTS, DurableAcceptanceSettings, ResolvedSettings, WebhookAlarmArgs } from "./args";
import { ResolvedEventBus } from "./event-bus";
import { handlerArchive } from "./handler-archive";
import { createHandlerFunction } from "./handler-function";

export interface DurableAcceptanceArgs {
    readonly settings: ResolvedSettings;
    readonly durable: DurableAcceptanceSettings;
    readonly bus: ResolvedEventBus;
    readonly accountId: pulumi.Input<string>;
    /** Variables shared with the webhook handler (log level). */
    readonly environment: Record<string, pulumi.Input<string>>;
    readonly alarms?: WebhookAlarmArgs;
}

export interface DurableAcceptance {
    readonly bucket: aws.s3.Bucket;
    readonly redrive: aws.lambda.Function;
    readonly deadLetterQueue: aws.sqs.Queue;
    readonly schedule: aws.scheduler.Schedule;
    readonly alarms: aws.cloudwatch.MetricAlarm[];
    /** What the webhook handler needs to store unconfirmed entries: its variables and PutObject on the pending prefix only. */
    readonly webhookEnvironment: Record<string, pulumi.Input<string>>;
    readonly webhookStatements: pulumi.Output<PolicyStatement[]>;
}

/**
 * Durable acceptance: an encrypted, private bucket of the ingress whose `pending/` prefix keeps
 * the entries PutEvents did not confirm in time, and the redrive function that sends them on,
 * invoked for each stored object (S3 ObjectCreated) and by a schedule that sweeps leftovers.
 * What it cannot deliver goes under `dead-letter/` and is announced on its dead-letter queue.
 * Resources are named `${name}-durable-store*`, `${name}-redrive*` and `${name}-sweep*`.
 */
export function createDurableAcceptance(name: string, args: DurableAcceptanceArgs, parent: pulumi.Resource): DurableAcceptance {
    const bucket = createDurableStore(name, parent);
    const pendingObjects = bucket.arn.apply((arn) => `${arn}/${DURABLE_PENDING_PREFIX}*`);
    const { redrive, deadLetterQueue } = createRedriveFunction(name, bucket, pendingObjects, args, parent);
    const invokeFromS3 = new aws.lambda.Permission(`${name}-redrive-s3-invoke`, {
        function: redrive.name,
        action: "lambda:InvokeFunction",
        principal: "s3.amazonaws.com",
        sourceArn: bucket.arn,
        sourceAccount: args.accountId,
    }, { parent });
    new aws.s3.BucketNotification(`${name}-durable-notification`, {
        bucket: bucket.bucket,
        lambdaFunctions: [{ lambdaFunctionArn: redrive.arn, events: ["s3:ObjectCreated:*"], filterPrefix: DURABLE_PENDING_PREFIX }],
    }, { parent, dependsOn: [invokeFromS3] });
    const schedule = createSweep(name, redrive, args, parent);
    return {
        bucket,
        redrive,
        deadLetterQueue,
        schedule,
        alarms: args.alarms ? durableAlarms(name, { bucket, redrive, deadLetterQueue }, args.durable, args.alarms, parent) : [],
        webhookEnvironment: { EBK_DURABLE_BUCKET: bucket.bucket, EBK_DURABLE_PREFIX: DURABLE_PENDING_PREFIX },
        webhookStatements: pendingObjects.apply((arn) => [allowStatement(["s3:PutObject"], [arn], "StoreUnconfirmedEntries")]),
    };
}

/** The store: private and encrypted, never emptied by a destroy while it may hold entries. */
function createDurableStore(name: string, parent: pulumi.Resource): aws.s3.Bucket {
    const bucket = new aws.s3.Bucket(`${name}-durable-store`, {
        bucketPrefix: fittedNamePrefix(`${name}-durable-store`.toLowerCase(), BUCKET_NAME),
        forceDestroy: false,
    }, { parent });
    new aws.s3.BucketPublicAccessBlock(`${name}-durable-store-private`, {
        bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    }, { parent });
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-durable-store-encryption`, {
        bucket: bucket.id,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    }, { parent });
    return bucket;
}

/** The redrive function and its dead-letter queue: it may list, read and delete pending entries only, and keep what it cannot deliver. */
function createRedriveFunction(
    name: string,
    bucket: aws.s3.Bucket,
    pendingObjects: pulumi.Output<string>,
    args: DurableAcceptanceArgs,
    parent: pulumi.Resource,
): { redrive: aws.lambda.Function; deadLetterQueue: aws.sqs.Queue } {
    const { settings, bus } = args;
    const deadLetterObjects = bucket.arn.apply((arn) => `${arn}/${DURABLE_DEAD_LETTER_PREFIX}*`);
    const deadLetterQueue = new aws.sqs.Queue(`${name}-redrive-dlq`, {
        sqsManagedSseEnabled: true,
        messageRetentionSeconds: SQS_MAX_RETENTION_SECONDS,
    }, { parent });
    const statements = pulumi.all([bucket.arn, pendingObjects, deadLetterObjects, bus.arn, deadLetterQueue.arn])
        .apply(([bucketArn, pending, deadLetters, busArn, queueArn]) => [
            {
                ...allowStatement(["s3:ListBucket"], [bucketArn], "ListPendingEntries"),
                Condition: { StringLike: { "s3:prefix": `${DURABLE_PENDING_PREFIX}*` } },
            },
            allowStatement(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], [pending], "RedrivePendingEntries"),
            allowStatement(["s3:PutObject"], [deadLetters], "KeepUndeliverableEntries"),
            allowStatement(["events:PutEvents"], [busArn], "PutEventsOnBus"),
            allowStatement(["sqs:SendMessage"], [queueArn], "AnnounceUndeliverableEntries"),
        ]);
    const redrive = createHandlerFunction(`${name}-redrive`, {
        description: `Sends the entries "${name}" stored while EventBridge did not confirm them on to the bus`,
        code: handlerArchive("durable-redrive"),
        environment: {
            EBK_EVENT_BUS_NAME: bus.arn,
            EBK_DURABLE_BUCKET: bucket.bucket,
            EBK_DURABLE_PREFIX: DURABLE_PENDING_PREFIX,
            EBK_DURABLE_DEAD_LETTER_PREFIX: DURABLE_DEAD_LETTER_PREFIX,
            EBK_DEAD_LETTER_QUEUE_URL: deadLetterQueue.url,
            ...args.environment,
        },
        timeoutSeconds: DEFAULTS.batchProcessorTimeoutSeconds,
        memorySize: settings.memorySize,
        architecture: settings.architecture,
        reservedConcurrency: settings.reservedConcurrency,
        logRetentionDays: settings.logRetentionDays,
        statements,
        deadLetterQueueArn: deadLetterQueue.arn,
    }, parent).function;
    return { redrive, deadLetterQueue };
}

/** The sweep: EventBridge Scheduler invokes the redrive through a role that may invoke it only. */
function createSweep(name: string, redrive: aws.lambda.Function, args: DurableAcceptanceArgs, parent: pulumi.Resource): aws.scheduler.Schedule {
    const sweepRole = new aws.iam.Role(`${name}-sweep-role`, {
        description: `Lets the durable-acceptance sweep schedule of "${name}" invoke its redrive function`,
        assumeRolePolicy: pulumi.output(args.accountId).apply((account) => policyJson(serviceAssumeRolePolicy({ service: "scheduler.amazonaws.com", sourceAccount: account }))),
    }, { parent });
    const sweepPolicy = new aws.iam.RolePolicy(`${name}-sweep-role-policy`, {
        role: sweepRole.id,
        policy: redrive.arn.apply((arn) => policyJson(policyDocument(allowStatement(["lambda:InvokeFunction"], [arn], "InvokeRedrive")))),
    }, { parent });
    return new aws.scheduler.Schedule(`${name}-sweep`, {
        description: `Redrives what "${name}" still holds in its durable store`,
        scheduleExpression: `rate(${args.durable.sweepIntervalMinutes} minute${args.durable.sweepIntervalMinutes === 1 ? "" : "s"})`,
        flexibleTimeWindow: { mode: "OFF" },
        target: {
            arn: redrive.arn,
            roleArn: sweepRole.arn,
            input: JSON.stringify({ sweep: true }),
            // A missed sweep is made up by the next one.
            retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 },
        },
    }, { parent, dependsOn: [sweepPolicy] });
}

/** The redrive's own alarms, undeliverable entries, and a backlog that does not drain (its size and its age). */
function durableAlarms(
    name: string,
    parts: { bucket: aws.s3.Bucket; redrive: aws.lambda.Function; deadLetterQueue: aws.sqs.Queue },
    durable: DurableAcceptanceSettings,
    alarms: WebhookAlarmArgs,
    parent: pulumi.Resource,
): aws.cloudwatch.MetricAlarm[] {
    const { bucket, redrive, deadLetterQueue } = parts;
    return [
        ...createFunctionAlarms(`${name}-redrive`, redrive, "durable-acceptance redrive function", alarms, parent),
        createAlarm(`${name}-redrive-dlq-depth`, {
            description: `Stored entries of "${name}" could not be delivered (PutEvents refused them for good); they are kept under ${DURABLE_DEAD_LETTER_PREFIX} in the durable store.`,
            namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: { QueueName: deadLetterQueue.name }, statistic: "Maximum",
        }, alarms, parent),
        createAlarm(`${name}-durable-backlog-size`, {
            description: `Entries of "${name}" wait in the durable store after a sweep: EventBridge did not accept them yet; the redrive keeps trying.`,
            namespace: DURABLE_BACKLOG_METRICS.namespace, metricName: DURABLE_BACKLOG_METRICS.objects,
            dimensions: { [DURABLE_BACKLOG_METRICS.dimension]: bucket.bucket }, statistic: "Maximum",
        }, alarms, parent),
        createAlarm(`${name}-durable-backlog-age`, {
            description: `The oldest entry of "${name}" in the durable store is over ${durable.backlogAgeAlarmSeconds} s old: deliveries are late; check the redrive function's logs.`,
            namespace: DURABLE_BACKLOG_METRICS.namespace, metricName: DURABLE_BACKLOG_METRICS.oldestAge,
            dimensions: { [DURABLE_BACKLOG_METRICS.dimension]: bucket.bucket }, statistic: "Maximum",
            threshold: durable.backlogAgeAlarmSeconds,
        }, alarms, parent),
    ];
}
