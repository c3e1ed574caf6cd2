/**
 * Compiles a pattern once into the form matching needs, and matches events with
 * event-ruler's array-consistent semantics (`Ruler.matchesRule`):
 *
 * - `$or` is expanded into alternative sub-rules; a field written again later in document
 *   order replaces the earlier one, as EventBridge's compiler does.
 * - Nested pattern objects become dotted field names (`detail.state`); event fields are
 *   flattened the same way, so `{"a.b": [...]}` and `{"a": {"b": [...]}}` are the same field.
 * - Only leaf values count: a field holding an object or an empty array does not exist for
 *   `exists`, while `null` is a value.
 * - An event array matches when any element matches, but all fields of one sub-rule must take
 *   their values from the same element of any array they share. Fields are considered in
 *   sorted name order, and `exists: false` is checked against the array elements chosen by the
 *   fields before it, exactly as event-ruler's finder does.
 */
import { buildPathTree, eventRoot, FieldCollector, PathNode } from "./event-fields";
import type { EventField } from "./event-fields";
import type { EventValue, ValueMatcher } from "./matchers";
import { FieldCondition, parsePattern, PatternNode } from "./parse";
import { InvalidPatternError } from "./problems";
import { quotaProblems } from "./validate";

export type { EventField } from "./event-fields";

/** One field of a sub-rule, ready to test event values. */
export interface CompiledField {
    readonly name: string;
    /** Position of the field in the pattern's document order. */
    readonly order: number;
    readonly condition: FieldCondition;
    /** The field may be absent (`exists: false` is one of its matchers). */
    readonly allowsAbsent: boolean;
    /** Whether a present value satisfies one of the other matchers. */
    readonly test: (value: EventValue) => boolean;
}

/** A pattern compiled for repeated matching. Build with {@link compilePattern}. */
export class CompiledPattern {
    /** Alternatives (from `$or`); each is a list of fields sorted by name. */
    readonly subRules: readonly (readonly CompiledField[])[];
    private readonly paths: PathNode;
    /**
     * Per sub-rule, its required top-level fields (`source`, `detail-type`, ...): a top-level
     * name can only come from the event's own key, so these are checked before the event is
     * walked, and most non-matching events are rejected without collecting anything.
     */
    private readonly quickChecks: readonly (readonly CompiledField[])[];

    constructor(readonly text: string, root: PatternNode) {
        const alternatives = countAlternatives(root);
        if (alternatives > MAX_ALTERNATIVES) {
            // A guard of this library, not an EventBridge quota: nested $or multiplies out.
            throw new RangeError(`the pattern's $or groups multiply out to ${alternatives} alternatives; eventbridge-kit evaluates at most ${MAX_ALTERNATIVES}. Merge branches (value lists, prefix) or split the pattern into several rules`);
        }
        this.subRules = expand(root, [new Map()]).map((rule) =>
            [...rule.values()].map(compileField).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
        this.quickChecks = this.subRules.map((rule) => rule.filter((f) => !f.allowsAbsent && !f.name.includes(".")));
        this.paths = buildPathTree(new Set(this.subRules.flatMap((rule) => rule.map((f) => f.name))));
    }

    /** Whether the event (object or JSON text) matches. */
    matches(event: unknown): boolean {
        const root = eventRoot(event);
        let fields: Map<string, EventField[]> | undefined;
        for (let i = 0; i < this.subRules.length; i++) {
            if (!passesQuickChecks(this.quickChecks[i], root)) {
                continue;
            }
            fields ??= this.collect(root);
            if (matchRule(this.subRules[i], fields)) {
                return true;
            }
        }
        return false;
    }

    /** The event's values for the fields this pattern uses, keyed by flattened name. */
    fieldsOf(event: unknown): Map<string, EventField[]> {
        return this.collect(eventRoot(event));
    }

    private collect(root: Record<string, unknown>): Map<string, EventField[]> {
        const collector = new FieldCollector();
        collector.object(root, this.paths, null);
        return collector.fields;
    }
}

/** Compiles a pattern (object or JSON text); throws {@link InvalidPatternError} when invalid. */
export function compileUncached(pattern: unknown): CompiledPattern {
    const parsed = parsePattern(pattern);
    // Matching enforces structure and the field limit, not the per-account size quota.
    const problems = [...parsed.problems, ...quotaProblems(parsed, Infinity)];
    if (problems.length > 0 || !parsed.root) {
        throw new InvalidPatternError(problems);
    }
    return new CompiledPattern(parsed.text, parsed.root);
}

/** The most `$or` alternatives (sub-rules) one pattern may expand to here. */
export const MAX_ALTERNATIVES = 10_000;

function countAlternatives(node: PatternNode): number {
    let count = 1;
    for (const item of node.items) {
        if (item.kind === "or") {
            count *= item.branches.reduce((sum, branch) => sum + countAlternatives(branch), 0);
            if (count > MAX_ALTERNATIVES) {
                return count;
            }
        }
    }
    return count;
}

/** False when a required top-level field is missing or its scalar value fails; arrays are left to the full match. */
function passesQuickChecks(checks: readonly CompiledField[], root: Record<string, unknown>): boolean {
    for (const field of checks) {
        const value = root[field.name];
        if (value === undefined || !Object.prototype.hasOwnProperty.call(root, field.name)) {
            return false;
        }
        if (typeof value !== "object" || value === null) {
            if (!(typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) || !field.test(value)) {
                return false;
            }
        } else if (!Array.isArray(value)) {
            return false; // an object holds no leaf of this name
        }
    }
    return true;
}

function expand(node: PatternNode, rules: Map<string, FieldCondition>[]): Map<string, FieldCondition>[] {
    let current = rules;
    for (const item of node.items) {
        if (item.kind === "field") {
            for (const rule of current) {
                rule.delete(item.field.name); // re-insert: the later definition wins
                rule.set(item.field.name, item.field);
            }
        } else {
            const base = current;
            current = item.branches.flatMap((branch) => expand(branch, base.map((rule) => new Map(rule))));
        }
    }
    return current;
}

function compileField(condition: FieldCondition, order: number): CompiledField {
    const valueMatchers: ValueMatcher[] = [];
    let allowsAbsent = false;
    let anyValue = false;
    for (const m of condition.matchers) {
        if (m.kind === "exists") {
            if (m.exists) {
                anyValue = true;
            } else {
                allowsAbsent = true;
            }
        } else {
            valueMatchers.push(m);
        }
    }
    let test: (value: EventValue) => boolean;
    if (anyValue) {
        test = () => true;
    } else if (valueMatchers.length === 0) {
        test = () => false;
    } else if (valueMatchers.length === 1) {
        test = valueMatchers[0].test;
    } else {
        test = (v) => {
            for (const m of valueMatchers) {
                if (m.test(v)) {
                    return true;
                }
            }
            return false;
        };
    }
    return { name: condition.name, order, condition, allowsAbsent, test };
}

/** Whether two fields can come from the same event: they agree on every array they share. */
function consistent(a: readonly number[] | null, b: readonly number[] | null): boolean {
    if (a === null || b === null) {
        return true;
    }
    for (let i = 0; i < a.length; i += 2) {
        for (let j = 0; j < b.length; j += 2) {
            if (a[i] === b[j] && a[i + 1] !== b[j + 1]) {
                return false;
            }
        }
    }
    return true;
}

function merge(a: readonly number[] | null, b: readonly number[] | null): readonly number[] | null {
    if (a === null) return b;
    if (b === null) return a;
    const result = [...a];
    for (let j = 0; j < b.length; j += 2) {
        let known = false;
        for (let i = 0; i < a.length; i += 2) {
            if (a[i] === b[j]) {
                known = true;
                break;
            }
        }
        if (!known) {
            result.push(b[j], b[j + 1]);
        }
    }
    return result;
}

/** Whether the event's fields satisfy one sub-rule (fields sorted by name). */
export function matchRule(rule: readonly CompiledField[], fields: Map<string, EventField[]>): boolean {
    return step(rule, 0, fields, null);
}

function step(rule: readonly CompiledField[], index: number, fields: Map<string, EventField[]>, membership: readonly number[] | null): boolean {
    if (index === rule.length) {
        return true;
    }
    const field = rule[index];
    const candidates = fields.get(field.name);
    if (field.allowsAbsent) {
        let present = false;
        if (candidates) {
            for (const c of candidates) {
                if (consistent(membership, c.membership)) {
                    present = true;
                    break;
                }
            }
        }
        if (!present && step(rule, index + 1, fields, membership)) {
            return true;
        }
    }
    if (candidates) {
        for (const c of candidates) {
            if (consistent(membership, c.membership) && field.test(c.value)
                && step(rule, index + 1, fields, merge(membership, c.membership))) {
                return true;
            }
        }
    }
    return false;
}
