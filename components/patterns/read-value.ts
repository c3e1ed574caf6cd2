/**
 * Reads one element of a field's array: a literal (string, number, boolean, null) or an operator
 * object, into its matcher and every problem EventBridge would reject it for. parse.ts reads the
 * pattern's objects and fields around it.
 */
import { InexactNumber } from "./json";
import {
    anythingButMatcher, cidrMatcher, equalsIgnoreCaseMatcher, exactMatcher, excludedByStringTest, excludedValues,
    existsMatcher, numericMatcher, prefixMatcher, suffixMatcher, ValueMatcher, wildcardMatcher,
} from "./matchers";
import { childPath, indexPath } from "./paths";
import { closest } from "./spelling";
import { parseCidr, wildcardProblem } from "./strings";

/** Records a problem at a JSON path of the pattern. */
export type Report = (path: string, message: string) => void;

/** Operators EventBridge understands inside a field's array. */
export const OPERATORS = [
    "prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric", "exists", "cidr", "exactly",
] as const;

type Operator = typeof OPERATORS[number];

const ANYTHING_BUT_OPERATORS = ["prefix", "suffix", "equals-ignore-case", "wildcard"] as const;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof InexactNumber);
}

/** Keys whose value is not undefined: JSON serialisation drops the others, so EventBridge never sees them. */
export function definedKeys(obj: Record<string, unknown>): string[] {
    return Object.keys(obj).filter((key) => obj[key] !== undefined);
}

export function typeName(value: unknown): string {
    if (value === null) return "null";
    if (value === undefined) return "undefined";
    if (Array.isArray(value)) return "an array";
    if (value instanceof InexactNumber) return `the number ${value.text}`;
    if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
    if (typeof value === "object") return "an object";
    return `${typeof value} ${String(value)}`;
}

/** A finite number that survives the trip through a double, or a reason it is not one. */
export function checkNumber(value: unknown): { ok: true; value: number } | { ok: false; reason: string } {
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

/** One element of a field's array as a matcher, or undefined after reporting why it is not one. */
export function readValue(element: unknown, path: string, report: Report): ValueMatcher | undefined {
    if (typeof element === "string" || typeof element === "boolean" || element === null) {
        return exactMatcher(element, element);
    }
    if (typeof element === "number" || element instanceof InexactNumber) {
        const n = checkNumber(element);
        if (!n.ok) {
            report(path, n.reason);
            return undefined;
        }
        return exactMatcher(element, n.value);
    }
    if (Array.isArray(element)) {
        report(path, "a match value must be a string, number, true, false, null or an operator object, not an array; nested arrays are not allowed");
        return undefined;
    }
    if (isPlainObject(element)) {
        return readOperator(element, path, report);
    }
    report(path, `a match value must be a string, number, true, false, null or an operator object, not ${typeName(element)}`);
    return undefined;
}

function readOperator(obj: Record<string, unknown>, path: string, report: Report): ValueMatcher | undefined {
    const keys = definedKeys(obj);
    if (keys.length === 0) {
        report(path, `an operator object needs one operator, e.g. {"prefix": "abc"}; known operators: ${OPERATORS.join(", ")}`);
        return undefined;
    }
    const op = keys[0];
    const opPath = childPath(path, op);
    if (!(OPERATORS as readonly string[]).includes(op)) {
        const hint = closest(op, OPERATORS);
        report(opPath, `unknown operator "${op}"${hint ? `; did you mean "${hint}"?` : ""} Known operators: ${OPERATORS.join(", ")}`);
        return undefined;
    }
    if (keys.length > 1) {
        report(path, `only one operator is allowed per object, found ${keys.map((k) => `"${k}"`).join(", ")}; put each operator in its own object in the array`);
        return undefined;
    }
    return OPERAND_READERS[op as Operator](obj, obj[op], opPath, report);
}

/** Reads an operator's operand; `source` is the operator object, kept by the matcher for messages. */
type OperandReader = (source: Record<string, unknown>, operand: unknown, path: string, report: Report) => ValueMatcher | undefined;

const OPERAND_READERS: Record<Operator, OperandReader> = {
    "prefix": (source, operand, path, report) => readAffix("prefix", source, operand, path, report),
    "suffix": (source, operand, path, report) => readAffix("suffix", source, operand, path, report),
    "equals-ignore-case": (source, operand, path, report) =>
        isStringOperand(operand, path, "equals-ignore-case takes a string", report) ? equalsIgnoreCaseMatcher(source, operand) : undefined,
    "exactly": (source, operand, path, report) =>
        isStringOperand(operand, path, "exactly takes a string", report) ? exactMatcher(source, operand) : undefined,
    "wildcard": (source, operand, path, report) => {
        if (!isStringOperand(operand, path, "wildcard takes a string such as \"*.png\"", report)) return undefined;
        const bad = wildcardProblem(operand);
        if (bad) {
            report(path, bad);
            return undefined;
        }
        return wildcardMatcher(source, operand);
    },
    "exists": (source, operand, path, report) => {
        if (typeof operand !== "boolean") {
            report(path, `exists takes true or false, not ${typeName(operand)}`);
            return undefined;
        }
        return existsMatcher(source, operand);
    },
    "cidr": (source, operand, path, report) => {
        if (!isStringOperand(operand, path, "cidr takes a string such as \"10.0.0.0/24\"", report)) return undefined;
        const range = parseCidr(operand);
        if (typeof range === "string") {
            report(path, range);
            return undefined;
        }
        return cidrMatcher(source, range);
    },
    "numeric": readNumeric,
    "anything-but": readAnythingBut,
};

/** True for a string operand; otherwise reports what the operator takes instead. */
function isStringOperand(operand: unknown, path: string, takes: string, report: Report): operand is string {
    if (typeof operand === "string") return true;
    report(path, `${takes}, not ${typeName(operand)}`);
    return false;
}

function readAffix(op: "prefix" | "suffix", source: unknown, operand: unknown, path: string, report: Report): ValueMatcher | undefined {
    const build = op === "prefix" ? prefixMatcher : suffixMatcher;
    if (typeof operand === "string") {
        return build(source, operand, false);
    }
    if (isPlainObject(operand)) {
        const keys = definedKeys(operand);
        if (keys.length === 1 && keys[0] === "equals-ignore-case") {
            const inner = operand["equals-ignore-case"];
            if (typeof inner !== "string") {
                report(childPath(path, "equals-ignore-case"), `${op}/equals-ignore-case takes a string, not ${typeName(inner)}`);
                return undefined;
            }
            return build(source, inner, true);
        }
        report(path, `${op} takes a string or {"equals-ignore-case": "..."}, found an object with ${keys.map((k) => `"${k}"`).join(", ")}`);
        return undefined;
    }
    report(path, `${op} takes a string such as "abc" (or {"equals-ignore-case": "abc"}), not ${typeName(operand)}`);
    return undefined;
}

function readNumeric(source: unknown, operand: unknown, path: string, report: Report): ValueMatcher | undefined {
    const example = `e.g. [">", 0, "<=", 5] or ["=", 3]`;
    if (!Array.isArray(operand)) {
        report(path, `numeric takes an array of comparisons, ${example}, not ${typeName(operand)}`);
        return undefined;
    }
    const fail = (message: string): undefined => {
        report(path, `${message}; numeric takes one comparison or a range, ${example}`);
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

function readAnythingBut(source: unknown, operand: unknown, path: string, report: Report): ValueMatcher | undefined {
    if (typeof operand === "string") {
        return anythingButMatcher(source, excludedValues([operand]));
    }
    if (typeof operand === "number" || operand instanceof InexactNumber) {
        const n = checkNumber(operand);
        if (!n.ok) {
            report(path, n.reason);
            return undefined;
        }
        return anythingButMatcher(source, excludedValues([n.value]));
    }
    if (Array.isArray(operand)) {
        return readAnythingButList(source, operand, path, report);
    }
    if (isPlainObject(operand)) {
        return readAnythingButOperator(source, operand, path, report);
    }
    report(path, `anything-but takes a string, a number, a list of strings or numbers, or a nested prefix/suffix/equals-ignore-case/wildcard operator, not ${typeName(operand)}`);
    return undefined;
}

/** `{"anything-but": [...]}`: all strings or all numbers, at least one. */
function readAnythingButList(source: unknown, operand: unknown[], path: string, report: Report): ValueMatcher | undefined {
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
                report(indexPath(path, i), n.reason);
                bad = true;
            }
        } else {
            report(indexPath(path, i), `anything-but lists hold only strings or only numbers, not ${typeName(v)}`);
            bad = true;
        }
    });
    if (bad) {
        return undefined;
    }
    if (operand.length === 0) {
        report(path, "anything-but needs at least one value to exclude");
        return undefined;
    }
    if (numbers.length > 0 && strings.length > 0) {
        report(path, "anything-but lists must be all strings or all numbers, not a mix; split them into two anything-but matchers");
        return undefined;
    }
    return anythingButMatcher(source, excludedValues(strings.length > 0 ? strings : numbers));
}

/** `{"anything-but": {"prefix" | "suffix" | "equals-ignore-case" | "wildcard": ...}}`, with a string or a list of them. */
function readAnythingButOperator(source: unknown, operand: Record<string, unknown>, path: string, report: Report): ValueMatcher | undefined {
    const keys = definedKeys(operand);
    const op = keys[0];
    if (keys.length !== 1 || !(ANYTHING_BUT_OPERATORS as readonly string[]).includes(op)) {
        report(path, `anything-but takes a value, a list, or one of {"prefix": ...}, {"suffix": ...}, {"equals-ignore-case": ...}, {"wildcard": ...}; found ${keys.length === 0 ? "an empty object" : keys.map((k) => `"${k}"`).join(", ")}`);
        return undefined;
    }
    const kind = op as typeof ANYTHING_BUT_OPERATORS[number];
    const innerPath = childPath(path, kind);
    const inner = operand[kind];
    const list = typeof inner === "string" ? [inner] : inner;
    if (!Array.isArray(list) || list.some((s) => typeof s !== "string")) {
        report(innerPath, `anything-but/${kind} takes a string or a list of strings, not ${Array.isArray(list) ? "a list with non-string values" : typeName(inner)}`);
        return undefined;
    }
    const strings = list as string[];
    if (strings.length === 0 && kind !== "equals-ignore-case") {
        report(innerPath, `anything-but/${kind} needs at least one value`);
        return undefined;
    }
    if ((kind === "prefix" || kind === "suffix") && strings.some((s) => s === "")) {
        report(innerPath, `anything-but/${kind} cannot be the empty string (it would exclude every string)`);
        return undefined;
    }
    if (kind === "wildcard") {
        const bad = strings.map(wildcardProblem).find((p) => p !== undefined);
        if (bad) {
            report(innerPath, bad);
            return undefined;
        }
    }
    return anythingButMatcher(source, excludedByStringTest(strings, kind));
}
