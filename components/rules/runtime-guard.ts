import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { eventBusNameOf } from "../internal/arns";
import { DEFAULT_EVENT_BUS } from "../internal/event-bus";
import type { Fail } from "../errors";

/**
 * Alarms that catch at run time what static checks cannot: a loop through something the rule
 * cannot see, a burst from a misbehaving producer, and deliveries that fail.
 */
export interface RuntimeGuardOptions {
    /**
     * Alarm when the rule is invoked more than this many times in one period; set it above your busiest period.
     * @default 10000
     */
    readonly invocationsCeiling?: number;
    /**
     * The period, in seconds (60 or a multiple of 60).
     * @default 300
     */
    readonly periodSeconds?: number;
}

/** The runtime guard's default ceiling: invocations of one rule per period. */
export const DEFAULT_INVOCATIONS_CEILING = 10_000;
/** The runtime guard's default period, in seconds. */
export const DEFAULT_GUARD_PERIOD_SECONDS = 300;

export interface ResolvedRuntimeGuard {
    readonly invocationsCeiling: number;
    readonly periodSeconds: number;
}

export function resolveRuntimeGuard(options: RuntimeGuardOptions | false | undefined, fail: Fail): ResolvedRuntimeGuard | undefined {
    if (options === false) {
        return undefined;
    }
    const invocationsCeiling = options?.invocationsCeiling ?? DEFAULT_INVOCATIONS_CEILING;
    const periodSeconds = options?.periodSeconds ?? DEFAULT_GUARD_PERIOD_SECONDS;
    if (!Number.isInteger(invocationsCeiling) || invocationsCeiling < 1) {
        fail("runtimeGuard.invocationsCeiling", `is ${invocationsCeiling}; it must be a whole number of invocations, at least 1.`,
            "Set it above the rule's busiest expected period, or use runtimeGuard: false to turn the alarms off.");
    }
    if (!Number.isInteger(periodSeconds) || periodSeconds < 60 || periodSeconds % 60 !== 0) {
        fail("runtimeGuard.periodSeconds", `is ${periodSeconds}; EventBridge metrics need a period of 60 seconds or a multiple of 60.`,
            "Use 60, 300, 3600...");
    }
    return { invocationsCeiling, periodSeconds };
}

export interface RuntimeGuardAlarms {
    readonly invocations: aws.cloudwatch.MetricAlarm;
    readonly failedInvocations: aws.cloudwatch.MetricAlarm;
}

/** The AWS/Events dimensions of a rule: rules on custom buses are also keyed by bus name. */
function ruleDimensions(ruleName: string, busName: pulumi.Output<string>): pulumi.Output<Record<string, string>> {
    return busName.apply((bus): Record<string, string> => {
        const name = eventBusNameOf(bus);
        return name === DEFAULT_EVENT_BUS ? { RuleName: ruleName } : { EventBusName: name, RuleName: ruleName };
    });
}

/** `${name}-invocations-alarm` and `${name}-failed-invocations-alarm`, children of `parent`. */
export function createRuntimeGuard(name: string, args: {
    readonly ruleName: string;
    readonly eventBusName: pulumi.Output<string>;
    readonly guard: ResolvedRuntimeGuard;
    readonly alarmActions?: pulumi.Input<pulumi.Input<string>[]>;
}, parent: pulumi.Resource): RuntimeGuardAlarms {
    const dimensions = ruleDimensions(args.ruleName, args.eventBusName);
    const common = {
        namespace: "AWS/Events",
        dimensions,
        statistic: "Sum",
        evaluationPeriods: 1,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        alarmActions: args.alarmActions ?? [],
    };
    const invocations = new aws.cloudwatch.MetricAlarm(`${name}-invocations-alarm`, {
        ...common,
        alarmDescription: `Rule ${args.ruleName} was invoked more than ${args.guard.invocationsCeiling} times in ${args.guard.periodSeconds} s: an event loop or a burst from a producer.`,
        metricName: "Invocations",
        period: args.guard.periodSeconds,
        threshold: args.guard.invocationsCeiling,
    }, { parent });
    const failedInvocations = new aws.cloudwatch.MetricAlarm(`${name}-failed-invocations-alarm`, {
        ...common,
        alarmDescription: `Rule ${args.ruleName} failed to deliver events to a target (they are retried, then sent to the dead-letter queue).`,
        metricName: "FailedInvocations",
        period: args.guard.periodSeconds,
        threshold: 0,
    }, { parent });
    return { invocations, failedInvocations };
}
