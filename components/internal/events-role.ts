import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseArn } from "./arns";
import { allowStatement, policyDocument, policyJson, serviceAssumeRolePolicy } from "./iam";
import { EVENTS_SERVICE_PRINCIPAL, ROLE_NAME, ROLE_POLICY_NAME } from "./limits";
import { fittedNamePrefix } from "./names";

export interface EventsTargetRoleArgs {
    /** The rule that uses the role: trust is limited to it (`aws:SourceArn`, `aws:SourceAccount`). */
    readonly ruleArn: pulumi.Input<string>;
    /** The one action the target needs, e.g. `states:StartExecution`. */
    readonly action: string;
    /** The one resource it needs it on: the target's ARN. */
    readonly resourceArn: pulumi.Input<string>;
}

export interface EventsTargetRole {
    readonly role: aws.iam.Role;
    readonly policy: aws.iam.RolePolicy;
}

/**
 * A role EventBridge assumes to deliver one rule's events to one target: trusted by
 * `events.amazonaws.com` only for that rule (in that rule's account), allowed one action on
 * one ARN. One role per rule-target pair, so no role is ever shared or over-broad.
 * Resources are `${name}-role` and `${name}-role-policy`, children of `parent`.
 */
export function createEventsTargetRole(name: string, args: EventsTargetRoleArgs, parent: pulumi.Resource): EventsTargetRole {
    const assumeRolePolicy = pulumi.output(args.ruleArn).apply((ruleArn) => policyJson(serviceAssumeRolePolicy({
        service: EVENTS_SERVICE_PRINCIPAL,
        sourceArn: ruleArn,
        sourceAccount: parseArn(ruleArn)?.account,
    })));
    const role = new aws.iam.Role(`${name}-role`, {
        namePrefix: fittedNamePrefix(`${name}-role`, ROLE_NAME),
        assumeRolePolicy,
        description: `EventBridge delivers to one target with ${args.action}`,
    }, { parent });
    const policy = new aws.iam.RolePolicy(`${name}-role-policy`, {
        namePrefix: fittedNamePrefix(`${name}-role-policy`, ROLE_POLICY_NAME),
        role: role.id,
        policy: pulumi.output(args.resourceArn).apply((arn) => policyJson(policyDocument(allowStatement([args.action], [arn])))),
    }, { parent });
    return { role, policy };
}
