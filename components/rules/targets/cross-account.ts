import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseArn } from "../../internal/arns";
import { createEventsTargetRole } from "../../internal/events-role";
import { policyDocument, policyJson, PolicyStatement } from "../../internal/iam";
import { logicalName } from "../../internal/names";
import type { RuleTarget, RuleTargetKind } from "../target";
import { TargetOptions, targetResourceName } from "./options";

/** Options of the cross-account target builders. */
export interface CrossAccountTargetOptions extends TargetOptions {
    /**
     * An `aws.Provider` for the target's account (and the rule's region): the target's resource
     * policy is created there with it. Without one, the kit cannot reach that account and each
     * rule's statement is in the target's `resourcePolicyStatements` for you to apply there.
     * @default none: the statements are returned, not applied
     */
    readonly provider?: aws.Provider;
}

/** A cross-account target: what the target's account must allow, per rule it is attached to. */
export interface CrossAccountTarget extends RuleTarget {
    /**
     * One policy statement (JSON) per rule, for the target's resource policy in its own account:
     * the rule's execution role may perform the target's action on the target. Filled as the
     * target is attached to rules; already applied when `provider` was given.
     */
    readonly resourcePolicyStatements: pulumi.Output<string>[];
}

type Kind = Extract<RuleTargetKind, "lambda" | "queue" | "topic">;

const ACTION: Record<Kind, string> = { lambda: "lambda:InvokeFunction", queue: "sqs:SendMessage", topic: "sns:Publish" };
const SERVICE: Record<Kind, string> = { lambda: "lambda", queue: "sqs", topic: "sns" };
const BUILDER: Record<Kind, string> = { lambda: "crossAccountLambda", queue: "crossAccountQueue", topic: "crossAccountTopic" };

/**
 * Queues and topics whose whole policy this program writes (a second rule would replace the
 * first's): under the resource itself, or under the provider by ARN. Keyed by the program's own
 * objects, so a second program in one process (the offline plan, tests) starts afresh.
 */
const policiesWritten = new WeakMap<object, Set<string>>();

/** Records that this program writes the target's policy; false when it already does. */
function firstPolicyWriter(target: Target, provider: aws.Provider): boolean {
    const [owner, key] = typeof target === "string" ? [provider, target] : [target, ""];
    const keys = policiesWritten.get(owner) ?? new Set<string>();
    policiesWritten.set(owner, keys);
    const first = !keys.has(key);
    keys.add(key);
    return first;
}

type Target = aws.lambda.Function | aws.sqs.Queue | aws.sns.Topic | string;

/**
 * Direct delivery to a target in another account, as AWS documents it ("Sending events to an AWS
 * service in another account"): an execution role in the rule's account, trusted by
 * `events.amazonaws.com` only for that rule and allowed only the target's action on the target,
 * and a statement in the target's resource policy letting that role in. The rule's dead-letter
 * queue stays in the rule's account and region; the target must be in the rule's region.
 */
function crossAccountTarget(kind: Kind, target: Target, options: CrossAccountTargetOptions): CrossAccountTarget {
    const builder = `targets.${BUILDER[kind]}`;
    if (typeof target === "string") {
        const arn = parseArn(target);
        if (!arn || arn.service !== SERVICE[kind] || !/^\d{12}$/.test(arn.account)) {
            throw new Error(`${builder}("${target}"): not a ${SERVICE[kind].toUpperCase()} ARN with an account; pass the resource (created with that account's provider) or its ARN.`);
        }
    }
    const targetArn = typeof target === "string" ? pulumi.output(target) : target.arn;
    const description = `${kind} ${typeof target === "string" ? `"${target}"` : `"${logicalName(target)}"`} in another account`;
    const resourcePolicyStatements: pulumi.Output<string>[] = [];
    const identity = typeof target === "string" ? target : logicalName(target);
    return {
        kind,
        crossAccount: true,
        description,
        identity: target,
        inputTransformer: options.input,
        resourcePolicyStatements,
        attach(context) {
            const name = targetResourceName(context);
            // Same region, another account: checked once the rule's ARN is known.
            const arn = pulumi.all([targetArn, context.ruleArn]).apply(([resolved, ruleArn]) => {
                const parts = parseArn(resolved);
                const rule = parseArn(ruleArn);
                if (parts && rule && parts.account === rule.account) {
                    throw new Error(`SafeRule "${context.ruleName}": targets[${context.index}] (${description}): ${resolved} is in the rule's own account; use targets.${kind}(...) instead.`);
                }
                if (parts && rule && parts.region !== rule.region) {
                    throw new Error(`SafeRule "${context.ruleName}": targets[${context.index}] (${description}): ${resolved} is in ${parts.region}, the rule in ${rule.region}; EventBridge delivers to other accounts in the rule's region only. Send to a bus in that region instead.`);
                }
                return resolved;
            });
            const { role, policy } = createEventsTargetRole(name, { ruleArn: context.ruleArn, action: ACTION[kind], resourceArn: arn }, context.parent);
            const statement = pulumi.all([role.arn, arn]).apply(([roleArn, resolved]): PolicyStatement => ({
                Sid: `AllowRule${context.ruleName.replace(/[^A-Za-z0-9]/g, "")}`,
                Effect: "Allow",
                Principal: { AWS: roleArn },
                Action: ACTION[kind],
                Resource: resolved,
            }));
            resourcePolicyStatements.push(statement.apply((s) => JSON.stringify(s)));
            const dependsOn: pulumi.Resource[] = [policy];
            if (options.provider) {
                dependsOn.push(applyResourcePolicy(kind, name, target, arn, role, statement, options.provider, context.parent, `${builder}(${identity})`));
            }
            return { arn, roleArn: role.arn, dependsOn };
        },
    };
}

/** The target's resource policy in its own account, with that account's provider. */
function applyResourcePolicy(kind: Kind, name: string, target: Target, arn: pulumi.Output<string>, role: aws.iam.Role,
    statement: pulumi.Output<PolicyStatement>, provider: aws.Provider, parent: pulumi.Resource, label: string): pulumi.Resource {
    const opts = { parent, provider };
    if (kind === "lambda") {
        return new aws.lambda.Permission(`${name}-permission`, {
            action: ACTION.lambda,
            function: typeof target === "string" ? target : (target as aws.lambda.Function).name,
            principal: role.arn,
        }, opts);
    }
    if (!firstPolicyWriter(target, provider)) {
        throw new Error(`${label}: a second rule sends to this ${kind} with a provider; its policy holds one document, which the first rule's already fills. Give one rule the provider and apply the other rules' resourcePolicyStatements yourself, or route them through one rule.`);
    }
    const policy = statement.apply((s) => policyJson(policyDocument(s)));
    if (kind === "queue") {
        const queueUrl = typeof target === "string"
            ? arn.apply((a) => { const p = parseArn(a)!; return `https://sqs.${p.region}.amazonaws.com/${p.account}/${p.resource}`; })
            : (target as aws.sqs.Queue).url;
        return new aws.sqs.QueuePolicy(`${name}-queue-policy`, { queueUrl, policy }, opts);
    }
    return new aws.sns.TopicPolicy(`${name}-topic-policy`, { arn, policy }, opts);
}

/** A Lambda function in another account (the resource, created with that account's provider, or its ARN). */
export function crossAccountLambda(fn: aws.lambda.Function | string, options: CrossAccountTargetOptions = {}): CrossAccountTarget {
    return crossAccountTarget("lambda", fn, options);
}

/** A standard SQS queue in another account (the resource, created with that account's provider, or its ARN). */
export function crossAccountQueue(queue: aws.sqs.Queue | string, options: CrossAccountTargetOptions = {}): CrossAccountTarget {
    return crossAccountTarget("queue", queue, options);
}

/** An SNS topic in another account (the resource, created with that account's provider, or its ARN). */
export function crossAccountTopic(topic: aws.sns.Topic | string, options: CrossAccountTargetOptions = {}): CrossAccountTarget {
    return crossAccountTarget("topic", topic, options);
}
