import * as aws from "@pulumi/aws";
import { parseArn } from "../../internal/arns";
import { EVENTS_SERVICE_PRINCIPAL, STATEMENT_ID } from "../../internal/limits";
import { fittedNamePrefix, logicalName } from "../../internal/names";
import type { RuleTarget } from "../target";
import { PublishingTargetOptions, targetResourceName } from "./options";

/**
 * A Lambda function as a rule target. Each rule gets its own `aws.lambda.Permission`
 * (`lambda:InvokeFunction` for `events.amazonaws.com`, `sourceArn` = that rule), so two rules
 * on one function hold two permissions and removing one rule revokes only its own. The target
 * carries no role: EventBridge rejects one on Lambda targets ("RoleArn is not supported").
 *
 * `fn` is the function resource or its ARN (a function of another stack; qualified ARNs
 * target a version or alias).
 */
export function lambda(fn: aws.lambda.Function | string, options: PublishingTargetOptions = {}): RuleTarget {
    if (typeof fn === "string" && parseArn(fn)?.service !== "lambda") {
        throw new Error(`targets.lambda("${fn}"): not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>); pass the aws.lambda.Function or its ARN.`);
    }
    return {
        kind: "lambda",
        description: `lambda function "${typeof fn === "string" ? fn : logicalName(fn)}"`,
        identity: fn,
        emits: options.emits,
        inputTransformer: options.input,
        attach(context) {
            const name = `${targetResourceName(context)}-permission`;
            const permission = new aws.lambda.Permission(name, {
                statementIdPrefix: fittedNamePrefix(name, STATEMENT_ID),
                action: "lambda:InvokeFunction",
                function: typeof fn === "string" ? fn : fn.name,
                principal: EVENTS_SERVICE_PRINCIPAL,
                sourceArn: context.ruleArn,
            }, { parent: context.parent });
            return {
                arn: typeof fn === "string" ? fn : fn.arn,
                // The permission must exist before EventBridge first invokes the function.
                dependsOn: [permission],
            };
        },
    };
}
