import { KitPolicy, stackPolicy } from "./internal/define";
import { allowsService, conditionKeys, Statement, statementsOf } from "./internal/iam";
import { StackResource, StackView, types } from "../stack";
import { isUnknown } from "./values";

/** Queues in the stack that some event target or bus (its `deadLetterConfig`) uses as its dead-letter queue. */
function deadLetterQueues(stack: StackView): Map<StackResource, StackResource[]> {
    const queues = new Map<StackResource, StackResource[]>();
    for (const target of [...stack.ofType(types.eventTarget), ...stack.ofType(types.eventBus)]) {
        for (const queue of stack.referenced(target, "deadLetterConfig.arn", [types.queue])) {
            queues.set(queue, [...(queues.get(queue) ?? []), target]);
        }
    }
    return queues;
}

export const deadLetterQueueEncrypted: KitPolicy = stackPolicy({
    name: "dead-letter-queue-encrypted",
    description: "An SQS queue used as a dead-letter queue is encrypted at rest (the failed events it keeps are full event payloads).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set sqsManagedSseEnabled: true on the queue, or kmsMasterKeyId with a key EventBridge may use.",
}, (stack, report) => {
    for (const [queue, targets] of deadLetterQueues(stack)) {
        const p = queue.props;
        if (isUnknown(p.sqsManagedSseEnabled) || isUnknown(p.kmsMasterKeyId)) {
            continue;
        }
        if (p.sqsManagedSseEnabled !== true && p.kmsMasterKeyId === undefined) {
            report(`Queue "${queue.name}", the dead-letter queue of ${targets.map((t) => `"${t.name}"`).join(", ")}, does not set encryption (sqsManagedSseEnabled or kmsMasterKeyId).`, queue.urn);
        }
    }
});

/** Statements letting EventBridge send to the queue. */
function eventsStatements(statements: Statement[]): Statement[] {
    return statements.filter((s) => s.effect === "Allow" && allowsService(s, "events.amazonaws.com"));
}

export const eventQueuePolicySourceArn: KitPolicy = stackPolicy({
    name: "event-queue-policy-source-arn",
    description: "A queue that EventBridge sends to (as target or dead-letter queue) has a queue policy for events.amazonaws.com scoped by aws:SourceArn; without one, EventBridge cannot deliver to it.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Add an aws.sqs.QueuePolicy allowing events.amazonaws.com sqs:SendMessage on the queue with Condition ArnEquals aws:SourceArn = the rule ARN (SafeRule does this for its queues).",
}, (stack, report) => {
    const policiesOf = (queue: StackResource): StackResource[] => stack.referencing(queue, types.queuePolicy, "queueUrl");
    // Every statement for events.amazonaws.com must be scoped, wherever it is.
    for (const policy of stack.ofType(types.queuePolicy)) {
        const statements = statementsOf(policy.props.policy);
        if (isUnknown(statements) || statements === undefined) {
            continue;
        }
        for (const statement of eventsStatements(statements)) {
            if (!conditionKeys(statement).includes("aws:sourcearn")) {
                report(`Queue policy "${policy.name}" lets events.amazonaws.com send messages without an aws:SourceArn condition: any rule in any account could write to the queue.`, policy.urn);
            }
        }
    }
    // A queue EventBridge sends to without any statement for it loses every event.
    const receiving = deadLetterQueues(stack);
    for (const target of stack.ofType(types.eventTarget)) {
        for (const queue of stack.referenced(target, "arn", [types.queue])) {
            receiving.set(queue, [...(receiving.get(queue) ?? []), target]);
        }
    }
    for (const [queue, targets] of receiving) {
        const inline = statementsOf(queue.props.policy);
        if (isUnknown(inline)) {
            continue;
        }
        const documents = policiesOf(queue).map((p) => statementsOf(p.props.policy));
        if (documents.some(isUnknown)) {
            continue;
        }
        const statements = [...(inline ?? []), ...documents.flatMap((d) => (d === undefined || isUnknown(d) ? [] : d))];
        // A queue in another account is reached with the target's execution role, which its policy names instead.
        const roles = targets.map((t) => t.props.roleArn).filter((r): r is string => typeof r === "string");
        const letsRolesIn = statements.some((s) => s.effect === "Allow" && (s.principals.AWS ?? []).some((p) => roles.includes(p as string)));
        if (eventsStatements(statements).length === 0 && !letsRolesIn) {
            report(`Queue "${queue.name}", used by ${targets.map((t) => `"${t.name}"`).join(", ")}, has no policy letting events.amazonaws.com send to it: EventBridge cannot deliver there and the events are lost.`, queue.urn);
        }
    }
});

/** @deprecated Use {@link eventQueuePolicySourceArn}: the export is named after its rule. */
export const eventQueuePolicyScoped = eventQueuePolicySourceArn;

export const deadLetterQueuePolicies: KitPolicy[] = [deadLetterQueueEncrypted, eventQueuePolicySourceArn];
