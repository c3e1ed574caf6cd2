import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { WebhookAlarmArgs } from "./args";

/**
 * Alarms that fire on the first occurrence (Sum or Maximum over 5 minutes above 0): a webhook
 * error or throttle means a provider is retrying, and a message in a dead-letter queue is a
 * batch that will not be processed without someone's help.
 */
export function createAlarm(name: string, args: {
    readonly description: string;
    readonly namespace: "AWS/Lambda" | "AWS/SQS";
    readonly metricName: string;
    readonly dimensions: Record<string, pulumi.Input<string>>;
    readonly statistic: "Sum" | "Maximum";
}, actions: WebhookAlarmArgs, parent: pulumi.Resource): aws.cloudwatch.MetricAlarm {
    return new aws.cloudwatch.MetricAlarm(name, {
        alarmDescription: args.description,
        namespace: args.namespace,
        metricName: args.metricName,
        dimensions: args.dimensions,
        statistic: args.statistic,
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        alarmActions: actions.actions ?? [],
        okActions: actions.okActions ?? [],
    }, { parent });
}

/** Errors and throttles of one function: `${name}-errors`, `${name}-throttles`. */
export function createFunctionAlarms(name: string, fn: aws.lambda.Function, what: string, actions: WebhookAlarmArgs, parent: pulumi.Resource): aws.cloudwatch.MetricAlarm[] {
    return [
        createAlarm(`${name}-errors`, {
            description: `The ${what} failed (uncaught error or timeout): the provider retries, check its logs.`,
            namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: fn.name }, statistic: "Sum",
        }, actions, parent),
        createAlarm(`${name}-throttles`, {
            description: `The ${what} was throttled: its reserved concurrency is too low for the delivery rate.`,
            namespace: "AWS/Lambda", metricName: "Throttles", dimensions: { FunctionName: fn.name }, statistic: "Sum",
        }, actions, parent),
    ];
}
