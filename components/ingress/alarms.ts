import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SIGNATURE_FAILURES_METRIC, WEBHOOK_METRIC_DIMENSION, WEBHOOK_METRICS_NAMESPACE } from "../../providers";
import { DEFAULTS, WebhookAlarmArgs } from "./args";

/**
 * Alarms that fire on the first occurrence (Sum or Maximum over 5 minutes above 0): a webhook
 * 5xx, error or throttle means a provider is retrying, and a message in a dead-letter queue is a
 * batch that will not be processed without someone's help.
 */
export interface AlarmMetric {
    readonly namespace: "AWS/Lambda" | "AWS/SQS" | "AWS/ApplicationELB" | "EventBridgeKit/DurableStore" | typeof WEBHOOK_METRICS_NAMESPACE;
    readonly metricName: string;
    readonly dimensions: Record<string, pulumi.Input<string>>;
}

export function createAlarm(name: string, args: AlarmMetric & {
    readonly description: string;
    readonly statistic: "Sum" | "Maximum";
    /** Above which the alarm fires (default 0: the first occurrence). */
    readonly threshold?: number;
    /** Fire at this many or more in 5 minutes, instead of on the first one (instead of `threshold`). */
    readonly atLeast?: number;
}, actions: WebhookAlarmArgs, parent: pulumi.Resource): aws.cloudwatch.MetricAlarm {
    return new aws.cloudwatch.MetricAlarm(name, {
        alarmDescription: args.description,
        namespace: args.namespace,
        metricName: args.metricName,
        dimensions: args.dimensions,
        statistic: args.statistic,
        period: 300,
        evaluationPeriods: 1,
        threshold: args.atLeast ?? args.threshold ?? 0,
        comparisonOperator: args.atLeast === undefined ? "GreaterThanThreshold" : "GreaterThanOrEqualToThreshold",
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

/**
 * A spike of 401 answers (`${name}-signature-failures`): the handler counts each refused
 * signature (providers/metrics.ts), and a burst of them means the secret is out of sync with the
 * sender, which for GitHub and Twilio (one secret at a time) refuses every delivery. A threshold
 * above one keeps a stray scanner of the public URL from paging anyone.
 */
export function createSignatureFailureAlarm(name: string, fn: aws.lambda.Function, actions: WebhookAlarmArgs, parent: pulumi.Resource): aws.cloudwatch.MetricAlarm {
    return createAlarm(`${name}-signature-failures`, {
        description: "The webhook endpoint refused many requests as unsigned or wrongly signed (401): the signing secret is probably out of sync "
            + "with the sender; compare it with the provider's webhook settings (docs/secret-rotation.md).",
        namespace: WEBHOOK_METRICS_NAMESPACE,
        metricName: SIGNATURE_FAILURES_METRIC,
        dimensions: { [WEBHOOK_METRIC_DIMENSION]: fn.name },
        statistic: "Sum",
        atLeast: actions.signatureFailureThreshold ?? DEFAULTS.signatureFailureThreshold,
    }, actions, parent);
}
