import * as fs from "fs";
import * as path from "path";

/** A module of the user's that the webhook handler calls for each verified event. */
export interface WebhookHookArgs {
    /**
     * Path of a TypeScript or JavaScript module exporting
     * `async function enrich(event): Promise<event | null>` (null drops the event on purpose).
     * Relative paths are resolved from the Pulumi program's working directory. It is bundled
     * with its imports into `hook.js` when the component is constructed.
     */
    readonly module: string;
}

/** The subset of esbuild's API used here (esbuild is loaded only when a hook is given). */
interface Esbuild {
    buildSync(options: Record<string, unknown>): {
        outputFiles?: { path: string; text: string }[];
        metafile?: { outputs: Record<string, { exports: string[] }> };
    };
}

function loadEsbuild(field: string): Esbuild {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require("esbuild") as Esbuild;
    } catch {
        throw new HookError(field, "needs esbuild to bundle the hook module, and it is not installed.",
            "Run `npm install --save-dev esbuild` in the Pulumi project.");
    }
}

export class HookError extends Error {
    constructor(readonly field: string, readonly problem: string, readonly fix: string) {
        super(`${field}: ${problem} ${fix}`);
        this.name = "HookError";
    }
}

/**
 * Bundles the hook module into one CommonJS file for Node 22 (what the Lambda runtime loads
 * next to the handler). Minified and without source paths or comments, so the same source
 * always yields the same bytes and an unchanged hook never shows a diff.
 */
export function bundleHook(hook: WebhookHookArgs, field = "hook.module", cwd: string = process.cwd()): string {
    if (typeof hook?.module !== "string" || hook.module.length === 0) {
        throw new HookError(field, "is empty.", "Set it to the path of a module exporting `enrich`, e.g. \"./webhook-hook.ts\".");
    }
    const entry = path.resolve(cwd, hook.module);
    if (!fs.existsSync(entry) || !fs.statSync(entry).isFile()) {
        throw new HookError(field, `"${hook.module}" does not exist (looked for ${entry}).`,
            "Give a path relative to the Pulumi program's directory, or an absolute path.");
    }
    const esbuild = loadEsbuild(field);
    const common = {
        entryPoints: [entry],
        absWorkingDir: path.dirname(entry),
        bundle: true,
        platform: "node",
        target: "node22",
        minify: true,
        legalComments: "none",
        sourcemap: false,
        write: false,
        logLevel: "silent",
        outfile: "hook.js",
    };
    let exports: string[];
    let code: string;
    try {
        // ESM analysis gives the module's export names; the CommonJS build is what Lambda loads.
        const analysis = esbuild.buildSync({ ...common, format: "esm", metafile: true });
        exports = Object.values(analysis.metafile?.outputs ?? {}).flatMap((o) => o.exports);
        code = esbuild.buildSync({ ...common, format: "cjs" }).outputFiles?.[0]?.text ?? "";
    } catch (error) {
        throw new HookError(field, `"${hook.module}" does not build: ${error instanceof Error ? error.message : String(error)}`,
            "Fix the module so it compiles on its own.");
    }
    if (!exports.includes("enrich")) {
        throw new HookError(field, `"${hook.module}" does not export \`enrich\` (it exports ${exports.length ? exports.join(", ") : "nothing"}).`,
            "Export `async function enrich(event)` returning the event, a changed event, or null to drop it.");
    }
    return code;
}
