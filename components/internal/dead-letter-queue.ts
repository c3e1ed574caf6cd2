import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, policyJson, serviceResourceStatement } from "./iam";
import { QUEUE_NAME, SQS_MAX_RETENTION_SECONDS } from "./limits";
import { fittedNamePrefix } from "./names";

export interface DeadLetterQueueArgs {
    /** The service that sends failed events (e.g. `events.amazonaws.com`). */
    readonly senderService: string;
    /** The one resource allowed to send (`aws:SourceArn`), e.g. the rule. */
    readonly senderArn: pulumi.Input<string>;
    /** Where the "messages waiting" alarm notifies (SNS topic ARNs...). */
    readonly alarmActions?: pulumi.Input<pulumi.Input<string>[]>;
    /** Text for the alarm, e.g. which rule's failures land here. */
    readonly description: string;
}

export interface DeadLetterQueue {
    readonly queue: aws.sqs.Queue;
    readonly policy: aws.sqs.QueuePolicy;
    readonly alarm: aws.cloudwatch.MetricAlarm;
}

/**
 * A dead-letter queue that keeps what it is given: standard SQS (EventBridge cannot deliver to
 * FIFO DLQs), SSE-SQS encrypted, 14 days' retention (SQS's maximum, time to notice and
 * redrive), a policy letting only one sender write to it, and an alarm as soon as one message
 * is waiting. Resources: `${name}`, `${name}-policy`, `${name}-alarm`, children of `parent`.
 */
export function createDeadLetterQueue(name: string, args: DeadLetterQueueArgs, parent: pulumi.Resource): DeadLetterQueue {
    const queue = new aws.sqs.Queue(name, {
        namePrefix: fittedNamePrefix(name, QUEUE_NAME),
        sqsManagedSseEnabled: true,
        messageRetentionSeconds: SQS_MAX_RETENTION_SECONDS,
    }, { parent });
    const policy = new aws.sqs.QueuePolicy(`${name}-policy`, {
        queueUrl: queue.url,
        policy: pulumi.all([queue.arn, args.senderArn]).apply(([queueArn, senderArn]) => policyJson(policyDocument(
            serviceResourceStatement({
                sid: "AllowDeadLetterSender",
                service: args.senderService,
                actions: ["sqs:SendMessage"],
                resource: queueArn,
                sourceArns: [senderArn],
            }),
        ))),
    }, { parent });
    const alarm = new aws.cloudwatch.MetricAlarm(`${name}-alarm`, {
        alarmDescription: args.description,
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: queue.name },
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        alarmActions: args.alarmActions ?? [],
    }, { parent });
    return { queue, policy, alarm };
}
