/**
 * eventbridge-kit: Pulumi components that make Amazon EventBridge integrations safe by
 * construction. Pattern tools are also available on their own from "eventbridge-kit/patterns".
 *
 * @module eventbridge-kit
 */

// Verified webhooks in
export { WebhookIngress, providers } from "./ingress";
export type { WebhookIngressArgs, WebhookProvider, VerifiedEvent, HookContext, EnrichHook, GithubRedeliveryArgs, GithubRedeliveryCredentialsArgs, GithubRedeliveryHookArgs } from "./ingress";

// Event buses
export { SafeEventBus } from "./bus";
export type { SafeEventBusArgs, BusEncryption, BusLoggingArgs, BusLogLevel, BusArchiveArgs, BusPutEventsAccess } from "./bus";

// Rules and their targets
export { SafeRule, targets, DEFAULT_INVOCATIONS_CEILING, DEFAULT_GUARD_PERIOD_SECONDS } from "./rules";
export type {
    SafeRuleArgs, SafeRuleLintOptions, DeadLetterQueueOption, RetryPolicy, RuleExamples, ExampleEvents,
    RenderedExample, RuntimeGuardOptions, RuleTarget, RuleTargetKind, RuleTargetContext, RuleTargetWiring, EmittedEvents,
} from "./rules";
export type { EventBusRef, EventBusComponent } from "./internal/event-bus";

// HTTPS endpoints as targets
export { ApiDestinationTarget, ApiDestinationConnection, auth } from "./targets";
export type { PrivateEndpointArgs } from "./targets";
export type { ApiDestinationTargetArgs, ApiDestinationConnectionArgs, ConnectionRef, ConnectionAuth, HttpParameters, InvocationParameters, OAuthArgs } from "./targets";

// Patterns, for writing rules in one import
export { transform, prefix, suffix, anythingBut, numeric, exists, cidr, equalsIgnoreCase, wildcard, or, githubPattern } from "./patterns";
export type { EventPattern, InputTransformer, LintRuleId, LintLevel, GitHubEventPattern } from "./patterns";
