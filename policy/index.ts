/**
 * eventbridge-kit/policy: the CrossGuard policies, as objects. `policies` is the whole pack;
 * the runnable pack (policy-pack/ at the package root) only wraps it in a PolicyPack, and
 * `choosePolicies` tunes it for an organisation's own pack.
 *
 * Each policy is exported under the camelCase of its rule name (`lambdaPermissionEventsSourceArn`
 * is `lambda-permission-events-source-arn`); nothing else of the policy modules is public.
 *
 * @module eventbridge-kit/policy
 */
export type { KitPolicy, KitResourcePolicy, KitStackPolicy } from "./internal/define";
export { policies, policyPackName } from "./all";
export { choosePolicies } from "./choose";
export type { PolicySelection } from "./choose";
export { apiDestinationHttps, apiDestinationRateLimit, connectionKmsKey, connectionOauthHttps } from "./api-destinations";
export { crossAccountTargetSourceAccount } from "./cross-account-targets";
export { deadLetterQueueEncrypted, eventQueuePolicySourceArn, eventQueuePolicyScoped } from "./dead-letter-queues";
export {
    eventBusCustomerManagedKey, eventBusDeadLetterQueue, eventBusKeyPolicyUsable, eventBusLogging, eventBusPolicyNoPublicPrincipal, eventBusPolicyPrincipal,
} from "./event-buses";
export { eventsSourceArnMatchesRules, eventsSourceArnPinned } from "./events-source-arn";
export { targetAcceptsIngressEventSize } from "./event-sizes";
export { ruleMatchesIngressEvents } from "./ingress-events";
export {
    functionUrlNoWildcardCors, functionUrlPublicOnlyUnderWebhookIngress, lambdaPermissionEventsSourceArn, lambdaPermissionNoPublicPrincipal,
    functionUrlCors, functionUrlPublic, lambdaPermissionPublicPrincipal, lambdaPermissionSourceArn,
} from "./lambda";
export { iamLeastPrivilege } from "./least-privilege";
export { resourcePolicyNoUnscopedPublicPrincipal } from "./resource-policies";
export { eventTargetRoleLeastPrivilege, functionRoleNoFullAccess } from "./roles";
export { eventRuleHasTarget, eventRulePatternAdvice, eventRulePatternScoped, eventRulePatternValid, eventRulePatternLint } from "./rules";
export { webhookSecretNotInPlainConfig } from "./secrets";
export { deadLetterQueueStandard, eventTargetDeadLetterQueue, eventTargetRetryPolicy, eventTargetRole } from "./targets";
