/**
 * eventbridge-kit/policy: the CrossGuard policies, as objects. `policies` is the whole pack;
 * the runnable pack (policy-pack/ at the package root) only wraps it in a PolicyPack, and
 * `choosePolicies` tunes it for an organisation's own pack.
 *
 * @module eventbridge-kit/policy
 */
export type { KitPolicy, KitResourcePolicy, KitStackPolicy } from "./internal/define";
export { policies, policyPackName } from "./all";
export { choosePolicies } from "./choose";
export type { PolicySelection } from "./choose";
export * from "./api-destinations";
export * from "./cross-account-targets";
export * from "./dead-letter-queues";
export * from "./event-buses";
export * from "./events-source-arn";
export * from "./event-sizes";
export * from "./ingress-events";
export * from "./lambda";
export * from "./least-privilege";
export * from "./resource-policies";
export * from "./roles";
export * from "./rules";
export * from "./secrets";
export * from "./targets";
