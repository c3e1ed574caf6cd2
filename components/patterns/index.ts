/**
 * eventbridge-kit/patterns: EventBridge event patterns as code. Validate, match, explain and
 * lint patterns, and render input transformers, with EventBridge's own semantics
 * (aws/event-ruler). Pure functions; no Pulumi import, so it runs anywhere.
 *
 * @module eventbridge-kit/patterns
 */
export type { PatternProblem } from "./problems";
export { InvalidPatternError, InvalidInputTransformerError } from "./problems";
export type { ValidateOptions } from "./validate";
export { validatePattern, DEFAULT_MAX_PATTERN_LENGTH, MAX_PATTERN_FIELDS } from "./validate";
export { matchesPattern, compilePattern } from "./match";
export type { CompiledPattern } from "./compile";
export type { NamedPatterns } from "./machine";
export { PatternMachine } from "./machine";
export type { MatchExplanation } from "./explain";
export { explainMatch } from "./explain";
export type { LintLevel, LintRuleId, LintFinding, LintOptions } from "./lint";
export { lintPattern, DEFAULT_LINT_LEVELS } from "./lint";
export type { EmittedEvents, EmittedEventsProblem, FieldShape } from "./emitted-events";
export { checkInputPathsAgainstEmittedEvents, checkPatternAgainstEmittedEvents, shapeHasField } from "./emitted-events";
export type { InputTransformer, RenderContext } from "./input-transformer";
export {
    validateInputTransformer, transform, renderInputTransformer, MAX_INPUT_PATHS, MAX_INPUT_TEMPLATE_LENGTH,
    PREDEFINED_VARIABLES,
} from "./input-transformer";
export type * from "./types";
export { prefix, suffix, anythingBut, numeric, exists, cidr, equalsIgnoreCase, wildcard, or } from "./operators";
export type { LeafMatcher, TypedFieldPattern, TypedPattern } from "./typed";
export type {
    GitHubAction, GitHubEventMetadata, GitHubEventName, GitHubEventPattern, GitHubPatternOptions, GitHubPayloadPattern,
    GitHubWebhookPayload,
} from "./github";
export { githubPattern } from "./github";
