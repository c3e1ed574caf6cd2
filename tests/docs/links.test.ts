// Relative links in the README, CONTRIBUTING and docs/ point at files that exist and, for a
// Markdown page, at a heading it has: moving or renaming a section cannot leave a dead link.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { documentationFiles } from "./code-blocks";
import { root } from "./docs-program";

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
    return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
}

/** The Markdown without fenced blocks (and inline code, for links), where `#` and `](` mean nothing. */
function withoutCode(markdown: string, { inline = true } = {}): string {
    let fence: string | undefined;
    const kept: string[] = [];
    for (const line of markdown.split("\n")) {
        const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
        if (fence === undefined && marker) fence = marker;
        else if (fence !== undefined && marker === fence && line.trim() === fence) fence = undefined;
        else if (fence === undefined) kept.push(inline ? line.replace(/`[^`]*`/g, "") : line);
    }
    return kept.join("\n");
}

function anchorsOf(markdown: string): Set<string> {
    return new Set(withoutCode(markdown, { inline: false }).split("\n").filter((l) => /^#{1,6} /.test(l)).map((l) => headingAnchor(l.replace(/^#+ /, ""))));
}

describe("docs: links", () => {
    it("turns headings into GitHub's anchors", () => {
        assert.strictEqual(headingAnchor("Retries: which failures reach the dead-letter queue"), "retries-which-failures-reach-the-dead-letter-queue");
        assert.strictEqual(headingAnchor("The service-linked role: `manageServiceLinkedRole`"), "the-service-linked-role-manageservicelinkedrole");
    });

    it("keeps the anchors of headings with inline code", () => {
        assert.ok(anchorsOf("## The service-linked role: `manageServiceLinkedRole`\n```sh\n# not a heading\n```\n").has("the-service-linked-role-manageservicelinkedrole"));
        assert.ok(!anchorsOf("```sh\n# not a heading\n```\n").has("not-a-heading"));
    });

    it("every relative link resolves to a file, and every anchor to a heading", () => {
        const dead: string[] = [];
        for (const file of documentationFiles(root)) {
            const text = fs.readFileSync(path.join(root, file), "utf8");
            for (const [, target] of withoutCode(text).matchAll(/\]\(([^)\s]+)\)/g)) {
                if (/^[a-z]+:/i.test(target)) continue;
                const [relative, anchor] = target.split("#");
                const resolved = relative === "" ? path.join(root, file) : path.resolve(path.dirname(path.join(root, file)), relative);
                if (!fs.existsSync(resolved)) {
                    dead.push(`${file}: ${target} (no such file)`);
                } else if (anchor !== undefined && resolved.endsWith(".md") && !anchorsOf(fs.readFileSync(resolved, "utf8")).has(anchor)) {
                    dead.push(`${file}: ${target} (no such heading)`);
                }
            }
        }
        assert.deepStrictEqual(dead, []);
    });
});
