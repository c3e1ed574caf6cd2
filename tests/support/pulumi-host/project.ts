/**
 * What the Pulumi CLI reads before it starts a Node.js program: the project file, where the
 * program runs from, and the stack's configuration (decrypted, as the CLI hands it over).
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

export interface PulumiProject {
    readonly name: string;
    /** The folder holding Pulumi.yaml (`--root-directory`). */
    readonly root: string;
    /** Where the program runs (`--pwd`): the folder of `main`, or `main` itself when a folder. */
    readonly pwd: string;
    /** The entry point relative to `pwd`: a file name, or "." for the folder. */
    readonly entryPoint: string;
    /** `runtime.options` of Pulumi.yaml (typescript, tsconfig, nodeargs). */
    readonly runtimeOptions: Record<string, unknown>;
    /** Project-level config: defaults and declared keys (`secret: true` marks a secret). */
    readonly config: Record<string, any>;
}

export function readProject(dir: string): PulumiProject {
    const root = path.resolve(dir);
    const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(root, f)).find((f) => fs.existsSync(f));
    if (!file) {
        throw new Error(`${root} has no Pulumi.yaml`);
    }
    const project = YAML.parse(fs.readFileSync(file, "utf8")) ?? {};
    const runtime = typeof project.runtime === "string" ? { name: project.runtime } : project.runtime ?? {};
    if (runtime.name !== "nodejs") {
        throw new Error(`${file}: runtime "${runtime.name}" is not nodejs`);
    }
    return { name: project.name, root, ...pwdAndEntryPoint(root, project.main), runtimeOptions: runtime.options ?? {}, config: project.config ?? {} };
}

/** The CLI's rule: `main` may name a folder (run from it) or a file (run from its folder). */
function pwdAndEntryPoint(root: string, main: string | undefined): { pwd: string; entryPoint: string } {
    if (!main) {
        return { pwd: root, entryPoint: "." };
    }
    const target = path.resolve(root, main);
    return fs.statSync(target).isDirectory()
        ? { pwd: target, entryPoint: "." }
        : { pwd: path.dirname(target), entryPoint: path.basename(target) };
}

function qualify(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/** A config value as the language host passes it: strings as they are, anything else as JSON. */
function configString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * The configuration the CLI passes a program for one stack: project defaults, then
 * Pulumi.<stack>.yaml, then `overrides` (what `pulumi config set` added, secrets decrypted).
 * Keys come back namespaced (`project:key`, `aws:region`).
 */
export function stackConfig(project: PulumiProject, stack: string, overrides: Record<string, unknown> = {}): Record<string, string> {
    const config: Record<string, string> = {};
    for (const [key, spec] of Object.entries(project.config)) {
        const declared = spec !== null && typeof spec === "object" && !Array.isArray(spec);
        const value = declared ? spec.value ?? spec.default : spec;
        if (value !== undefined) {
            config[qualify(project.name, key)] = configString(value);
        }
    }
    const stackFile = path.join(project.root, `Pulumi.${stack}.yaml`);
    if (fs.existsSync(stackFile)) {
        for (const [key, value] of Object.entries<any>(YAML.parse(fs.readFileSync(stackFile, "utf8"))?.config ?? {})) {
            if (value && typeof value === "object" && "secure" in value) {
                throw new Error(`${stackFile}: ${key} is encrypted; pass its decrypted value in the run's config, as the CLI would`);
            }
            config[qualify(project.name, key)] = configString(value);
        }
    }
    for (const [key, value] of Object.entries(overrides)) {
        config[qualify(project.name, key)] = configString(value);
    }
    return config;
}

/** The secret keys, namespaced the way the SDK compares them (`project:key`). */
export function qualifiedKeys(project: PulumiProject, keys: readonly string[]): string[] {
    return keys.map((key) => qualify(project.name, key));
}

/** The language host's PULUMI_CONFIG: keys in the older `namespace:config:key` form it still sends. */
export function configEnvironment(config: Record<string, string>): string {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) {
        const [namespace, ...rest] = key.split(":");
        out[`${namespace}:config:${rest.join(":")}`] = value;
    }
    return JSON.stringify(out);
}
