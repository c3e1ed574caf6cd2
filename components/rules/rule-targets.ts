import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { failFor } from "../errors";
import type { RuleDeadLetterQueue } from "./dead-letter";
import type { LabelledEvent } from "./examples";
import type { ResolvedRetryPolicy } from "./retry-policy";
import type { RuleTarget, RuleTargetContext } from "./target";

/** What a SafeRule hands its targets once its rule and dead-letter queue exist. */
export interface RuleTargetsInputs {
    /** The SafeRule's component name. */
    readonly name: string;
    readonly rule: aws.cloudwatch.EventRule;
    readonly ruleArn: pulumi.Output<string>;
    /** Whether a bus was given: the targets then name it, as the rule does. */
    readonly busGiven: boolean;
    readonly eventBusName: pulumi.Output<string>;
    readonly targets: readonly RuleTarget[];
    readonly retryPolicy: ResolvedRetryPolicy;
    readonly matchExamples: readonly LabelledEvent[];
    readonly deadLetter?: RuleDeadLetterQueue;
    readonly warn: (message: string) => void;
}

/**
 * One EventTarget per target, `${name}-target-<index>` in the order given: each target attaches
 * itself (its role, permission or per-rule resources) first, and every one gets the rule's retry
 * policy and dead-letter queue.
 */
export function createRuleTargets(inputs: RuleTargetsInputs, parent: pulumi.Resource): aws.cloudwatch.EventTarget[] {
    const { name, deadLetter } = inputs;
    return inputs.targets.map((target, index) => {
        const wiring = target.attach(targetContext(inputs, index, parent));
        if (target.kind === "lambda" && wiring.roleArn !== undefined && !target.crossAccount) {
            failFor("SafeRule", name)(`targets[${index}]`, `(${target.description}) returned a roleArn; EventBridge rejects roles on Lambda targets ("RoleArn is not supported for target").`,
                "Authorize Lambda targets with a lambda.Permission scoped to the rule instead.");
        }
        return new aws.cloudwatch.EventTarget(`${name}-target-${index}`, {
            rule: inputs.rule.name,
            ...(inputs.busGiven ? { eventBusName: inputs.eventBusName } : {}),
            targetId: `target-${index}`,
            arn: wiring.arn,
            roleArn: wiring.roleArn,
            input: wiring.input,
            inputTransformer: wiring.inputTransformer ?? target.inputTransformer,
            httpTarget: wiring.httpTarget,
            // @pulumi/aws types `Input<T | undefined>` only from 7.30; before that an Output that
            // resolves to undefined is equally "no SqsParameters", so the peer range can start at 7.16.
            sqsTarget: wiring.sqsTarget as pulumi.Input<aws.types.input.cloudwatch.EventTargetSqsTarget> | undefined,
            retryPolicy: { ...inputs.retryPolicy },
            deadLetterConfig: deadLetter ? { arn: deadLetter.arn } : undefined,
        }, { parent, dependsOn: [...(wiring.dependsOn ?? []), ...(deadLetter ? [deadLetter.policy] : [])] });
    });
}

function targetContext(inputs: RuleTargetsInputs, index: number, parent: pulumi.Resource): RuleTargetContext {
    return {
        ruleName: inputs.name,
        index,
        parent,
        rule: inputs.rule,
        ruleArn: inputs.ruleArn,
        eventBusName: inputs.eventBusName,
        maximumEventAgeInSeconds: inputs.retryPolicy.maximumEventAgeInSeconds,
        maximumRetryAttempts: inputs.retryPolicy.maximumRetryAttempts,
        hasDeadLetterQueue: inputs.deadLetter !== undefined,
        matchExamples: inputs.matchExamples.map((e) => e.event),
        warn: inputs.warn,
    };
}
