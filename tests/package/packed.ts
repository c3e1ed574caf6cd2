/**
 * The package as npm publishes it: `npm pack` run once per test process, with the package's own
 * lifecycle scripts, from a tree without dist/ (as a clean clone has), then unpacked so tests can
 * read what users would get in node_modules/eventbridge-kit.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describeFailure, runBounded } from "../support/processes";

export { childEnvironment, describeFailure, runBounded } from "../support/processes";
export type { ProcessResult } from "../support/processes";

export const ROOT = path.resolve(__dirname, "..", "..");

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
