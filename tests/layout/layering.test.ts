import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { Import, importsOf } from "../support/imports";

const root = path.resolve(__dirname, "..", "..");

/**
 * The layers, bottom first, as CONTRIBUTING.md's Layout table gives them: a module may import its
 * own layer and the layers below; never a layer above, and never a different layer of the same
 * rank (components and handlers share only the provider facts).
 */
export function layersOf(contributing: string): { folder: string; rank: number }[] {
    const section = /^## Layout\n([\s\S]*?)^## /m.exec(contributing)?.[1] ?? "";
    return section.split("\n")
        .map((line) => /^\| (\d+) \| `([^`]+)` \|/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ folder: m[2], rank: Number(m[1]) }));
}

const layers = layersOf(fs.readFileSync(path.join(root, "CONTRIBUTING.md"), "utf8"));

/** Top-level folders that hold no shipped TypeScript: everything else must be a layer. */
const besideTheLayers = new Set(["tests", "examples", "bench", "docs", "policy-pack", "dist", "node_modules"]);

function layerOf(file: string): { folder: string; rank: number } | undefined {
    const relative = path.relative(root, file).split(path.sep).join("/");
    return layers
        .filter((l) => relative === l.folder || relative.startsWith(`${l.folder}/`))
        .sort((a, b) => b.folder.length - a.folder.length)[0];
}

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "dist" ? [] : sourceFiles(full);
        return entry.name.endsWith(".ts") ? [full] : [];
    });
}

/** What is wrong with one import, or undefined when it respects the layers. */
export function layeringProblem(imported: Import): string | undefined {
    if (!imported.specifier.startsWith(".")) {
        return undefined;
    }
    const from = layerOf(imported.from);
    const to = layerOf(path.resolve(path.dirname(imported.from), imported.specifier));
    if (!from || !to || from.folder === to.folder) {
        return undefined;
    }
    const where = `${path.relative(root, imported.from)} imports "${imported.specifier}"`;
    if (to.rank > from.rank) {
        return `${where}: ${from.folder} (layer ${from.rank}) must not import ${to.folder} (layer ${to.rank}), which is above it`;
    }
    // Sideways: components and handlers may share types (the hook contract users write against),
    // which vanish at build time, but no code.
    if (to.rank === from.rank && !imported.typeOnly) {
        return `${where}: ${from.folder} and ${to.folder} are side by side and share no code; what both need belongs in a layer below (import type is fine)`;
    }
    return undefined;
}

describe("layout: layering", () => {
    it("CONTRIBUTING.md's layer table names every folder of shipped code, and only folders that exist", () => {
        assert.ok(layers.length >= 5, `CONTRIBUTING.md's Layout table gives ${layers.length} layers`);
        const topLevel = fs.readdirSync(root, { withFileTypes: true })
            .filter((e) => e.isDirectory() && !e.name.startsWith(".") && !besideTheLayers.has(e.name))
            .filter((e) => sourceFiles(path.join(root, e.name)).length > 0)
            .map((e) => e.name).sort();
        assert.deepStrictEqual([...new Set(layers.map((l) => l.folder.split("/")[0]))].sort(), topLevel);
        for (const layer of layers) {
            assert.ok(fs.existsSync(path.join(root, layer.folder)), `${layer.folder} is in the table but not in the tree`);
        }
    });

    it("no module imports a layer above its own, nor code from a layer beside it", () => {
        const files = layers.filter((l) => !l.folder.includes("/")).flatMap((l) => sourceFiles(path.join(root, l.folder)));
        assert.ok(files.length > 100, `only ${files.length} files found`);
        const problems = files.flatMap((file) => importsOf(file)).map(layeringProblem).filter((p): p is string => p !== undefined);
        assert.deepStrictEqual(problems, []);
    });

    it("catches an upward import, a sideways value import and a require(), and allows type-only sideways imports", () => {
        const at = (file: string, text: string) => importsOf(path.join(root, file), text).map(layeringProblem);
        assert.match(at("policy/rules.ts", 'import { plan } from "../offline/plan";')[0]!, /policy \(layer 3\) must not import offline \(layer 4\)/);
        assert.match(at("components/patterns/lint.ts", 'import { x } from "../rules/safe-rule";')[0]!, /components\/patterns \(layer 0\) must not import components \(layer 1\)/);
        assert.match(at("stack/view.ts", 'const p = require("../policy");')[0]!, /stack \(layer 2\) must not import policy/);
        assert.match(at("handlers/webhook/config.ts", 'import { DEFAULTS } from "../../components/ingress/args";')[0]!, /side by side/);
        assert.deepStrictEqual(at("components/ingress/index.ts", 'export type { EnrichHook } from "../../handlers/webhook/hook";'), [undefined]);
        assert.deepStrictEqual(at("handlers/webhook/config.ts", 'import { PROVIDER_NAMES } from "../../providers";'), [undefined]);
    });
});
