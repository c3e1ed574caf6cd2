// Every pattern written in the README and docs/ for a provider's events (`source: ["github.com"]`...)
// matches what that provider's WebhookIngress emits: a `detail.action` where the ingress emits
// `detail.payload.action` cannot come back into the documentation.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as operators from "../../components/patterns/operators";
import { checkPatternAgainstEmittedEvents } from "../../components/patterns";
import { PROVIDER_EVENT_SOURCES, PROVIDER_NAMES } from "../../providers";
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

/** Every `pattern: ...` property and `const pattern = ...` of the blocks, evaluated when it is a literal. */
function documentedPatterns(blocks: readonly CodeBlock[]): DocumentedPattern[] {
    const found: DocumentedPattern[] = [];
    for (const block of blocks) {
        const source = ts.createSourceFile(`${block.file}.ts`, block.code, ts.ScriptTarget.ES2022, true);
        const visit = (node: ts.Node): void => {
            const named = (ts.isPropertyAssignment(node) || ts.isVariableDeclaration(node)) && ts.isIdentifier(node.name) && node.name.text === "pattern";
            if (named && node.initializer) {
                const call = node.parent.parent;
                const inSafeRule = ts.isNewExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === "SafeRule";
                const where = `${block.file}:${block.line + source.getLineAndCharacterOfPosition(node.getStart()).line}`;
                try {
                    found.push({ where, inSafeRule, pattern: staticValue(node.initializer) });
                } catch (error) {
                    if (!(error instanceof NotStatic)) throw error;
                    found.push({ where, inSafeRule });
                }
            }
            ts.forEachChild(node, visit);
        };
        visit(source);
    }
    return found;
}

/** Each problem of a documented pattern for a provider's events, as `file.md:line: message`. */
function providerPatternProblems(patterns: readonly DocumentedPattern[]): string[] {
    const emitted = PROVIDER_NAMES.map((provider) => ingressEmittedEvents({ provider }, `a ${provider} WebhookIngress`)!);
    return patterns.flatMap(({ where, pattern }) =>
        pattern === undefined ? [] : emitted.flatMap((events) => checkPatternAgainstEmittedEvents(pattern, events).map((p) => `${where}: ${p.message}`)));
}

const forProvider = (pattern: unknown) => {
    const source = (pattern as { source?: unknown })?.source;
    return Array.isArray(source) && source.some((s) => Object.values(PROVIDER_EVENT_SOURCES).includes(s as string));
};

describe("docs: patterns for provider events match what WebhookIngress emits", () => {
    const files = documentationFiles(root);
    const blocks = files.flatMap((file) => extractCodeBlocks(file, fs.readFileSync(path.join(root, file), "utf8")));
    const patterns = documentedPatterns(blocks);

    it("finds the documented patterns: SafeRule patterns written as literals are checked, the others counted", () => {
        const safeRules = patterns.filter((p) => p.inSafeRule);
        const literal = safeRules.filter((p) => p.pattern !== undefined);
        const provider = patterns.filter((p) => forProvider(p.pattern));
        assert.ok(literal.length >= 3 && provider.length >= 4, `${safeRules.length} SafeRule patterns (${literal.length} literal), ${provider.length} for provider events`);
        // Not literal (a variable, a spread): not checked here. Keep them few.
        assert.ok(safeRules.length - literal.length <= 2, patterns.filter((p) => p.inSafeRule && p.pattern === undefined).map((p) => p.where).join(", "));
    });

    it("the README's old SafeRule example is flagged, with the field meant", () => {
        const old = extractCodeBlocks("old-readme.md", [
            "```ts",
            "new SafeRule(\"pr-opened\", {",
            "    eventBus: bus,",
            "    pattern: { source: [\"github.com\"], \"detail-type\": [\"pull_request\"], detail: { action: [\"opened\"] } },",
            "    targets: [targets.lambda(notify)],",
            "});",
            "```",
        ].join("\n"));
        assert.deepStrictEqual(providerPatternProblems(documentedPatterns(old)), [
            'old-readme.md:4: detail.action: no pull_request event from a github WebhookIngress (github) has this field, so the rule never matches; did you mean detail.payload.action?',
        ]);
    });

    it("every documented pattern for a provider's events can match them", () => {
        assert.deepStrictEqual(providerPatternProblems(patterns), []);
    });
});
