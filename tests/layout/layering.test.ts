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

/**
 * What is wrong with importing another folder's `internal/`: a file may import `x/internal/...`
 * only from inside `x/`, the folder that owns it. Undefined when the import is fine.
 */
export function internalImportProblem(imported: Import): string | undefined {
    if (!imported.specifier.startsWith(".")) {
        return undefined;
    }
    const from = path.relative(root, imported.from).split(path.sep).join("/");
    const to = path.relative(root, path.resolve(path.dirname(imported.from), imported.specifier)).split(path.sep).join("/");
    const segments = to.split("/");
    const at = segments.indexOf("internal");
    if (at < 0) {
        return undefined;
    }
    const owner = segments.slice(0, at).join("/");
    if (from.startsWith(`${owner}/`)) {
        return undefined;
    }
    return `${from} imports "${imported.specifier}": ${owner}/internal/ is for ${owner}/ only; move what both need to a public module of the lowest layer that needs it`;
}

/** The file a relative specifier names among `files` (`x`, `x.ts`, `x/index.ts`), if any. */
function resolvedIn(files: ReadonlySet<string>, from: string, specifier: string): string | undefined {
    const base = path.resolve(path.dirname(from), specifier);
    return [base, `${base}.ts`, path.join(base, "index.ts")].find((candidate) => files.has(candidate));
}

/** Each file's imports among `files`, type-only ones included: a cycle of types is one for a reader too. */
export function importGraph(files: readonly string[], textOf: (file: string) => string = (file) => fs.readFileSync(file, "utf8")): Map<string, string[]> {
    const known = new Set(files);
    return new Map(files.map((file) => [file, [...new Set(importsOf(file, textOf(file))
        .filter((i) => i.specifier.startsWith("."))
        .map((i) => resolvedIn(known, file, i.specifier))
        .filter((target): target is string => target !== undefined))]]));
}

/**
 * One cycle of each group of files that import each other (a strongly connected group), as a
 * path that starts and ends at the group's first file by name: the shortest way back to it.
 */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
    // Tarjan's strongly connected components.
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const groups: string[][] = [];
    const visit = (file: string): void => {
        index.set(file, index.size);
        low.set(file, index.get(file)!);
        stack.push(file);
        onStack.add(file);
        for (const next of graph.get(file) ?? []) {
            if (!index.has(next)) {
                visit(next);
                low.set(file, Math.min(low.get(file)!, low.get(next)!));
            } else if (onStack.has(next)) {
                low.set(file, Math.min(low.get(file)!, index.get(next)!));
            }
        }
        if (low.get(file) === index.get(file)) {
            const group: string[] = [];
            let member: string;
            do {
                member = stack.pop()!;
                onStack.delete(member);
                group.push(member);
            } while (member !== file);
            if (group.length > 1 || (graph.get(file) ?? []).includes(file)) groups.push(group);
        }
    };
    [...graph.keys()].sort().forEach((file) => { if (!index.has(file)) visit(file); });
    return groups.map((group) => {
        const members = new Set(group);
        const start = [...group].sort()[0];
        // Breadth first from the start, within the group, back to it.
        const cameFrom = new Map<string, string>();
        const queue = [start];
        while (queue.length > 0) {
            const file = queue.shift()!;
            for (const next of graph.get(file) ?? []) {
                if (!members.has(next)) continue;
                if (next === start) {
                    const route = [file];
                    while (route[0] !== start) route.unshift(cameFrom.get(route[0])!);
                    return [...route, start];
                }
                if (!cameFrom.has(next) && next !== start) {
                    cameFrom.set(next, file);
                    queue.push(next);
                }
            }
        }
        return [start, start];
    }).sort((a, b) => a[0].localeCompare(b[0]));
}

const shown = (cycle: readonly string[]): string => cycle.map((file) => path.relative(root, file).split(path.sep).join("/")).join(" → ");

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

    it("no module imports another folder's internal/", () => {
        const files = layers.filter((l) => !l.folder.includes("/")).flatMap((l) => sourceFiles(path.join(root, l.folder)));
        const problems = files.flatMap((file) => importsOf(file)).map(internalImportProblem).filter((p): p is string => p !== undefined);
        assert.deepStrictEqual(problems, []);
    });

    it("refuses an import of another folder's internal/ (type-only too), and allows one from inside the folder that owns it", () => {
        const at = (file: string, text: string) => importsOf(path.join(root, file), text).map(internalImportProblem);
        assert.match(at("offline/delivery.ts", 'import { failFor } from "../components/internal/errors";')[0]!,
            /^offline\/delivery\.ts imports "\.\.\/components\/internal\/errors": components\/internal\/ is for components\/ only/);
        assert.match(at("testing/index.ts", 'import type { Unknown } from "../policy/internal/values";')[0]!, /policy\/internal\/ is for policy\/ only/);
        assert.match(at("multi-language/shapes.ts", 'const e = require("../components/internal/errors");')[0]!, /components\/internal\/ is for components\/ only/);
        assert.deepStrictEqual(at("components/rules/safe-rule.ts", 'import { parseArn } from "../internal/arns";'), [undefined]);
        assert.deepStrictEqual(at("components/ingress/webhook-ingress.ts", 'import { accountContext } from "../internal/account";'), [undefined]);
        assert.deepStrictEqual(at("policy/rules.ts", 'import { resourcePolicy } from "./internal/define";'), [undefined]);
        assert.deepStrictEqual(at("offline/routing.ts", 'import { plain } from "../policy/values";'), [undefined]);
    });

    it("no import cycle among the shipped files, type-only imports included", () => {
        const files = layers.filter((l) => !l.folder.includes("/")).flatMap((l) => sourceFiles(path.join(root, l.folder)));
        assert.deepStrictEqual(importCycles(importGraph(files)).map(shown), []);
    });

    it("finds an import cycle, one closed by a type-only import too, and prints it as a path", () => {
        const texts: Record<string, string> = {
            "offline/a.ts": 'import { b } from "./b";',
            "offline/b.ts": 'import type { C } from "./c";',
            "offline/c.ts": 'export type { A } from "./a";\nimport { d } from "./d";',
            "offline/d.ts": 'import { pattern } from "../components/patterns";',
            "offline/e.ts": 'import { e } from "./e";',
            "offline/f.ts": 'import { a } from "./a";\nimport { g } from "./g";',
            "offline/g.ts": 'const f = require("./f");',
        };
        const files = Object.keys(texts).map((file) => path.join(root, file));
        const graph = importGraph(files, (file) => texts[path.relative(root, file).split(path.sep).join("/")]);
        assert.deepStrictEqual(importCycles(graph).map(shown), [
            "offline/a.ts → offline/b.ts → offline/c.ts → offline/a.ts",
            "offline/e.ts → offline/e.ts",
            "offline/f.ts → offline/g.ts → offline/f.ts",
        ]);
        delete texts["offline/c.ts"];
        const withoutC = Object.keys(texts).map((file) => path.join(root, file));
        assert.deepStrictEqual(importCycles(importGraph(withoutC, (file) => texts[path.relative(root, file).split(path.sep).join("/")])).map(shown), [
            "offline/e.ts → offline/e.ts",
            "offline/f.ts → offline/g.ts → offline/f.ts",
        ]);
    });
});
