import { types } from "./types";
import { StackResource, StackView } from "./view";

/** What an EventBridge target delivers to, which decides how it must be authorized. */
export type TargetKind =
    | "lambda" | "stateMachine" | "apiDestination" | "eventBus" | "kinesis" | "ecs"
    | "queue" | "topic" | "logGroup" | "other";

/** Targets EventBridge invokes with the rule's role: they must carry one. */
export const kindsNeedingRole: readonly TargetKind[] = ["stateMachine", "apiDestination", "eventBus", "kinesis", "ecs"];

/** The actions a target's role needs, and nothing more. */
export const actionsForKind: Partial<Record<TargetKind, readonly string[]>> = {
    stateMachine: ["states:StartExecution"],
    apiDestination: ["events:InvokeApiDestination"],
    eventBus: ["events:PutEvents"],
    kinesis: ["kinesis:PutRecord", "kinesis:PutRecords"],
    ecs: ["ecs:RunTask", "iam:PassRole"],
    // Only with a role: a target in another account, reached with the rule's execution role.
    lambda: ["lambda:InvokeFunction"],
    queue: ["sqs:SendMessage"],
    topic: ["sns:Publish"],
};

const byResourceType: Record<string, TargetKind> = {
    [types.lambdaFunction]: "lambda",
    [types.stateMachine]: "stateMachine",
    [types.apiDestination]: "apiDestination",
    [types.eventBus]: "eventBus",
    [types.kinesisStream]: "kinesis",
    [types.ecsCluster]: "ecs",
    [types.queue]: "queue",
    [types.topic]: "topic",
    [types.logGroup]: "logGroup",
};

/** The kind a target ARN names (`arn:aws:lambda:...:function:x` is a Lambda function...). */
export function kindOfArn(arn: string): TargetKind {
    const [, , service, , , ...rest] = arn.split(":");
    const resource = rest.join(":");
    switch (service) {
        case "lambda": return "lambda";
        case "states": return "stateMachine";
        case "events":
            if (resource.startsWith("api-destination/")) return "apiDestination";
            if (resource.startsWith("event-bus/")) return "eventBus";
            return "other";
        case "kinesis": return "kinesis";
        case "ecs": return "ecs";
        case "sqs": return "queue";
        case "sns": return "topic";
        case "logs": return "logGroup";
        default: return "other";
    }
}

/** The resource a target delivers to, when it is in the stack. */
export function targetResource(stack: StackView, target: StackResource): StackResource | undefined {
    return stack.referenced(target, "arn", Object.keys(byResourceType))[0];
}

/**
 * The kind of an EventBridge target: from its ARN when known, else from the resource the ARN
 * comes from (at preview ARNs are unknown but the engine records which resource they come from).
 * Undefined when neither tells.
 */
export function targetKind(stack: StackView, target: StackResource): TargetKind | undefined {
    if (target.props.ecsTarget) {
        return "ecs";
    }
    const arn = target.props.arn;
    if (typeof arn === "string") {
        return kindOfArn(arn);
    }
    const resource = targetResource(stack, target);
    return resource ? byResourceType[resource.type] : undefined;
}
