/**
 * Reads a pattern (object or JSON text) into its structure and every problem EventBridge would
 * reject it for. One walk serves validation, matching, explanation and linting, so they can
 * never disagree about what a pattern means.
 */
import { InexactNumber, JsonSyntaxError, parseJsonPreservingNumbers } from "./json";
import type { ValueMatcher } from "./matchers";
import { childPath, indexPath } from "./paths";
import type { PatternProblem } from "./problems";
import { definedKeys, isPlainObject, OPERATORS, readValue, Report, typeName } from "./read-value";

export { OPERATORS } from "./read-value";
export { editDistance } from "./spelling";

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

/**
 * Field names EventBridge reserves inside `$or` branches (operators, numeric comparison signs
 * and words kept for future operators).
 */
const RESERVED_IN_OR = new Set<string>([
    ...OPERATORS, "=", "<", "<=", ">", ">=", "regex", "not-wildcard", "not-equals-ignore-case", "date-after",
    "date-on-or-after", "date-before", "date-on-or-before", "in-date-range", "ip-address-in-range",
    "ip-address-not-in-range",
]);

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

class Reader {
    readonly problems: PatternProblem[] = [];
    fieldCount = 0;

    problem(path: string, message: string): void {
        this.problems.push({ path, message });
    }

    /** `problem`, for the element readers of read-value.ts. */
    private readonly report: Report = (path, message) => this.problem(path, message);

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
            const matcher = readValue(element, indexPath(path, i), this.report);
            if (matcher) {
                matchers.push(matcher);
            }
        });
        return { name, path, values, matchers };
    }
}
