import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");

describe("examples: type-check against the package's public API", function () {
    this.timeout(180_000);

    it("every example compiles with `eventbridge-kit` resolved to this package's entry point", () => {
        const tsc = require.resolve("typescript/bin/tsc");
        const result = spawnSync(process.execPath, [tsc, "-p", "examples/tsconfig.json"], { cwd: root, encoding: "utf8" });
        assert.strictEqual(result.status, 0, `${result.stdout}${result.stderr}`);
    });
});
