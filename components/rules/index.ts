export { SafeRule } from "./safe-rule";
export type { SafeRuleArgs, SafeRuleLintOptions, DeadLetterQueueOption } from "./safe-rule";
export type { RetryPolicy } from "./retry-policy";
export type { RuleExamples, ExampleEvents, RenderedExample } from "./examples";
export type { RuntimeGuardOptions } from "./runtime-guard";
export { DEFAULT_INVOCATIONS_CEILING, DEFAULT_GUARD_PERIOD_SECONDS } from "./runtime-guard";
export type { RuleTarget, RuleTargetKind, RuleTargetContext, RuleTargetWiring, EmittedEvents } from "./target";
export * as targets from "./targets";
