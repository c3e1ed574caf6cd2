import { parsePattern, ParsedPattern } from "./parse";
import type { PatternProblem } from "./problems";

/** Options for {@link validatePattern}. */
export interface ValidateOptions {
    /**
     * The pattern size quota in characters of JSON text. Default 2048, EventBridge's default
     * quota, which AWS can raise per account; pass your account's value if it was raised.
     */
    maxPatternLength?: number;
}

/** EventBridge's default quota on the length of an event pattern, in characters. */
export const DEFAULT_MAX_PATTERN_LENGTH = 2048;

/** The most fields (value arrays) one pattern may hold. */
export const MAX_PATTERN_FIELDS = 256;

/**
 * Every reason EventBridge would reject the pattern with InvalidEventPatternException; an empty
 * list means the pattern is valid. Each problem has the JSON path of the offending part and a
 * message that says how to fix it.
 *
 * The pattern may be an object or JSON text (as the EventBridge API takes it). Text is read
 * with its numbers' exact spelling, so a number that a double cannot hold (e.g. `1E-325` or
 * `12345678901234567890`) is reported rather than silently rounded; pass text when that matters.
 *
 * ```ts
 * validatePattern({ source: "aws.ec2" });
 * // [{ path: "$.source", message: '"source" must be an array of values or an object, ...' }]
 * ```
 */
export function validatePattern(pattern: unknown, options?: ValidateOptions): PatternProblem[] {
    const parsed = parsePattern(pattern);
    return [...parsed.problems, ...quotaProblems(parsed, options?.maxPatternLength ?? DEFAULT_MAX_PATTERN_LENGTH)];
}

/** Problems with EventBridge's size limits (pattern length and field count). */
export function quotaProblems(parsed: ParsedPattern, maxPatternLength: number): PatternProblem[] {
    const problems: PatternProblem[] = [];
    if (parsed.text.length > maxPatternLength) {
        problems.push({
            path: "$",
            message: `the pattern is ${parsed.text.length} characters long, over the quota of ${maxPatternLength}; shorten it (prefix/wildcard instead of long value lists, drop redundant fields) or request a higher "Event pattern size" quota and pass it as maxPatternLength`,
        });
    }
    if (parsed.fieldCount > MAX_PATTERN_FIELDS) {
        problems.push({
            path: "$",
            message: `the pattern has ${parsed.fieldCount} fields, over the limit of ${MAX_PATTERN_FIELDS}; split it into several rules`,
        });
    }
    return problems;
}
