/**
 * Every Pulumi program of the repository (the root stack's dev and prod, each example's dev)
 * run as `pulumi preview` and `pulumi up` run it: through `@pulumi/pulumi/cmd/run`, with the
 * language host's flags and environment, type-checked by the runner from the program's folder,
 * against a fake engine over gRPC (tests/support/pulumi-host). Each run must load, finish and
 * register exactly the resources the offline plan of the same stack lists.
 *
 * Cost: the runner's type check (ts-node over @pulumi/aws's declarations, 10-20 s of CPU) is the
 * same work for every run of one program folder, since its inputs (the folder's files, its
 * tsconfig, TypeScript) are the same in preview and update, dev and prod. So the first run of
 * each folder type-checks, and the folder's other runs set PULUMI_NODEJS_TRANSPILE_ONLY=true
 * (the runner's own switch) once that check has passed. The offline plans they are compared
 * with load the same way (the plan's own type check is tested in tests/plan/loading.test.ts).
 */
import * as assert from "assert";
import * as path from "path";
import { planProgram } from "../../cli/eventbridge-kit";
import { Plan } from "../../testing";
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
];

interface Run {
    readonly program: Program;
    readonly dryRun: boolean;
    /** The folder's first run type-checks; the others reuse its verdict (see the file comment). */
    readonly typeCheck: boolean;
}

/** Preview runs first; the first run of each program folder is the one that type-checks. */
function plannedRuns(): Run[] {
    const checked = new Set<string>();
    return [true, false].flatMap((dryRun) => programs.map((program) => {
        const folder = readProject(program.dir).pwd;
        const typeCheck = !checked.has(folder);
        checked.add(folder);
        return { program, dryRun, typeCheck };
    })).sort((a, b) => Number(b.typeCheck) - Number(a.typeCheck));
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

const label = (run: Run) => `${run.program.label}, ${run.dryRun ? "pulumi preview" : "pulumi up"}${run.typeCheck ? ", type-checked" : ""}`;
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

    before(async () => {
        const verdicts = new Map<string, Promise<RunResult>>();
        const running = pool(runs, 2, async (run) => {
            const folder = readProject(run.program.dir).pwd;
            if (!run.typeCheck) {
                // Reuse the folder's type check only once it passed.
                const checked = await verdicts.get(folder)!;
                if (checked.exitCode !== 0) {
                    return;
                }
            }
            const result = runProgram({
                dir: run.program.dir,
                stack: run.program.stack,
                dryRun: run.dryRun,
                config: Object.fromEntries(run.program.secrets.map((s) => [s, secrets[s]])),
                secretKeys: run.program.secrets,
                env: run.typeCheck ? {} : { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
                timeoutMs: 480_000,
            });
            if (run.typeCheck) {
                verdicts.set(folder, result);
            }
            results.set(run, await result);
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
        await running;
    });

    for (const run of runs) {
        it(`${label(run)}: loads, finishes and registers what the offline plan lists`, () => {
            const result = results.get(run);
            assert.ok(result, `not run: the type-checked run of ${run.program.label} failed`);
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
        const result = await runProgram({
            dir: example("github-to-stepfunctions"),
            stack: "dev",
            dryRun: true,
            env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
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
