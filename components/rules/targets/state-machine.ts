import * as aws from "@pulumi/aws";
import { parseArn } from "../../internal/arns";
import { createEventsTargetRole } from "../../internal/events-role";
import { logicalName } from "../../internal/names";
import type { RuleTarget } from "../target";
import { PublishingTargetOptions, targetResourceName } from "./options";

/**
 * A Step Functions state machine as a rule target: each rule gets its own role, trusted by
 * `events.amazonaws.com` only for that rule, allowed only `states:StartExecution` on this
 * state machine.
 */
export function stateMachine(machine: aws.sfn.StateMachine | string, options: PublishingTargetOptions = {}): RuleTarget {
    if (typeof machine === "string" && parseArn(machine)?.service !== "states") {
        throw new Error(`targets.stateMachine("${machine}"): not a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>); pass the aws.sfn.StateMachine or its ARN.`);
    }
    return {
        kind: "stateMachine",
        description: `state machine "${typeof machine === "string" ? machine : logicalName(machine)}"`,
        identity: machine,
        emits: options.emits,
        inputTransformer: options.input,
        attach(context) {
            const arn = typeof machine === "string" ? machine : machine.arn;
            const { role, policy } = createEventsTargetRole(targetResourceName(context), {
                ruleArn: context.ruleArn,
                action: "states:StartExecution",
                resourceArn: arn,
            }, context.parent);
            return { arn, roleArn: role.arn, dependsOn: [policy] };
        },
    };
}
