import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseArn } from "../../internal/arns";
import { createEventsTargetRole } from "../../internal/events-role";
import { logicalName } from "../../internal/names";
import type { RuleTarget } from "../target";
import { PublishingTargetOptions, targetResourceName } from "./options";
import { definitionPublishesTo } from "./state-machine-events";

/**
 * A Step Functions state machine as a rule target: each rule gets its own role, trusted by
 * `events.amazonaws.com` only for that rule, allowed only `states:StartExecution` on this
 * state machine. A machine with a `putEvents` task that can reach the rule's bus and no `emits`
 * declared gets a warning, so the loop guard is not silently blind to it.
 */
export function stateMachine(machine: aws.sfn.StateMachine | string, options: PublishingTargetOptions = {}): RuleTarget {
    if (typeof machine === "string" && parseArn(machine)?.service !== "states") {
        throw new Error(`targets.stateMachine("${machine}"): not a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>); pass the aws.sfn.StateMachine or its ARN.`);
    }
    const description = `state machine "${typeof machine === "string" ? machine : logicalName(machine)}"`;
    return {
        kind: "stateMachine",
        description,
        identity: machine,
        emits: options.emits,
        inputTransformer: options.input,
        attach(context) {
            const arn = typeof machine === "string" ? machine : machine.arn;
            if (typeof machine !== "string" && !options.emits) {
                // The definition is only known once the machine resolves: warn then.
                pulumi.all([machine.definition, context.eventBusName]).apply(([definition, bus]) => {
                    if (definitionPublishesTo(definition, bus)) {
                        context.warn(`targets[${context.index}] (${description}) has a putEvents task that can publish to the bus this rule listens on, but declares no emits; declare what it publishes (emits: { bus, events }) so the loop guard can check it.`);
                    }
                });
            }
            const { role, policy } = createEventsTargetRole(targetResourceName(context), {
                ruleArn: context.ruleArn,
                action: "states:StartExecution",
                resourceArn: arn,
            }, context.parent);
            return { arn, roleArn: role.arn, dependsOn: [policy] };
        },
    };
}
