/**
 * What `npm pack` ships. Declared by tests/package/consumer.test.ts, after its own suite, so both
 * share one process and one `npm pack` (a full build from a clean tree), and the pack overlaps
 * the consumer project's first install.
 */
import * as assert from "assert";
import { builtinModules } from "module";
import * as fs from "fs";
import * as path from "path";
import { BUNDLE_FILES } from "../../components/ingress/handler-archive";
import { PackedPackage, ROOT, packPackage } from "./packed";

/** The bundles the components deploy, every file of each. */
const HANDLER_BUNDLES = Object.entries(BUNDLE_FILES).flatMap(([bundle, files]) => files.map((file) => `${bundle}/${file}`));

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
function packageNameOf(specifier: string): string {
    const parts = specifier.split("/");
    return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function read(packed: PackedPackage, file: string): string {
    return fs.readFileSync(path.join(packed.unpacked, file), "utf8");
}

/** Module specifiers a shipped file loads: `require("…")` in JavaScript, `from "…"` / `import("…")` in declarations. */
function specifiersOf(packed: PackedPackage, file: string): string[] {
    const pattern = file.endsWith(".d.ts") ? /(?:\bfrom\s*|\bimport\s*\(\s*)"([^"]+)"/g : /\brequire\("([^"]+)"\)/g;
    return [...read(packed, file).matchAll(pattern)].map((m) => m[1]);
}

export function describeTarball(): void {
    describe("package: what npm pack ships", function () {
        this.timeout(300_000);
        let packed: PackedPackage;

        before(async () => {
            packed = await packPackage();
        });

        it("builds before packing: from a tree without dist/, every dist/ folder `files` names ships with JavaScript and declarations, and every handler bundle ships", () => {
            const folders = (packed.manifest.files ?? []).filter((f) => f.startsWith("dist/") && !f.includes("*"));
            assert.ok(folders.length > 0, "package.json `files` names no dist/ folder");
            for (const folder of folders) {
                const inside = packed.files.filter((f) => f.startsWith(`${folder}/`));
                assert.ok(inside.some((f) => f.endsWith(".js")) && inside.some((f) => f.endsWith(".d.ts")), `${folder}/ is not in the tarball with .js and .d.ts files`);
            }
            for (const bundle of HANDLER_BUNDLES) {
                assert.ok(packed.files.includes(`handlers/dist/${bundle}`), `the handler bundle file ${bundle} is missing from the tarball`);
            }
            for (const bin of Object.values(packed.manifest.bin ?? {})) {
                assert.match(read(packed, bin), /^#!\/usr\/bin\/env node\n/, `${bin} cannot run as a command`);
            }
        });

        it("every entry point package.json names (main, types, bin, exports, typesVersions) is in the tarball", () => {
            const { main, types, bin, exports, typesVersions } = packed.manifest;
            const targets = [main, types, ...Object.values(bin ?? {})];
            for (const target of Object.values(exports ?? {})) {
                targets.push(...(typeof target === "string" ? [target] : Object.values(target)));
            }
            for (const mapping of Object.values(typesVersions ?? {})) {
                for (const paths of Object.values(mapping)) targets.push(...paths);
            }
            const missing = targets.map((t) => path.posix.normalize(t!)).filter((t) => !packed.files.includes(t));
            assert.deepStrictEqual(missing, []);
            assert.deepStrictEqual(Object.keys(typesVersions?.["*"] ?? {}).sort(), Object.keys(exports ?? {}).filter((k) => k !== "." && k !== "./package.json").map((k) => k.slice(2)).sort(),
                "every subpath export needs a typesVersions entry, or moduleResolution node cannot find its types");
        });

        it("every relative import of a shipped module or declaration resolves inside the tarball", () => {
            const shipped = new Set(packed.files);
            const broken: string[] = [];
            for (const file of packed.files.filter((f) => f.endsWith(".js") && !f.startsWith("handlers/dist/") || f.endsWith(".d.ts"))) {
                for (const specifier of specifiersOf(packed, file).filter((s) => s.startsWith("."))) {
                    const base = path.posix.join(path.posix.dirname(file), specifier);
                    const candidates = file.endsWith(".d.ts") ? [`${base}.d.ts`, `${base}/index.d.ts`] : [base, `${base}.js`, `${base}.json`, `${base}/index.js`];
                    if (!candidates.some((c) => shipped.has(c))) broken.push(`${file}: ${specifier}`);
                }
            }
            assert.deepStrictEqual(broken, []);
        });

        it("shipped code and declarations load only Node built-ins, the package's dependencies and its peers (no AWS SDK, no @pulumi/policy index.d.ts)", () => {
            const { name, dependencies = {}, peerDependencies = {} } = packed.manifest;
            const allowed = new Set([name, ...Object.keys(dependencies), ...Object.keys(peerDependencies)]);
            const undeclared: string[] = [];
            for (const file of packed.files.filter((f) => f.endsWith(".js") && !f.startsWith("handlers/dist/") || f.endsWith(".d.ts"))) {
                for (const specifier of specifiersOf(packed, file).filter((s) => !s.startsWith("."))) {
                    const builtin = builtinModules.includes(specifier.replace(/^node:/, ""));
                    if (!builtin && !allowed.has(packageNameOf(specifier))) undeclared.push(`${file}: ${specifier}`);
                    // @pulumi/policy 1.21's index.d.ts re-exports names its proxy.d.ts lacks: a user
                    // type-checking without skipLibCheck would get its error through our types.
                    if (file.endsWith(".d.ts") && specifier === "@pulumi/policy") undeclared.push(`${file}: @pulumi/policy (its index.d.ts is broken; import types from @pulumi/policy/policy)`);
                }
            }
            assert.deepStrictEqual(undeclared, []);
        });

        it("nothing broken: no source maps or sourceMappingURL comments (the TypeScript sources are not shipped), no TypeScript sources outside policy-pack/", () => {
            assert.deepStrictEqual(packed.files.filter((f) => f.endsWith(".map")), []);
            assert.deepStrictEqual(packed.files.filter((f) => f.endsWith(".js") && /^\/\/# sourceMappingURL=/m.test(read(packed, f))), []);
            assert.deepStrictEqual(packed.files.filter((f) => /\.[cm]?ts$/.test(f) && !/\.d\.[cm]?ts$/.test(f) && !f.startsWith("policy-pack/")), []);
        });

        it("ships the runnable policy pack folder whole (when the repository has one)", function () {
            const folder = path.join(ROOT, "policy-pack");
            if (!fs.existsSync(folder)) this.skip();
            const expected = fs.readdirSync(folder, { recursive: true, encoding: "utf8" })
                .filter((f) => !f.split(path.sep).includes("node_modules") && fs.statSync(path.join(folder, f)).isFile())
                .map((f) => `policy-pack/${f.split(path.sep).join("/")}`);
            assert.ok(expected.includes("policy-pack/PulumiPolicy.yaml"), "policy-pack/ has no PulumiPolicy.yaml");
            assert.deepStrictEqual(expected.filter((f) => !packed.files.includes(f)), []);
        });

        it("dependencies: @pulumi/pulumi and @pulumi/aws are peers, so a project keeps one copy of each; the AWS SDK clients are bundled into the handlers, not installed", () => {
            const { dependencies = {}, peerDependencies = {} } = packed.manifest;
            assert.deepStrictEqual(Object.keys(dependencies).filter((d) => d.startsWith("@aws-sdk/") || d === "@pulumi/pulumi" || d === "@pulumi/aws"), []);
            assert.strictEqual(peerDependencies["@pulumi/pulumi"], "^3.204.0");
            assert.strictEqual(peerDependencies["@pulumi/aws"], "^7.16.0");
        });
    });
}
