/** What the documentation says about the policy pack, read from the Markdown itself. */
import * as fs from "fs";
import * as path from "path";

export const root = path.resolve(__dirname, "..", "..");

/** README.md and every page under docs/, by path relative to the repository. */
export function documentationFiles(): { file: string; text: string }[] {
    const docs = path.join(root, "docs");
    const pages = fs.existsSync(docs) ? fs.readdirSync(docs).filter((f) => f.endsWith(".md")).map((f) => path.join("docs", f)) : [];
    return ["README.md", ...pages].map((file) => ({ file, text: fs.readFileSync(path.join(root, file), "utf8") }));
}

/** Every table whose header row starts with `header`, as rows of cells (inline code unwrapped). */
export function tablesStartingWith(text: string, header: readonly string[]): string[][][] {
    const tables: string[][][] = [];
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
        const head = cellsOf(lines[i]);
        if (!head || header.some((h, k) => head[k] !== h)) {
            continue;
        }
        const rows: string[][] = [];
        for (i += 2; i < lines.length && lines[i].startsWith("|"); i++) {
            rows.push(cellsOf(lines[i])!);
        }
        tables.push(rows);
    }
    return tables;
}

function cellsOf(line: string): string[] | undefined {
    if (!line.startsWith("|")) {
        return undefined;
    }
    return line.slice(1, line.trimEnd().endsWith("|") ? line.trimEnd().length - 1 : undefined)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replace(/\\\|/g, "|"));
}

/** The text of inline code that makes up a whole cell (`name` → name). */
export function code(cell: string): string {
    const match = /^`([^`]+)`$/.exec(cell);
    if (!match) {
        throw new Error(`expected a cell of inline code, got "${cell}"`);
    }
    return match[1];
}

export interface CodeBlock {
    /** The `## ` section it is in. */
    readonly section: string;
    /** The file it is, when the line before names one: "`package.json`:" or "`package.json` (...):". */
    readonly file?: string;
    readonly language: string;
    readonly code: string;
}

export function codeBlocks(text: string): CodeBlock[] {
    const blocks: CodeBlock[] = [];
    const lines = text.split("\n");
    let section = "";
    let previous = "";
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        if (line.startsWith("## ")) {
            section = line.slice(3).trim();
        }
        const fence = /^```(\S*)\s*$/.exec(line);
        if (fence) {
            const body: string[] = [];
            for (i++; i < lines.length && !lines[i].startsWith("```"); i++) {
                body.push(lines[i]);
            }
            const file = /^`([^`]+)`.*:$/.exec(previous)?.[1];
            blocks.push({ section, file, language: fence[1], code: body.join("\n") + "\n" });
            previous = "";
            continue;
        }
        if (line.trim() !== "") {
            previous = line.trim();
        }
    }
    return blocks;
}
