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
import type { EventValue, ValueMatcher } from "./matchers";
import { FieldCondition, parsePattern, PatternNode } from "./parse";
import { InvalidPatternError } from "./problems";
import { quotaProblems } from "./validate";

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

/** An event's value for a field, with the array elements it came from (`[arrayId, index, ...]`). */
export interface EventField {
    readonly value: EventValue;
    readonly membership: readonly number[] | null;
}

/** A pattern compiled for repeated matching. Build with {@link compilePattern}. */
export class CompiledPattern {
    /** Alternatives (from `$or`); each is a list of fields sorted by name. */
    readonly subRules: readonly (readonly CompiledField[])[];
    private readonly needed = new Set<string>();
    private readonly prefixes = new Set<string>();

    constructor(readonly text: string, root: PatternNode) {
        this.subRules = expand(root, [new Map()]).map((rule) =>
            [...rule.values()].map(compileField).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
        for (const rule of this.subRules) {
            for (const field of rule) {
                this.needed.add(field.name);
                let dot = field.name.indexOf(".");
                while (dot >= 0) {
                    this.prefixes.add(field.name.slice(0, dot));
                    dot = field.name.indexOf(".", dot + 1);
                }
            }
        }
    }

    /** Whether the event (object or JSON text) matches. */
    matches(event: unknown): boolean {
        const fields = this.fieldsOf(event);
        for (const rule of this.subRules) {
            if (matchRule(rule, fields)) {
                return true;
            }
        }
        return false;
    }

    /** The event's values for the fields this pattern uses, keyed by flattened name. */
    fieldsOf(event: unknown): Map<string, EventField[]> {
        const root = typeof event === "string" ? JSON.parse(event) as unknown : event;
        if (typeof root !== "object" || root === null || Array.isArray(root)) {
            throw new TypeError(`an event must be a JSON object (or its JSON text), not ${root === null ? "null" : Array.isArray(root) ? "an array" : typeof root}`);
        }
        const collector = new FieldCollector(this.needed, this.prefixes);
        collector.object(root as Record<string, unknown>, "", null);
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

class FieldCollector {
    readonly fields = new Map<string, EventField[]>();
    private arrays = 0;

    constructor(private readonly needed: Set<string>, private readonly prefixes: Set<string>) {}

    object(obj: Record<string, unknown>, prefix: string, membership: readonly number[] | null): void {
        for (const key in obj) {
            const name = prefix === "" ? key : `${prefix}.${key}`;
            const wanted = this.needed.has(name);
            if (wanted || this.prefixes.has(name)) {
                this.value(obj[key], name, membership, wanted);
            }
        }
    }

    private value(value: unknown, name: string, membership: readonly number[] | null, wanted: boolean): void {
        if (typeof value === "object" && value !== null) {
            if (Array.isArray(value)) {
                this.array(value, name, membership, wanted);
            } else if (this.prefixes.has(name)) {
                this.object(value as Record<string, unknown>, name, membership);
            }
        } else if (wanted && (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean")) {
            this.add(name, value, membership);
        }
    }

    private array(values: unknown[], name: string, membership: readonly number[] | null, wanted: boolean): void {
        const id = this.arrays++;
        for (let i = 0; i < values.length; i++) {
            const element = values[i];
            if (typeof element === "object" && element !== null) {
                // Only objects and arrays inside an array carry membership; scalars keep the outer one.
                const inner = membership === null ? [id, i] : [...membership, id, i];
                if (Array.isArray(element)) {
                    this.array(element, name, inner, wanted);
                } else if (this.prefixes.has(name)) {
                    this.object(element as Record<string, unknown>, name, inner);
                }
            } else {
                this.value(element, name, membership, wanted);
            }
        }
    }

    private add(name: string, value: EventValue, membership: readonly number[] | null): void {
        const list = this.fields.get(name);
        const field: EventField = { value, membership };
        if (list) {
            list.push(field);
        } else {
            this.fields.set(name, [field]);
        }
    }
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
