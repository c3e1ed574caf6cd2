/**
 * Every Pulumi program of the repository (the root stack's dev and prod, each example's dev)
 * run as `pulumi preview` and `pulumi up` run it: through `@pulumi/pulumi/cmd/run`, with the
 * language host's flags and environment, against a fake engine over gRPC
 * (tests/support/pulumi-host). Each run must load, finish and register exactly the resources the
 * offline plan of the same stack lists.
 *
 * Type checks. Under `pulumi up` the runner type-checks a program from its folder with ts-node:
 * that folder's tsconfig.json, its own files' diagnostics (not every declaration file's), and
 * @pulumi/aws's declarations loaded anew each time (10-20 s of CPU per check). Here the runner
 * type-checks one program, the root stack's first run (examples/complete, which imports every
 * example's stack.ts and examples/shared), proving its own path; the other runs set
 * PULUMI_NODEJS_TRANSPILE_ONLY=true (the runner's own switch). The examples' code is checked in
 * full by one `tsc` per distinct example tsconfig.json (today all are the same, so one), over
 * every example folder's .ts files with that tsconfig's options and the folders' @types, and
 * the runner's scope (skipLibCheck: only the examples' files report). The offline plans they
 * are compared with load the same way (the plan's own type check is tested in
 * tests/plan/loading.test.ts).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planProgram } from "../../cli/eventbridge-kit";
import { Plan } from "../../testing";
import { ProcessResult, describeFailure, runBounded } from "../support/processes";
import { readProject, Registration, runProgram, RunResult } from "../support/pulumi-host";

const root = path.resolve(__dirname, "..", "..");
const example = (name: string) => path.join(root, "examples", name);

/** The decrypted secrets a user would have set with `pulumi config set --secret`. */
const secrets = {
    githubWebhookSecret: "test-github-webhook-secret",
    twilioAuthToken: "test-twilio-auth-token",
    birdPassword: "test-bird-password",
    chatApiKey: "test-chat-api-key",
    ciPassword: "test-ci-password",
    trackerClientId: "test-tracker-client-id",
    trackerClientSecret: "test-tracker-client-secret",
};
type SecretName = keyof typeof secrets;

interface Program {
    readonly label: string;
    readonly dir: string;
    readonly stack: string;
    readonly secrets: readonly SecretName[];
}

const programs: Program[] = [
    { label: "root stack (dev)", dir: root, stack: "dev", secrets: Object.keys(secrets) as SecretName[] },
    { label: "root stack (prod)", dir: root, stack: "prod", secrets: Object.keys(secrets) as SecretName[] },
    { label: "api-destinations", dir: example("api-destinations"), stack: "dev", secrets: ["githubWebhookSecret", "chatApiKey", "ciPassword", "trackerClientId", "trackerClientSecret"] },
    { label: "bird-to-s3", dir: example("bird-to-s3"), stack: "dev", secrets: ["birdPassword"] },
    { label: "github-to-stepfunctions", dir: example("github-to-stepfunctions"), stack: "dev", secrets: ["githubWebhookSecret"] },
    { label: "twilio-to-lambda", dir: example("twilio-to-lambda"), stack: "dev", secrets: ["twilioAuthToken"] },
    { label: "cross-account", dir: example("cross-account"), stack: "dev", secrets: [] },
];

interface Run {
    readonly program: Program;
    readonly dryRun: boolean;
    /** Only the root stack's first run type-checks under the runner (see the file comment). */
    readonly typeCheck: boolean;
}

/** Preview runs first; the root stack's preview, the type-checked and longest run, starts first. */
function plannedRuns(): Run[] {
    return [true, false].flatMap((dryRun) => programs.map((program) => ({ program, dryRun, typeCheck: dryRun && program === programs[0] })));
}

/** The .ts files under `dir`, node_modules left out. */
function typeScriptFiles(dir: string): string[] {
    return fs.readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".ts") && !f.split(path.sep).includes("node_modules"))
        .map((f) => path.join(dir, f));
}

/** The @types folders TypeScript includes for a tsconfig in `dir` with no `types` or `typeRoots`: node_modules/@types here and above. */
function defaultTypeRoots(dir: string): string[] {
    const roots: string[] = [];
    for (let at = dir; ; at = path.dirname(at)) {
        const types = path.join(at, "node_modules", "@types");
        if (fs.existsSync(types)) roots.push(types);
        if (path.dirname(at) === at) return roots;
    }
}

interface ExampleCheck {
    /** The example folders sharing one tsconfig.json text and @types folders. */
    readonly folders: readonly string[];
    readonly result: Promise<ProcessResult>;
}

/**
 * One `tsc --noEmit` per distinct example tsconfig.json: each folder's files checked with the
 * options its own tsconfig.json gives them, as the runner checks them from that folder.
 */
function checkExampleTypes(scratch: string): ExampleCheck[] {
    const folders = fs.readdirSync(path.join(root, "examples")).map(example).filter((dir) => fs.existsSync(path.join(dir, "tsconfig.json")));
    const groups = new Map<string, string[]>();
    for (const folder of folders) {
        const key = JSON.stringify([fs.readFileSync(path.join(folder, "tsconfig.json"), "utf8"), defaultTypeRoots(folder)]);
        groups.set(key, [...(groups.get(key) ?? []), folder]);
    }
    const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
    return [...groups.values()].map((group, index) => {
        const config = path.join(scratch, `tsconfig.${index}.json`);
        fs.writeFileSync(config, JSON.stringify({
            extends: path.join(group[0], "tsconfig.json"),
            // A tsconfig outside the folders finds no @types of its own: name the folders' ones.
            compilerOptions: { noEmit: true, skipLibCheck: true, typeRoots: defaultTypeRoots(group[0]) },
            files: group.flatMap(typeScriptFiles),
        }));
        return { folders: group, result: runBounded(process.execPath, [tsc, "-p", config, "--pretty", "false"], { cwd: root, timeoutMs: 300_000 }) };
    });
}

/** Runs `work` over `items`, `limit` at a time (the machine has two cores). */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    await Promise.all(Array.from({ length: limit }, async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index]);
        }
    }));
    return results;
}

const label = (run: Run) => `${run.program.label}, ${run.dryRun ? "pulumi preview" : "pulumi up"}${run.typeCheck ? ", type-checked by the runner" : ""}`;
const resourceKeys = (resources: readonly { type: string; name: string }[]) =>
    resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => `${r.type} ${r.name}`).sort();

/** Where a secret's plain text appears outside the SDK's secret wrapper, as paths into the inputs. */
function exposedSecrets(value: unknown, needles: readonly string[], at = ""): string[] {
    if (typeof value === "string") {
        return needles.some((n) => value.includes(n)) ? [at] : [];
    }
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => exposedSecrets(v, needles, `${at}[${i}]`));
    }
    if (value && typeof value === "object") {
        if ((value as Record<string, unknown>)["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270") {
            return [];
        }
        return Object.entries(value).flatMap(([k, v]) => exposedSecrets(v, needles, `${at}.${k}`));
    }
    return [];
}

describe("examples: every program under Pulumi's own program runner (12 runs)", function () {
    // A safety net only: each program has its own hard bound, and is killed when it passes it.
    this.timeout(1_800_000);
    const runs = plannedRuns();
    const results = new Map<Run, RunResult>();
    const plans = new Map<Program, Plan>();
    let exampleChecks: ExampleCheck[];

    before(async () => {
        const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "ebk-example-types-"));
        process.on("exit", () => fs.rmSync(scratch, { recursive: true, force: true }));
        exampleChecks = checkExampleTypes(scratch);
        const running = pool(runs, 2, async (run) => {
            results.set(run, await runProgram({
                dir: run.program.dir,
                stack: run.program.stack,
                dryRun: run.dryRun,
                config: Object.fromEntries(run.program.secrets.map((s) => [s, secrets[s]])),
                secretKeys: run.program.secrets,
                env: run.typeCheck ? {} : { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
                timeoutMs: 480_000,
            }));
        });
        // The offline plans run in this process while the programs run in theirs.
        const transpileOnly = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
        process.env.PULUMI_NODEJS_TRANSPILE_ONLY = "true";
        try {
            for (const program of programs) {
                plans.set(program, await planProgram(program.dir, program.stack));
            }
        } finally {
            if (transpileOnly === undefined) {
                delete process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
            } else {
                process.env.PULUMI_NODEJS_TRANSPILE_ONLY = transpileOnly;
            }
        }
        await Promise.all([running, ...exampleChecks.map((check) => check.result)]);
    });

    it("every example folder type-checks with its own tsconfig.json (tsc, the runner's scope)", async () => {
        // Every folder holding TypeScript, each program's among them.
        const withTypeScript = fs.readdirSync(path.join(root, "examples")).map(example).filter((dir) => typeScriptFiles(dir).length > 0);
        assert.deepStrictEqual(exampleChecks.flatMap((check) => check.folders).sort(), withTypeScript.sort());
        for (const program of programs) {
            assert.ok(withTypeScript.includes(readProject(program.dir).pwd), `${program.label}'s folder is not type-checked`);
        }
        for (const check of exampleChecks) {
            const result = await check.result;
            assert.strictEqual(result.status, 0, describeFailure(`tsc over ${check.folders.map((dir) => path.basename(dir)).join(", ")}`, result));
        }
    });

    for (const run of runs) {
        it(`${label(run)}: loads, finishes and registers what the offline plan lists`, () => {
            const result = results.get(run);
            assert.ok(result, "not run");
            assert.strictEqual(result.timedOut, false, "the program did not finish in time");
            assert.deepStrictEqual(result.errors, []);
            assert.strictEqual(result.exitCode, 0, result.stderr);
            assert.ok(result.completed, "the program never signalled the engine that it finished");
            assert.deepStrictEqual(resourceKeys(result.resources), resourceKeys(plans.get(run.program)!.resources));
            const needles = run.program.secrets.map((s) => secrets[s]);
            assert.deepStrictEqual(result.resources.flatMap((r: Registration) => exposedSecrets(r.inputs, needles, `${r.type} ${r.name}`)), [],
                "a secret reached a resource as plain text");
        });
    }

    it("the offline plans find no loop between buses, from the rules' examples as the engine records them", () => {
        const examplesOf = (resources: readonly { type: string; name: string; outputs?: Record<string, any> }[]) => resources
            .filter((r) => r.type === "eventbridge-kit:rules:SafeRule").map((r) => [r.name, r.outputs?.matchExamples]).sort();
        for (const run of runs.filter((r) => !r.dryRun)) {
            const planned = plans.get(run.program)!;
            assert.deepStrictEqual([planned.loops, planned.loopCheckSkipped], [[], []], run.program.label);
            // What plan() reads from SafeRule's outputs is what `pulumi up` records (registerResourceOutputs).
            const recorded = examplesOf(results.get(run)?.resources ?? []);
            assert.deepStrictEqual(recorded, examplesOf(planned.resources), run.program.label);
            assert.ok(recorded.some(([, match]) => Array.isArray(match) && match.length > 0), run.program.label);
        }
    });

    it("a stack without a required secret fails before creating anything, naming the key and the command that sets it", async () => {
        // Node 20.20's util.inspect loops on a stack frame under a scoped package with one slash
        // after the scope (here the source-mapped node_modules/@pulumi/config.ts) until the string
        // overflows: the runner's colored report of the error took 40-270 s and 3.5 GB before
        // falling back to the plain message. Without stack frames the runner reports the same
        // message and exit code at once.
        const result = await runProgram({
            dir: example("github-to-stepfunctions"),
            stack: "dev",
            dryRun: true,
            env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true", NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --stack-trace-limit=0`.trim() },
            timeoutMs: 480_000,
        });
        assert.strictEqual(result.timedOut, false, "the program did not finish in time");
        assert.strictEqual(result.exitCode, 32, "the runner's code for an error it already reported");
        assert.deepStrictEqual(result.errors, [
            "error: Missing required configuration variable 'github-to-stepfunctions:githubWebhookSecret'\n" +
            "\tplease set a value using the command `pulumi config set --secret github-to-stepfunctions:githubWebhookSecret <value>`",
        ]);
        assert.deepStrictEqual(resourceKeys(result.resources), []);
    });
});
