/**
 * eventbridge-kit/patterns: EventBridge event patterns as code. Validate, match, explain and
 * lint patterns, and render input transformers, with EventBridge's own semantics
 * (aws/event-ruler). Pure functions; no Pulumi import, so it runs anywhere.
 */
export type { PatternProblem } from "./problems";
export { InvalidPatternError, InvalidInputTransformerError } from "./problems";
export type { ValidateOptions } from "./validate";
export { validatePattern } from "./validate";
export { matchesPattern } from "./match";
export type { MatchExplanation } from "./explain";
export { explainMatch } from "./explain";
export type { LintLevel, LintRuleId, LintFinding, LintOptions } from "./lint";
export { lintPattern } from "./lint";
export type { InputTransformer, RenderContext } from "./input-transformer";
export { validateInputTransformer, transform, renderInputTransformer } from "./input-transformer";
export type * from "./types";
export { prefix, suffix, anythingBut, numeric, exists, cidr, equalsIgnoreCase, wildcard, or } from "./operators";
