/**
 * What differs between two plans (dev against prod, or before and after a change): resources
 * only in one of them, and for the others every setting and policy statement that changed.
 * Resources are matched by type and name (the URN without its stack), and values that point at
 * other resources are compared by what they point at (`queue orders-dlq`), so two stacks that
 * differ only in account, region or physical names compare equal.
 */
import { createHash } from "crypto";
import type { PlannedResource } from "../offline/types";
import { References, statements } from "./render";

/** The part of a plan a comparison reads; a `--format json` document is one. */
export interface ComparablePlan {
    readonly stack: string;
    readonly resources: readonly Pick<PlannedResource, "type" | "name" | "urn" | "custom" | "inputs" | "outputs">[];
}

export interface ResourceChange {
    readonly type: string;
    readonly name: string;
    /** `path: value` lines only in the other plan (removed) and only in this one (added). */
    readonly removed: readonly string[];
    readonly added: readonly string[];
}

export interface PlanComparison {
    readonly stack: string;
    readonly otherStack: string;
    readonly added: readonly { type: string; name: string }[];
    readonly removed: readonly { type: string; name: string }[];
    readonly changed: readonly ResourceChange[];
}

/** Properties holding IAM or resource policy documents: compared statement by statement. */
const documentKeys = new Set(["policy", "assumeRolePolicy"]);

/** `type::name` below the project: the same resource in any stack. */
function keyOf(urn: string): string {
    return urn.split("::").slice(2).join("::");
}

/** Every setting as `path: value` lines, with references named and documents as statements. */
function settingLines(inputs: Record<string, any>, refs: References): string[] {
    const lines: string[] = [];
    const walk = (value: unknown, path: string, key: string): void => {
        if (documentKeys.has(key) && (typeof value === "string" || (value !== null && typeof value === "object"))) {
            for (const statement of statements(value, refs)) lines.push(`${path}: ${statement}`);
        } else if (Array.isArray(value)) {
            value.forEach((item, i) => walk(item, `${path}[${i}]`, key));
        } else if (value !== null && typeof value === "object") {
            for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k, k);
        } else if (key === "hook.js" && typeof value === "string") {
            // A bundled hook is long: a changed hook shows as a changed digest, not as its whole text.
            lines.push(`${path}: sha256 ${createHash("sha256").update(value).digest("hex").slice(0, 16)} (${value.length} bytes)`);
        } else {
            lines.push(`${path}: ${typeof value === "string" ? refs.name(value) : JSON.stringify(value)}`);
        }
    };
    walk(JSON.parse(JSON.stringify(inputs)), "", "");
    return lines;
}

export function comparePlans(current: ComparablePlan, other: ComparablePlan): PlanComparison {
    const refs = new References(current.resources as PlannedResource[]);
    const otherRefs = new References(other.resources as PlannedResource[]);
    const byKey = new Map(other.resources.map((r) => [keyOf(r.urn), r]));
    const seen = new Set<string>();
    const added: { type: string; name: string }[] = [];
    const changed: ResourceChange[] = [];
    for (const resource of current.resources) {
        const key = keyOf(resource.urn);
        const counterpart = byKey.get(key);
        if (!counterpart) {
            added.push({ type: resource.type, name: resource.name });
            continue;
        }
        seen.add(key);
        const mine = settingLines(resource.inputs, refs);
        const theirs = settingLines(counterpart.inputs, otherRefs);
        const removedLines = theirs.filter((line) => !mine.includes(line));
        const addedLines = mine.filter((line) => !theirs.includes(line));
        if (removedLines.length > 0 || addedLines.length > 0) {
            changed.push({ type: resource.type, name: resource.name, removed: removedLines, added: addedLines });
        }
    }
    const removed = other.resources.filter((r) => !seen.has(keyOf(r.urn))).map((r) => ({ type: r.type, name: r.name }));
    return { stack: current.stack, otherStack: other.stack, added, removed, changed };
}

export function renderComparison(comparison: PlanComparison, otherLabel: string): string {
    const { added, removed, changed } = comparison;
    if (added.length + removed.length + changed.length === 0) {
        return `Compared with ${otherLabel}: no difference`;
    }
    const lines = [`Compared with ${otherLabel}: ${added.length} added, ${removed.length} removed, ${changed.length} changed (- ${otherLabel}, + ${comparison.stack})`];
    for (const r of added) lines.push(`+ ${r.type} "${r.name}"`);
    for (const r of removed) lines.push(`- ${r.type} "${r.name}"`);
    for (const r of changed) {
        lines.push(`~ ${r.type} "${r.name}"`);
        for (const line of r.removed) lines.push(`    - ${line}`);
        for (const line of r.added) lines.push(`    + ${line}`);
    }
    return lines.join("\n");
}
