// `npm test`'s mocha run: .mocharc.json's settings, every tests/**/*.test.ts file on two workers,
// the longest files first. Mocha hands files to free workers in order, so a long file started
// last would run alone at the end while the other core idles.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..", "..");

/** Longest first (CPU seconds per file, measured one by one: 90-150, 90, 78, 45, 41, 27, 23, 23, 21, 20). */
const longest = [
    "tests/examples/runner.test.ts",
    "tests/package/consumer.test.ts",
    "tests/plan/cli.test.ts",
    "tests/policy/pack-protocol.test.ts",
    "tests/plan/loading.test.ts",
    "tests/iam/oracle.test.ts",
    "tests/simulate/simulate.test.ts",
    "tests/simulate/examples.test.ts",
    "tests/examples/examples.test.ts",
    "tests/multi-language/component-package.test.ts",
    "tests/patterns/machine.test.ts",
];

const all = fs.readdirSync(path.join(root, "tests"), { recursive: true, encoding: "utf8" })
    .map((file) => path.posix.join("tests", file.split(path.sep).join("/")))
    .filter((file) => file.endsWith(".test.ts") && !file.split("/").includes("node_modules"))
    .sort();
const missing = longest.filter((file) => !all.includes(file));
if (missing.length > 0) {
    throw new Error(`${path.relative(root, __filename)} orders ${missing.join(", ")} first, which no longer exist: update its list`);
}

module.exports = {
    ...JSON.parse(fs.readFileSync(path.join(root, ".mocharc.json"), "utf8")),
    parallel: true,
    jobs: 2,
    spec: [...longest, ...all.filter((file) => !longest.includes(file))],
};
