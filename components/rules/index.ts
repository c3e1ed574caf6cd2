export { SafeRule } from "./safe-rule";
export type { SafeRuleArgs, SafeRuleLintOptions } from "./safe-rule";
export type { DeadLetterQueueOption } from "./dead-letter";
export type { RetryPolicy } from "./retry-policy";
export type { RuleExamples, ExampleEvents, RenderedExample } from "./examples";
export type { RuntimeGuardOptions } from "./runtime-guard";
export { DEFAULT_INVOCATIONS_CEILING, DEFAULT_GUARD_PERIOD_SECONDS } from "./runtime-guard";
export type { RuleTarget, RuleTargetKind, RuleTargetContext, RuleTargetWiring, EmittedEvents } from "./target";
export * as targets from "./targets";
