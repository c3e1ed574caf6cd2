/**
 * Child processes a test starts: bounded in time, killed with everything they started (npm runs
 * scripts in shells) when the bound passes or this process exits, never left behind.
 */
import { spawn } from "child_process";

export interface ProcessResult {
    readonly status: number | null;
    readonly timedOut: boolean;
    readonly stdout: string;
    readonly stderr: string;
}

const running = new Set<number>();
process.on("exit", () => {
    for (const pid of running) killGroup(pid);
});

function killGroup(pid: number): void {
    try {
        process.kill(-pid, "SIGKILL");
    } catch {
        // Already gone.
    }
}

/** Runs a command to completion, killed (with its whole process group) after `timeoutMs`. */
export function runBounded(command: string, args: readonly string[], options: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<ProcessResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? childEnvironment(), stdio: ["ignore", "pipe", "pipe"], detached: true });
        running.add(child.pid!);
        let stdout = "";
        let stderr = "";
        let timedOut = false;
        child.stdout!.on("data", (chunk) => { stdout += chunk; });
        child.stderr!.on("data", (chunk) => { stderr += chunk; });
        const timer = setTimeout(() => { timedOut = true; killGroup(child.pid!); }, options.timeoutMs);
        child.on("error", (err) => { clearTimeout(timer); running.delete(child.pid!); reject(err); });
        child.on("close", (status) => {
            clearTimeout(timer);
            running.delete(child.pid!);
            resolve({ status, timedOut, stdout, stderr });
        });
    });
}

/**
 * The environment for child processes, without what would change how they behave: the npm_*
 * variables `npm test` sets (npm_config_local_prefix would point a child npm at this repository;
 * the registry and cache are kept), ts-node's and Pulumi's variables.
 */
export function childEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const dropped = (key: string) => /^(npm_|TS_NODE_|PULUMI_)/i.test(key) && !/^npm_config_(registry|cache)$/i.test(key);
    const inherited = Object.entries(process.env).filter(([key]) => !dropped(key));
    return { ...Object.fromEntries(inherited), ...extra };
}

export function describeFailure(what: string, result: ProcessResult): string {
    return `${what} ${result.timedOut ? "timed out" : `exited ${result.status}`}\n${result.stdout}\n${result.stderr}`;
}
