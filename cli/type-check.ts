/**
 * The type check `pulumi up` runs while ts-node loads a program, done once per program state:
 * the program is checked as one TypeScript program from its entry (what ts-node checks file by
 * file as they load, with its `files: false` default), and a passing check is remembered per
 * project with the size, modification time and, for the project's own files, the digest of
 * every file it read. A second plan of an unchanged program then skips the check, which is most
 * of a plan's cost (the @pulumi/aws declarations alone are tens of megabytes).
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type * as TypeScript from "typescript";

/** ts-node's own ignore list (6059 rootDir, 18002/18003 no inputs), and what TS_NODE_IGNORE_DIAGNOSTICS adds. */
function ignoredCodes(): Set<number> {
    const extra = (process.env.TS_NODE_IGNORE_DIAGNOSTICS ?? "").split(/[\s,]+/).filter(Boolean).map(Number);
    return new Set([6059, 18002, 18003, ...extra]);
}

export interface TypeCheckRequest {
    /** The TypeScript module the program's ts-node uses (typed loosely: the package ships no TypeScript dependency). */
    readonly typescript: object;
    /** The program's entry file. */
    readonly entry: string;
    /** The program's working directory (ts-node's cwd: diagnostics are relative to it). */
    readonly cwd: string;
    /** The tsconfig file, when the project has one. */
    readonly tsconfig?: string;
    /** The compiler options ts-node is given, as JSON (they win over the tsconfig's). */
    readonly compilerOptions: Record<string, unknown>;
}

interface Remembered {
    readonly key: string;
    /** path → [size, mtimeMs, sha256 or ""] */
    readonly files: Record<string, [number, number, string]>;
}

/** Parsed declaration files, shared by every program this process checks: they do not change during a run. */
const declarations = new Map<string, TypeScript.SourceFile>();

export interface TypeCheckResult {
    /** The diagnostics ts-node would throw, in its wording; undefined when the program type-checks. */
    readonly diagnostics?: string;
    /** False when a passing check of the same files and options was remembered, so none ran. */
    readonly checked: boolean;
}

/** Type-checks the program as ts-node would, unless it passed before unchanged; throws nothing itself. */
export function typeCheck(request: TypeCheckRequest): TypeCheckResult {
    const ts = request.typescript as typeof TypeScript;
    const options = compilerOptionsOf(request);
    const key = JSON.stringify([ts.version, request.entry, options]);
    const cacheFile = cacheFileOf(request, key);
    if (upToDate(cacheFile, key)) {
        return { checked: false };
    }
    const host = ts.createCompilerHost(options);
    const readSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
        if (!isDependency(fileName)) return readSourceFile(fileName, languageVersion, onError, shouldCreate);
        const cacheKey = `${fileName}\0${JSON.stringify(languageVersion)}`;
        let file = declarations.get(cacheKey);
        if (!file) {
            file = readSourceFile(fileName, languageVersion, onError, shouldCreate);
            if (file) declarations.set(cacheKey, file);
        }
        return file;
    };
    const program = ts.createProgram({ rootNames: [request.entry], options, host });
    const ignored = ignoredCodes();
    const own = program.getSourceFiles().filter((f) => !f.isDeclarationFile && !isDependency(f.fileName));
    // ts-node throws for the first file it compiles that has errors: the entry, then what it loads.
    const ordered = [...own.filter((f) => path.resolve(f.fileName) === path.resolve(request.entry)), ...own.filter((f) => path.resolve(f.fileName) !== path.resolve(request.entry))];
    for (const file of ordered) {
        const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].filter((d) => !ignored.has(d.code));
        if (diagnostics.length > 0) {
            const text = ts.formatDiagnostics(diagnostics, {
                getCurrentDirectory: () => request.cwd,
                getCanonicalFileName: (fileName) => fileName,
                getNewLine: () => "\n",
            });
            return { diagnostics: text, checked: true };
        }
    }
    remember(cacheFile, key, [...program.getSourceFiles().map((f) => f.fileName), ...(request.tsconfig ? [request.tsconfig] : [])]);
    return { checked: true };
}

function isDependency(fileName: string): boolean {
    return fileName.split(/[\\/]/).includes("node_modules");
}

/** The options ts-node compiles with: the tsconfig's, under the ones it is given. */
function compilerOptionsOf(request: TypeCheckRequest): TypeScript.CompilerOptions {
    const ts = request.typescript as typeof TypeScript;
    const fromConfig = request.tsconfig ? ts.getParsedCommandLineOfConfigFile(request.tsconfig, {}, {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => undefined,
    })?.options ?? {} : {};
    const given = ts.convertCompilerOptionsFromJson(request.compilerOptions, request.cwd).options;
    // ts-node emits in memory and never writes: nothing here is written either.
    return { ...fromConfig, ...given, noEmit: true, incremental: false, composite: false };
}

/** Where a project's last passing check is remembered: its node_modules/.cache, else the temp folder. */
function cacheFileOf(request: Pick<TypeCheckRequest, "cwd">, key: string): string {
    let base = path.join(os.tmpdir(), "eventbridge-kit-type-check");
    for (let dir = request.cwd; dir !== path.dirname(dir); dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "node_modules"))) {
            base = path.join(dir, "node_modules", ".cache", "eventbridge-kit");
            break;
        }
    }
    return path.join(base, `type-check-${createHash("sha256").update(key).digest("hex").slice(0, 16)}.json`);
}

function stamp(file: string): [number, number, string] | undefined {
    try {
        const stat = fs.statSync(file);
        // A project's own files are few and edited in place within a second: their content decides.
        const digest = isDependency(file) ? "" : createHash("sha256").update(fs.readFileSync(file)).digest("hex");
        return [stat.size, stat.mtimeMs, digest];
    } catch {
        return undefined;
    }
}

function upToDate(cacheFile: string, key: string): boolean {
    let remembered: Remembered;
    try {
        remembered = JSON.parse(fs.readFileSync(cacheFile, "utf8"));
    } catch {
        return false;
    }
    if (remembered.key !== key) return false;
    return Object.entries(remembered.files).every(([file, was]) => {
        const now = stamp(file);
        return now !== undefined && now[0] === was[0] && now[2] === was[2] && (now[2] !== "" || now[1] === was[1]);
    });
}

function remember(cacheFile: string, key: string, files: readonly string[]): void {
    const stamps: Remembered["files"] = {};
    for (const file of files) {
        const s = stamp(file);
        if (s) stamps[file] = s;
    }
    try {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
        // Written whole, then renamed: a concurrent plan reads the old record or the new one.
        const temporary = `${cacheFile}.${process.pid}`;
        fs.writeFileSync(temporary, JSON.stringify({ key, files: stamps } satisfies Remembered));
        fs.renameSync(temporary, cacheFile);
    } catch {
        // A read-only project is checked every time, as before.
    }
}
