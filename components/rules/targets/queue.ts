import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { logicalName } from "../../internal/names";
import { grantQueueSend } from "../../internal/shared-resource-policy";
import type { RuleTarget } from "../target";
import { TargetOptions } from "./options";

/** Options of `targets.queue(queue, ...)`. */
export interface QueueTargetOptions extends TargetOptions {
    /**
     * Required for FIFO queues (and only allowed for them): the message group of every event.
     * @default none (right for standard queues)
     */
    readonly messageGroupId?: pulumi.Input<string>;
}

/**
 * An SQS queue as a rule target. SQS targets carry no role: the queue's policy lets
 * `events.amazonaws.com` send `sqs:SendMessage` only for the rules listed in `aws:SourceArn`.
 * Every rule that sends to the queue is listed in one policy per queue (a QueuePolicy
 * replaces the whole policy, so one per rule would keep only the last).
 *
 * SafeRule owns the queue's policy: do not attach another QueuePolicy to the same queue.
 */
export function queue(target: aws.sqs.Queue, options: QueueTargetOptions = {}): RuleTarget {
    const description = `queue "${logicalName(target)}"`;
    return {
        kind: "queue",
        description,
        identity: target,
        inputTransformer: options.input,
        attach(context) {
            const policy = grantQueueSend(target, context.ruleArn, `SafeRule "${context.ruleName}"`);
            // Whether the queue is FIFO is only known once the queue resolves.
            const sqsTarget = pulumi.all([target.fifoQueue, options.messageGroupId]).apply(([fifo, messageGroupId]) => {
                if (fifo && !messageGroupId) {
                    throw new Error(`SafeRule "${context.ruleName}": targets[${context.index}] (${description}): the queue is FIFO, so EventBridge needs a message group; pass targets.queue(queue, { messageGroupId: "..." }).`);
                }
                if (!fifo && messageGroupId) {
                    throw new Error(`SafeRule "${context.ruleName}": targets[${context.index}] (${description}): messageGroupId is only valid for FIFO queues and this queue is standard; remove messageGroupId.`);
                }
                return messageGroupId ? { messageGroupId } : undefined;
            });
            return { arn: target.arn, sqsTarget, dependsOn: [policy] };
        },
    };
}
