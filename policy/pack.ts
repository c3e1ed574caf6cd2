// The policy pack's entry (PulumiPolicy.yaml `main`). Constructing a PolicyPack starts the
// analyzer server the Pulumi CLI talks to, so nothing else imports this file.
import { PolicyPack } from "@pulumi/policy";
import { policies, policyPackName } from "./index";

new PolicyPack(policyPackName, {
    description: "EventBridge integrations held to eventbridge-kit's bar: valid, scoped patterns; targets with the right permissions, roles and dead-letter queues; verified public endpoints; HTTPS API destinations.",
    enforcementLevel: "advisory",
    policies,
});
