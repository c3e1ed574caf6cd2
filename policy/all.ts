import { apiDestinationPolicies } from "./api-destinations";
import { crossAccountTargetPolicies } from "./cross-account-targets";
import { deadLetterQueuePolicies } from "./dead-letter-queues";
import { eventBusPolicies } from "./event-buses";
import { eventsSourceArnPolicies } from "./events-source-arn";
import { eventSizePolicies } from "./event-sizes";
import { ingressEventPolicies } from "./ingress-events";
import type { KitPolicy } from "./internal/define";
import { lambdaPolicies } from "./lambda";
import { leastPrivilegePolicies } from "./least-privilege";
import { resourcePolicies } from "./resource-policies";
import { rolePolicies } from "./roles";
import { rulePolicies } from "./rules";
import { secretPolicies } from "./secrets";
import { targetPolicies } from "./targets";

/** The pack's name, as `pulumi preview --policy-pack` reports it. */
export const policyPackName = "eventbridge-kit";

/** Every policy of the pack, in the order findings are reported. */
export const policies: KitPolicy[] = [
    ...rulePolicies,
    ...ingressEventPolicies,
    ...targetPolicies,
    ...deadLetterQueuePolicies,
    ...lambdaPolicies,
    ...apiDestinationPolicies,
    ...eventBusPolicies,
    ...crossAccountTargetPolicies,
    ...secretPolicies,
    ...rolePolicies,
    ...resourcePolicies,
    ...eventsSourceArnPolicies,
    ...leastPrivilegePolicies,
    ...eventSizePolicies,
];
