/**
 * Reads a pattern (object or JSON text) into its structure and every problem EventBridge would
 * reject it for. One walk serves validation, matching, explanation and linting, so they can
 * never disagree about what a pattern means.
 */
import { InexactNumber, JsonSyntaxError, parseJsonPreservingNumbers } from "./json";
import {
    anythingButMatcher, cidrMatcher, equalsIgnoreCaseMatcher, exactMatcher, excludedByStringTest, excludedValues,
    existsMatcher, numericMatcher, prefixMatcher, suffixMatcher, ValueMatcher, wildcardMatcher,
} from "./matchers";
import { childPath, indexPath } from "./paths";
import type { PatternProblem } from "./problems";
import { parseCidr, wildcardProblem } from "./strings";

/** One field of the pattern: its flattened event name (`detail.state`) and its matchers. */
export interface FieldCondition {
    /** Flattened event field name, segments joined with "." as EventBridge does. */
    readonly name: string;
    /** JSON path of the field's array in the pattern. */
    readonly path: string;
    /** The field's array as written. */
    readonly values: readonly unknown[];
    readonly matchers: readonly ValueMatcher[];
}

/** A field condition or a `$or` group, in document order (order decides overlapping fields). */
export type PatternItem =
    | { readonly kind: "field"; readonly field: FieldCondition }
    | { readonly kind: "or"; readonly path: string; readonly branches: readonly PatternNode[] };

/** A pattern object with nested objects flattened into its items. */
export interface PatternNode {
    readonly path: string;
    readonly items: readonly PatternItem[];
}

/** The outcome of reading a pattern. */
export interface ParsedPattern {
    readonly problems: PatternProblem[];
    /** Present when the pattern is a JSON object (even with problems inside). */
    readonly root?: PatternNode;
    /** The pattern's JSON text, as EventBridge would receive it. */
    readonly text: string;
    /** Number of fields (value arrays) in the pattern. */
    readonly fieldCount: number;
}

/** Operators EventBridge understands inside a field's array. */
export const OPERATORS = [
    "prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric", "exists", "cidr", "exactly",
] as const;

/**
 * Field names EventBridge reserves inside `$or` branches (operators, numeric comparison signs
 * and words kept for future operators).
 */
const RESERVED_IN_OR = new Set<string>([
    ...OPERATORS, "=", "<", "<=", ">", ">=", "regex", "not-wildcard", "not-equals-ignore-case", "date-after",
    "date-on-or-after", "date-before", "date-on-or-before", "in-date-range", "ip-address-in-range",
    "ip-address-not-in-range",
]);

const ANYTHING_BUT_OPERATORS = ["prefix", "suffix", "equals-ignore-case", "wildcard"] as const;

/** Reads a pattern given as an object or as JSON text. */
export function parsePattern(pattern: unknown): ParsedPattern {
    let value: unknown = pattern;
    let text: string;
    if (typeof pattern === "string") {
        text = pattern;
        try {
            value = parseJsonPreservingNumbers(pattern);
        } catch (err) {
            if (err instanceof JsonSyntaxError) {
                return { problems: [{ path: "$", message: `the pattern is not valid JSON: ${err.message}` }], text, fieldCount: 0 };
            }
            throw err;
        }
    } else {
        try {
            text = JSON.stringify(pattern) ?? "";
        } catch (err) {
            return {
                problems: [{ path: "$", message: `the pattern cannot be written as JSON (${(err as Error).message}); use plain objects, arrays, strings, numbers, booleans and null` }],
                text: "", fieldCount: 0,
            };
        }
    }
    const reader = new Reader();
    if (!isPlainObject(value)) {
        reader.problem("$", `an event pattern must be a JSON object such as {"source": ["aws.ec2"]}, not ${typeName(value)}`);
        return { problems: reader.problems, text, fieldCount: 0 };
    }
    const root = reader.node(value, "$", "", false);
    return { problems: reader.problems, root, text, fieldCount: reader.fieldCount };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof InexactNumber);
}

/** Keys whose value is not undefined: JSON serialisation drops the others, so EventBridge never sees them. */
function definedKeys(obj: Record<string, unknown>): string[] {
    return Object.keys(obj).filter((key) => obj[key] !== undefined);
}

function typeName(value: unknown): string {
    if (value === null) return "null";
    if (value === undefined) return "undefined";
    if (Array.isArray(value)) return "an array";
    if (value instanceof InexactNumber) return `the number ${value.text}`;
    if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
    if (typeof value === "object") return "an object";
    return `${typeof value} ${String(value)}`;
}

/** A finite number that survives the trip through a double, or a reason it is not one. */
function checkNumber(value: unknown): { ok: true; value: number } | { ok: false; reason: string } {
    if (value instanceof InexactNumber) {
        return { ok: false, reason: `the number ${value.text} cannot be represented exactly as a double (it would become ${value.value}); use a value within double precision` };
    }
    if (typeof value === "number" && !Number.isFinite(value)) {
        return { ok: false, reason: `${value} is not a finite number; JSON numbers must be finite` };
    }
    if (typeof value === "number") {
        return { ok: true, value };
    }
    return { ok: false, reason: `expected a number but found ${typeName(value)}` };
}

class Reader {
    readonly problems: PatternProblem[] = [];
    fieldCount = 0;

    problem(path: string, message: string): void {
        this.problems.push({ path, message });
    }

    /** Reads an object of the pattern; nested objects are flattened into the same node. */
    node(obj: Record<string, unknown>, path: string, prefix: string, insideOr: boolean): PatternNode {
        const items: PatternItem[] = [];
        this.collect(obj, path, prefix, insideOr, items);
        return { path, items };
    }

    private collect(obj: Record<string, unknown>, path: string, prefix: string, insideOr: boolean, items: PatternItem[]): void {
        const keys = definedKeys(obj);
        if (keys.length === 0) {
            this.problem(path, "empty objects are not allowed; remove it or add a field with an array of values");
            return;
        }
        for (const key of keys) {
            const value = obj[key];
            const keyPath = childPath(path, key);
            if (key === "$or") {
                const group = this.orGroup(value, keyPath, prefix);
                if (group) {
                    items.push(group);
                }
                continue;
            }
            if (insideOr && RESERVED_IN_OR.has(key)) {
                this.problem(keyPath, `"${key}" is a reserved word and cannot be a field name inside $or; did you mean to write [{"${key}": ...}] as the value of a field?`);
                continue;
            }
            const name = prefix === "" ? key : `${prefix}.${key}`;
            if (Array.isArray(value)) {
                const field = this.field(value, keyPath, name);
                if (field) {
                    items.push({ kind: "field", field });
                }
            } else if (isPlainObject(value)) {
                this.collect(value, keyPath, name, insideOr, items);
            } else {
                this.problem(keyPath, `"${key}" must be an array of values or an object, not ${typeName(value)}; wrap the value in an array, e.g. ${JSON.stringify({ [key]: [value instanceof InexactNumber ? value.value : value] })}`);
            }
        }
    }

    private orGroup(value: unknown, path: string, prefix: string): PatternItem | undefined {
        if (!Array.isArray(value)) {
            this.problem(path, `$or must be an array of at least two pattern objects, e.g. {"$or": [{"a": ["x"]}, {"b": ["y"]}]}, not ${typeName(value)}`);
            return undefined;
        }
        const branches: PatternNode[] = [];
        value.forEach((branch, i) => {
            const branchPath = indexPath(path, i);
            if (!isPlainObject(branch)) {
                this.problem(branchPath, `each $or branch must be a pattern object, not ${typeName(branch)}`);
                return;
            }
            branches.push(this.node(branch, branchPath, prefix, true));
        });
        if (value.length < 2) {
            this.problem(path, `$or needs at least two branches but has ${value.length}; with one branch, write its fields directly without $or`);
        }
        return { kind: "or", path, branches };
    }

    private field(values: unknown[], path: string, name: string): FieldCondition | undefined {
        this.fieldCount++;
        if (values.length === 0) {
            this.problem(path, "empty arrays are not allowed; list at least one value to match");
            return undefined;
        }
        const matchers: ValueMatcher[] = [];
        values.forEach((element, i) => {
            const matcher = this.element(element, indexPath(path, i));
            if (matcher) {
                matchers.push(matcher);
            }
        });
        return { name, path, values, matchers };
    }

    private element(element: unknown, path: string): ValueMatcher | undefined {
        if (typeof element === "string" || typeof element === "boolean" || element === null) {
            return exactMatcher(element, element);
        }
        if (typeof element === "number" || element instanceof InexactNumber) {
            const n = checkNumber(element);
            if (!n.ok) {
                this.problem(path, n.reason);
                return undefined;
            }
            return exactMatcher(element, n.value);
        }
        if (Array.isArray(element)) {
            this.problem(path, "a match value must be a string, number, true, false, null or an operator object, not an array; nested arrays are not allowed");
            return undefined;
        }
        if (isPlainObject(element)) {
            return this.operator(element, path);
        }
        this.problem(path, `a match value must be a string, number, true, false, null or an operator object, not ${typeName(element)}`);
        return undefined;
    }

    private operator(obj: Record<string, unknown>, path: string): ValueMatcher | undefined {
        const keys = definedKeys(obj);
        if (keys.length === 0) {
            this.problem(path, `an operator object needs one operator, e.g. {"prefix": "abc"}; known operators: ${OPERATORS.join(", ")}`);
            return undefined;
        }
        const op = keys[0];
        const opPath = childPath(path, op);
        if (!(OPERATORS as readonly string[]).includes(op)) {
            const hint = closest(op, OPERATORS);
            this.problem(opPath, `unknown operator "${op}"${hint ? `; did you mean "${hint}"?` : ""} Known operators: ${OPERATORS.join(", ")}`);
            return undefined;
        }
        if (keys.length > 1) {
            this.problem(path, `only one operator is allowed per object, found ${keys.map((k) => `"${k}"`).join(", ")}; put each operator in its own object in the array`);
            return undefined;
        }
        const operand = obj[op];
        switch (op) {
            case "prefix":
            case "suffix":
                return this.affix(op, obj, operand, opPath);
            case "equals-ignore-case": {
                if (typeof operand !== "string") {
                    this.problem(opPath, `equals-ignore-case takes a string, not ${typeName(operand)}`);
                    return undefined;
                }
                return equalsIgnoreCaseMatcher(obj, operand);
            }
            case "exactly": {
                if (typeof operand !== "string") {
                    this.problem(opPath, `exactly takes a string, not ${typeName(operand)}`);
                    return undefined;
                }
                return exactMatcher(obj, operand);
            }
            case "wildcard": {
                if (typeof operand !== "string") {
                    this.problem(opPath, `wildcard takes a string such as "*.png", not ${typeName(operand)}`);
                    return undefined;
                }
                const bad = wildcardProblem(operand);
                if (bad) {
                    this.problem(opPath, bad);
                    return undefined;
                }
                return wildcardMatcher(obj, operand);
            }
            case "exists": {
                if (typeof operand !== "boolean") {
                    this.problem(opPath, `exists takes true or false, not ${typeName(operand)}`);
                    return undefined;
                }
                return existsMatcher(obj, operand);
            }
            case "cidr": {
                if (typeof operand !== "string") {
                    this.problem(opPath, `cidr takes a string such as "10.0.0.0/24", not ${typeName(operand)}`);
                    return undefined;
                }
                const range = parseCidr(operand);
                if (typeof range === "string") {
                    this.problem(opPath, range);
                    return undefined;
                }
                return cidrMatcher(obj, range);
            }
            case "numeric":
                return this.numeric(obj, operand, opPath);
            case "anything-but":
                return this.anythingBut(obj, operand, opPath);
        }
        return undefined;
    }

    private affix(op: "prefix" | "suffix", source: unknown, operand: unknown, path: string): ValueMatcher | undefined {
        const build = op === "prefix" ? prefixMatcher : suffixMatcher;
        if (typeof operand === "string") {
            return build(source, operand, false);
        }
        if (isPlainObject(operand)) {
            const keys = definedKeys(operand);
            if (keys.length === 1 && keys[0] === "equals-ignore-case") {
                const inner = operand["equals-ignore-case"];
                if (typeof inner !== "string") {
                    this.problem(childPath(path, "equals-ignore-case"), `${op}/equals-ignore-case takes a string, not ${typeName(inner)}`);
                    return undefined;
                }
                return build(source, inner, true);
            }
            this.problem(path, `${op} takes a string or {"equals-ignore-case": "..."}, found an object with ${keys.map((k) => `"${k}"`).join(", ")}`);
            return undefined;
        }
        this.problem(path, `${op} takes a string such as "abc" (or {"equals-ignore-case": "abc"}), not ${typeName(operand)}`);
        return undefined;
    }

    private numeric(source: unknown, operand: unknown, path: string): ValueMatcher | undefined {
        const example = `e.g. [">", 0, "<=", 5] or ["=", 3]`;
        if (!Array.isArray(operand)) {
            this.problem(path, `numeric takes an array of comparisons, ${example}, not ${typeName(operand)}`);
            return undefined;
        }
        const fail = (message: string): undefined => {
            this.problem(path, `${message}; numeric takes one comparison or a range, ${example}`);
            return undefined;
        };
        const [op1, v1, op2, v2] = operand;
        if (operand.length !== 2 && operand.length !== 4) {
            return fail(`numeric has ${operand.length} elements`);
        }
        if (typeof op1 !== "string" || !["=", "<", "<=", ">", ">="].includes(op1)) {
            return fail(`unknown numeric operator ${JSON.stringify(op1 instanceof InexactNumber ? op1.text : op1)} (use =, <, <=, > or >=)`);
        }
        const n1 = checkNumber(v1);
        if (!n1.ok) {
            return fail(`the value of "${op1}": ${n1.reason}`);
        }
        if (operand.length === 2) {
            switch (op1) {
                case "=": return numericMatcher(source, { equals: n1.value });
                case ">": return numericMatcher(source, { lower: n1.value, lowerInclusive: false });
                case ">=": return numericMatcher(source, { lower: n1.value, lowerInclusive: true });
                case "<": return numericMatcher(source, { upper: n1.value, upperInclusive: false });
                default: return numericMatcher(source, { upper: n1.value, upperInclusive: true });
            }
        }
        if (op1 !== ">" && op1 !== ">=") {
            return fail(`a range starts with its lower bound (">" or ">="), not "${op1}"`);
        }
        if (op2 !== "<" && op2 !== "<=") {
            return fail(`a range ends with its upper bound ("<" or "<="), not ${JSON.stringify(op2)}`);
        }
        const n2 = checkNumber(v2);
        if (!n2.ok) {
            return fail(`the value of "${op2}": ${n2.reason}`);
        }
        if (!(n1.value < n2.value)) {
            return fail(`the lower bound ${n1.value} must be less than the upper bound ${n2.value}`);
        }
        return numericMatcher(source, {
            lower: n1.value, lowerInclusive: op1 === ">=", upper: n2.value, upperInclusive: op2 === "<=",
        });
    }

    private anythingBut(source: unknown, operand: unknown, path: string): ValueMatcher | undefined {
        if (typeof operand === "string") {
            return anythingButMatcher(source, excludedValues([operand]));
        }
        if (typeof operand === "number" || operand instanceof InexactNumber) {
            const n = checkNumber(operand);
            if (!n.ok) {
                this.problem(path, n.reason);
                return undefined;
            }
            return anythingButMatcher(source, excludedValues([n.value]));
        }
        if (Array.isArray(operand)) {
            const numbers: number[] = [];
            const strings: string[] = [];
            let bad = false;
            operand.forEach((v, i) => {
                if (typeof v === "string") {
                    strings.push(v);
                } else if (typeof v === "number" || v instanceof InexactNumber) {
                    const n = checkNumber(v);
                    if (n.ok) {
                        numbers.push(n.value);
                    } else {
                        this.problem(indexPath(path, i), n.reason);
                        bad = true;
                    }
                } else {
                    this.problem(indexPath(path, i), `anything-but lists hold only strings or only numbers, not ${typeName(v)}`);
                    bad = true;
                }
            });
            if (bad) {
                return undefined;
            }
            if (operand.length === 0) {
                this.problem(path, "anything-but needs at least one value to exclude");
                return undefined;
            }
            if (numbers.length > 0 && strings.length > 0) {
                this.problem(path, "anything-but lists must be all strings or all numbers, not a mix; split them into two anything-but matchers");
                return undefined;
            }
            return anythingButMatcher(source, excludedValues(strings.length > 0 ? strings : numbers));
        }
        if (isPlainObject(operand)) {
            const keys = definedKeys(operand);
            const op = keys[0];
            if (keys.length !== 1 || !(ANYTHING_BUT_OPERATORS as readonly string[]).includes(op)) {
                this.problem(path, `anything-but takes a value, a list, or one of {"prefix": ...}, {"suffix": ...}, {"equals-ignore-case": ...}, {"wildcard": ...}; found ${keys.length === 0 ? "an empty object" : keys.map((k) => `"${k}"`).join(", ")}`);
                return undefined;
            }
            const kind = op as typeof ANYTHING_BUT_OPERATORS[number];
            const innerPath = childPath(path, kind);
            const inner = operand[kind];
            const list = typeof inner === "string" ? [inner] : inner;
            if (!Array.isArray(list) || list.some((s) => typeof s !== "string")) {
                this.problem(innerPath, `anything-but/${kind} takes a string or a list of strings, not ${Array.isArray(list) ? "a list with non-string values" : typeName(inner)}`);
                return undefined;
            }
            const strings = list as string[];
            if (strings.length === 0 && kind !== "equals-ignore-case") {
                this.problem(innerPath, `anything-but/${kind} needs at least one value`);
                return undefined;
            }
            if ((kind === "prefix" || kind === "suffix") && strings.some((s) => s === "")) {
                this.problem(innerPath, `anything-but/${kind} cannot be the empty string (it would exclude every string)`);
                return undefined;
            }
            if (kind === "wildcard") {
                const bad = strings.map(wildcardProblem).find((p) => p !== undefined);
                if (bad) {
                    this.problem(innerPath, bad);
                    return undefined;
                }
            }
            return anythingButMatcher(source, excludedByStringTest(strings, kind));
        }
        this.problem(path, `anything-but takes a string, a number, a list of strings or numbers, or a nested prefix/suffix/equals-ignore-case/wildcard operator, not ${typeName(operand)}`);
        return undefined;
    }
}

/** The known word nearest to `word` (edit distance ≤ 3), to suggest a fix for a typo. */
function closest(word: string, known: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = 4;
    for (const candidate of known) {
        const d = editDistance(word.toLowerCase(), candidate);
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best;
}

/** Levenshtein distance: insertions, deletions and substitutions of one character each. */
export function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const current = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = current;
        }
    }
    return row[b.length];
}
