/**
 * One line that says what a pattern matches, for plans and diagrams:
 * `source=github.com detail-type=push detail.payload.ref=refs/heads/main`.
 */
export function summarizePattern(pattern: unknown, maxValues = 3): string {
    const parts: string[] = [];
    walk(pattern, [], parts, maxValues);
    return parts.length > 0 ? parts.join(" ") : "(matches everything)";
}

function walk(node: unknown, path: string[], parts: string[], maxValues: number): void {
    if (!node || typeof node !== "object") {
        return;
    }
    if (Array.isArray(node)) {
        parts.push(`${path.join(".")}=${values(node, maxValues)}`);
        return;
    }
    for (const [key, value] of Object.entries(node)) {
        if (key === "$or" && Array.isArray(value)) {
            parts.push(`(${value.map((branch) => summarizePattern(branch, maxValues)).join(" | ")})`);
        } else {
            walk(value, [...path, key], parts, maxValues);
        }
    }
}

function values(list: unknown[], maxValues: number): string {
    const shown = list.slice(0, maxValues).map(value);
    const more = list.length > maxValues ? `|+${list.length - maxValues}` : "";
    return shown.join("|") + more;
}

function value(v: unknown): string {
    if (v === null) return "null";
    if (typeof v !== "object") return String(v);
    const [operator, argument] = Object.entries(v as object)[0] ?? ["?", undefined];
    if (operator === "exists") return argument ? "(exists)" : "(absent)";
    if (operator === "numeric" && Array.isArray(argument)) return `(${argument.join(" ")})`;
    if (operator === "anything-but") {
        return `(not ${Array.isArray(argument) ? argument.map(value).join("|") : typeof argument === "object" && argument ? value(argument) : String(argument)})`;
    }
    return `(${operator} ${typeof argument === "object" && argument !== null ? JSON.stringify(argument) : String(argument)})`;
}
