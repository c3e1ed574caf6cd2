// Every pattern written in the README and docs/ for a provider's events (`source: ["github.com"]`...)
// matches what that provider's WebhookIngress emits, and every input transformer path of a block
// with such a pattern reads a field those events have (the sources' JSDoc examples too): a `detail.action` (or
// `$.detail.repository.full_name`) where the ingress emits `detail.payload...` cannot come back.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as operators from "../../components/patterns/operators";
import { checkInputPathsAgainstEmittedEvents, checkPatternAgainstEmittedEvents, EmittedEvents } from "../../components/patterns";
import { PROVIDER_NAMES } from "../../providers";
import { ingressEmittedEvents } from "../../providers/catalogue";
import { CodeBlock, documentationFiles, extractCodeBlocks } from "./code-blocks";

const root = path.resolve(__dirname, "..", "..");

/** The pattern operators a documented pattern may call (prefix("x")...), evaluated for real. */
const OPERATORS: Record<string, (...args: unknown[]) => unknown> = operators as unknown as Record<string, (...args: unknown[]) => unknown>;

class NotStatic extends Error {}

/** The value of a literal expression: objects, arrays, strings, numbers, booleans, null and operator calls. Nothing is executed otherwise. */
function staticValue(node: ts.Expression): unknown {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) return staticValue(node.expression);
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isNumericLiteral(node)) return Number(node.text);
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) return -Number(node.operand.text);
    if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (node.kind === ts.SyntaxKind.NullKeyword) return null;
    if (ts.isArrayLiteralExpression(node)) return node.elements.map((e) => staticValue(e));
    if (ts.isObjectLiteralExpression(node)) {
        const value: Record<string, unknown> = {};
        for (const property of node.properties) {
            if (!ts.isPropertyAssignment(property) || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) throw new NotStatic();
            value[property.name.text] = staticValue(property.initializer);
        }
        return value;
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text in OPERATORS) {
        return OPERATORS[node.expression.text](...node.arguments.map((a) => staticValue(a)));
    }
    throw new NotStatic();
}

interface DocumentedPattern {
    where: string;
    /** A SafeRule's `pattern`, or another `pattern:` property (a router's routes...). */
    inSafeRule: boolean;
    pattern?: unknown;
}

interface DocumentedBlock {
    patterns: DocumentedPattern[];
    /** The literal `paths` of the block's `transform({ paths, ... })` calls: where, name, path. */
    inputPaths: { where: string; name: string; path: string }[];
}

/** Every `pattern: ...` property and `const pattern = ...` of a block, evaluated when it is a literal, and its transformers' paths. */
function documentedBlock(block: CodeBlock): DocumentedBlock {
    const found: DocumentedBlock = { patterns: [], inputPaths: [] };
    const source = ts.createSourceFile(`${block.file}.ts`, block.code, ts.ScriptTarget.ES2022, true);
    const where = (node: ts.Node) => `${block.file}:${block.line + source.getLineAndCharacterOfPosition(node.getStart()).line}`;
    const visit = (node: ts.Node): void => {
        const named = (ts.isPropertyAssignment(node) || ts.isVariableDeclaration(node)) && ts.isIdentifier(node.name) && node.name.text === "pattern";
        if (named && node.initializer) {
            const call = node.parent.parent;
            const inSafeRule = ts.isNewExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === "SafeRule";
            try {
                found.patterns.push({ where: where(node), inSafeRule, pattern: staticValue(node.initializer) });
            } catch (error) {
                if (!(error instanceof NotStatic)) throw error;
                found.patterns.push({ where: where(node), inSafeRule });
            }
        }
        if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "transform" && node.arguments[0] && ts.isObjectLiteralExpression(node.arguments[0])) {
            const paths = node.arguments[0].properties.find((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "paths");
            if (paths && ts.isPropertyAssignment(paths)) {
                try {
                    const value = staticValue(paths.initializer) as Record<string, unknown>;
                    for (const [name, path] of Object.entries(value)) {
                        if (typeof path === "string") found.inputPaths.push({ where: where(paths), name, path });
                    }
                } catch (error) {
                    if (!(error instanceof NotStatic)) throw error;
                }
            }
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

/** The ```ts examples in the JSDoc of the package's sources (components/, providers/), as blocks. */
function jsdocBlocks(): CodeBlock[] {
    const sources = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? sources(full) : entry.name.endsWith(".ts") ? [full] : [];
    });
    return ["components", "providers"].flatMap((dir) => sources(path.join(root, dir))).flatMap((file) => {
        const lines = fs.readFileSync(file, "utf8").split("\n");
        const blocks: CodeBlock[] = [];
        for (let i = 0; i < lines.length; i++) {
            if (!/^\s*\*\s*```(ts|typescript)\s*$/.test(lines[i])) continue;
            let end = i + 1;
            while (end < lines.length && !/^\s*\*\s*```\s*$/.test(lines[end])) end++;
            const code = lines.slice(i + 1, end).map((l) => l.replace(/^\s*\* ?/, "")).join("\n");
            blocks.push({ file: path.relative(root, file), line: i + 2, code, prelude: "", fragment: false });
            i = end;
        }
        return blocks;
    });
}

const EMITTED: readonly EmittedEvents[] = PROVIDER_NAMES.map((provider) => ingressEmittedEvents({ provider }, `a ${provider} WebhookIngress`)!);

/** The ingresses whose events a pattern is about: those whose source it names. */
function emittersFor(pattern: unknown): EmittedEvents[] {
    const source = (pattern as { source?: unknown })?.source;
    return Array.isArray(source) ? EMITTED.filter((e) => source.includes(e.source)) : [];
}

/**
 * Each problem of the documented patterns for a provider's events, as `file.md:line: message`;
 * and of each transformer path of a block with such patterns, unless one of them reads it well.
 */
function providerProblems(blocks: readonly DocumentedBlock[]): string[] {
    return blocks.flatMap(({ patterns, inputPaths }) => {
        const about = patterns.flatMap(({ pattern }) => emittersFor(pattern).map((emitted) => ({ pattern, emitted })));
        const patternProblems = patterns.flatMap(({ where, pattern }) =>
            pattern === undefined ? [] : EMITTED.flatMap((emitted) => checkPatternAgainstEmittedEvents(pattern, emitted).map((p) => `${where}: ${p.message}`)));
        const pathProblems = about.length === 0 ? [] : inputPaths.flatMap(({ where, name, path }) => {
            const each = about.map(({ pattern, emitted }) => checkInputPathsAgainstEmittedEvents(pattern, { [`<${name}>`]: path }, emitted));
            return each.some((problems) => problems.length === 0) ? [] : each[0].map((p) => `${where}: ${p.message}`);
        });
        return [...patternProblems, ...pathProblems];
    });
}

describe("docs: patterns for provider events match what WebhookIngress emits", () => {
    const files = documentationFiles(root);
    const blocks = [...files.flatMap((file) => extractCodeBlocks(file, fs.readFileSync(path.join(root, file), "utf8"))), ...jsdocBlocks()].map(documentedBlock);
    const patterns = blocks.flatMap((b) => b.patterns);
    const old = (code: string[]) => [documentedBlock(extractCodeBlocks("old-readme.md", ["```ts", ...code, "```"].join("\n"))[0])];

    it("finds the documented patterns and transformer paths (README, docs/ and the sources' JSDoc): SafeRule patterns written as literals are checked, the others counted", () => {
        assert.ok(patterns.some((p) => p.where.startsWith("components/targets/api-destination-target.ts:")), "the ApiDestinationTarget JSDoc example");
        const safeRules = patterns.filter((p) => p.inSafeRule);
        const literal = safeRules.filter((p) => p.pattern !== undefined);
        const provider = patterns.filter((p) => emittersFor(p.pattern).length > 0);
        const providerPaths = blocks.filter((b) => b.patterns.some((p) => emittersFor(p.pattern).length > 0)).flatMap((b) => b.inputPaths);
        assert.ok(literal.length >= 3 && provider.length >= 4 && providerPaths.length >= 3,
            `${safeRules.length} SafeRule patterns (${literal.length} literal), ${provider.length} for provider events, ${providerPaths.length} transformer paths beside them`);
        // Not literal (a variable, a spread): not checked here. Keep them few.
        assert.ok(safeRules.length - literal.length <= 2, patterns.filter((p) => p.inSafeRule && p.pattern === undefined).map((p) => p.where).join(", "));
    });

    it("the README's old SafeRule example and the old ApiDestinationTarget JSDoc are flagged, with the field meant", () => {
        assert.deepStrictEqual(providerProblems(old([
            "new SafeRule(\"pr-opened\", {",
            "    eventBus: bus,",
            "    pattern: { source: [\"github.com\"], \"detail-type\": [\"pull_request\"], detail: { action: [\"opened\"] } },",
            "    targets: [targets.lambda(notify)],",
            "});",
        ])), [
            'old-readme.md:4: detail.action: no pull_request event from a github WebhookIngress (github) has this field, so the rule never matches; did you mean detail.payload.action?',
        ]);
        assert.deepStrictEqual(providerProblems(old([
            "const chat = new ApiDestinationTarget(\"chat\", {",
            "    input: transform({ paths: { repo: \"$.detail.repository.full_name\" }, template: '{\"text\": \"PR opened in <repo>\"}' }),",
            "});",
            "new SafeRule(\"pr-to-chat\", { eventBus: bus, pattern: { source: [\"github.com\"], \"detail-type\": [\"pull_request\"] }, targets: [chat] });",
        ])), [
            'old-readme.md:3: <repo> ($.detail.repository.full_name): no pull_request event from a github WebhookIngress (github) has this field, so the target never gets a value for it; did you mean $.detail.payload.repository.full_name?',
        ]);
    });

    it("every documented pattern for a provider's events can match them, and every transformer path beside it reads a field they have", () => {
        assert.deepStrictEqual(providerProblems(blocks), []);
    });
});
