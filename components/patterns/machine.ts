/**
 * Many named patterns matched in one pass over an event, as EventBridge's own matcher
 * (event-ruler's `Machine`) does.
 *
 * Every pattern is compiled into sub-rules (its `$or` alternatives); all of them share one
 * tree of field paths and, per field, one index of the distinct value matchers they use.
 * Matching an event walks only the event fields some pattern names, looks each value up in
 * its field's index, and counts for each sub-rule how many of its required fields are
 * satisfied. Only sub-rules with every required field satisfied are candidates; a candidate
 * is confirmed by the single-pattern matcher's own array-consistent check when the event's
 * values come from arrays of objects or the sub-rule has `exists: false`. So the cost of an
 * event follows the fields it shares with the patterns and the patterns it nearly matches,
 * not the number of patterns, and the answer is the same as `matchesPattern`'s for each.
 */
import { CompiledField, compileUncached, matchRule } from "./compile";
import { buildPathTree, eventRoot, FieldCollector, PathNode } from "./event-fields";
import type { ValueMatcher } from "./matchers";
import type { FieldCondition } from "./parse";
import { InvalidPatternError } from "./problems";
import { ValueIndex } from "./value-index";

/** One distinct matcher of a field, shared by every condition that lists it. */
interface MatcherEntry {
    readonly key: string;
    readonly matcher: ValueMatcher;
    readonly conditions: ConditionEntry[];
    epoch: number;
}

/** One distinct required field condition (the field's value array), shared by the sub-rules that have it. */
interface ConditionEntry {
    readonly state: FieldEntry;
    readonly key: string;
    readonly matchers: MatcherEntry[];
    readonly subRules: SubRule[];
    epoch: number;
}

interface SubRule {
    readonly pattern: NamedPattern;
    /** Fields sorted by name, as `matchRule` takes them. */
    readonly fields: readonly CompiledField[];
    /** The shared entries of the fields that must have a satisfying value (not `exists: false`). */
    readonly conditions: readonly ConditionEntry[];
    readonly required: number;
    /** Has an `exists: false` field, whose answer depends on the array elements chosen: confirm with `matchRule`. */
    readonly hasAbsentField: boolean;
    satisfied: number;
    epoch: number;
}

interface NamedPattern {
    readonly name: string;
    /** Order of addition: matches are reported in this order. */
    readonly sequence: number;
    readonly subRules: readonly SubRule[];
    epoch: number;
}

/** Everything the patterns hold for one field name. */
class FieldEntry {
    /** Sub-rules naming the field, required or not (the field is collected while > 0). */
    users = 0;
    readonly conditions = new Map<string, ConditionEntry>();
    readonly matchers = new Map<string, MatcherEntry>();
    /** Undefined while the matchers changed since it was built. */
    index: ValueIndex<MatcherEntry> | undefined;
}

/** Named patterns, or a map of them. */
export type NamedPatterns = Iterable<readonly [string, unknown]> | Readonly<Record<string, unknown>>;

/**
 * A set of named event patterns that matches an event against all of them in one pass,
 * with EventBridge's semantics: for every pattern, `matches` agrees with
 * {@link matchesPattern}. Use it where one event meets many patterns: a router that fans
 * events out by pattern, a simulation of every rule on a bus, a replay of recorded traffic.
 *
 * Adding or removing patterns is cheap; the shared index is rebuilt for the changed fields
 * on the next `matches`. Not safe to use from two matches at once (a `matches` call never
 * yields, so in Node.js this only matters for code that matches from inside a match).
 *
 * ```ts
 * const machine = new PatternMachine({
 *     "ec2-stopped": { source: ["aws.ec2"], detail: { state: ["stopped", "terminated"] } },
 *     "big-uploads": { source: ["aws.s3"], detail: { object: { size: [{ numeric: [">", 1e9] }] } } },
 * });
 * machine.matches('{"source":"aws.ec2","detail":{"state":"stopped"}}'); // ["ec2-stopped"]
 * ```
 */
export class PatternMachine {
    private readonly patterns = new Map<string, NamedPattern>();
    private readonly fields = new Map<string, FieldEntry>();
    /** Sub-rules with no required field (only `exists: false`): candidates for every event. */
    private readonly alwaysCandidates = new Set<SubRule>();
    private readonly changedFields = new Set<FieldEntry>();
    private paths: PathNode | undefined;
    private sequence = 0;
    private epoch = 0;
    private candidates: SubRule[] = [];

    /** Starts with the given named patterns (an object of name → pattern, or [name, pattern] pairs). */
    constructor(patterns?: NamedPatterns) {
        if (patterns !== undefined) {
            const entries = Symbol.iterator in patterns
                ? patterns as Iterable<readonly [string, unknown]>
                : Object.entries(patterns);
            for (const [name, pattern] of entries) {
                this.add(name, pattern);
            }
        }
    }

    /** How many patterns the machine holds. */
    get size(): number {
        return this.patterns.size;
    }

    /** The pattern names, in the order they were added. */
    names(): string[] {
        return [...this.patterns.keys()];
    }

    /** Whether a pattern named `name` is present. */
    has(name: string): boolean {
        return this.patterns.has(name);
    }

    /**
     * Adds a pattern (object or JSON text) under `name`. Throws {@link InvalidPatternError}
     * naming the pattern when it is invalid, and an error when the name is taken.
     */
    add(name: string, pattern: unknown): this {
        if (typeof name !== "string") {
            throw new TypeError(`PatternMachine.add: the name must be a string, not ${name === null ? "null" : typeof name}; name each pattern after its rule or route`);
        }
        if (this.patterns.has(name)) {
            throw new Error(`PatternMachine.add: a pattern named "${name}" is already present; names must be unique. Call remove("${name}") first to replace it, or choose another name`);
        }
        let subRules: readonly (readonly CompiledField[])[];
        try {
            subRules = compileUncached(pattern).subRules;
        } catch (err) {
            if (err instanceof InvalidPatternError) {
                throw new InvalidPatternError(err.problems, `Invalid event pattern "${name}"`);
            }
            if (err instanceof RangeError) {
                throw new RangeError(`PatternMachine.add("${name}"): ${err.message}`);
            }
            throw err;
        }
        const entry: NamedPattern = { name, sequence: this.sequence++, subRules: [], epoch: 0 };
        // `$or` alternatives share their common fields' conditions: look each up once.
        const shared = new Map<FieldCondition, ConditionEntry>();
        for (const fields of subRules) {
            const conditions: ConditionEntry[] = [];
            for (const field of fields) {
                this.use(field.name).users++;
                if (!field.allowsAbsent) {
                    let condition = shared.get(field.condition);
                    if (!condition) {
                        condition = this.condition(field.condition);
                        shared.set(field.condition, condition);
                    }
                    conditions.push(condition);
                }
            }
            const subRule: SubRule = {
                pattern: entry, fields, conditions, required: conditions.length, hasAbsentField: conditions.length < fields.length,
                satisfied: 0, epoch: 0,
            };
            (entry.subRules as SubRule[]).push(subRule);
            for (const condition of conditions) {
                condition.subRules.push(subRule);
            }
            if (conditions.length === 0) {
                this.alwaysCandidates.add(subRule);
            }
        }
        this.patterns.set(name, entry);
        return this;
    }

    /** Removes the pattern named `name`; returns whether there was one. */
    remove(name: string): boolean {
        const entry = this.patterns.get(name);
        if (!entry) {
            return false;
        }
        this.patterns.delete(name);
        for (const subRule of entry.subRules) {
            this.alwaysCandidates.delete(subRule);
            for (const condition of subRule.conditions) {
                this.release(condition, subRule);
            }
            for (const field of subRule.fields) {
                const state = this.fields.get(field.name) as FieldEntry;
                if (--state.users === 0) {
                    this.fields.delete(field.name);
                    this.changedFields.delete(state);
                    this.paths = undefined;
                }
            }
        }
        return true;
    }

    /**
     * The names of the patterns the event matches, in the order they were added. The event
     * is an object or its JSON text. Throws `JSON.parse`'s SyntaxError for text that is not
     * JSON, and a TypeError for anything but an object.
     */
    matches(event: unknown): string[] {
        const root = eventRoot(event);
        this.prepare();
        const epoch = ++this.epoch;
        const candidates: SubRule[] = [];
        this.candidates = candidates;
        const collector = new FieldCollector();
        collector.object(root, this.paths as PathNode, null);
        for (const [name, values] of collector.fields) {
            const index = (this.fields.get(name) as FieldEntry).index;
            if (index) {
                for (const { value } of values) {
                    index.forEachMatch(value, this.satisfy);
                }
            }
        }
        for (const subRule of this.alwaysCandidates) {
            candidates.push(subRule);
        }
        const matched: NamedPattern[] = [];
        for (const subRule of candidates) {
            const pattern = subRule.pattern;
            if (pattern.epoch === epoch) {
                continue; // another alternative of this pattern matched already
            }
            // With no value from an array of objects and no `exists: false`, every required
            // field satisfied is the whole answer; otherwise array consistency decides.
            if ((!collector.inArrays && !subRule.hasAbsentField) || matchRule(subRule.fields, collector.fields)) {
                pattern.epoch = epoch;
                matched.push(pattern);
            }
        }
        this.candidates = [];
        return matched.sort((a, b) => a.sequence - b.sequence).map((p) => p.name);
    }

    /** Counts a matcher the current event satisfies towards every sub-rule that needs it. */
    private readonly satisfy = (matcher: MatcherEntry): void => {
        const epoch = this.epoch;
        if (matcher.epoch === epoch) {
            return;
        }
        matcher.epoch = epoch;
        for (const condition of matcher.conditions) {
            if (condition.epoch === epoch) {
                continue; // satisfied by another matcher or value already
            }
            condition.epoch = epoch;
            for (const subRule of condition.subRules) {
                if (subRule.epoch !== epoch) {
                    subRule.epoch = epoch;
                    subRule.satisfied = 0;
                }
                if (++subRule.satisfied === subRule.required) {
                    this.candidates.push(subRule);
                }
            }
        }
    };

    private use(name: string): FieldEntry {
        let state = this.fields.get(name);
        if (!state) {
            state = new FieldEntry();
            this.fields.set(name, state);
            this.paths = undefined;
        }
        return state;
    }

    /** The shared entry for a required field's value array, created with its matchers. */
    private condition(field: FieldCondition): ConditionEntry {
        const state = this.use(field.name);
        const key = JSON.stringify(field.values);
        let condition = state.conditions.get(key);
        if (!condition) {
            condition = { state, key, matchers: [], subRules: [], epoch: 0 };
            state.conditions.set(key, condition);
            // A required field has no `exists: false`; `exists: true` is a matcher every value satisfies.
            for (const matcher of field.matchers) {
                const matcherKey = JSON.stringify(matcher.source);
                let shared = state.matchers.get(matcherKey);
                if (!shared) {
                    shared = { key: matcherKey, matcher, conditions: [], epoch: 0 };
                    state.matchers.set(matcherKey, shared);
                    this.changed(state);
                }
                if (!shared.conditions.includes(condition)) {
                    shared.conditions.push(condition);
                    condition.matchers.push(shared);
                }
            }
        }
        return condition;
    }

    private release(condition: ConditionEntry, subRule: SubRule): void {
        condition.subRules.splice(condition.subRules.indexOf(subRule), 1);
        if (condition.subRules.length > 0) {
            return;
        }
        const state = condition.state;
        state.conditions.delete(condition.key);
        for (const shared of condition.matchers) {
            shared.conditions.splice(shared.conditions.indexOf(condition), 1);
            if (shared.conditions.length === 0) {
                state.matchers.delete(shared.key);
                this.changed(state);
            }
        }
    }

    private changed(state: FieldEntry): void {
        state.index = undefined;
        this.changedFields.add(state);
    }

    /** Rebuilds what changed since the last match: the path tree and the changed fields' indexes. */
    private prepare(): void {
        this.paths ??= buildPathTree(this.fields.keys());
        for (const state of this.changedFields) {
            state.index = state.matchers.size > 0 ? new ValueIndex(state.matchers.values()) : undefined;
        }
        this.changedFields.clear();
    }
}
