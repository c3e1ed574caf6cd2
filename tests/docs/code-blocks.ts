/**
 * The TypeScript blocks of the README and docs/, as files a compiler can check.
 *
 * A block is a fence whose info string starts with `ts` or `typescript`. Two markers, both in the
 * Markdown source and invisible once rendered:
 * - `<!-- prelude: ... -->` right before a block: declarations the reader already has from the
 *   surrounding text (`cfg`, `bus`...), prepended when checking so the block shows only what matters;
 * - `ts fragment` as the info string: a piece of a larger program, not checked. Keep these few.
 */
import * as fs from "fs";
import * as path from "path";

export interface CodeBlock {
    /** The Markdown file, relative to the repository root. */
    file: string;
    /** 1-based line of the block's first code line in the Markdown file. */
    line: number;
    code: string;
    prelude: string;
    fragment: boolean;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)([^`]*)$/;
const PRELUDE = /<!--\s*prelude:((?:(?!-->)[\s\S])*)-->\s*$/;

export function extractCodeBlocks(file: string, markdown: string): CodeBlock[] {
    const lines = markdown.split("\n");
    const blocks: CodeBlock[] = [];
    for (let i = 0; i < lines.length; i++) {
        const open = FENCE.exec(lines[i]);
        if (!open) continue;
        const [, indent, fence, language, rest] = open;
        let end = i + 1;
        while (end < lines.length && !(lines[end].trim().startsWith(fence) && lines[end].trim().replace(/[`~]/g, "") === "")) end++;
        if (language === "ts" || language === "typescript") {
            const before = lines.slice(0, i).join("\n").trimEnd();
            const prelude = PRELUDE.exec(before)?.[1].trim() ?? "";
            const code = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join("\n");
            blocks.push({ file, line: i + 2, code, prelude, fragment: /\bfragment\b/.test(rest) });
        }
        i = end;
    }
    return blocks;
}

/** README.md, CONTRIBUTING.md and every page of docs/ (not the generated docs/api). */
export function documentationFiles(root: string): string[] {
    const docs = fs.existsSync(path.join(root, "docs"))
        ? fs.readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)
        : [];
    return ["README.md", "CONTRIBUTING.md", ...docs].filter((f) => fs.existsSync(path.join(root, f)));
}

/**
 * The source of a block as a module of its own (so two blocks may declare the same names), and
 * how many lines precede the block's own first line in it.
 */
export function blockSource(block: CodeBlock): { text: string; offset: number } {
    const head = block.prelude ? `${block.prelude}\n` : "";
    return { text: `${head}${block.code}\nexport {};\n`, offset: head === "" ? 0 : head.split("\n").length - 1 };
}
