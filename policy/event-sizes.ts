import { targetSizeAdvisories } from "../stack";
import { KitPolicy, stackPolicy } from "./internal/define";

export const targetAcceptsIngressEventSize: KitPolicy = stackPolicy({
    name: "target-accepts-ingress-event-size",
    description: "A Step Functions or SNS target of a rule that matches a WebhookIngress's events can take the largest event the ingress sends inline: "
        + "EventBridge carries events of up to 1 MiB, a Step Functions input and an SNS message at most 256 KiB.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps: "On the ingress, set maxEntryBytes to the target's limit less 1024 bytes for the event envelope (261120 for Step Functions or SNS) "
        + "and set largeEvents, so larger events arrive as a pointer to S3; or give the target an input transformer that sends only what it needs.",
}, (stack, report) => {
    for (const advisory of targetSizeAdvisories(stack)) {
        report(advisory.message, advisory.target.urn);
    }
});

export const eventSizePolicies: KitPolicy[] = [targetAcceptsIngressEventSize];
