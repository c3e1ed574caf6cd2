import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BatchProcessorVariables, encodeEnvironment, EnvironmentValues } from "../../providers";
import { allowStatement, PolicyStatement } from "../internal/iam";
import { SQS_MAX_RETENTION_SECONDS } from "../internal/limits";
import { createAlarm, createFunctionAlarms } from "./alarms";
import { DEFAULTS, WebhookAlarmArgs } from "./args";
import type { ResolvedSettings } from "./args";
import { prefixObjectsArn, ResolvedBucket } from "./bucket";
import { ResolvedEventBus } from "./event-bus";
import { handlerArchive } from "./handler-archive";
import { createHandlerFunction } from "./handler-function";

export interface BatchProcessingArgs {
    readonly description: string;
    readonly settings: ResolvedSettings;
    readonly rawBatches: ResolvedBucket;
    readonly bus: ResolvedEventBus;
    readonly accountId: pulumi.Input<string>;
    /** Variables shared with the webhook handler (log level, event source, large events, hook). */
    readonly environment: EnvironmentValues<Omit<BatchProcessorVariables, "EBK_EVENT_BUS_NAME" | "EBK_MAX_ENTRY_BYTES">, pulumi.Output<string>>;
    /** Permissions shared with the webhook handler (storing large events). */
    readonly extraStatements: pulumi.Output<PolicyStatement[]>;
    readonly hookCode?: string;
    readonly alarms?: WebhookAlarmArgs;
}

export interface BatchProcessing {
    readonly processor: aws.lambda.Function;
    readonly deadLetterQueue: aws.sqs.Queue;
    readonly alarms: aws.cloudwatch.MetricAlarm[];
}

/**
 * The second half of S3 delivery: every object created under the prefix invokes the batch
 * processor, which puts one event per record on the bus. A batch it cannot process is retried
 * by Lambda, then kept in an encrypted dead-letter queue (14 days, alarmed on the first
 * message), so no batch is dropped silently. Resources are named `${name}-batch-processor*` and
 * `${name}-batch-notification`.
 */
export function createBatchProcessing(name: string, args: BatchProcessingArgs, parent: pulumi.Resource): BatchProcessing {
    const { settings, rawBatches, bus } = args;
    const deadLetterQueue = new aws.sqs.Queue(`${name}-batch-processor-dlq`, {
        sqsManagedSseEnabled: true,
        messageRetentionSeconds: SQS_MAX_RETENTION_SECONDS,
    }, { parent });
    const statements = pulumi.all([prefixObjectsArn(rawBatches, settings.prefix), bus.arn, deadLetterQueue.arn, args.extraStatements])
        .apply(([objects, busArn, queueArn, extra]) => [
            allowStatement(["s3:GetObject"], [objects], "ReadRawDeliveries"),
            allowStatement(["events:PutEvents"], [busArn], "PutEventsOnBus"),
            allowStatement(["sqs:SendMessage"], [queueArn], "KeepFailedBatches"),
            ...extra,
        ]);
    const processor = createHandlerFunction(`${name}-batch-processor`, {
        description: args.description,
        code: handlerArchive("batch-processor", args.hookCode),
        environment: encodeEnvironment<BatchProcessorVariables, pulumi.Output<string>>({
            EBK_EVENT_BUS_NAME: bus.arn,
            EBK_MAX_ENTRY_BYTES: settings.maxEntryBytes,
            ...args.environment,
        }),
        timeoutSeconds: DEFAULTS.batchProcessorTimeoutSeconds,
        memorySize: settings.memorySize,
        architecture: settings.architecture,
        reservedConcurrency: settings.reservedConcurrency,
        logRetentionDays: settings.logRetentionDays,
        statements,
        deadLetterQueueArn: deadLetterQueue.arn,
    }, parent).function;
    const invokeFromS3 = new aws.lambda.Permission(`${name}-batch-processor-s3-invoke`, {
        function: processor.name,
        action: "lambda:InvokeFunction",
        principal: "s3.amazonaws.com",
        sourceArn: rawBatches.arn,
        sourceAccount: args.accountId,
    }, { parent });
    new aws.s3.BucketNotification(`${name}-batch-notification`, {
        bucket: rawBatches.name,
        lambdaFunctions: [{
            lambdaFunctionArn: processor.arn,
            events: ["s3:ObjectCreated:*"],
            filterPrefix: settings.prefix === "" ? undefined : settings.prefix,
        }],
    }, { parent, dependsOn: [invokeFromS3] });
    const alarms = args.alarms
        ? [
            ...createFunctionAlarms(`${name}-batch-processor`, processor, "batch processor", args.alarms, parent),
            createAlarm(`${name}-batch-processor-dlq-depth`, {
                description: `Stored batches of "${name}" could not be turned into events; they wait in the dead-letter queue.`,
                namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible",
                dimensions: { QueueName: deadLetterQueue.name }, statistic: "Maximum",
            }, args.alarms, parent),
        ]
        : [];
    return { processor, deadLetterQueue, alarms };
}
