/**
 * The handlers' layering: handlers/shared is what every handler uses and imports no handler;
 * the batch processor uses handlers/shared and the provider facts only, never the webhook
 * handler's internals.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const HANDLERS = path.resolve(__dirname, "../../handlers");

/** Every relative import of every .ts file under `dir`, resolved to a path relative to handlers/. */
function relativeImports(dir: string): { file: string; target: string }[] {
    const found: { file: string; target: string }[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
        if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
        const file = path.join(entry.parentPath, entry.name);
        const source = fs.readFileSync(file, "utf8");
        for (const [, specifier] of source.matchAll(/(?:from|require\()\s*"(\.{1,2}\/[^"]+)"/g)) {
            found.push({ file: path.relative(HANDLERS, file), target: path.relative(HANDLERS, path.resolve(path.dirname(file), specifier)) });
        }
    }
    return found;
}

describe("handlers/ layout", () => {
    it("batch-processor imports only handlers/shared, the provider facts and itself", () => {
        const outside = relativeImports(path.join(HANDLERS, "batch-processor")).filter(({ target }) => !/^(shared|batch-processor)\//.test(target) && !/^\.\.\/providers(\/|$)/.test(target));
        assert.deepStrictEqual(outside, []);
    });

    it("handlers/shared imports no handler (only itself, the provider facts, and the files shipped beside index.js)", () => {
        const outside = relativeImports(path.join(HANDLERS, "shared"))
            .filter(({ target }) => !target.startsWith("shared/") && target !== "../providers" && !["shared/hook.js", "shared/s3-client.js"].includes(target));
        assert.deepStrictEqual(outside, []);
    });
});
