/** Severity of a lint finding. */
export type LintLevel = "error" | "warn" | "info";

/** Lint rule ids. */
export type LintRuleId =
    | "missing-source"
    | "missing-detail-type"
    | "match-all"
    | "broad-prefix"
    | "exists-only"
    | "long-value-list"
    | "missing-account"
    | "missing-region";

/** One lint finding. */
export interface LintFinding {
    rule: LintRuleId;
    level: LintLevel;
    path: string;
    message: string;
}

/** Options for {@link lintPattern}. */
export interface LintOptions {
    levels?: Partial<Record<LintRuleId, LintLevel | "off">>;
    crossAccount?: boolean;
    crossRegion?: boolean;
    maxValueListLength?: number;
}

/** Best-practice findings for a valid pattern. */
export function lintPattern(pattern: unknown, options?: LintOptions): LintFinding[] {
    void pattern; void options;
    throw new Error("lintPattern: implementation lands in a following commit");
}
