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

function eventRoot(event: unknown): Record<string, unknown> {
    const root = typeof event === "string" ? JSON.parse(event) as unknown : event;
    if (typeof root !== "object" || root === null || Array.isArray(root)) {
        throw new TypeError(`an event must be a JSON object (or its JSON text), not ${root === null ? "null" : Array.isArray(root) ? "an array" : typeof root}`);
    }
    return root as Record<string, unknown>;
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

/**
 * The pattern's field names as a tree of name segments, so walking an event needs one
 * property lookup per pattern segment (no string building, no visit of unrelated keys).
 * Event keys that themselves contain dots (`{"a.b": {"c": 1}}` is field `a.b.c`) are covered
 * by extra edges from a node to every deeper node, keyed by the joined segments.
 */
class PathNode {
    readonly children = new Map<string, PathNode>();
    edges: [string, PathNode][] = [];
    wanted = false;
    constructor(readonly name: string) {}
}

function buildPathTree(names: Iterable<string>): PathNode {
    const root = new PathNode("");
    for (const name of names) {
        let node = root;
        for (const segment of name.split(".")) {
            let child = node.children.get(segment);
            if (!child) {
                child = new PathNode(node === root ? segment : `${node.name}.${segment}`);
                node.children.set(segment, child);
            }
            node = child;
        }
        node.wanted = true;
    }
    const addEdges = (node: PathNode): void => {
        const edges = new Map<string, PathNode>();
        const descend = (from: PathNode, key: string): void => {
            for (const [segment, child] of from.children) {
                const joined = key === "" ? segment : `${key}.${segment}`;
                if (!edges.has(joined)) {
                    edges.set(joined, child);
                }
                descend(child, joined);
            }
        };
        descend(node, "");
        node.edges = [...edges];
        for (const child of node.children.values()) {
            addEdges(child);
        }
    };
    addEdges(root);
    return root;
}

class FieldCollector {
    readonly fields = new Map<string, EventField[]>();
    private arrays = 0;

    object(obj: Record<string, unknown>, node: PathNode, membership: readonly number[] | null): void {
        for (const [key, child] of node.edges) {
            const value = obj[key];
            if (value !== undefined && Object.prototype.hasOwnProperty.call(obj, key)) {
                this.value(value, child, membership);
            }
        }
    }

    private value(value: unknown, node: PathNode, membership: readonly number[] | null): void {
        if (typeof value === "object" && value !== null) {
            if (Array.isArray(value)) {
                this.array(value, node, membership);
            } else if (node.edges.length > 0) {
                this.object(value as Record<string, unknown>, node, membership);
            }
        } else if (node.wanted && (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean")) {
            this.add(node.name, value, membership);
        }
    }

    private array(values: unknown[], node: PathNode, membership: readonly number[] | null): void {
        const id = this.arrays++;
        for (let i = 0; i < values.length; i++) {
            const element = values[i];
            if (typeof element === "object" && element !== null) {
                // Only objects and arrays inside an array carry membership; scalars keep the outer one.
                const inner = membership === null ? [id, i] : [...membership, id, i];
                if (Array.isArray(element)) {
                    this.array(element, node, inner);
                } else if (node.edges.length > 0) {
                    this.object(element as Record<string, unknown>, node, inner);
                }
            } else {
                this.value(element, node, membership);
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
