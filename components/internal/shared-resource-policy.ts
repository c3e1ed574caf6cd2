import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { logicalName } from "./names";
import { policyDocument, policyJson, serviceResourceStatement } from "./iam";
import { EVENTS_SERVICE_PRINCIPAL, SNS_MAX_POLICY_BYTES, SQS_MAX_POLICY_BYTES } from "./limits";

/**
 * Resource policies for queues and topics that several rules send to.
 *
 * An `aws.sqs.QueuePolicy` (or `aws.sns.TopicPolicy`) replaces the resource's whole policy, so
 * one policy per rule would leave only the last rule written able to deliver. Instead each
 * queue or topic gets exactly one policy, a child of the queue/topic itself, holding one
 * statement whose `aws:SourceArn` lists every rule that sends to it. Rules add themselves while
 * the program constructs them; the list is sealed when the program's synchronous construction
 * ends (the next turn of the event loop), and the policy document is built from it then.
 *
 * Why a child of the queue and not of a rule: its URN then does not depend on which rule came
 * first. Had it belonged to a rule, removing that rule would create the policy anew under
 * another rule before deleting the old one, and the delete would wipe the queue's policy.
 */

interface ServiceGrant {
    readonly sourceArns: pulumi.Output<string>[];
    readonly requesters: string[];
    sealed: boolean;
    readonly policy: pulumi.Resource;
}

const grants = new WeakMap<pulumi.Resource, ServiceGrant>();


export interface GrantKind {
    readonly noun: string;
    readonly action: string;
    readonly sid: string;
    readonly maxBytes: number;
    readonly policyFor: (name: string, document: pulumi.Output<string>, parent: pulumi.Resource) => pulumi.Resource;
}

/**
 * The policy document letting EventBridge deliver to `resourceArn` for the rules `sourceArns`
 * (duplicates dropped); throws when it exceeds the service's policy size limit.
 */
export function grantDocument(kind: Pick<GrantKind, "noun" | "action" | "sid" | "maxBytes">, name: string, resourceArn: string, sourceArns: readonly string[]): string {
    const arns = [...new Set(sourceArns)];
    const text = policyJson(policyDocument(serviceResourceStatement({
        sid: kind.sid,
        service: EVENTS_SERVICE_PRINCIPAL,
        actions: [kind.action],
        resource: resourceArn,
        sourceArns: arns,
    })));
    const bytes = Buffer.byteLength(text);
    if (bytes > kind.maxBytes) {
        throw new Error(
            `The EventBridge policy of ${kind.noun} "${name}" lists ${arns.length} rules and is ${bytes} bytes, over the ${kind.maxBytes}-byte limit of ${kind.noun} policies. ` +
            `Send fewer rules to it (merge patterns with $or into one rule, or fan out through another ${kind.noun}).`,
        );
    }
    return text;
}

function grant(resource: pulumi.Resource, resourceArn: pulumi.Output<string>, kind: GrantKind, sourceArn: pulumi.Input<string>, requester: string): pulumi.Resource {
    let entry = grants.get(resource);
    if (entry?.sealed) {
        throw new Error(
            `${requester}: ${kind.noun} "${logicalName(resource)}" already has its EventBridge policy, sealed with ${entry.requesters.join(", ")}. ` +
            `Its policy lists every rule that sends to it and is fixed once the program's synchronous construction ends; ` +
            `construct every SafeRule that sends to this ${kind.noun} before the program awaits anything.`,
        );
    }
    if (!entry) {
        const sourceArns: pulumi.Output<string>[] = [];
        const requesters: string[] = [];
        const sealed = new Promise<void>((resolve) => setImmediate(() => {
            created.sealed = true;
            resolve();
        }));
        const name = logicalName(resource);
        const rules = pulumi.output(sealed.then(() => pulumi.all(sourceArns)));
        const document = pulumi.all([resourceArn, rules]).apply(([arn, arns]) => grantDocument(kind, name, arn, arns));
        const created: ServiceGrant = { sourceArns, requesters, sealed: false, policy: kind.policyFor(`${name}-eventbridge-policy`, document, resource) };
        entry = created;
        grants.set(resource, entry);
    }
    entry.sourceArns.push(pulumi.output(sourceArn));
    entry.requesters.push(requester);
    return entry.policy;
}

export const queueGrant = { noun: "queue", action: "sqs:SendMessage", sid: "AllowEventBridgeRules", maxBytes: SQS_MAX_POLICY_BYTES } as const;
export const topicGrant = { noun: "topic", action: "sns:Publish", sid: "AllowEventBridgeRules", maxBytes: SNS_MAX_POLICY_BYTES } as const;

/**
 * Lets the rule `sourceArn` send to `queue` (`sqs:SendMessage` from events.amazonaws.com),
 * through the queue's one shared policy. Returns the policy, for `dependsOn`.
 */
export function grantQueueSend(queue: aws.sqs.Queue, sourceArn: pulumi.Input<string>, requester: string): pulumi.Resource {
    return grant(queue, queue.arn, {
        ...queueGrant,
        policyFor: (name, policy, parent) => new aws.sqs.QueuePolicy(name, { queueUrl: queue.url, policy }, { parent }),
    }, sourceArn, requester);
}

/**
 * Lets the rule `sourceArn` publish to `topic` (`sns:Publish` from events.amazonaws.com),
 * through the topic's one shared policy. Returns the policy, for `dependsOn`.
 */
export function grantTopicPublish(topic: aws.sns.Topic, sourceArn: pulumi.Input<string>, requester: string): pulumi.Resource {
    return grant(topic, topic.arn, {
        ...topicGrant,
        policyFor: (name, policy, parent) => new aws.sns.TopicPolicy(name, { arn: topic.arn, policy }, { parent }),
    }, sourceArn, requester);
}
