/**
 * Measures the shipped code for the "short functions and files" rule: every function, method,
 * arrow function, accessor and constructor longer than MAX_FUNCTION_LINES, and every file longer
 * than MAX_FILE_LINES. tests/layout/size.test.ts holds the rule and its exceptions; run this file
 * (`npx ts-node --transpile-only tests/layout/size.ts`) to print the current list.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

export const MAX_FUNCTION_LINES = 60;
export const MAX_FILE_LINES = 400;

/** The folders whose code is shipped (or will be: offline/ takes over from testing/). */
export const SHIPPED_FOLDERS = ["components", "handlers", "providers", "stack", "multi-language", "policy", "testing", "cli", "offline"];

const root = path.resolve(__dirname, "..", "..");

/** One thing over its limit: a function (`name` set) or a whole file. */
export interface Oversize {
    /** Relative to the repository root, with forward slashes. */
    file: string;
    /** The function's name as `Class.method`, `outer/inner` or `outer/<arrow>`; absent for a file. */
    name?: string;
    lines: number;
    /** 1-based line where it starts. */
    line: number;
}

type FunctionNode = ts.FunctionLikeDeclaration & { body: ts.Node };

function isMeasuredFunction(node: ts.Node): node is FunctionNode {
    return (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node)
        || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node)
        || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node))
        && node.body !== undefined;
}

function textOf(name: ts.PropertyName | ts.BindingName | undefined, source: ts.SourceFile): string | undefined {
    if (!name) return undefined;
    if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
    return name.getText(source);
}

/** Its own name: declared, or the variable, property or class member it is assigned to. */
function ownName(node: FunctionNode, source: ts.SourceFile): string {
    if (ts.isConstructorDeclaration(node)) return "constructor";
    const declared = textOf(node.name, source);
    if (declared) return ts.isGetAccessorDeclaration(node) ? `get ${declared}` : ts.isSetAccessorDeclaration(node) ? `set ${declared}` : declared;
    const parent = node.parent;
    if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
        return textOf(parent.name, source) ?? "<arrow>";
    }
    return ts.isArrowFunction(node) ? "<arrow>" : "<function>";
}

function classPrefix(node: ts.Node, source: ts.SourceFile): string | undefined {
    const parent = node.parent;
    if (parent && (ts.isClassDeclaration(parent) || ts.isClassExpression(parent))) return textOf(parent.name, source) ?? "<class>";
    return undefined;
}

/** The functions of one source text over the limit, named by their enclosing functions. */
export function oversizeFunctions(file: string, text: string, limit = MAX_FUNCTION_LINES): Oversize[] {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const found: Oversize[] = [];
    const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line + 1;
    const visit = (node: ts.Node, enclosing: string | undefined) => {
        let next = enclosing;
        if (isMeasuredFunction(node)) {
            const own = ownName(node, source);
            const owner = classPrefix(node, source);
            const name = owner ? `${owner}.${own}` : own;
            next = enclosing ? `${enclosing}/${name}` : name;
            // From the first token (its JSDoc left out) to the closing brace, both lines counted.
            const start = lineOf(node.getStart(source));
            const lines = lineOf(node.end) - start + 1;
            if (lines > limit) found.push({ file, name: next, lines, line: start });
        }
        ts.forEachChild(node, (child) => visit(child, next));
    };
    visit(source, undefined);
    return found;
}

/** The number of lines of a text, a final newline not starting another. */
export function lineCount(text: string): number {
    if (text.length === 0) return 0;
    return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

/** Everything over the limits in one source text: the file itself first, then its functions. */
export function measureText(file: string, text: string, limits = { function: MAX_FUNCTION_LINES, file: MAX_FILE_LINES }): Oversize[] {
    const lines = lineCount(text);
    const whole: Oversize[] = lines > limits.file ? [{ file, lines, line: 1 }] : [];
    return [...whole, ...oversizeFunctions(file, text, limits.function)];
}

function sourceFiles(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "dist" ? [] : sourceFiles(full);
        return /\.(ts|mts|cts|js|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
    });
}

/** Everything over the limits in the shipped folders (handlers/dist and node_modules left out). */
export function measureShipped(folders = SHIPPED_FOLDERS): Oversize[] {
    return folders.flatMap((folder) => sourceFiles(path.join(root, folder)))
        .sort()
        .flatMap((full) => measureText(path.relative(root, full).split(path.sep).join("/"), fs.readFileSync(full, "utf8")));
}

/** One line per finding, for the printed list and for assertion messages. */
export function describeOversize(o: Oversize): string {
    return o.name === undefined ? `${o.file}: file, ${o.lines} lines` : `${o.file}:${o.line} ${o.name}: ${o.lines} lines`;
}

if (require.main === module) {
    const found = measureShipped();
    for (const o of found) console.log(describeOversize(o));
    const perFolder = new Map<string, { functions: number; files: number }>();
    for (const o of found) {
        const folder = o.file.split("/")[0];
        const counts = perFolder.get(folder) ?? { functions: 0, files: 0 };
        if (o.name === undefined) counts.files++; else counts.functions++;
        perFolder.set(folder, counts);
    }
    console.log("\nper folder (functions over", MAX_FUNCTION_LINES, "lines, files over", MAX_FILE_LINES, "lines):");
    for (const folder of SHIPPED_FOLDERS) {
        const counts = perFolder.get(folder) ?? { functions: 0, files: 0 };
        console.log(`  ${folder}: ${counts.functions} functions, ${counts.files} files`);
    }
}
