/**
 * The GitHub redelivery function's cold start: a fresh Node process that loads the built bundle
 * and runs its first invocation (read the credentials from Secrets Manager, list the hook's
 * deliveries, ask for one redelivery) against local stand-ins for AWS and GitHub, by the CPU time
 * the process uses. Against two baselines measured in the same interleaved run:
 *
 * - `node -e 0` (for scale only: the AWS SDK and Node's first `fetch` alone cost a multiple of it);
 * - its floor: the stock Secrets Manager client alone, bundled with the same options, making the
 *   same three calls with plain `fetch` (goal ≤ 1.25×): what Octokit (@octokit/request, and for
 *   a GitHub App @octokit/auth-app's RS256 JWT) adds over hand-written requests.
 *
 * Also the bundle's size (goal ≤ 300 KB) and how much of it Octokit is.
 */
import { spawn } from "child_process";
import { generateKeyPairSync } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { awsEnv, fakeAws } from "../tests/handlers/fake-aws";
import { attempt, fakeGithub, FakeGithub } from "../tests/handlers/fake-github";

const ROOT = path.join(__dirname, "..");
const importEsm = new Function("specifier", "return import(specifier)") as <T>(specifier: string) => Promise<T>;

interface BuildModule {
    bundleEntry(options: { entry: string; outfile: string; eventBridge?: boolean }): Promise<{ path: string; bytes: number; inputs: string[] }>;
}

/** What the child prints: CPU ms after loading, and after the first invocation. */
interface ColdStart { loadMs: number; totalMs: number }

const MEASURE = `
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const loaded = require(process.env.EBK_BENCH_FILE);
const loadMs = cpu();
const first = process.env.EBK_BENCH_FLOOR ? floor(loaded) : loaded.handler({}, { awsRequestId: "bench", getRemainingTimeInMillis: () => 60000 });
Promise.resolve(first).then((result) => {
    if (!process.env.EBK_BENCH_FLOOR && result.redelivered.length !== 1) throw new Error("expected one redelivery, got " + JSON.stringify(result));
    process.stdout.write("\\nEBK_BENCH " + JSON.stringify({ loadMs, totalMs: cpu() }) + "\\n");
});
async function floor({ SecretsManagerClient, GetSecretValueCommand }) {
    const secret = await new SecretsManagerClient({ maxAttempts: 2 }).send(new GetSecretValueCommand({ SecretId: process.env.EBK_SECRET_ARN, VersionStage: "AWSCURRENT" }));
    const headers = { authorization: "Bearer " + secret.SecretString, accept: "application/vnd.github+json", "user-agent": "bench" };
    const hook = JSON.parse(process.env.EBK_GITHUB_HOOK);
    const list = process.env.EBK_GITHUB_API_URL + (hook.kind === "app" ? "/app/hook/deliveries" : "/repos/" + hook.owner + "/" + hook.repo + "/hooks/" + hook.hookId + "/deliveries");
    const [item] = await (await fetch(list + "?per_page=100", { headers })).json();
    await fetch(list + "/" + item.id + "/attempts", { method: "POST", headers });
}
`;

function coldStart(file: string | undefined, env: Record<string, string>): Promise<ColdStart> {
    return new Promise((resolve, reject) => {
        const args = file === undefined ? ["-e", "const u = process.cpuUsage(); process.stdout.write('EBK_BENCH ' + JSON.stringify({ loadMs: (u.user + u.system) / 1000, totalMs: (u.user + u.system) / 1000 }))"] : ["-e", MEASURE];
        const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? "", ...env, ...(file ? { EBK_BENCH_FILE: file } : {}) } });
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.split("\n").find((l) => l.startsWith("EBK_BENCH "))!.slice(10))) : reject(new Error(`cold start of ${file} exited ${code}: ${err}`))));
    });
}

export async function run(): Promise<void> {
    const { bundleEntry } = await importEsm<BuildModule>(pathToFileURL(path.join(ROOT, "handlers", "build.mjs")).href);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ebk-bench-redelivery-"));
    const built = await bundleEntry({ entry: path.join(ROOT, "handlers", "github-redelivery", "index.ts"), outfile: path.join(tmp, "redelivery", "index.js"), eventBridge: false });
    const floorBundle = await bundleEntry({ entry: path.join(__dirname, "fixtures", "secrets-manager.ts"), outfile: path.join(tmp, "floor", "index.js") });
    const octokitFiles = built.inputs.filter((i) => /node_modules\/(@octokit|universal-|toad-cache|json-with-bigint)/.test(i)).length;
    console.log(`bundle github-redelivery/index.js: ${(built.bytes / 1024).toFixed(1)} KB (${built.bytes} bytes; goal ≤ 300 KB) ${built.bytes <= 300 * 1024 ? "ok" : "OVER"}; ` +
        `its floor, Secrets Manager alone: ${(floorBundle.bytes / 1024).toFixed(1)} KB, so Octokit and the function add ${((built.bytes - floorBundle.bytes) / 1024).toFixed(1)} KB (${octokitFiles} files of Octokit and its dependencies)`);

    const aws = await fakeAws();
    const token = { hook: "repository", owner: "acme", repo: "app", hookId: 42, token: "github_pat_bench" } as const;
    const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const app = { hook: "app", appId: "123456", publicKey: keys.publicKey } as const;
    const githubs: Record<"token" | "app", FakeGithub> = { token: await fakeGithub(token), app: await fakeGithub(app) };
    const secrets = { token: token.token, app: JSON.stringify({ appId: app.appId, privateKey: keys.privateKey.export({ type: "pkcs1", format: "pem" }).toString() }) };
    const envOf = (flow: "token" | "app"): Record<string, string> => ({
        ...awsEnv(aws),
        EBK_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:bench-AbCdEf",
        EBK_GITHUB_HOOK: JSON.stringify(flow === "app" ? { kind: "app" } : { kind: "repository", owner: "acme", repo: "app", hookId: 42 }),
        EBK_GITHUB_API_URL: githubs[flow].url,
    });
    const prepare = (flow: "token" | "app") => {
        aws.secret.AWSCURRENT = { value: secrets[flow], versionId: "v1", createdAt: 0 };
        githubs[flow].deliveries = [attempt({ guid: "bench", delivered_at: new Date(Date.now() - 60_000).toISOString(), status_code: 503 })];
    };

    const cases = [
        { label: "node -e 0", file: undefined, flow: "token" as const, floor: false },
        { label: "floor (Secrets Manager client + the same calls with fetch)", file: floorBundle.path, flow: "token" as const, floor: true },
        { label: "github-redelivery, repository hook with a token", file: built.path, flow: "token" as const, floor: false },
        { label: "github-redelivery, GitHub App (RS256 JWT per request)", file: built.path, flow: "app" as const, floor: false },
    ];
    const best = cases.map(() => ({ loadMs: Infinity, totalMs: Infinity }));
    const runs = 15;
    for (let i = 0; i < runs + 1; i++) {
        for (const [c, spec] of cases.entries()) {
            prepare(spec.flow);
            const measured = await coldStart(spec.file, { ...envOf(spec.flow), ...(spec.floor ? { EBK_BENCH_FLOOR: "1" } : {}) });
            if (i === 0) continue; // the first round warms the file cache
            best[c] = { loadMs: Math.min(best[c].loadMs, measured.loadMs), totalMs: Math.min(best[c].totalMs, measured.totalMs) };
        }
    }
    aws.close();
    githubs.token.close();
    githubs.app.close();
    fs.rmSync(tmp, { recursive: true, force: true });

    const bare = best[0].totalMs;
    const floor = best[1].totalMs;
    const line = (c: number) => `${best[c].totalMs.toFixed(1)} ms CPU (of which loading ${best[c].loadMs.toFixed(1)} ms)`;
    console.log(`cold start + first invocation, min of ${runs}: node -e 0 ${bare.toFixed(1)} ms CPU; ${cases[1].label}: ${line(1)}`);
    for (const own of [2, 3]) {
        const overBare = best[own].totalMs / bare;
        const overFloor = best[own].totalMs / floor;
        console.log(
            `${cases[own].label}: ${line(own)}, ${overBare.toFixed(2)}× node -e 0, ` +
            `${overFloor.toFixed(2)}× its floor (goal ≤ 1.25) ${overFloor <= 1.25 ? "ok" : "OVER"}`,
        );
    }
}
