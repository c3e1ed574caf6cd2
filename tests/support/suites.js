// Which test files are unit tests and which run processes (`npm run test:unit`,
// `npm run test:integration`; `npm test` runs both in one mocha run so two workers stay busy).
// tests/layout/suites.test.ts fails when a file that starts processes is missing from
// `integration`, and test:unit refuses any process a unit test starts (./no-processes.js).
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..", "..");

/**
 * The process-level tests: what users run, as their tools run it (the language host, the policy
 * host, the CLI, the bundles, the packed tarball). The longest first, so the last file to start is
 * a short one.
 */
const integration = [
    "tests/examples/runner.test.ts",
    "tests/package/consumer.test.ts",
    "tests/plan/cli.test.ts",
    "tests/policy/pack-protocol.test.ts",
    "tests/plan/loading.test.ts",
    "tests/simulate/cli.test.ts",
    "tests/handlers/bundle.test.ts",
    "tests/handlers/github-redelivery.test.ts",
    "tests/handlers/hardening.test.ts",
    "tests/handlers/durable-bundle.test.ts",
    "tests/handlers/bundle-limits.test.ts",
    "tests/handlers/signature-metric.test.ts",
];

/** The longest unit files, started first for the same reason. */
const longestUnits = [
    "tests/iam/oracle.test.ts",
    "tests/constraints/inputs.test.ts",
    "tests/ingress/github-redelivery.test.ts",
    "tests/offline/simulate.test.ts",
    "tests/offline/simulate-examples.test.ts",
    "tests/examples/examples.test.ts",
    "tests/multi-language/component-package.test.ts",
    "tests/patterns/machine.test.ts",
];

const all = fs.readdirSync(path.join(root, "tests"), { recursive: true, encoding: "utf8" })
    .map((file) => path.posix.join("tests", file.split(path.sep).join("/")))
    .filter((file) => file.endsWith(".test.ts") && !file.split("/").includes("node_modules"))
    .sort();
const missing = [...integration, ...longestUnits].filter((file) => !all.includes(file));
if (missing.length > 0) {
    throw new Error(`${path.relative(root, __filename)} names ${missing.join(", ")}, which no longer exist: update its lists`);
}
const unit = [...longestUnits, ...all.filter((file) => !integration.includes(file) && !longestUnits.includes(file))];

/** A mocha configuration: .mocharc.json's settings, these files on two workers, in this order. */
function mochaConfig(spec, extra = {}) {
    const settings = JSON.parse(fs.readFileSync(path.join(root, ".mocharc.json"), "utf8"));
    return { ...settings, ...extra, require: [...settings.require, ...(extra.require ?? [])], parallel: true, jobs: 2, spec };
}

module.exports = { all, integration, unit, mochaConfig };
