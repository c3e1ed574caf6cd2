/**
 * Runs a Pulumi program the way Pulumi's Node.js language host does (`pulumi-language-nodejs`,
 * `Run`): `node <@pulumi/pulumi/cmd/run> --monitor … --engine … --project … --root-directory …
 * --stack … --pwd <program folder> [--dry-run] --parallel N <entry point>`, with the config in
 * PULUMI_CONFIG and PULUMI_CONFIG_SECRET_KEYS and PULUMI_NODEJS_TYPESCRIPT=true, so the runner
 * registers ts-node and type-checks from the program's folder exactly as under `pulumi up`.
 * The engine and resource monitor it talks to are the fake in ./engine.
 */
import { ChildProcess, spawn } from "child_process";
import { Diagnostic, FakeEngine, InvokeRecord, Registration } from "./engine";
import { configEnvironment, qualifiedKeys, readProject, stackConfig } from "./project";

export interface RunProgramOptions {
    /** The project folder (holding Pulumi.yaml). */
    readonly dir: string;
    readonly stack: string;
    /** Config set on top of Pulumi.<stack>.yaml, decrypted (`key` or `namespace:key`). */
    readonly config?: Record<string, unknown>;
    /** Which of those keys are secrets (as `pulumi config set --secret` marks them). */
    readonly secretKeys?: readonly string[];
    /** `pulumi preview` (true) or `pulumi up` (false). */
    readonly dryRun: boolean;
    /** Hard bound; the program is killed after it. Default 300 s. */
    readonly timeoutMs?: number;
    /** Extra environment for the program (e.g. PULUMI_NODEJS_TRANSPILE_ONLY). */
    readonly env?: Record<string, string>;
}

export interface RunResult {
    /** The runner's exit code (32: it already reported the error), null when killed. */
    readonly exitCode: number | null;
    readonly timedOut: boolean;
    readonly stdout: string;
    readonly stderr: string;
    /** What the program logged through the engine; errors are what `pulumi up` prints. */
    readonly diagnostics: readonly Diagnostic[];
    /** The error diagnostics as the CLI prints them (`error: …`). */
    readonly errors: readonly string[];
    /** Every RegisterResource, the stack first. */
    readonly resources: readonly Registration[];
    readonly invokes: readonly InvokeRecord[];
    /** The stack's outputs in wire form. */
    readonly outputs?: Record<string, any>;
    /** The program finished and signalled the engine (the SDK's last RPC on success). */
    readonly completed: boolean;
    readonly durationMs: number;
}

/** Programs still running: killed when this process exits or is told to stop, never left behind. */
const running = new Set<ChildProcess>();
function killRunning(): void {
    for (const child of running) {
        child.kill("SIGKILL");
    }
}
process.on("exit", killRunning);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
        killRunning();
        process.kill(process.pid, signal);
    });
}

/** Variables of the calling process that would change how the runner behaves (a test's own ts-node setup). */
function inheritedEnvironment(): NodeJS.ProcessEnv {
    const env = { ...process.env };
    for (const key of Object.keys(env)) {
        if (key.startsWith("TS_NODE_") || key.startsWith("PULUMI_")) {
            delete env[key];
        }
    }
    return env;
}

export async function runProgram(options: RunProgramOptions): Promise<RunResult> {
    const started = Date.now();
    const project = readProject(options.dir);
    const config = stackConfig(project, options.stack, options.config);
    const region = config["aws:region"];
    const engine = new FakeEngine({ project: project.name, stack: options.stack, dryRun: options.dryRun, region: typeof region === "string" ? region : undefined });
    const address = await engine.start();
    try {
        // The host resolves the runner from the program's folder, as `require.resolve` there would.
        const runPath = require.resolve("@pulumi/pulumi/cmd/run", { paths: [project.pwd] });
        const args = [
            runPath,
            "--monitor", address,
            "--engine", address,
            "--organization", "organization",
            "--project", project.name,
            "--root-directory", project.root,
            "--stack", options.stack,
            "--pwd", project.pwd,
            ...(options.dryRun ? ["--dry-run"] : []),
            // The SDK only distinguishes 1 (serial) from more; the CLI's default is above 1.
            "--parallel", "16",
            project.entryPoint,
        ];
        const env: NodeJS.ProcessEnv = {
            ...inheritedEnvironment(),
            PULUMI_CONFIG: configEnvironment(config),
            PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(qualifiedKeys(project, options.secretKeys ?? [])),
            ...options.env,
        };
        if (project.runtimeOptions.typescript !== false) {
            env.PULUMI_NODEJS_TYPESCRIPT = "true";
        }
        if (typeof project.runtimeOptions.tsconfig === "string") {
            env.PULUMI_NODEJS_TSCONFIG_PATH = project.runtimeOptions.tsconfig;
        }
        const nodeArgs = typeof project.runtimeOptions.nodeargs === "string" ? project.runtimeOptions.nodeargs.split(/\s+/).filter(Boolean) : [];
        const outcome = await spawnBounded(process.execPath, [...nodeArgs, ...args], { cwd: project.root, env }, options.timeoutMs ?? 300_000);
        return {
            ...outcome,
            diagnostics: engine.diagnostics,
            errors: engine.diagnostics.filter((d) => d.severity === "error").map((d) => `error: ${d.message}`),
            resources: engine.registrations,
            invokes: engine.invokes,
            outputs: engine.stackOutputs,
            completed: engine.shutdownSignalled,
            durationMs: Date.now() - started,
        };
    } finally {
        engine.stop();
    }
}

function spawnBounded(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }, timeoutMs: number):
    Promise<{ exitCode: number | null; timedOut: boolean; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
        running.add(child);
        let stdout = "";
        let stderr = "";
        let timedOut = false;
        child.stdout!.on("data", (chunk) => { stdout += chunk; });
        child.stderr!.on("data", (chunk) => { stderr += chunk; });
        const timer = setTimeout(() => { timedOut = true; child.kill("SIGKILL"); }, timeoutMs);
        child.on("error", (err) => { clearTimeout(timer); running.delete(child); reject(err); });
        child.on("close", (code) => {
            clearTimeout(timer);
            running.delete(child);
            resolve({ exitCode: code, timedOut, stdout, stderr });
        });
    });
}
