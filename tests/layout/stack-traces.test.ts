import * as assert from "assert";
import * as fs from "fs";
// Internal to @pulumi/pulumi: the helper behind every promise the SDK makes.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { debuggablePromise } = require("@pulumi/pulumi/runtime/debuggable");

// tests/support/plain-pulumi-stacks.js formats Pulumi's own bookkeeping traces without source maps.
describe("layout: stack traces under the test runner", () => {
    it("a test's own error keeps its source-mapped position in the TypeScript file", () => {
        // The type below vanishes when TypeScript is stripped, shifting the lines after it: only a source-mapped stack names the right one.
        type Where = { readonly stack: string };
        const where: Where = { stack: new Error("mapped").stack! };
        const line = fs.readFileSync(__filename, "utf8").split("\n").findIndex((l) => l.includes(`new Error("${"mapped"}")`)) + 1;
        assert.match(where.stack, new RegExp(`stack-traces\\.test\\.ts:${line}:\\d+\\)`));
    });

    it("Pulumi's per-promise trace is formatted plainly, still naming where it was made", () => {
        const promise = Promise.resolve(1) as Promise<number> & { _debugStackTrace?: string };
        debuggablePromise(promise, "test");
        assert.match(promise._debugStackTrace ?? "", /^Error\n {4}at debuggablePromise \(.*debuggable\.js:\d+:\d+\)\n {4}at Context\.<anonymous> \(.*stack-traces\.test\.(ts|js):\d+:\d+\)/);
    });
});
