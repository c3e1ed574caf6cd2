// Every TypeScript block of the README and docs/ compiles against the package's sources, so the
// documentation cannot drift from the API. One compiler program over all blocks.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { blockSource, CodeBlock, documentationFiles, extractCodeBlocks } from "./code-blocks";

const root = path.resolve(__dirname, "..", "..");

// A block that must fail, compiled with the others: proves errors in blocks are reported.
const CANARY: CodeBlock = {
    file: "canary.md", line: 1, prelude: "", fragment: false,
    code: 'import { SafeRule } from "eventbridge-kit";\nnew SafeRule("r", { pattern: { source: "github.com" }, targets: [] });',
};

describe("docs: TypeScript blocks type-check", function () {
    this.timeout(120_000);

    const files = documentationFiles(root);
    const blocks = files.flatMap((file) => extractCodeBlocks(file, fs.readFileSync(path.join(root, file), "utf8")));
    let tmp: string;
    let errorsByBlock: Map<CodeBlock, string[]>;

    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "docs-typecheck-"));
        const fileOf = new Map<string, { block: CodeBlock; offset: number }>();
        [...blocks, CANARY].filter((b) => !b.fragment).forEach((block, i) => {
            const { text, offset } = blockSource(block);
            const name = path.join(tmp, `${String(i).padStart(3, "0")}-${block.file.replace(/[/.]/g, "_")}-${block.line}.ts`);
            fs.writeFileSync(name, text);
            fileOf.set(name, { block, offset });
        });
        const config = ts.readConfigFile(path.join(root, "tsconfig.json"), ts.sys.readFile).config;
        const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
        const program = ts.createProgram([...fileOf.keys()], {
            ...options,
            noEmit: true,
            // Snippets may await at top level, as in an ES module or a test.
            module: ts.ModuleKind.ES2022,
            declaration: false,
            sourceMap: false,
            rootDir: undefined,
            outDir: undefined,
            // Blocks live outside the repository: resolve packages from its node_modules.
            paths: { ...options.paths, "*": ["node_modules/*", "node_modules/@types/*"] },
            typeRoots: [path.join(root, "node_modules", "@types")],
        });
        errorsByBlock = new Map();
        for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
            const entry = diagnostic.file && fileOf.get(path.resolve(diagnostic.file.fileName));
            const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
            if (!entry) {
                errorsByBlock.set(CANARY, [...(errorsByBlock.get(CANARY) ?? []), `outside any block: ${diagnostic.file?.fileName ?? ""} ${message}`]);
                continue;
            }
            const lineInFile = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line;
            const where = lineInFile < entry.offset ? "prelude" : `${entry.block.file}:${entry.block.line + lineInFile - entry.offset}`;
            errorsByBlock.set(entry.block, [...(errorsByBlock.get(entry.block) ?? []), `${where}: ${message}`]);
        }
    });

    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("finds the blocks of the README and every docs page", () => {
        assert.ok(files.includes("README.md") && files.some((f) => f.startsWith("docs/")), files.join(", "));
        assert.ok(blocks.filter((b) => b.file === "README.md").length >= 1);
        // Each opening fence gives one block: no block swallowed the next one.
        const fences = files.flatMap((f) => fs.readFileSync(path.join(root, f), "utf8").split("\n").filter((l) => /^\s*```(ts|typescript)\b/.test(l)));
        assert.strictEqual(blocks.length, fences.length);
    });

    it("reports an error in a block (the canary, a string where the pattern wants an array)", () => {
        const errors = errorsByBlock.get(CANARY) ?? [];
        assert.ok(errors.some((e) => e.startsWith("canary.md:2: ") && /not assignable/.test(e)), errors.join("\n"));
    });

    it("every block compiles", () => {
        const errors = blocks.flatMap((b) => errorsByBlock.get(b) ?? []);
        assert.deepStrictEqual(errors, []);
    });

    it("fragments (blocks not checked) are few", () => {
        const fragments = blocks.filter((b) => b.fragment).map((b) => `${b.file}:${b.line}`);
        assert.ok(fragments.length <= 3, `too many unchecked fragments: ${fragments.join(", ")}`);
    });
});
