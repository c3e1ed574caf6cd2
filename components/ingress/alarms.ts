import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { WebhookAlarmArgs } from "./args";

/**
 * Alarms that fire on the first occurrence (Sum or Maximum over 5 minutes above 0): a webhook
 * 5xx, error or throttle means a provider is retrying, and a message in a dead-letter queue is a
 * batch that will not be processed without someone's help.
 */
export interface AlarmMetric {
    readonly namespace: "AWS/Lambda" | "AWS/SQS" | "AWS/ApplicationELB" | "EventBridgeKit/DurableStore";
    readonly metricName: string;
    readonly dimensions: Record<string, pulumi.Input<string>>;
}

export function createAlarm(name: string, args: AlarmMetric & {
    readonly description: string;
    readonly statistic: "Sum" | "Maximum";
    /** Above which the alarm fires (default 0: the first occurrence). */
    readonly threshold?: number;
}, actions: WebhookAlarmArgs, parent: pulumi.Resource): aws.cloudwatch.MetricAlarm {
    return new aws.cloudwatch.MetricAlarm(name, {
        alarmDescription: args.description,
        namespace: args.namespace,
        metricName: args.metricName,
        dimensions: args.dimensions,
        statistic: args.statistic,
        period: 300,
        evaluationPeriods: 1,
        threshold: args.threshold ?? 0,
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

/**
 * 5xx answers of the endpoint: the handler answers 503 when delivery fails, without failing the
 * invocation, so the function's Errors metric alone would never show it.
 */
export function createServerErrorAlarm(name: string, metric: AlarmMetric, actions: WebhookAlarmArgs, parent: pulumi.Resource): aws.cloudwatch.MetricAlarm {
    return createAlarm(`${name}-5xx`, {
        ...metric,
        description: "The webhook endpoint answered 5xx: deliveries were not accepted and the provider will retry; the handler's logs say why.",
        statistic: "Sum",
    }, actions, parent);
}
