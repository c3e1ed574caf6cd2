/**
 * Best-practice checks for event patterns, from AWS's published advice: scope every pattern by
 * `source` and `detail-type` (and `account`/`region` when the bus receives events from other
 * accounts or regions), never match everything, prefer content filters and `$or` over long
 * value lists.
 */
import { compileUncached, CompiledField } from "./compile";
import type { ValueMatcher } from "./matchers";
import { DEFAULT_MAX_PATTERN_LENGTH } from "./validate";

/** Severity of a lint finding. */
export type LintLevel = "error" | "warn" | "info";

/**
 * Lint rule ids (default level in parentheses):
 * - `missing-source` (error): an alternative of the pattern does not filter on `source`, so it
 *   can match events from any service or application on the bus.
 * - `missing-detail-type` (warn): no `detail-type` filter, so new event types from the same
 *   source start matching later.
 * - `match-all` (error): an alternative matches every event (e.g. `{"source": [{"prefix": ""}]}`
 *   or `exists: true` on fields every event has).
 * - `match-any-value` (warn): a matcher that accepts any string (`prefix: ""`, `suffix: ""`,
 *   `wildcard: "*"`), which filters nothing on that field.
 * - `exists-only` (warn): an alternative whose only conditions are `exists` checks.
 * - `long-value-list` (warn): a field lists more than `maxValueListLength` values; use a prefix,
 *   wildcard or content filter, or split with `$or`.
 * - `missing-account` (warn, only with `crossAccount`): no `account` filter on a bus that
 *   receives events from other accounts.
 * - `missing-region` (warn, only with `crossRegion`): no `region` filter on a bus that receives
 *   events from other regions.
 * - `near-size-quota` (info): the pattern uses more than 80% of the size quota.
 */
export type LintRuleId =
    | "missing-source"
    | "missing-detail-type"
    | "match-all"
    | "match-any-value"
    | "exists-only"
    | "long-value-list"
    | "missing-account"
    | "missing-region"
    | "near-size-quota";

/** One lint finding: which rule, how serious, where (JSON path) and what to do. */
export interface LintFinding {
    rule: LintRuleId;
    level: LintLevel;
    path: string;
    message: string;
}

/** Options for {@link lintPattern}. */
export interface LintOptions {
    /** Override the level of any rule, or turn it `"off"`. */
    levels?: Partial<Record<LintRuleId, LintLevel | "off">>;
    /** The bus receives events from other accounts: require an `account` filter. */
    crossAccount?: boolean;
    /** The bus receives events from other regions: require a `region` filter. */
    crossRegion?: boolean;
    /** Longest value list before `long-value-list` fires. Default 10. */
    maxValueListLength?: number;
    /** The account's pattern size quota, for `near-size-quota`. Default 2048. */
    maxPatternLength?: number;
}

/** The default level of each rule. */
export const DEFAULT_LINT_LEVELS: Readonly<Record<LintRuleId, LintLevel>> = {
    "missing-source": "error",
    "missing-detail-type": "warn",
    "match-all": "error",
    "match-any-value": "warn",
    "exists-only": "warn",
    "long-value-list": "warn",
    "missing-account": "warn",
    "missing-region": "warn",
    "near-size-quota": "info",
};

/** Fields present in every EventBridge event (the envelope). */
const ENVELOPE_FIELDS = new Set(["version", "id", "detail-type", "source", "account", "time", "region"]);

/**
 * Best-practice findings for a pattern (object or JSON text); an empty list means none.
 * Throws {@link InvalidPatternError} when the pattern is invalid (check with
 * {@link validatePattern} first).
 *
 * ```ts
 * lintPattern({ source: ["aws.ec2"] });
 * // [{ rule: "missing-detail-type", level: "warn", path: "$", message: "..." }]
 * ```
 */
export function lintPattern(pattern: unknown, options: LintOptions = {}): LintFinding[] {
    const compiled = compileUncached(pattern);
    const findings: LintFinding[] = [];
    const add: AddFinding = (rule, path, message) => {
        const level = options.levels?.[rule] ?? DEFAULT_LINT_LEVELS[rule];
        if (level !== "off") {
            findings.push({ rule, level, path, message });
        }
    };
    const alternatives = compiled.subRules;
    lintMissingFields(alternatives, options, add);
    lintAlternatives(alternatives, add);
    lintValues(alternatives, options, add);

    const quota = options.maxPatternLength ?? DEFAULT_MAX_PATTERN_LENGTH;
    const length = compiled.text.length;
    if (length > 0.8 * quota && length <= quota) {
        add("near-size-quota", "$", `the pattern is ${length} of ${quota} allowed characters; leave room for changes (prefix or wildcard instead of long lists)`);
    }
    return findings;
}

/** Records a finding of a rule at its configured level (or not at all when it is off). */
type AddFinding = (rule: LintRuleId, path: string, message: string) => void;
type Alternatives = readonly (readonly CompiledField[])[];

/** Envelope fields some $or alternatives do not filter on: source, detail-type, and account or region on a shared bus. */
function lintMissingFields(alternatives: Alternatives, options: LintOptions, add: AddFinding): void {
    const lacking = (name: string): number => alternatives.filter((rule) => !rule.some((f) => f.name === name && !f.allowsAbsent)).length;
    const scope = (count: number): string => alternatives.length === 1 ? "the pattern has" : `${count} of ${alternatives.length} $or alternatives have`;

    const noSource = lacking("source");
    if (noSource > 0) {
        add("missing-source", "$", `${scope(noSource)} no "source" filter, so events from any service or application on the bus can match; add e.g. "source": ["aws.ec2"]`);
    }
    const noDetailType = lacking("detail-type");
    if (noDetailType > 0) {
        add("missing-detail-type", "$", `${scope(noDetailType)} no "detail-type" filter, so new event types from the same source will start matching later; add e.g. "detail-type": ["EC2 Instance State-change Notification"]`);
    }
    if (options.crossAccount) {
        const n = lacking("account");
        if (n > 0) {
            add("missing-account", "$", `${scope(n)} no "account" filter although the bus receives events from other accounts; add "account": ["<account id>"]`);
        }
    }
    if (options.crossRegion) {
        const n = lacking("region");
        if (n > 0) {
            add("missing-region", "$", `${scope(n)} no "region" filter although the bus receives events from other regions; add "region": ["<region>"]`);
        }
    }
}

/** Alternatives that match every event, or only check that fields exist. */
function lintAlternatives(alternatives: Alternatives, add: AddFinding): void {
    alternatives.forEach((rule, i) => {
        const where = alternatives.length === 1 ? "the pattern" : `$or alternative ${i + 1} of ${alternatives.length}`;
        if (rule.every(matchesEveryEvent)) {
            add("match-all", "$", `${where} matches every event on the bus (${rule.map((f) => `${f.name}: ${JSON.stringify(f.condition.values)}`).join(", ")}); filter on real values of "source" and "detail-type"`);
        } else if (rule.every((f) => f.condition.matchers.every((m) => m.kind === "exists"))) {
            add("exists-only", "$", `${where} only checks that fields exist (${rule.map((f) => f.name).join(", ")}); add content filters on "source", "detail-type" or detail values`);
        }
    });
}

/** Values that accept any string, and value lists longer than `maxValueListLength`. */
function lintValues(alternatives: Alternatives, options: LintOptions, add: AddFinding): void {
    const maxList = options.maxValueListLength ?? 10;
    for (const field of uniqueFields(alternatives)) {
        const { condition } = field;
        for (const [i, m] of condition.matchers.entries()) {
            if (acceptsAnyString(m)) {
                add("match-any-value", `${condition.path}[${condition.values.indexOf(m.source) >= 0 ? condition.values.indexOf(m.source) : i}]`,
                    `${JSON.stringify(m.source)} accepts any string, so it does not filter "${condition.name}"; use a meaningful prefix or value, or { "exists": true } if presence is what matters`);
            }
        }
        if (condition.values.length > maxList) {
            add("long-value-list", condition.path, `"${condition.name}" lists ${condition.values.length} values (more than ${maxList}); match a common prefix or wildcard, filter on another field, or split the alternatives with $or`);
        }
    }
}

function uniqueFields(alternatives: readonly (readonly CompiledField[])[]): CompiledField[] {
    const seen = new Set<unknown>();
    const result: CompiledField[] = [];
    for (const rule of alternatives) {
        for (const field of rule) {
            if (!seen.has(field.condition)) {
                seen.add(field.condition);
                result.push(field);
            }
        }
    }
    return result;
}

/** A matcher that every string satisfies. */
function acceptsAnyString(m: ValueMatcher): boolean {
    const source = m.source as Record<string, unknown>;
    switch (m.kind) {
        case "prefix": return source.prefix === "" || isIgnoreCaseOf(source.prefix, "");
        case "suffix": return source.suffix === "" || isIgnoreCaseOf(source.suffix, "");
        case "wildcard": return typeof source.wildcard === "string" && /^\*+$/.test(source.wildcard);
        default: return false;
    }
}

function isIgnoreCaseOf(operand: unknown, value: string): boolean {
    return typeof operand === "object" && operand !== null && (operand as Record<string, unknown>)["equals-ignore-case"] === value;
}

/** A field condition every event satisfies: an envelope field with a match-anything matcher. */
function matchesEveryEvent(field: CompiledField): boolean {
    if (!ENVELOPE_FIELDS.has(field.name)) {
        return false;
    }
    return field.condition.matchers.some((m) => acceptsAnyString(m) || (m.kind === "exists" && m.exists === true));
}
