/**
 * The policy pack as `pulumi preview --policy-pack` runs it: each pack folder launched through
 * the CLI's policy host, spoken to over the analyzer gRPC protocol, its answers compared with
 * the documentation and with the in-process runner (testing/policy-runner.ts).
 *
 * Three packs, each launched once: this repository's policy-pack/ (TypeScript sources compiled
 * by the policy host), policy-pack/ as the npm package lays it out (compiled policies in dist/),
 * and the organisation's own pack of docs/policy-pack.md with its own copy of @pulumi/policy.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import type { PolicyPackArgs } from "@pulumi/policy";
import { planProgram } from "../../cli/eventbridge-kit";
import { plan } from "../../testing";
import { PolicyInputResource, runPolicies } from "../../offline/policy-runner";
import type { AnyPolicy, Finding } from "../../offline/types";
import * as kitPolicy from "../../policy";
import { AnalyzerInfo, Diagnostic, diagnosticOfFinding, RunningPack } from "./pack-host";
import { code, codeBlocks, documentationFiles, root, tablesStartingWith } from "./pack-docs";
import { obscure, recorder, unsafeStack } from "./pack-stacks";

const LAUNCH_TIMEOUT_MS = 150_000;

interface PackUnderTest {
    readonly name: string;
    readonly version: string;
    readonly policies: readonly AnyPolicy[];
    readonly enforcementLevel?: PolicyPackArgs["enforcementLevel"];
}

/** The in-process runner's findings, as the analyzer would send them. */
async function expected(pack: PackUnderTest, resources: readonly PolicyInputResource[], config?: Record<string, any>): Promise<Diagnostic[]> {
    const findings: Finding[] = await runPolicies(resources, { policies: pack.policies, config, enforcementLevel: pack.enforcementLevel, stack: "dev" });
    return findings.map((f) => diagnosticOfFinding(f, pack));
}

const cannotRun = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((d) => d.message.startsWith("can't run policy"));
const mandatory = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((d) => d.enforcementLevel === "mandatory");

/** Plans a program with a recorder next to the pack; checks the recording against the plan's own findings. */
async function recorded(run: (policies: AnyPolicy[]) => Promise<{ findings: readonly Finding[] }>): Promise<PolicyInputResource[]> {
    const resources: PolicyInputResource[] = [];
    const result = await run([...kitPolicy.policies, recorder(resources)]);
    assert.deepStrictEqual(await runPolicies(resources, { policies: kitPolicy.policies, stack: "dev" }), result.findings, "the recorded resources are what the plan's policies saw");
    return resources;
}

/** The own pack of docs/policy-pack.md: its files, by name. */
function ownPackFiles(): Record<string, string> {
    const page = documentationFiles().find((d) => d.file === path.join("docs", "policy-pack.md"))!;
    const files = Object.fromEntries(codeBlocks(page.text).filter((b) => b.section === "Your organisation's own pack" && b.file).map((b) => [b.file!, b.code]));
    assert.deepStrictEqual(Object.keys(files).sort(), ["PulumiPolicy.yaml", "index.ts", "package.json"]);
    return files;
}

/** What the own pack's index.ts builds, evaluated here against this checkout's eventbridge-kit/policy. */
function packBuiltBy(indexTs: string, version: string): PackUnderTest {
    const js = ts.transpileModule(indexTs, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
    let built: PackUnderTest | undefined;
    class PolicyPack {
        constructor(name: string, args: PolicyPackArgs) {
            built = { name, version, policies: args.policies as AnyPolicy[], enforcementLevel: args.enforcementLevel };
        }
    }
    const modules: Record<string, unknown> = { "@pulumi/policy": { PolicyPack }, "eventbridge-kit/policy": kitPolicy };
    const load = (id: string) => {
        if (!(id in modules)) throw new Error(`the own pack's index.ts imports ${id}; the test knows only ${Object.keys(modules).join(", ")}`);
        return modules[id];
    };
    new Function("require", "exports", "module", js)(load, {}, { exports: {} });
    return built!;
}

/**
 * `<work>/node_modules` as npm leaves it after `npm install eventbridge-kit`: this checkout's
 * dependencies, and eventbridge-kit with its package.json, policy-pack/ and the policies compiled
 * into dist/ (with the build's compiler options). Types come from the sources.
 */
function installPackage(work: string): string {
    const modules = path.join(work, "node_modules");
    fs.mkdirSync(modules);
    // Not the workspace's own link to this checkout: the installed package is made below.
    for (const entry of fs.readdirSync(path.join(root, "node_modules")).filter((e) => !e.startsWith(".") && e !== "eventbridge-kit")) {
        fs.symlinkSync(path.join(root, "node_modules", entry), path.join(modules, entry), "dir");
    }
    const pkg = path.join(modules, "eventbridge-kit");
    fs.mkdirSync(pkg);
    fs.copyFileSync(path.join(root, "package.json"), path.join(pkg, "package.json"));
    fs.cpSync(path.join(root, "policy-pack"), path.join(pkg, "policy-pack"), { recursive: true });
    const { options } = ts.convertCompilerOptionsFromJson({ module: "commonjs", target: "ES2022", esModuleInterop: true, sourceMap: false }, root);
    const pending = [path.join(root, "policy", "index.ts")];
    const done = new Set<string>();
    while (pending.length > 0) {
        const file = pending.pop()!;
        if (done.has(file)) continue;
        done.add(file);
        const source = fs.readFileSync(file, "utf8");
        const out = path.join(pkg, "dist", path.relative(root, file)).replace(/\.ts$/, ".js");
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.writeFileSync(out, ts.transpileModule(source, { compilerOptions: options, fileName: file }).outputText);
        for (const imported of ts.preProcessFile(source).importedFiles.map((i) => i.fileName).filter((f) => f.startsWith("."))) {
            const base = path.resolve(path.dirname(file), imported);
            pending.push(fs.existsSync(`${base}.ts`) ? `${base}.ts` : path.join(base, "index.ts"));
        }
    }
    fs.writeFileSync(path.join(pkg, "dist", "policy", "index.d.ts"), `export * from ${JSON.stringify(path.join(root, "policy", "index"))};\n`);
    return pkg;
}

/** The own pack's folder, written from the documentation, with its own copy of @pulumi/policy. */
function writeOwnPack(work: string, files: Record<string, string>): string {
    const dir = path.join(work, "acme-eventbridge-policy");
    fs.mkdirSync(dir);
    for (const [file, text] of Object.entries(files)) {
        fs.writeFileSync(path.join(dir, file), text);
    }
    fs.cpSync(path.join(root, "node_modules", "@pulumi", "policy"), path.join(dir, "node_modules", "@pulumi", "policy"), { recursive: true });
    return dir;
}

/** The documented `--policy-pack-config` examples: the README's policy section and docs/policy-pack.md. */
function configExamples(): { where: string; config: Record<string, unknown> }[] {
    return documentationFiles().flatMap(({ file, text }) => codeBlocks(text)
        .filter((b) => b.language === "json" && (b.file === "policy-config.json" || (file === "README.md" && b.section === "Policy pack" && !b.file)))
        .map((b) => ({ where: `${file} (${b.section})`, config: JSON.parse(b.code) })));
}

describe("policy pack: over the analyzer protocol, launched as the Pulumi CLI launches it", function () {
    this.timeout(LAUNCH_TIMEOUT_MS + 90_000);

    const version = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version as string;
    const stock: PackUnderTest = { name: kitPolicy.policyPackName, version, policies: kitPolicy.policies, enforcementLevel: "advisory" };
    let own: PackUnderTest;
    let work: string;
    let installedPackage: string;
    let packs: { clone: RunningPack; installed: RunningPack; own: RunningPack };
    let cloneInfo: AnalyzerInfo;
    let complete: PolicyInputResource[];
    let unsafe: PolicyInputResource[];

    before(async () => {
        const ownFiles = ownPackFiles();
        own = packBuiltBy(ownFiles["index.ts"], JSON.parse(ownFiles["package.json"]).version);
        work = fs.mkdtempSync(path.join(os.tmpdir(), "ebk-policy-pack-"));
        installedPackage = installPackage(work);
        const launches = [
            RunningPack.launch(path.join(root, "policy-pack"), LAUNCH_TIMEOUT_MS),
            RunningPack.launch(path.join(installedPackage, "policy-pack"), LAUNCH_TIMEOUT_MS),
            RunningPack.launch(writeOwnPack(work, ownFiles), LAUNCH_TIMEOUT_MS),
        ];
        // Plan while the packs start: the complete example (the root program) and the unsafe stack.
        const planned = (async () => [
            await recorded((policies) => planProgram(root, "dev", { policies })),
            await recorded((policies) => plan(unsafeStack, { policies })),
        ])();
        planned.catch(() => undefined); // reported below, once the launches have settled
        const started = await Promise.allSettled(launches);
        const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
        if (failed) {
            await Promise.all(started.map((s) => (s.status === "fulfilled" ? s.value.stop() : undefined)));
            throw failed.reason;
        }
        const [clone, installed, ownPack] = started.map((s) => (s as PromiseFulfilledResult<RunningPack>).value);
        packs = { clone, installed, own: ownPack };
        [complete, unsafe] = await planned;
        cloneInfo = await clone.info();
    });

    after(async () => {
        await Promise.all(Object.values(packs ?? {}).map((p) => p.stop()));
        if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    describe("this repository's policy-pack/ (as `pulumi preview --policy-pack policy-pack` runs it)", () => {
        it("describes the pack as the documentation does: names, levels and severities as the README's table, settings as docs/policy-pack.md's", () => {
            assert.strictEqual(cloneInfo.name, "eventbridge-kit");
            assert.strictEqual(cloneInfo.version, version, "policy-pack/package.json's version is the package's");
            const tables = documentationFiles().flatMap(({ file, text }) => tablesStartingWith(text, ["Policy", "Level", "Severity"]).map((rows) => ({ file, rows })));
            assert.deepStrictEqual(tables.map((t) => t.file), ["docs/policy-pack.md"], "one table of the policies (| Policy | Level | Severity | ...), in docs/policy-pack.md");
            for (const { file, rows } of tables) {
                assert.deepStrictEqual(rows.map((r) => [code(r[0]), r[1], r[2]]), cloneInfo.policies.map((p) => [p.name, p.enforcementLevel, p.severity]), `the policy table in ${file}`);
            }
            const settings = documentationFiles().flatMap(({ file, text }) => tablesStartingWith(text, ["Policy", "Setting", "Type", "Default", "Allowed", "Meaning"]).map((rows) => ({ file, rows })));
            assert.deepStrictEqual(settings.map((t) => t.file), ["docs/policy-pack.md"], "one table of the settings, in docs/policy-pack.md");
            const served = cloneInfo.policies.flatMap((p) => Object.entries(p.settings ?? {}).map(([key, s]) => [
                p.name, key, s.type, s.default,
                s.minimum !== undefined && s.maximum !== undefined ? `${s.minimum}–${s.maximum}` : s.minimum !== undefined ? `≥ ${s.minimum}` : s.maximum !== undefined ? `≤ ${s.maximum}` : "any",
                s.description,
            ]));
            for (const { file, rows } of settings) {
                assert.deepStrictEqual(rows.map((r) => [code(r[0]), code(r[1]), r[2], JSON.parse(code(r[3])), r[4], r[5]]), served, `the settings table in ${file}`);
            }
            for (const policy of cloneInfo.policies) {
                assert.ok(policy.remediationSteps.length > 20, `${policy.name} sends its remediation steps`);
            }
        });

        it("the complete example: the same findings as the in-process runner, and none mandatory", async () => {
            await packs.clone.configure(cloneInfo);
            const answered = await packs.clone.analyzeAll(complete);
            assert.deepStrictEqual(answered, await expected(stock, complete));
            assert.deepStrictEqual(mandatory(answered), []);
            assert.ok(complete.length > 100, `the complete example has ${complete.length} resources`);
        });

        it("a stack breaking every policy: the same findings as the in-process runner, every policy at its level", async () => {
            await packs.clone.configure(cloneInfo);
            const answered = await packs.clone.analyzeAll(unsafe);
            assert.deepStrictEqual(answered, await expected(stock, unsafe));
            assert.deepStrictEqual([...new Set(answered.map((d) => d.policyName))].sort(), cloneInfo.policies.map((p) => p.name).sort(), "every policy finds something");
            for (const d of answered) {
                assert.strictEqual(d.enforcementLevel, cloneInfo.policies.find((p) => p.name === d.policyName)!.enforcementLevel, d.message);
            }
        });

        it("the documented --policy-pack-config examples take effect through Configure", async () => {
            const examples = configExamples();
            assert.ok(examples.length >= 1, "a documented pack configuration example");
            const names = cloneInfo.policies.map((p) => p.name);
            const before = await packs.clone.analyzeAll(unsafe);
            try {
                for (const { where, config } of examples) {
                    const unknownNames = Object.keys(config).filter((n) => n !== "all" && !names.includes(n));
                    assert.deepStrictEqual(unknownNames, [], `${where} names policies the pack does not have (the CLI would ignore them)`);
                    await packs.clone.configure(cloneInfo, config);
                    const answered = await packs.clone.analyzeAll(unsafe);
                    assert.deepStrictEqual(answered, await expected(stock, unsafe, config), where);
                    for (const [name, entry] of Object.entries(config).filter(([n]) => n !== "all")) {
                        const level = typeof entry === "string" ? entry : (entry as { enforcementLevel?: string }).enforcementLevel;
                        const of = (ds: Diagnostic[]) => ds.filter((d) => d.policyName === name);
                        assert.ok(of(before).length > 0, `the unsafe stack gives ${name} something to find`);
                        if (level === "disabled") {
                            assert.deepStrictEqual(of(answered), [], `${where}: ${name} disabled`);
                        } else if (level) {
                            assert.ok(of(answered).every((d) => d.enforcementLevel === level), `${where}: ${name} at ${level}`);
                        }
                        if (typeof entry === "object" && Object.keys(entry as object).some((k) => k !== "enforcementLevel")) {
                            assert.notDeepStrictEqual(of(answered), of(before), `${where}: the settings of ${name} change its findings on the unsafe stack (extend unsafeStack if they cannot)`);
                        }
                    }
                }
            } finally {
                await packs.clone.configure(cloneInfo);
            }
        });

        it("unknown and secret values anywhere: no error, the same findings, no \"can't run policy\", and the unsafe stack still fails", async () => {
            await packs.clone.configure(cloneInfo);
            for (const [label, stack, seed, unknownShare, secretShare] of [
                ["unsafe", unsafe, 1, 0.1, 0.3], ["unsafe", unsafe, 2, 0.35, 0.35], ["unsafe", unsafe, 3, 0.7, 0.2],
                ["complete", complete, 1, 0.1, 0.3], ["complete", complete, 2, 0.35, 0.35],
            ] as const) {
                const { runner, wire } = obscure(stack, seed, unknownShare, secretShare);
                const answered = await packs.clone.analyzeAll(wire);
                assert.deepStrictEqual(answered, await expected(stock, runner), `${label} stack, seed ${seed}`);
                assert.deepStrictEqual(cannotRun(answered), [], `${label} stack, seed ${seed}`);
                if (label === "unsafe") {
                    assert.ok(mandatory(answered).length > 0, `the unsafe stack with ${unknownShare * 100}% unknown values still fails the preview`);
                }
            }
        });
    });

    describe("policy-pack/ from the npm package (node_modules/eventbridge-kit/policy-pack)", () => {
        it("serves the same pack from the compiled policies in dist/", async () => {
            assert.ok(!fs.existsSync(path.join(installedPackage, "policy")), "no TypeScript sources next to the installed pack");
            assert.deepStrictEqual(await packs.installed.info(), cloneInfo);
            await packs.installed.configure(cloneInfo);
            assert.deepStrictEqual(await packs.installed.analyzeAll(unsafe), await expected(stock, unsafe));
        });
    });

    describe("an organisation's own pack, as docs/policy-pack.md writes it, with its own copy of @pulumi/policy", () => {
        let info: AnalyzerInfo;
        before(async () => {
            info = await packs.own.info();
            await packs.own.configure(info);
        });

        it("really runs a second copy of @pulumi/policy", () => {
            const copyOf = (from: string) => fs.realpathSync(require.resolve("@pulumi/policy", { paths: [from] }));
            assert.notStrictEqual(copyOf(packs.own.dir), copyOf(path.join(installedPackage, "dist", "policy")));
        });

        it("holds the chosen policies at the chosen levels, with the chosen settings as defaults", () => {
            assert.deepStrictEqual([info.name, info.version], [own.name, own.version]);
            assert.deepStrictEqual(info.policies.map((p) => [p.name, p.enforcementLevel, p.settings]), own.policies.map((p) => [p.name, p.enforcementLevel ?? own.enforcementLevel ?? "advisory", p.configSchema?.properties]));
            assert.notDeepStrictEqual(info.policies.map((p) => [p.name, p.enforcementLevel, p.settings]), cloneInfo.policies.map((p) => [p.name, p.enforcementLevel, p.settings]), "the documented pack differs from the stock one");
        });

        it("the complete example, the unsafe stack, and both with unknown and secret values: the same findings as the in-process runner", async () => {
            assert.deepStrictEqual(await packs.own.analyzeAll(complete), await expected(own, complete));
            const answered = await packs.own.analyzeAll(unsafe);
            assert.deepStrictEqual(answered, await expected(own, unsafe));
            for (const [seed, stack] of [[4, complete], [5, unsafe], [6, unsafe]] as const) {
                const { runner, wire } = obscure(stack, seed, 0.4, 0.3);
                const obscured = await packs.own.analyzeAll(wire);
                assert.deepStrictEqual(obscured, await expected(own, runner), `seed ${seed}`);
                assert.deepStrictEqual(cannotRun(obscured), [], `seed ${seed}: a second copy of @pulumi/policy must not stop a policy deciding`);
            }
        });
    });
});
