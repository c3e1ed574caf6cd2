/**
 * Helpers that build typed matchers, so patterns are written as code rather than JSON strings:
 *
 * ```ts
 * const pattern: EventPattern = {
 *     source: ["aws.ec2"],
 *     detail: { state: [anythingBut("pending")], cpu: [numeric(">", 0, "<=", 5)] },
 * };
 * ```
 */
import type {
    AnythingButMatcher, AnythingButOperand, CidrMatcher, EqualsIgnoreCaseMatcher, ExistsMatcher,
    LowerBoundOperator, NumericMatcher, NumericOperator, OrBranch, PrefixMatcher, SuffixMatcher, UpperBoundOperator,
    WildcardMatcher,
} from "./types";

/** Matches strings starting with `value`; `{ ignoreCase: true }` compares case-insensitively. */
export function prefix(value: string): { readonly prefix: string };
export function prefix(value: string, options: { ignoreCase?: boolean }): PrefixMatcher;
export function prefix(value: string, options?: { ignoreCase?: boolean }): PrefixMatcher {
    return { prefix: options?.ignoreCase ? { "equals-ignore-case": value } : value };
}

/** Matches strings ending with `value`; `{ ignoreCase: true }` compares case-insensitively. */
export function suffix(value: string): { readonly suffix: string };
export function suffix(value: string, options: { ignoreCase?: boolean }): SuffixMatcher;
export function suffix(value: string, options?: { ignoreCase?: boolean }): SuffixMatcher {
    return { suffix: options?.ignoreCase ? { "equals-ignore-case": value } : value };
}

/**
 * Matches anything but the given value(s) or nested operator (`anythingBut(prefix("x"))`).
 * The result keeps the values' literal types, so typed patterns (`githubPattern`) check them.
 */
export function anythingBut<Operand extends AnythingButOperand>(operand: Operand): { readonly "anything-but": Operand };
export function anythingBut<Value extends string>(...values: Value[]): { readonly "anything-but": Value | Value[] };
export function anythingBut(...values: number[]): { readonly "anything-but": number | number[] };
export function anythingBut(...operands: unknown[]): AnythingButMatcher {
    const operand = operands.length === 1 ? operands[0] : operands;
    return { "anything-but": operand as AnythingButOperand };
}

/** A numeric comparison (`numeric(">", 0)`) or range (`numeric(">=", 0, "<", 10)`). */
export function numeric(op: NumericOperator, value: number): NumericMatcher;
export function numeric(lowOp: LowerBoundOperator, low: number, highOp: UpperBoundOperator, high: number): NumericMatcher;
export function numeric(...condition: [NumericOperator, number] | [LowerBoundOperator, number, UpperBoundOperator, number]): NumericMatcher {
    return { numeric: condition };
}

/** Matches when the field is present (`exists(true)`) or absent (`exists(false)`). */
export function exists(present = true): ExistsMatcher {
    return { exists: present };
}

/** Matches IP addresses inside the CIDR block, e.g. `cidr("10.0.0.0/24")`. */
export function cidr(block: string): CidrMatcher {
    return { cidr: block };
}

/** Matches strings equal to `value` ignoring case. */
export function equalsIgnoreCase(value: string): EqualsIgnoreCaseMatcher {
    return { "equals-ignore-case": value };
}

/** Matches strings against a wildcard, `*` standing for any run of characters. */
export function wildcard(value: string): WildcardMatcher {
    return { wildcard: value };
}

/** `{ $or: [...] }`: matches when any of the branches matches. Spread it into a pattern. */
export function or(...branches: OrBranch[]): { $or: OrBranch[] } {
    return { $or: branches };
}
