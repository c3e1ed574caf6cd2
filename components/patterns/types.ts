/**
 * TypeScript types for EventBridge event patterns.
 *
 * They make the common mistakes compile errors: a scalar where EventBridge wants an array
 * (`source: "aws.ec2"`), a misspelled operator (`{ prefx: "a" }`), a wrong operand type
 * (`{ exists: "true" }`) or a malformed numeric range. Build matchers with the helpers in
 * operators.ts (`prefix("x")`, `numeric(">", 0, "<=", 5)`, `or(...)`).
 */

/** A value an event field can equal exactly. */
export type ExactValue = string | number | boolean | null;

/** `{"equals-ignore-case": "x"}` as the operand of prefix/suffix. */
export interface IgnoreCaseOperand {
    readonly "equals-ignore-case": string;
}

/** Matches strings that start with the operand. */
export interface PrefixMatcher {
    readonly prefix: string | IgnoreCaseOperand;
}

/** Matches strings that end with the operand. */
export interface SuffixMatcher {
    readonly suffix: string | IgnoreCaseOperand;
}

/** Matches strings equal to the operand, ignoring case. */
export interface EqualsIgnoreCaseMatcher {
    readonly "equals-ignore-case": string;
}

/** Matches strings against a `*` wildcard (`\*` and `\\` escape). */
export interface WildcardMatcher {
    readonly wildcard: string;
}

/** Matches when the field is present (`true`) or absent (`false`). */
export interface ExistsMatcher {
    readonly exists: boolean;
}

/** Matches an IPv4 or IPv6 address inside a CIDR block. */
export interface CidrMatcher {
    readonly cidr: string;
}

/** A numeric comparison operator. */
export type NumericOperator = "=" | "<" | "<=" | ">" | ">=";
/** The lower bound of a two-sided range. */
export type LowerBoundOperator = ">" | ">=";
/** The upper bound of a two-sided range. */
export type UpperBoundOperator = "<" | "<=";

/** One comparison, or a two-sided range (lower bound first). */
export type NumericCondition =
    | readonly [NumericOperator, number]
    | readonly [LowerBoundOperator, number, UpperBoundOperator, number];

/** Matches numbers by value (300, 300.0 and 3.0e2 are equal). */
export interface NumericMatcher {
    readonly numeric: NumericCondition;
}

/** What `anything-but` can exclude. */
export type AnythingButOperand =
    | ExactValue
    | readonly string[]
    | readonly number[]
    | { readonly prefix: string }
    | { readonly suffix: string }
    | { readonly wildcard: string | readonly string[] }
    | { readonly "equals-ignore-case": string | readonly string[] };

/** Matches anything except the operand. */
export interface AnythingButMatcher {
    readonly "anything-but": AnythingButOperand;
}

/** One element of a field's array of allowed values. */
export type Matcher =
    | ExactValue
    | PrefixMatcher
    | SuffixMatcher
    | EqualsIgnoreCaseMatcher
    | WildcardMatcher
    | ExistsMatcher
    | CidrMatcher
    | NumericMatcher
    | AnythingButMatcher;

/** A field of a pattern: an array of allowed values (any may match) or a nested pattern. */
export type FieldPattern = readonly Matcher[] | EventPattern;

/** Operator names, which EventBridge reserves as field names inside `$or` branches. */
interface NoOperatorKeys {
    readonly prefix?: never;
    readonly suffix?: never;
    readonly "equals-ignore-case"?: never;
    readonly wildcard?: never;
    readonly "anything-but"?: never;
    readonly numeric?: never;
    readonly exists?: never;
    readonly cidr?: never;
    readonly exactly?: never;
}

/** One alternative of `$or`: a pattern whose top-level fields are not operator names. */
export type OrBranch = EventPattern & NoOperatorKeys;

/**
 * A typed EventBridge event pattern.
 *
 * Each field holds an array of matchers or a nested pattern; `$or` holds two or more
 * alternative patterns (use the `or(...)` helper). TypeScript cannot exclude `$or` from an
 * index signature, so the index type also admits arrays of `$or` branches; `validatePattern`
 * still rejects them anywhere but under `$or`.
 */
export interface EventPattern {
    /** Two or more alternative patterns, any of which may match; build it with `or(...)`. */
    readonly $or?: readonly OrBranch[];
    readonly [field: string]: FieldPattern | readonly OrBranch[] | undefined;
}
