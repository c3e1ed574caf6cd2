// Every TypeScript block of the README and docs/ compiles against the package's sources, so the
// documentation cannot drift from the API. One compiler program over all blocks.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { CodeBlock } from "./code-blocks";
import { CANARY, docsFindings, root } from "./docs-program";

describe("docs: TypeScript blocks type-check", function () {
    this.timeout(300_000);

    let files: string[];
    let blocks: CodeBlock[];
    let errorsByBlock: Map<CodeBlock, string[]>;
    before(() => { ({ files, blocks, errorsByBlock } = docsFindings()); });

    it("finds every block of the README and the docs pages", () => {
        assert.ok(files.includes("README.md") && files.some((f) => f.startsWith("docs/")), files.join(", "));
        assert.ok(blocks.some((b) => b.file === "README.md"));
        // Each opening fence gives one block: no block swallowed the next one.
        const fences = files.flatMap((f) => fs.readFileSync(path.join(root, f), "utf8").split("\n").filter((l) => /^\s*```(ts|typescript)\b/.test(l)));
        assert.strictEqual(blocks.length, fences.length);
    });

    it("reports an error in a block (the canary: a string where the pattern wants an array)", () => {
        const errors = errorsByBlock.get(CANARY) ?? [];
        assert.ok(errors.some((e) => e.startsWith("canary.md:2: ") && /not assignable/.test(e)), errors.join("\n"));
    });

    it("every block compiles", () => {
        assert.deepStrictEqual(blocks.flatMap((b) => errorsByBlock.get(b) ?? []), []);
    });

    it("fragments (blocks not checked) are few", () => {
        const fragments = blocks.filter((b) => b.fragment).map((b) => `${b.file}:${b.line}`);
        assert.ok(fragments.length <= 3, `too many unchecked fragments: ${fragments.join(", ")}`);
    });
});
