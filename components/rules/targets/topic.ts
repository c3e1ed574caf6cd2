import * as aws from "@pulumi/aws";
import { logicalName } from "../../internal/names";
import { grantTopicPublish } from "../../internal/shared-resource-policy";
import type { RuleTarget } from "../target";
import { TargetOptions } from "./options";

/**
 * An SNS topic as a rule target. SNS targets carry no role: the topic's policy lets
 * `events.amazonaws.com` `sns:Publish` only for the rules listed in `aws:SourceArn`, one
 * policy per topic shared by every rule that publishes to it.
 *
 * SafeRule owns the topic's policy: do not attach another TopicPolicy to the same topic.
 */
export function topic(target: aws.sns.Topic, options: TargetOptions = {}): RuleTarget {
    return {
        kind: "topic",
        description: `topic "${logicalName(target)}"`,
        identity: target,
        inputTransformer: options.input,
        attach(context) {
            const policy = grantTopicPublish(target, context.ruleArn, `SafeRule "${context.ruleName}"`);
            return { arn: target.arn, dependsOn: [policy] };
        },
    };
}
