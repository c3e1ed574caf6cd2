/**
 * Explains a match decision in terms a person can act on: which field decided it and why.
 */
import type { CompiledField, EventField } from "./compile";
import { matchRule } from "./compile";
import { compilePattern } from "./match";
import { fieldPath } from "./paths";

/**
 * Why a pattern did or did not match an event. For a non-match, `path` is the event field
 * that decided it (e.g. `$.detail.payload.action`) and `reason` says what the event has and what the
 * pattern wants, e.g. `event has "closed", pattern wants one of ["opened"]`.
 */
export interface MatchExplanation {
    matches: boolean;
    path?: string;
    reason?: string;
}

interface FieldVerdict {
    field: CompiledField;
    ok: boolean;
    values: EventField[];
}

/**
 * Matches like {@link matchesPattern} and says why. For a non-match: the first field, in the
 * pattern's order, that no event value satisfies; with `$or`, of the alternative that came
 * closest. When every field matches on its own but not within one element of an event array,
 * the reason says so. Throws {@link InvalidPatternError} for an invalid pattern.
 */
export function explainMatch(pattern: unknown, event: unknown): MatchExplanation {
    const compiled = compilePattern(pattern);
    const fields = compiled.fieldsOf(event);
    const alternatives = compiled.subRules;
    const label = (i: number): string => alternatives.length === 1 ? "" : `$or alternative ${i + 1} of ${alternatives.length}: `;

    for (const [i, rule] of alternatives.entries()) {
        if (matchRule(rule, fields)) {
            const first = [...rule].sort((a, b) => a.order - b.order)[0];
            return {
                matches: true,
                path: first ? fieldPath(first.name) : "$",
                reason: `${label(i)}every field matches (${rule.map((f) => f.name).join(", ")})`,
            };
        }
    }

    let best: { index: number; verdicts: FieldVerdict[]; satisfied: number } | undefined;
    for (const [index, rule] of alternatives.entries()) {
        const verdicts = [...rule].sort((a, b) => a.order - b.order).map((field) => judge(field, fields.get(field.name) ?? []));
        const satisfied = verdicts.filter((v) => v.ok).length;
        if (!best || satisfied > best.satisfied) {
            best = { index, verdicts, satisfied };
        }
    }
    if (!best) {
        return { matches: false, path: "$", reason: "the pattern has no alternatives" };
    }
    const prefix = alternatives.length === 1 ? "" : `no $or alternative matches; closest is ${label(best.index)}`;
    const failing = best.verdicts.find((v) => !v.ok);
    if (failing) {
        return { matches: false, path: fieldPath(failing.field.name), reason: prefix + describeFailure(failing) };
    }
    const inArray = best.verdicts.find((v) => v.values.some((value) => value.membership !== null)) ?? best.verdicts[0];
    return {
        matches: false,
        path: fieldPath(inArray.field.name),
        reason: `${prefix}each field matches on its own, but not within the same element of an event array (${best.verdicts.map((v) => v.field.name).join(", ")}); EventBridge matches the fields of one array element together`,
    };
}

function judge(field: CompiledField, values: EventField[]): FieldVerdict {
    const ok = (field.allowsAbsent && values.length === 0) || values.some((v) => field.test(v.value));
    return { field, ok, values };
}

function describeFailure(verdict: FieldVerdict): string {
    const { field, values } = verdict;
    const has = values.length === 0 ? "event has no value there"
        : `event has ${JSON.stringify(values.length === 1 ? values[0].value : values.map((v) => v.value))}`;
    return `${has}, pattern wants ${describeWanted(field)}`;
}

function describeWanted(field: CompiledField): string {
    const { matchers, values } = field.condition;
    if (matchers.length === 1 && matchers[0].kind === "exists") {
        return matchers[0].exists ? "the field to exist" : "the field to be absent";
    }
    return `one of ${JSON.stringify(values)}`;
}
