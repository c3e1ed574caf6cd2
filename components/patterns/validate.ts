import type { PatternProblem } from "./problems";

/** Options for {@link validatePattern}. */
export interface ValidateOptions {
    /** The pattern size quota in characters; default 2048 (EventBridge's default, adjustable per account). */
    maxPatternLength?: number;
}

/** Every reason EventBridge would reject the pattern; empty when valid. */
export function validatePattern(pattern: unknown, options?: ValidateOptions): PatternProblem[] {
    void pattern; void options;
    throw new Error("validatePattern: implementation lands in the next commit");
}
