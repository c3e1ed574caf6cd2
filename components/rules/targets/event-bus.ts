import * as pulumi from "@pulumi/pulumi";
import { eventBusArnOf, parseArn } from "../../internal/arns";
import { describeEventBus, EventBusComponent, EventBusRef, eventBusRefOf, isEventBusResource } from "../../internal/event-bus";
import { createEventsTargetRole } from "../../internal/events-role";
import type { RuleTarget } from "../target";
import { PublishingTargetOptions, targetResourceName } from "./options";

/**
 * Another event bus as a rule target (the resource, a SafeEventBus, or its name or ARN; a name means a bus in
 * the rule's own account and region). Each rule gets its own role, trusted only for that rule,
 * allowed only `events:PutEvents` on this bus. A bus in another account must also allow the
 * rule's account in its own bus policy.
 *
 * A bus target forwards every matched event, so a rule whose target is the bus it listens on
 * triggers itself forever: SafeRule refuses that unless `allowLoop` says why it ends.
 */
export function eventBus(given: EventBusRef | EventBusComponent, options: PublishingTargetOptions = {}): RuleTarget {
    const bus = eventBusRefOf(given) as EventBusRef;
    if (typeof bus === "string" && bus.startsWith("arn:") && !parseArn(bus)?.resource.startsWith("event-bus/")) {
        throw new Error(`targets.eventBus("${bus}"): not an event bus ARN (arn:aws:events:<region>:<account>:event-bus/<name>); pass the aws.cloudwatch.EventBus, its name or its ARN.`);
    }
    return {
        kind: "eventBus",
        description: `event ${describeEventBus(bus)}`,
        identity: bus,
        emits: options.emits,
        inputTransformer: options.input,
        attach(context) {
            const arn = isEventBusResource(bus)
                ? bus.arn
                : pulumi.all([bus, context.ruleArn]).apply(([nameOrArn, ruleArn]) => eventBusArnOf(nameOrArn, parseArn(ruleArn)!));
            const { role, policy } = createEventsTargetRole(targetResourceName(context), {
                ruleArn: context.ruleArn,
                action: "events:PutEvents",
                resourceArn: arn,
            }, context.parent);
            return { arn, roleArn: role.arn, dependsOn: [policy] };
        },
    };
}
