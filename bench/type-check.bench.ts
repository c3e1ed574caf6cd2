/**
 * The plan's type check (`eventbridge-kit plan .` of the complete example), each plan in a fresh
 * process as the CLI runs: type-checked with nothing remembered (the first plan of a program),
 * type-checked again with the program unchanged (the check is skipped: cli/type-check.ts), and
 * the baseline, transpile-only (`PULUMI_NODEJS_TRANSPILE_ONLY=true`). Goal: a second plan of an
 * unchanged program costs at most 1.5x the transpile-only plan, in CPU time.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "..");
const cache = path.join(root, "node_modules", ".cache", "eventbridge-kit");

interface Run { resources: number; cpuMs: number; maxRssMiB: number }

function planOnce(env: Record<string, string> = {}): Run {
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(__dirname, "fixtures", "plan-once.ts"), root], {
        cwd: root, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 1 << 26,
    });
    return JSON.parse(out) as Run;
}

function median(values: number[]): number {
    return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

export function run(): void {
    const runs = 3;
    const first: Run[] = [];
    const second: Run[] = [];
    const transpileOnly: Run[] = [];
    for (let i = 0; i < runs; i++) {
        fs.rmSync(cache, { recursive: true, force: true });
        first.push(planOnce());
        second.push(planOnce());
        transpileOnly.push(planOnce({ PULUMI_NODEJS_TRANSPILE_ONLY: "true" }));
    }
    const base = median(transpileOnly.map((r) => r.cpuMs));
    const line = (label: string, list: Run[]) => {
        const cpu = median(list.map((r) => r.cpuMs));
        console.log(`${label}: ${(cpu / 1000).toFixed(1)} s CPU (${(cpu / base).toFixed(2)}x transpile-only), peak ${median(list.map((r) => r.maxRssMiB)).toFixed(0)} MiB`);
        return cpu / base;
    };
    line("transpile-only plan (baseline)", transpileOnly);
    line("first type-checked plan", first);
    const ratio = line("second type-checked plan, program unchanged", second);
    console.log(`goal: second plan <= 1.5x transpile-only: ${ratio <= 1.5 ? "met" : "NOT met"} (median of ${runs} runs each, fresh processes)`);
}
