/**
 * Runs every benchmark in this folder (`*.bench.ts`), one after another in this process.
 * Each benchmark measures its own baseline in the same run and prints ratios against it, so
 * the figures mean the same on a slow laptop and a fast CI machine.
 *
 *   npm run bench                 all benchmarks
 *   npm run bench -- patterns     only files whose name contains "patterns"
 */
import * as fs from "fs";
import * as path from "path";

export interface Benchmark {
    /** Prints its figures; returns nothing. */
    run(): Promise<void> | void;
}

async function main(): Promise<void> {
    const filter = process.argv[2];
    const files = fs.readdirSync(__dirname)
        .filter((f) => f.endsWith(".bench.ts"))
        .filter((f) => !filter || f.includes(filter))
        .sort();
    if (files.length === 0) {
        throw new Error(`no benchmark matches "${filter}"; files are named bench/<area>.bench.ts`);
    }
    for (const file of files) {
        console.log(`\n## ${file}`);
        const bench: Benchmark = await import(path.join(__dirname, file));
        await bench.run();
    }
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
