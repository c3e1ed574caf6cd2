/**
 * eventbridge-kit as a user gets it: the packed tarball installed into a fresh Pulumi project
 * next to @pulumi/pulumi and @pulumi/aws, with the tsconfig `pulumi new typescript` writes
 * (today's and the one most existing projects still have), running the README's program.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { RunResult, runProgram } from "../support/pulumi-host";
import { PackedPackage, ProcessResult, ROOT, childEnvironment, describeFailure, packPackage, runBounded } from "./packed";
import { describeTarball } from "./tarball";

/**
 * `pulumi new typescript` since March 2026 (pulumi/templates#1080 after pulumi/pulumi#22363 and
 * #22370: the program tsconfig pulumi/pulumi's pkg/codegen/nodejs/gen_program.go writes).
 */
const TSCONFIG_TODAY = {
    compilerOptions: {
        outDir: "bin",
        sourceMap: true,
        target: "ES2022",
        module: "nodenext",
        moduleResolution: "nodenext",
        moduleDetection: "force",
        types: ["node"],
        strict: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        skipLibCheck: true,
    },
    files: ["index.ts"],
};

/** `pulumi new typescript` before March 2026 (as pulumi/templates' aws-typescript/tsconfig.json still is). */
const TSCONFIG_PRE_2026 = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
    },
};

const PROJECT = "consumer";
const SECRET = { githubWebhookSecret: "consumer-test-secret" };

/** What a user adds to test the program with eventbridge-kit/testing, type-checked like the program. */
const CONSUMER_TEST = `import * as assert from "assert";
import { githubPattern, matchesPattern, PatternMachine } from "eventbridge-kit/patterns";
import { policies } from "eventbridge-kit/policy";
import { findingsAt, plan, simulateWebhook } from "eventbridge-kit/testing";

describe("the README program", () => {
    // One plan: the program runs when it is first required.
    let result: Awaited<ReturnType<typeof plan>>;
    before(async () => {
        result = await plan(() => require("./index"), {
            project: ${JSON.stringify(PROJECT)},
            config: ${JSON.stringify(SECRET)},
            secretKeys: ${JSON.stringify(Object.keys(SECRET))},
        });
    });

    it("plans with no mandatory policy finding, pull requests routed to the function", () => {
        assert.deepStrictEqual(findingsAt(result.findings, "mandatory"), []);
        assert.deepStrictEqual(result.loops, []);
        assert.deepStrictEqual(result.routing.rules.map((r) => [r.name, r.targets.map((t) => t.kind + " " + t.name)]), [["pr-opened", ["lambda notify"]]]);
        assert.ok(policies.length > 0);
    });

    it("the pattern matches opened pull requests only; typed by GitHub's schemas", () => {
        const pattern = { source: ["github.com"], "detail-type": ["pull_request"], detail: { payload: { action: ["opened"] } } };
        assert.deepStrictEqual(githubPattern("pull_request", { action: ["opened"] }), pattern);
        // @ts-expect-error: pull requests have no field "mergd" (the installed declarations know GitHub's payloads).
        const misspelt = githubPattern("pull_request", { pull_request: { mergd: [true] } });
        assert.strictEqual(matchesPattern(misspelt, { source: "github.com", "detail-type": "pull_request", detail: { payload: { pull_request: { merged: true } } } }), false);
        const event = (action: string) => ({ source: "github.com", "detail-type": "pull_request", detail: { payload: { action } } });
        assert.strictEqual(matchesPattern(pattern, event("opened")), true);
        assert.strictEqual(matchesPattern(pattern, event("closed")), false);
        const machine = new PatternMachine({ prOpened: pattern, anyGithub: { source: ["github.com"] } });
        assert.deepStrictEqual(machine.matches(event("opened")), ["prOpened", "anyGithub"]);
        assert.deepStrictEqual(machine.matches(event("closed")), ["anyGithub"]);
    });

    it("a signed pull_request webhook, through the packaged handler, reaches the function", async () => {
        const run = await simulateWebhook(result, "github", { sample: "pull_request.opened" });
        assert.strictEqual(run.webhook.status, 200);
        assert.deepStrictEqual(run.traces[0].targets.map((t) => t.kind + " " + t.name), ["lambda notify"]);
        assert.strictEqual(JSON.parse(run.traces[0].targets[0].input).detail.payload.action, "opened");
    });
});
`;

/** The README's "Using the components in your own project": its install command and its program. */
function readmeSection(): { install: string[]; program: string } {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const section = /^## Using the components in your own project\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
    assert.ok(section, "README.md has no \"## Using the components in your own project\" section");
    const install = /^npm install (.+)$/m.exec(section)?.[1].trim().split(/\s+/);
    const program = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(install && program, "the section needs an `npm install ...` line and a ```ts program");
    return { install, program };
}

function installedVersion(name: string): string {
    return JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version;
}

/**
 * The version the project installs: this repository's (in the local npm cache), except
 * @pulumi/aws at the oldest release the peer range allows. A project on an older 7.x than this
 * repository uses is where a dependency (instead of a peer) would nest a second copy, and it
 * proves the range's lower bound.
 */
function projectVersion(name: string): string {
    if (name !== "@pulumi/aws") return installedVersion(name);
    const range = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).peerDependencies[name] as string;
    const oldest = /^\^(\d+\.\d+\.\d+)$/.exec(range)?.[1];
    assert.ok(oldest, `the ${name} peer range ${range} is not a caret range`);
    return oldest;
}

function writeJson(file: string, value: unknown): void {
    fs.writeFileSync(file, JSON.stringify(value, null, 4) + "\n");
}

/** The project `pulumi new typescript` leaves, with the README's program and a test of it. */
async function createProject(project: string, program: string, peers: readonly string[]): Promise<void> {
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "Pulumi.yaml"),
        `name: ${PROJECT}\nruntime: nodejs\nconfig:\n  githubWebhookSecret:\n    type: string\n    secret: true\n`);
    fs.writeFileSync(path.join(project, "Pulumi.dev.yaml"), "config:\n  aws:region: us-east-1\n");
    writeJson(path.join(project, "package.json"), { name: PROJECT, main: "index.ts" });
    fs.writeFileSync(path.join(project, "index.ts"), program);
    fs.writeFileSync(path.join(project, "index.test.ts"), CONSUMER_TEST);
    writeJson(path.join(project, "tsconfig.json"), TSCONFIG_TODAY);
    // How a user adds the test: mocha's types and the test file (the pre-2026 template includes
    // every .ts file and every @types package already).
    writeJson(path.join(project, "tsconfig.test.json"), {
        extends: "./tsconfig.json",
        compilerOptions: { types: ["node", "mocha"], outDir: "bin-test", sourceMap: false },
        files: ["index.ts", "index.test.ts"],
    });
    writeJson(path.join(project, "tsconfig.pre2026.json"), { ...TSCONFIG_PRE_2026, compilerOptions: { ...TSCONFIG_PRE_2026.compilerOptions, noEmit: true } });
    // An existing project: the Pulumi SDKs and what the template installs; eventbridge-kit is
    // added to it afterwards.
    const packages = [...peers, "typescript", "@types/node", "@types/mocha"].map((name) => `${name}@${projectVersion(name)}`);
    await npmInstall(project, packages);
}

async function npmInstall(project: string, packages: readonly string[]): Promise<void> {
    const npm = await runBounded("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", ...packages], { cwd: project, timeoutMs: 300_000 });
    if (npm.status !== 0) throw new Error(describeFailure(`npm install ${packages.join(" ")}`, npm));
}

/** A started step a later test awaits, so the CPU-bound steps overlap; failures surface in that test. */
function started<T>(promise: Promise<T>): () => Promise<T> {
    const settled = promise.then((value) => ({ value }), (error: unknown) => ({ error }));
    return async () => {
        const outcome = await settled;
        if ("error" in outcome) throw outcome.error;
        return outcome.value;
    };
}

describe("package: a fresh Pulumi project installs and uses the packed package", function () {
    this.timeout(600_000);
    let packed: PackedPackage;
    let project: string;
    let todayCheck: () => Promise<ProcessResult>;
    let pre2026Check: () => Promise<ProcessResult>;
    let consumerTest: () => Promise<ProcessResult>;
    let npmLs: () => Promise<ProcessResult>;
    let cliPlan: () => Promise<ProcessResult>;
    let runnerPreview: () => Promise<RunResult>;

    before(async () => {
        const { install, program } = readmeSection();
        const peers = install.filter((name) => name !== "eventbridge-kit");
        assert.deepStrictEqual(peers.sort(), ["@pulumi/aws", "@pulumi/pulumi"], "the README's install line names the package and its two peers");
        const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "ebk-consumer-"));
        process.on("exit", () => fs.rmSync(scratch, { recursive: true, force: true }));
        project = path.join(scratch, PROJECT);
        [packed] = await Promise.all([packPackage(), createProject(project, program, peers)]);
        // The README's install line, with the packed tarball for eventbridge-kit.
        await npmInstall(project, install.map((name) => name === "eventbridge-kit" ? packed.tarball : `${name}@${projectVersion(name)}`));

        // Every step starts now and runs side by side; each test awaits its own. tsc checks the
        // program's types with both templates, so the CLI and the runner load it transpile-only
        // (as PULUMI_NODEJS_TRANSPILE_ONLY=true does under `pulumi up`), with the project's tsconfig.
        const tsc = (config: string) => runBounded(process.execPath, [path.join(project, "node_modules", "typescript", "bin", "tsc"), "-p", config], { cwd: project, timeoutMs: 300_000 });
        const today = tsc("tsconfig.test.json");
        todayCheck = started(today);
        pre2026Check = started(tsc("tsconfig.pre2026.json"));
        consumerTest = started(today.then(() => runBounded(process.execPath, [path.join(ROOT, "node_modules", "mocha", "bin", "mocha.js"), "--timeout", "120000", "bin-test/index.test.js"],
            { cwd: project, timeoutMs: 180_000 })));
        npmLs = started(runBounded("npm", ["ls", "--all", "--parseable", "@pulumi/pulumi", "@pulumi/aws", "@aws-sdk/client-eventbridge", "@aws-sdk/client-s3", "@aws-sdk/client-secrets-manager"],
            { cwd: project, timeoutMs: 120_000 }));
        cliPlan = started(runBounded(path.join(project, "node_modules", ".bin", "eventbridge-kit"), ["plan", ".", "--format", "json"],
            { cwd: project, timeoutMs: 300_000, env: childEnvironment({ PULUMI_NODEJS_TRANSPILE_ONLY: "true" }) }));
        runnerPreview = started(runProgram({ dir: project, stack: "dev", dryRun: true, config: SECRET, secretKeys: Object.keys(SECRET), timeoutMs: 300_000, env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" } }));
    });

    it("installs one copy each of @pulumi/pulumi and @pulumi/aws (the project's, here the oldest supported @pulumi/aws), and no AWS SDK client", async () => {
        const ls = await npmLs();
        assert.strictEqual(ls.status, 0, describeFailure("npm ls", ls));
        assert.deepStrictEqual(ls.stdout.trim().split("\n").map((p) => path.relative(project, p)).sort(),
            [path.join("node_modules", "@pulumi", "aws"), path.join("node_modules", "@pulumi", "pulumi")]);
        const aws = JSON.parse(fs.readFileSync(path.join(project, "node_modules", "@pulumi", "aws", "package.json"), "utf8"));
        assert.strictEqual(aws.version, projectVersion("@pulumi/aws"));
    });

    it("type-checks the program and its test with today's template", async () => {
        const result = await todayCheck();
        assert.strictEqual(result.status, 0, describeFailure("tsc with today's template", result));
    });

    it("type-checks them with the pre-2026 template too (commonjs, moduleResolution node, no skipLibCheck: every declaration checked)", async () => {
        const result = await pre2026Check();
        assert.strictEqual(result.status, 0, describeFailure("tsc with the pre-2026 template", result));
    });

    it("the test written with eventbridge-kit/testing passes (compiled by today's template)", async () => {
        const mocha = await consumerTest();
        assert.strictEqual(mocha.status, 0, describeFailure("mocha", mocha));
        assert.match(mocha.stdout, /\b3 passing\b/);
    });

    it("plans offline with the installed CLI (node_modules/.bin/eventbridge-kit plan .)", async () => {
        const plan = await cliPlan();
        assert.strictEqual(plan.status, 0, describeFailure("eventbridge-kit plan", plan));
        const document = JSON.parse(plan.stdout);
        assert.strictEqual(document.summary.mandatory, 0, plan.stdout);
        assert.deepStrictEqual(document.routing.rules.map((r: { name: string }) => r.name), ["pr-opened"]);
    });

    it("runs under Pulumi's runner (cmd/run, as `pulumi preview`): registers what the plan lists, and deploys the bundle shipped in the package", async () => {
        const run = await runnerPreview();
        assert.deepStrictEqual(run.errors, []);
        assert.strictEqual(run.exitCode, 0, `${run.stdout}\n${run.stderr}`);
        assert.ok(run.completed, "the program did not signal completion");
        const functions = run.resources.filter((r) => r.type === "aws:lambda/function:Function").map((r) => JSON.stringify(r.inputs.code));
        const bundle = path.join(project, "node_modules", "eventbridge-kit", "handlers", "dist", "webhook", "index.js");
        assert.ok(functions.some((code) => code.includes(JSON.stringify(bundle))), `no function deploys ${bundle}:\n${functions.join("\n")}`);
        const plan = await cliPlan();
        assert.strictEqual(plan.status, 0, "the plan failed; nothing to compare the run with");
        const keys = (resources: readonly { type: string; name: string }[]) =>
            resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => `${r.type} ${r.name}`).sort();
        assert.deepStrictEqual(keys(run.resources), keys(JSON.parse(plan.stdout).resources));
    });
});

// The tarball's own contents, checked in this process from the same `npm pack`.
describeTarball();
