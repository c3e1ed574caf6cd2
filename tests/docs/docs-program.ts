/**
 * One TypeScript program shared by the documentation tests: the code blocks of the README and
 * docs/ (written to a temp dir) together with the package's public entry points. Building it is
 * the expensive part (the @pulumi/aws types), so it is built once per test run, and only its
 * findings are kept (the program itself takes hundreds of MB).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { blockSource, CodeBlock, documentationFiles, extractCodeBlocks } from "./code-blocks";
import { Coverage, coverage } from "./jsdoc-coverage";

export const root = path.resolve(__dirname, "..", "..");

/** The package's public entry points and the component folders' own indexes (for their Args). */
export const ENTRY_POINTS = [
    "components/index.ts",
    "components/ingress/index.ts",
    "components/rules/index.ts",
    "components/rules/targets/index.ts",
    "components/targets/index.ts",
].map((f) => path.join(root, f));

/** A block that must fail, compiled with the others: proves errors in blocks are reported. */
export const CANARY: CodeBlock = {
    file: "canary.md", line: 1, prelude: "", fragment: false,
    code: 'import { SafeRule } from "eventbridge-kit";\nnew SafeRule("r", { pattern: { source: "github.com" }, targets: [] });',
};

export interface DocsFindings {
    /** The documentation files read, relative to the root. */
    files: string[];
    blocks: CodeBlock[];
    /** Compiler errors by block (the canary's included), each as `file.md:line: message`. */
    errorsByBlock: Map<CodeBlock, string[]>;
    /** JSDoc coverage of the public API. */
    jsdoc: Coverage;
}

let found: DocsFindings | undefined;

export function docsFindings(): DocsFindings {
    if (found) return found;
    const files = documentationFiles(root);
    const blocks = files.flatMap((file) => extractCodeBlocks(file, fs.readFileSync(path.join(root, file), "utf8")));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "docs-typecheck-"));
    try {
        const blockFiles = new Map<string, { block: CodeBlock; offset: number }>();
        [...blocks, CANARY].filter((b) => !b.fragment).forEach((block, i) => {
            const { text, offset } = blockSource(block);
            const name = path.join(tmp, `${String(i).padStart(3, "0")}-${block.file.replace(/[/.]/g, "_")}-${block.line}.ts`);
            fs.writeFileSync(name, text);
            blockFiles.set(name, { block, offset });
        });
        const config = ts.readConfigFile(path.join(root, "tsconfig.json"), ts.sys.readFile).config;
        const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
        const program = ts.createProgram([...ENTRY_POINTS, ...blockFiles.keys()], {
            ...options,
            noEmit: true,
            declaration: false,
            sourceMap: false,
            rootDir: undefined,
            outDir: undefined,
            // Snippets may await at top level, as in an ES module or a test.
            module: ts.ModuleKind.ES2022,
            // Blocks live outside the repository: resolve packages from its node_modules.
            paths: { ...options.paths, "*": ["node_modules/*", "node_modules/@types/*"] },
            typeRoots: [path.join(root, "node_modules", "@types")],
        });
        const errorsByBlock = new Map<CodeBlock, string[]>();
        for (const [file, { block, offset }] of blockFiles) {
            const sourceFile = program.getSourceFile(file)!;
            const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
            errorsByBlock.set(block, diagnostics.map((diagnostic) => {
                const line = sourceFile.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line;
                const where = line < offset ? `${block.file}:${block.line} (prelude)` : `${block.file}:${block.line + line - offset}`;
                return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
            }));
        }
        found = { files, blocks, errorsByBlock, jsdoc: coverage(program, ENTRY_POINTS) };
        return found;
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}
