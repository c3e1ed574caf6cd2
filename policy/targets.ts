import { KitPolicy, resourcePolicy, stackPolicy } from "./internal/define";
import { kindsNeedingRole, targetKind, types } from "../stack";
import { isUnknown } from "./values";

/** A function in another account than the role: reached with an execution role, as AWS requires across accounts. */
function isCrossAccount(targetArn: unknown, roleArn: unknown): boolean {
    const account = (arn: unknown) => (typeof arn === "string" ? arn.split(":")[4] : undefined);
    return account(targetArn) !== undefined && account(roleArn) !== undefined && account(targetArn) !== account(roleArn);
}

export const eventTargetRole: KitPolicy = stackPolicy({
    name: "event-target-role",
    description: "A Lambda target in the rule's account carries no role (EventBridge rejects it: \"RoleArn is not supported for target\"); Step Functions, API destination, event bus, Kinesis and ECS targets carry one, and so does a target in another account.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Remove roleArn from Lambda targets and authorize them with a lambda.Permission scoped to the rule; give other targets a role trusted by events.amazonaws.com that allows only the target's action on the target. SafeRule's target builders do both.",
}, (stack, report) => {
    for (const target of stack.ofType(types.eventTarget)) {
        const kind = targetKind(stack, target);
        const hasRole = target.props.roleArn !== undefined;
        if (kind === "lambda" && hasRole && !isCrossAccount(target.props.arn, target.props.roleArn)) {
            report(`Event target "${target.name}" sends to a Lambda function but sets roleArn; EventBridge rejects the target at deploy ("RoleArn is not supported for target").`, target.urn);
        } else if (kind && kindsNeedingRole.includes(kind) && !hasRole) {
            report(`Event target "${target.name}" (${kind}) has no roleArn; EventBridge cannot invoke it and drops every event.`, target.urn);
        }
    }
});

export const eventTargetDeadLetterQueue: KitPolicy = resourcePolicy({
    name: "event-target-dead-letter-queue",
    description: "Every event target has a dead-letter queue, so events that exhaust their retries are kept instead of dropped.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set deadLetterConfig.arn to a standard, encrypted SQS queue whose policy allows events.amazonaws.com with aws:SourceArn = the rule; SafeRule creates one by default.",
    resourceTypes: [types.eventTarget],
}, (props, report) => {
    const dlq = props.deadLetterConfig;
    if (isUnknown(dlq)) {
        return;
    }
    if (!dlq || dlq.arn === undefined) {
        report("The target has no deadLetterConfig: events that fail delivery after the retry policy are dropped silently.");
    }
});

interface RetryPolicyConfig {
    maximumEventAgeInSeconds: number;
    maximumRetryAttempts: number;
}

export const eventTargetRetryPolicy: KitPolicy = resourcePolicy<RetryPolicyConfig>({
    name: "event-target-retry-policy",
    description: "Every event target states its retry policy in full (maximum event age and retry attempts), within EventBridge's bounds and the configured ceilings.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set retryPolicy with maximumEventAgeInSeconds (60–86400) and maximumRetryAttempts (0–185), at most the configured ceilings.",
    configSchema: {
        properties: {
            maximumEventAgeInSeconds: { type: "integer", minimum: 60, maximum: 86400, default: 86400, description: "Ceiling for retryPolicy.maximumEventAgeInSeconds." },
            maximumRetryAttempts: { type: "integer", minimum: 0, maximum: 185, default: 185, description: "Ceiling for retryPolicy.maximumRetryAttempts." },
        },
    },
    resourceTypes: [types.eventTarget],
}, (props, report, config) => {
    const retry = props.retryPolicy;
    if (isUnknown(retry)) {
        return;
    }
    if (!retry) {
        report("The target has no retryPolicy: EventBridge's defaults (24 h, 185 attempts) apply unseen. State both maximumEventAgeInSeconds and maximumRetryAttempts.");
        return;
    }
    const age = retry.maximumEventAgeInSeconds;
    const attempts = retry.maximumRetryAttempts;
    if (age === undefined || attempts === undefined) {
        report(`retryPolicy is incomplete: missing ${[age === undefined ? "maximumEventAgeInSeconds" : "", attempts === undefined ? "maximumRetryAttempts" : ""].filter(Boolean).join(" and ")}.`);
    }
    if (typeof age === "number" && (age < 60 || age > Math.min(86400, config.maximumEventAgeInSeconds))) {
        report(`retryPolicy.maximumEventAgeInSeconds is ${age}; it must be between 60 and ${Math.min(86400, config.maximumEventAgeInSeconds)}.`);
    }
    if (typeof attempts === "number" && (attempts < 0 || attempts > Math.min(185, config.maximumRetryAttempts))) {
        report(`retryPolicy.maximumRetryAttempts is ${attempts}; it must be between 0 and ${Math.min(185, config.maximumRetryAttempts)}.`);
    }
});

export const deadLetterQueueStandard: KitPolicy = stackPolicy({
    name: "dead-letter-queue-standard",
    description: "A target's dead-letter queue is a standard SQS queue (EventBridge cannot deliver to FIFO dead-letter queues).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Use a standard (non-FIFO) SQS queue in the same account and region as the rule for deadLetterConfig.",
}, (stack, report) => {
    for (const target of stack.ofType(types.eventTarget)) {
        const arn = target.props.deadLetterConfig?.arn;
        const fifoArn = typeof arn === "string" && arn.endsWith(".fifo");
        const fifoQueue = stack.referenced(target, "deadLetterConfig.arn", [types.queue])
            .some((q) => q.props.fifoQueue === true || (typeof q.props.name === "string" && q.props.name.endsWith(".fifo")));
        if (fifoArn || fifoQueue) {
            report(`Event target "${target.name}" uses a FIFO queue as its dead-letter queue; EventBridge only delivers to standard queues.`, target.urn);
        }
    }
});

export const targetPolicies: KitPolicy[] = [eventTargetRole, eventTargetDeadLetterQueue, eventTargetRetryPolicy, deadLetterQueueStandard];
