/**
 * eventbridge-kit/policy: the CrossGuard policies, as objects. `policies` is the whole pack;
 * pack.ts (the entry PulumiPolicy.yaml names) only wraps it in a PolicyPack.
 */
import { apiDestinationPolicies } from "./api-destinations";
import { deadLetterQueuePolicies } from "./dead-letter-queues";
import { eventBusPolicies } from "./event-buses";
import type { KitPolicy } from "./internal/define";
import { lambdaPolicies } from "./lambda";
import { leastPrivilegePolicies } from "./least-privilege";
import { resourcePolicies } from "./resource-policies";
import { rolePolicies } from "./roles";
import { rulePolicies } from "./rules";
import { secretPolicies } from "./secrets";
import { targetPolicies } from "./targets";

export type { KitPolicy, KitResourcePolicy, KitStackPolicy } from "./internal/define";
export * from "./api-destinations";
export * from "./dead-letter-queues";
export * from "./event-buses";
export * from "./lambda";
export * from "./least-privilege";
export * from "./resource-policies";
export * from "./roles";
export * from "./rules";
export * from "./secrets";
export * from "./targets";

/** The pack's name, as `pulumi preview --policy-pack` reports it. */
export const policyPackName = "eventbridge-kit";

/** Every policy of the pack, in the order findings are reported. */
export const policies: KitPolicy[] = [
    ...rulePolicies,
    ...targetPolicies,
    ...deadLetterQueuePolicies,
    ...lambdaPolicies,
    ...apiDestinationPolicies,
    ...eventBusPolicies,
    ...secretPolicies,
    ...rolePolicies,
    ...resourcePolicies,
    ...leastPrivilegePolicies,
];
