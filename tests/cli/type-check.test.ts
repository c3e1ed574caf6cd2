import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { typeCheck } from "../../cli/type-check";

describe("cli: the plan's type check, once per program state", () => {
    let dir: string;
    const request = () => ({ typescript: ts, entry: path.join(dir, "index.ts"), cwd: dir, compilerOptions: { strict: true, target: "ES2020", module: "commonjs" } });
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "type-check-"));
        fs.writeFileSync(path.join(dir, "index.ts"), 'import { size } from "./size";\nexport const doubled: number = size * 2;\n');
        fs.writeFileSync(path.join(dir, "size.ts"), "export const size = 21;\n");
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("checks a program, then skips the check while no file it read changed", () => {
        assert.deepStrictEqual(typeCheck(request()), { checked: true });
        assert.deepStrictEqual(typeCheck(request()), { checked: false });
    });

    it("checks again when an imported file changes, even within the same second and at the same size, and reports as ts-node does", () => {
        assert.deepStrictEqual(typeCheck(request()), { checked: true });
        const stat = fs.statSync(path.join(dir, "size.ts"));
        fs.writeFileSync(path.join(dir, "size.ts"), 'export const size = "2"\n');
        assert.strictEqual(fs.statSync(path.join(dir, "size.ts")).size, stat.size);
        fs.utimesSync(path.join(dir, "size.ts"), stat.atime, stat.mtime);
        const result = typeCheck(request());
        assert.strictEqual(result.checked, true);
        assert.match(result.diagnostics ?? "", /^index\.ts\(2,32\): error TS2362: The left-hand side of an arithmetic operation must be of type 'any', 'number', 'bigint' or an enum type\.\n$/);
        // A failing check is never remembered: the same error again.
        assert.strictEqual(typeCheck(request()).diagnostics, result.diagnostics);
    });

    it("checks again under other compiler options", () => {
        assert.deepStrictEqual(typeCheck(request()), { checked: true });
        assert.deepStrictEqual(typeCheck({ ...request(), compilerOptions: { ...request().compilerOptions, noUnusedLocals: true } }), { checked: true });
    });

    it("reports the entry's errors first, as ts-node throws for the first file it compiles", () => {
        fs.writeFileSync(path.join(dir, "size.ts"), "export const size: number = true;\n");
        fs.writeFileSync(path.join(dir, "index.ts"), 'import { size } from "./size";\nexport const doubled: string = size * 2;\n');
        assert.match(typeCheck(request()).diagnostics ?? "", /^index\.ts\(2,14\): error TS2322: Type 'number' is not assignable to type 'string'\.\n$/);
    });
});
