import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

/** A Pulumi project folder, read the way `pulumi` reads it. */
export interface PulumiProgram {
    readonly dir: string;
    readonly project: string;
    /** The TypeScript (or JavaScript) file the program starts from. */
    readonly entry: string;
    readonly stack: string;
    /** Stack config, `namespace:key` → value; secrets replaced by placeholders. */
    readonly config: Record<string, unknown>;
    readonly secretKeys: string[];
}

/** The value a secret config entry gets offline: visible as a placeholder, never the ciphertext. */
export function secretPlaceholder(key: string): string {
    return `offline-placeholder-for-${key.replace(/[^A-Za-z0-9]+/g, "-")}`;
}

/** Reads Pulumi.yaml and Pulumi.<stack>.yaml of a program folder. */
export function readProgram(dir: string, stack: string): PulumiProgram {
    const absolute = path.resolve(dir);
    const projectFile = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(absolute, f)).find((f) => fs.existsSync(f));
    if (!projectFile) {
        throw new Error(`${absolute} has no Pulumi.yaml: pass the folder of a Pulumi project (for example examples/complete).`);
    }
    const project = YAML.parse(fs.readFileSync(projectFile, "utf8")) ?? {};
    if (typeof project.name !== "string") {
        throw new Error(`${projectFile} has no "name": every Pulumi project names itself.`);
    }
    const runtime = typeof project.runtime === "string" ? project.runtime : project.runtime?.name;
    if (runtime !== "nodejs") {
        throw new Error(`${projectFile} has runtime "${runtime}"; the offline plan runs nodejs (TypeScript) programs only.`);
    }
    const entry = resolveEntry(path.resolve(path.dirname(projectFile), project.main ?? "."));

    const config: Record<string, unknown> = {};
    const secretKeys: string[] = [];
    // Project-level defaults first, then the stack's own values.
    for (const [key, spec] of Object.entries<any>(project.config ?? {})) {
        const value = spec && typeof spec === "object" && "default" in spec ? spec.default : spec && typeof spec === "object" && "value" in spec ? spec.value : undefined;
        if (value !== undefined) {
            config[qualify(project.name, key)] = value;
        }
    }
    const stackFile = path.join(absolute, `Pulumi.${stack}.yaml`);
    if (fs.existsSync(stackFile)) {
        const stackConfig = (YAML.parse(fs.readFileSync(stackFile, "utf8")) ?? {}).config ?? {};
        for (const [key, value] of Object.entries(stackConfig)) {
            const qualified = qualify(project.name, key);
            const { value: clean, secret } = withoutSecrets(qualified, value);
            config[qualified] = clean;
            if (secret) {
                secretKeys.push(qualified);
            }
        }
    } else if (stack !== "dev") {
        throw new Error(`${absolute} has no Pulumi.${stack}.yaml; stacks found: ${stacksIn(absolute).join(", ") || "none"}.`);
    }
    return { dir: absolute, project: project.name, entry, stack, config, secretKeys };
}

function stacksIn(dir: string): string[] {
    return fs.readdirSync(dir).map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1]).filter((s): s is string => !!s);
}

function qualify(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/** Replaces every `secure:` value (at any depth) with a placeholder. */
function withoutSecrets(key: string, value: unknown): { value: unknown; secret: boolean } {
    if (value && typeof value === "object" && !Array.isArray(value) && "secure" in value) {
        return { value: secretPlaceholder(key), secret: true };
    }
    if (value && typeof value === "object") {
        let secret = false;
        const out: any = Array.isArray(value) ? [] : {};
        for (const [k, v] of Object.entries(value)) {
            const inner = withoutSecrets(`${key}.${k}`, v);
            out[k] = inner.value;
            secret ||= inner.secret;
        }
        return { value: out, secret };
    }
    return { value, secret: false };
}

function resolveEntry(main: string): string {
    if (fs.existsSync(main) && fs.statSync(main).isFile()) {
        return main;
    }
    for (const candidate of ["index.ts", "index.js"]) {
        const file = path.join(main, candidate);
        if (fs.existsSync(file)) {
            return file;
        }
    }
    const packageJson = path.join(main, "package.json");
    if (fs.existsSync(packageJson)) {
        const pkgMain = JSON.parse(fs.readFileSync(packageJson, "utf8")).main;
        if (pkgMain && fs.existsSync(path.join(main, pkgMain))) {
            return path.join(main, pkgMain);
        }
    }
    throw new Error(`no program entry in ${main}: expected index.ts, index.js or a package.json "main".`);
}

/**
 * Makes `import ... from "eventbridge-kit"` (and its subpaths) inside a program resolve to this
 * copy of the package, so examples run against the sources they ship with.
 */
export function aliasPackage(packageRoot: string): () => void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Module = require("module") as { _resolveFilename: (request: string, ...rest: any[]) => string };
    const targets: Record<string, string> = {
        "eventbridge-kit": path.join(packageRoot, "components", "index"),
        "eventbridge-kit/patterns": path.join(packageRoot, "components", "patterns", "index"),
        "eventbridge-kit/testing": path.join(packageRoot, "testing", "index"),
        "eventbridge-kit/policy": path.join(packageRoot, "policy", "index"),
    };
    const original = Module._resolveFilename;
    Module._resolveFilename = function (request: string, ...rest: any[]) {
        const target = targets[request];
        return original.call(this, target ?? request, ...rest);
    };
    return () => { Module._resolveFilename = original; };
}

/** Lets `require` load TypeScript programs when the CLI itself runs as JavaScript. */
export function ensureTypeScript(): void {
    if ((require.extensions as Record<string, unknown>)[".ts"]) {
        return;
    }
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
    } catch {
        throw new Error("running a TypeScript program needs ts-node: npm install --save-dev ts-node");
    }
}

/**
 * Forgets the program's modules (and the examples it may combine) so a second plan in the same
 * process runs it afresh; the package's own modules stay loaded.
 */
export function forgetModules(entry: string, packageRoot: string): void {
    const roots = [path.dirname(entry), path.join(packageRoot, "examples")].map((d) => d + path.sep);
    for (const key of Object.keys(require.cache)) {
        if (roots.some((root) => key.startsWith(root)) && !key.includes(`${path.sep}node_modules${path.sep}`)) {
            delete require.cache[key];
        }
    }
}
