/**
 * The package as npm publishes it: `npm pack` run once per test process, with the package's own
 * lifecycle scripts, from a tree without dist/ (as a clean clone has), then unpacked so tests can
 * read what users would get in node_modules/eventbridge-kit.
 */
import { spawn } from "child_process";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..", "..");

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

/**
 * Runs a command to completion, killed (with everything it started: npm runs scripts in shells)
 * after `timeoutMs`.
 */
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

export interface PackedPackage {
    /** The .tgz npm pack wrote. */
    readonly tarball: string;
    /** Paths inside the tarball (relative to its `package/` folder), sorted. */
    readonly files: readonly string[];
    /** The tarball unpacked: what `node_modules/eventbridge-kit` holds after an install. */
    readonly unpacked: string;
    readonly manifest: PackageManifest;
    /** Scratch folder for tests that need one; removed when the process exits. */
    readonly scratch: string;
}

export interface PackageManifest {
    name: string;
    main?: string;
    types?: string;
    bin?: Record<string, string>;
    exports?: Record<string, string | Record<string, string>>;
    typesVersions?: Record<string, Record<string, string[]>>;
    files?: string[];
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

let packing: Promise<PackedPackage> | undefined;

/** Packs the package once per process; later callers share the result. */
export function packPackage(): Promise<PackedPackage> {
    packing ??= pack();
    return packing;
}

async function pack(): Promise<PackedPackage> {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "ebk-package-"));
    process.on("exit", () => fs.rmSync(scratch, { recursive: true, force: true }));
    // Packed from a copy of the repository's files without dist/ (as a clean clone has none), so
    // whatever the tarball holds npm pack's own scripts built, and tests running beside this one
    // keep the checkout's dist/.
    const tree = copyOfSources(path.join(scratch, "tree"));
    const npm = await runBounded("npm", ["pack", "--json", "--pack-destination", scratch], { cwd: tree, timeoutMs: 240_000 });
    if (npm.status !== 0) throw new Error(describeFailure("npm pack", npm));
    // The build scripts print to stdout too; the JSON document is the last thing npm writes.
    const report = JSON.parse(npm.stdout.slice(npm.stdout.lastIndexOf("\n[\n") + 1))[0] as { filename: string; files: { path: string }[] };
    const tarball = path.join(scratch, report.filename);
    const unpacked = path.join(scratch, "unpacked");
    fs.mkdirSync(unpacked);
    const tar = await runBounded("tar", ["-xzf", tarball, "-C", unpacked, "--strip-components=1"], { cwd: scratch, timeoutMs: 60_000 });
    if (tar.status !== 0) throw new Error(describeFailure("tar", tar));
    return {
        tarball,
        files: report.files.map((f) => f.path).sort(),
        unpacked,
        manifest: JSON.parse(fs.readFileSync(path.join(unpacked, "package.json"), "utf8")) as PackageManifest,
        scratch,
    };
}

/** The files git knows of (tracked, or new and not ignored), copied; node_modules linked. */
function copyOfSources(tree: string): string {
    const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    for (const file of listed.split("\0").filter((f) => f !== "" && fs.existsSync(path.join(ROOT, f)))) {
        fs.mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
        fs.copyFileSync(path.join(ROOT, file), path.join(tree, file));
    }
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(tree, "node_modules"), "dir");
    return tree;
}
