/**
 * Loads a Pulumi program into this process the way `@pulumi/pulumi/cmd/run` loads it under
 * `pulumi up` (see its run.js): from the program's folder, by Node's own module resolution,
 * TypeScript through the ts-node and TypeScript the program's Pulumi SDK resolves (the
 * project's, else the copies the SDK ships), with the project's tsconfig over the runner's
 * defaults, type-checked unless the project opts out the ways Pulumi honours. A program
 * `pulumi up` cannot load fails here with the message `pulumi up` prints.
 */
import * as fs from "fs";
import * as path from "path";
import { PulumiProgram } from "./program";
import { typeCheck } from "./type-check";

/** A program failure, worded as the runner reports it (what `pulumi up` prints after "error: "). */
export class ProgramError extends Error {
    constructor(message: string, readonly cause: unknown) {
        super(message);
        this.name = "ProgramError";
    }
}

const REGISTER_INSTANCE = Symbol.for("ts-node.register.instance");

/** One ts-node service per program folder and options: a second plan of a program reuses its type checker. */
const services = new Map<string, unknown>();

/** Modules a program loaded, forgotten before it is loaded again so it runs afresh. */
const loadedBy = new Map<string, string[]>();

/** The program file (or folder) the runner requires, after its package.json rules. */
export function programPath(program: PulumiProgram): string {
    const entry = path.join(program.pwd, program.entryPoint);
    if (program.entryPoint !== ".") {
        return entry;
    }
    const packageRoot = packageRootOf(program.pwd);
    const manifest = packageRoot ? JSON.parse(fs.readFileSync(path.join(packageRoot, "package.json"), "utf8")) : {};
    const exported = typeof manifest.exports === "string" ? manifest.exports
        : typeof manifest.exports?.["."] === "string" ? manifest.exports["."]
            : manifest.exports?.["."]?.default ?? manifest.exports?.["."]?.require ?? manifest.exports?.["."]?.import;
    const main = manifest.exports ? exported : manifest.main;
    if (packageRoot && typeof main === "string" && fs.existsSync(path.join(packageRoot, main))) {
        return path.join(packageRoot, main);
    }
    return entry;
}

function packageRootOf(dir: string): string | undefined {
    for (let current = dir; ; current = path.dirname(current)) {
        if (fs.existsSync(path.join(current, "package.json"))) {
            return current;
        }
        if (path.dirname(current) === current) {
            return undefined;
        }
    }
}

/**
 * Requires the program (run from `program.pwd`, the caller's working directory) and returns
 * what it exported, calling it first when it exported a function, as the runner does.
 */
export function loadProgram(program: PulumiProgram): unknown {
    if (readPackageType(program.pwd) === "module") {
        throw new Error(`${program.pwd} is an ES module package ("type": "module"); the offline plan loads CommonJS programs, the default of \`pulumi new typescript\`.`);
    }
    let entry = programPath(program);
    for (const key of loadedBy.get(entry) ?? []) {
        delete require.cache[key];
    }
    const before = new Set(Object.keys(require.cache));
    const restore = isolateTypeScriptHooks();
    try {
        if (program.runtimeOptions.typescript !== false) {
            registerTypeScript(program);
        }
        if (fs.existsSync(entry) && fs.statSync(entry).isDirectory() && !entry.endsWith("/")) {
            entry += "/";
        }
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const exported = require(entry);
        return exported instanceof Function ? exported() : exported;
    } catch (err) {
        throw asRunnerReports(err, entry);
    } finally {
        restore();
        // Installed packages stay loaded (the SDKs keep process-wide registries); the program's own files go.
        loadedBy.set(programPath(program), Object.keys(require.cache).filter((key) => !before.has(key) && !key.includes(`${path.sep}node_modules${path.sep}`)));
    }
}

function readPackageType(dir: string): unknown {
    const root = packageRootOf(dir);
    return root ? JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).type : undefined;
}

/**
 * While the program loads, its ts-node is the only TypeScript compiler: a host process (a test
 * runner, `ts-node cli/...`) may have registered its own, which would otherwise compile the
 * program's files first. Afterwards the host's hooks and service come back as they were.
 */
function isolateTypeScriptHooks(): () => void {
    const extensions = require.extensions as Record<string, unknown>;
    const saved = { ...extensions };
    const host = (process as any)[REGISTER_INSTANCE];
    const hostEnabled = host?.enabled?.();
    host?.enabled?.(false);
    return () => {
        for (const ext of Object.keys(extensions)) {
            if (!(ext in saved)) {
                delete extensions[ext];
            }
        }
        Object.assign(extensions, saved);
        (process as any)[REGISTER_INSTANCE] = host;
        host?.enabled?.(hostEnabled);
    };
}

/** cmd/run's TypeScript setup, with the SDK's own helpers for what it reads and resolves. */
function registerTypeScript(program: PulumiProgram): void {
    const sdkRoot = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [program.pwd] }));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tsutils = require(path.join(sdkRoot, "tsutils"));
    const tsConfigPath = typeof program.runtimeOptions.tsconfig === "string" ? program.runtimeOptions.tsconfig : "tsconfig.json";
    const skipProject = !fs.existsSync(path.resolve(program.pwd, tsConfigPath));
    if (skipProject && tsConfigPath !== "tsconfig.json") {
        throw new ProgramError(`tsconfig path was set to ${tsConfigPath} but the file was not found`, undefined);
    }
    const compilerOptions = tsutils.loadTypeScriptCompilerOptions(path.resolve(program.pwd, tsConfigPath));
    const transpileOnlyEnv = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
    const transpileOnly = transpileOnlyEnv ? transpileOnlyEnv === "true" : compilerOptions.noCheck;
    const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require(typescriptRequire);
    const [major, minor] = String(ts.version).split(".").map(Number);
    const nodeNext = major > 4 || (major === 4 && minor >= 7);
    const options = {
        compiler: typescriptRequire,
        transpileOnly,
        project: tsConfigPath,
        skipProject,
        compilerOptions: {
            target: "ES2020",
            module: nodeNext ? "nodenext" : "commonjs",
            moduleResolution: nodeNext ? "nodenext" : "node",
            sourceMap: "true",
            ...compilerOptions,
        },
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tsnode = require(tsnodeRequire);
    if (typeof tsnode.create !== "function") {
        tsnode.register(options); // the SDK's vendored ts-node 7 has no services to keep
        return;
    }
    // The TypeScript file ts-node would resolve from the project (next to its tsconfig).
    const projectDir = skipProject ? program.pwd : path.dirname(path.resolve(program.pwd, tsConfigPath));
    const compiler = require.resolve(typescriptRequire, { paths: [projectDir] });
    const entry = entryFile(programPath(program));
    if (!transpileOnly && entry) {
        // Checked once per program state (./type-check), then loaded as ts-node's transpile-only run would.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { diagnostics } = typeCheck({ typescript: require(compiler), entry, cwd: program.pwd, tsconfig: skipProject ? undefined : path.resolve(program.pwd, tsConfigPath), compilerOptions: options.compilerOptions });
        if (diagnostics !== undefined) {
            throw new tsnode.TSError(diagnostics, []);
        }
        options.transpileOnly = true;
    }
    const key = JSON.stringify([program.pwd, tsnodeRequire, options]);
    let service = services.get(key);
    if (!service) {
        service = withSharedDocuments(compiler, () => tsnode.create({ ...options, compiler, cwd: program.pwd }));
        services.set(key, service);
    }
    tsnode.register(service);
}

/** The TypeScript file a program path names (a file, a folder's index.ts), or undefined for anything else. */
function entryFile(entry: string): string | undefined {
    const candidates = [entry, `${entry}.ts`, path.join(entry, "index.ts")];
    return candidates.find((file) => /\.[cm]?ts$/.test(file) && fs.existsSync(file) && fs.statSync(file).isFile());
}

/** One TypeScript document registry per compiler for this process. */
const registries = new Map<string, unknown>();

/**
 * Creates a ts-node service whose language service shares parsed files with the services made
 * before it: programs that read the same declarations (every program reads @pulumi/aws's
 * thousands) parse them once per process. A document registry is TypeScript's own way to share
 * files between language services; diagnostics are unchanged.
 */
function withSharedDocuments<T>(compiler: string, create: () => T): T {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(compiler);
    const cached = require.cache[compiler]!;
    const ts = cached.exports;
    let registry = registries.get(compiler);
    if (!registry) {
        registry = ts.createDocumentRegistry(ts.sys.useCaseSensitiveFileNames);
        registries.set(compiler, registry);
    }
    // ts-node requires the compiler while it creates the service, and keeps what it got.
    cached.exports = Object.create(ts, { createDocumentRegistry: { value: () => registry } });
    try {
        return create();
    } finally {
        cached.exports = ts;
    }
}

/** The runner's wording of an uncaught program error (cmd/run/run.js, uncaughtHandler). */
function asRunnerReports(err: unknown, program: string): unknown {
    if (!(err instanceof Error) || err instanceof ProgramError) {
        return err;
    }
    if ((err as any).__pulumiRunError === true) {
        return new ProgramError(err.message, err);
    }
    let message = err.stack ?? err.message;
    if (err.name === "TSError" || err.name === SyntaxError.name) {
        const parts = (err.stack ?? "").split(err.message);
        message = parts.length === 2 ? parts[0] + err.message : err.message;
    }
    return new ProgramError(`Running program '${program}' failed with an unhandled exception:\n${message}`, err);
}
