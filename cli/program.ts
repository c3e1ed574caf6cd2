import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

/** A Pulumi project folder and one of its stacks, read the way `pulumi` reads them. */
export interface PulumiProgram {
    /** The folder holding Pulumi.yaml. */
    readonly dir: string;
    readonly project: string;
    /** Where the program runs from: the folder of Pulumi.yaml's `main` (or `main` itself when a folder). */
    readonly pwd: string;
    /** The program relative to `pwd`: a file, or "." for the folder (then package.json decides). */
    readonly entryPoint: string;
    /** Pulumi.yaml's `runtime.options` (typescript, tsconfig). */
    readonly runtimeOptions: Readonly<Record<string, unknown>>;
    readonly stack: string;
    /** Stack config, `namespace:key` → value; secrets replaced by placeholders. */
    readonly config: Record<string, unknown>;
    readonly secretKeys: string[];
}

/** The value a secret config entry gets offline: visible as a placeholder, never the ciphertext. */
export function secretPlaceholder(key: string): string {
    return `offline-placeholder-for-${key.replace(/[^A-Za-z0-9]+/g, "-")}`;
}

/**
 * Reads Pulumi.yaml and Pulumi.<stack>.yaml of a program folder. Offline there is nothing to
 * decrypt with, so every secret (an encrypted stack value, or a key Pulumi.yaml declares
 * `secret: true` that the stack has not set yet) gets a placeholder and stays a secret.
 */
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
    const runtime = typeof project.runtime === "string" ? { name: project.runtime } : project.runtime ?? {};
    if (runtime.name !== "nodejs") {
        throw new Error(`${projectFile} has runtime "${runtime.name}"; the offline plan runs nodejs (TypeScript) programs only.`);
    }

    const config: Record<string, unknown> = {};
    const secretKeys = new Set<string>();
    const declaredSecrets: string[] = [];
    // Project-level defaults first, then the stack's own values.
    for (const [key, spec] of Object.entries<any>(project.config ?? {})) {
        const declared = spec !== null && typeof spec === "object" && !Array.isArray(spec);
        const value = declared ? spec.value ?? spec.default : spec;
        if (value !== undefined) {
            config[qualify(project.name, key)] = value;
        }
        if (declared && spec.secret === true) {
            declaredSecrets.push(qualify(project.name, key));
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
                secretKeys.add(qualified);
            }
        }
    } else if (stack !== "dev") {
        throw new Error(`${absolute} has no Pulumi.${stack}.yaml; stacks found: ${stacksIn(absolute).join(", ") || "none"}.`);
    }
    for (const key of declaredSecrets) {
        if (!(key in config)) {
            config[key] = secretPlaceholder(key);
        }
        secretKeys.add(key);
    }
    return {
        dir: absolute,
        project: project.name,
        ...pwdAndEntryPoint(absolute, project.main),
        runtimeOptions: runtime.options ?? {},
        stack,
        config,
        secretKeys: [...secretKeys],
    };
}

/** The CLI's rule for `main`: a folder is run from itself, a file from its folder. */
function pwdAndEntryPoint(root: string, main: unknown): { pwd: string; entryPoint: string } {
    if (typeof main !== "string" || main === "") {
        return { pwd: root, entryPoint: "." };
    }
    const target = path.resolve(root, main);
    if (!fs.existsSync(target)) {
        throw new Error(`project 'main' could not be read: ${target} does not exist.`);
    }
    return fs.statSync(target).isDirectory()
        ? { pwd: target, entryPoint: "." }
        : { pwd: path.dirname(target), entryPoint: path.basename(target) };
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
