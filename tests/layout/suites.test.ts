import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { importsOf } from "../support/imports";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const suites = require("../support/suites") as { all: string[]; integration: string[]; unit: string[] };

const root = path.resolve(__dirname, "..", "..");
const processModules = new Set(["child_process", "node:child_process", "worker_threads", "node:worker_threads"]);

/** The test-tree files a file reaches through its relative imports, itself included. */
function closure(file: string, seen = new Set<string>()): Set<string> {
    if (seen.has(file)) return seen;
    seen.add(file);
    for (const imported of importsOf(file)) {
        if (!imported.specifier.startsWith(".") || imported.typeOnly) continue;
        const base = path.resolve(path.dirname(file), imported.specifier);
        const resolved = [`${base}.ts`, `${base}.js`, path.join(base, "index.ts"), base].find((f) => f.startsWith(path.join(root, "tests")) && fs.existsSync(f) && fs.statSync(f).isFile());
        if (resolved) closure(resolved, seen);
    }
    return seen;
}

function startsProcesses(file: string): boolean {
    return [...closure(file)].some((f) => importsOf(f).some((i) => !i.typeOnly && processModules.has(i.specifier)));
}

describe("layout: the unit and integration suites", () => {
    it("every test file is in exactly one suite, and every file that can start a process is an integration test", () => {
        assert.deepStrictEqual([...suites.unit, ...suites.integration].sort(), suites.all);
        const misplaced = suites.unit.filter((file) => startsProcesses(path.join(root, file)));
        assert.deepStrictEqual(misplaced, [], "these start processes through their imports: list them in tests/support/suites.js `integration`");
    });

    it("finds a process started two imports away, and not in a pure file", () => {
        assert.strictEqual(startsProcesses(path.join(root, "tests/handlers/bundle.test.ts")), true);
        assert.strictEqual(startsProcesses(path.join(root, "tests/patterns/conformance.test.ts")), false);
    });
});
