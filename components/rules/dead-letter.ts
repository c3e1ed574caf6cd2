import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseArn } from "../internal/arns";
import { createDeadLetterQueue } from "../internal/dead-letter-queue";
import { failFor } from "../errors";
import { EVENTS_SERVICE_PRINCIPAL } from "../internal/limits";
import { grantQueueSend } from "../internal/shared-resource-policy";

/**
 * Where events go after the retry policy gives up: `"create"` (default) a queue for this rule,
 * an existing standard queue of this program (its policy then lists every rule using it), or
 * `false` to drop them, which must be explicit.
 */
export type DeadLetterQueueOption = "create" | aws.sqs.Queue | false;

export interface RuleDeadLetterQueue {
    readonly queue: aws.sqs.Queue;
    /** The queue's ARN, checked to be usable as this rule's dead-letter queue. */
    readonly arn: pulumi.Output<string>;
    /** The queue policy that lets the rule send: targets wait for it. */
    readonly policy: pulumi.Resource;
    /** The "messages waiting" alarm, for queues SafeRule created. */
    readonly alarm?: aws.cloudwatch.MetricAlarm;
}

/** Whether the value is a dead-letter queue option at all (for callers without type checks). */
export function isDeadLetterQueueOption(option: unknown): option is DeadLetterQueueOption | undefined {
    return option === undefined || option === "create" || option === false || option instanceof aws.sqs.Queue;
}

/**
 * The ARN of an existing queue, failing the update when EventBridge could not deliver to it
 * as a dead-letter queue: FIFO, or in another account or region than the rule. Both are only
 * known once the queue resolves, and without this check they surface as lost events.
 */
export function checkedDeadLetterArn(componentName: string, queue: aws.sqs.Queue, ruleArn: pulumi.Input<string>): pulumi.Output<string> {
    const fail = failFor("SafeRule", componentName);
    return pulumi.all([queue.arn, queue.fifoQueue, ruleArn]).apply(([queueArn, fifo, rule]) => {
        if (fifo) {
            fail("deadLetterQueue", `${queueArn} is a FIFO queue; EventBridge delivers failed events only to standard queues.`, "Use a standard SQS queue, or \"create\".");
        }
        const queueParts = parseArn(queueArn);
        const ruleParts = parseArn(rule);
        if (queueParts && ruleParts && (queueParts.region !== ruleParts.region || queueParts.account !== ruleParts.account)) {
            fail("deadLetterQueue", `${queueArn} is in account ${queueParts.account}, region ${queueParts.region}, but the rule is in account ${ruleParts.account}, region ${ruleParts.region}; EventBridge needs the dead-letter queue in the rule's account and region.`,
                "Use a queue in the rule's account and region, or \"create\".");
        }
        return queueArn;
    });
}

/** Creates or wires the rule's dead-letter queue; undefined when it is turned off. */
export function ruleDeadLetterQueue(name: string, option: DeadLetterQueueOption | undefined, args: {
    readonly ruleArn: pulumi.Output<string>;
    readonly ruleName: string;
    readonly alarmActions?: pulumi.Input<pulumi.Input<string>[]>;
}, parent: pulumi.Resource): RuleDeadLetterQueue | undefined {
    if (option === false) {
        return undefined;
    }
    if (option === undefined || option === "create") {
        const created = createDeadLetterQueue(`${name}-dlq`, {
            senderService: EVENTS_SERVICE_PRINCIPAL,
            senderArn: args.ruleArn,
            alarmActions: args.alarmActions,
            description: `Events that rule ${args.ruleName} could not deliver within its retry policy are waiting in this dead-letter queue.`,
        }, parent);
        return { queue: created.queue, arn: created.queue.arn, policy: created.policy, alarm: created.alarm };
    }
    return {
        queue: option,
        arn: checkedDeadLetterArn(name, option, args.ruleArn),
        policy: grantQueueSend(option, args.ruleArn, `SafeRule "${name}" (dead-letter queue)`),
    };
}
