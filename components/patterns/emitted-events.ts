/**
 * Can a pattern ever match what a publisher emits? A pattern is checked against a description of
 * the events (their `source`, their detail-types and the fields of each one's `detail`): a
 * `source` or `detail-type` value never emitted, or a `detail.*` field no event of the selected
 * detail-types has, means the rule can never fire on those events. Each problem says which field,
 * why, and the nearest field or value that exists ("did you mean").
 */
import { parseJsonPath } from "./json-path";
import { matchesPattern } from "./match";
import { editDistance } from "./parse";

/**
 * The fields under one JSON value: an object's keys (array elements are looked through, as
 * EventBridge does), `"value"` for a string, number or boolean, `"unknown"` when what is below
 * is not known (a map of user keys, a value only ever seen as null or an empty array).
 */
export type FieldShape = { readonly [key: string]: FieldShape } | "value" | "unknown";

/** What one publisher emits: enough to tell whether a pattern can match any of it. */
export interface EmittedEvents {
    /** Who emits them, as messages name it: `WebhookIngress "hooks" (github)`. */
    readonly emitter: string;
    /** The `source` of every event. */
    readonly source: string;
    /** Each detail-type it emits, with the shape of those events' `detail`. */
    readonly detailTypes: Readonly<Record<string, FieldShape>>;
    /** Sources that look like this one's but are other publishers' own (github.com beside gitlab.com): never taken for a typo of it. */
    readonly distinctSources?: readonly string[];
    /** Detail-types beyond the listed ones (a header's value, a provider's open-ended type family), with their `detail`. */
    readonly otherDetailTypes?: {
        readonly description: string;
        readonly accepts: (detailType: string) => boolean;
        readonly detail: FieldShape;
    };
    /**
     * Parts of the detail whose fields depend on a version the sender chooses (Stripe's
     * `data.object` follows each account's API version): a field missing there is reported only
     * when it is one typo from a field that exists, since an older version may well send it.
     */
    readonly versioned?: {
        readonly paths: readonly (readonly string[])[];
        /** Which version the shapes describe, for messages: `the Stripe API version of stripe@23.1.0`. */
        readonly version: string;
    };
}

/** One reason a pattern never matches the events: the field, what is wrong, and the fix. */
export interface EmittedEventsProblem {
    /** `source`, `detail-type` or the dotted field, e.g. `detail.action`. */
    readonly field: string;
    /** The nearest value or field that exists, when one is near. */
    readonly suggestion?: string;
    /** The whole sentence: field, rule broken, fix. */
    readonly message: string;
}

interface PatternLeaf {
    readonly path: readonly string[];
    readonly matchers: readonly unknown[];
}

/** Past this many `$or` combinations the pattern is not expanded (EventBridge caps them near 1000 anyway). */
const MAX_BRANCHES = 1024;

/**
 * The problems that keep `pattern` from ever matching an event of `emitted`. A pattern whose
 * `source` does not name the publisher's (nor a value one typo away) is about other events and
 * gives none. Prefix, suffix, wildcard, anything-but and the other operators on `source` and
 * `detail-type` are evaluated with EventBridge's own matching; each `$or` branch is checked on
 * its own.
 */
export function checkPatternAgainstEmittedEvents(pattern: unknown, emitted: EmittedEvents): EmittedEventsProblem[] {
    if (typeof pattern !== "object" || pattern === null || Array.isArray(pattern)) {
        return [];
    }
    const branches = expand(pattern as Record<string, unknown>, []);
    if (branches === undefined) {
        return [];
    }
    const problems = new Map<string, EmittedEventsProblem>();
    for (const branch of branches) {
        for (const problem of checkBranch(branch, emitted).problems) {
            problems.set(problem.message, problem);
        }
    }
    return [...problems.values()];
}

/**
 * The problems with the JSON paths a target reads from the events (an input transformer's
 * `inputPaths`, by name, or an `inputPath`): a `$.detail.…` path that no event of `emitted` the
 * pattern matches has, so the target never gets that value. Paths outside `detail`, and events
 * the pattern does not take from this publisher, give none.
 */
export function checkInputPathsAgainstEmittedEvents(pattern: unknown, paths: Readonly<Record<string, string>>, emitted: EmittedEvents): EmittedEventsProblem[] {
    if (typeof pattern !== "object" || pattern === null || Array.isArray(pattern)) {
        return [];
    }
    const selections = (expand(pattern as Record<string, unknown>, []) ?? []).map((branch) => checkBranch(branch, emitted).selection).filter((s) => s !== undefined);
    const shapes = selections.flatMap((s) => s.shapes);
    if (shapes.length === 0) {
        return [];
    }
    const names = selections.every((s) => s.names !== "") ? ` ${[...new Set(selections.map((s) => s.names.trim()))].join(" or ")}` : "";
    const problems: EmittedEventsProblem[] = [];
    for (const [name, path] of Object.entries(paths)) {
        const fields = detailFieldsOf(path);
        if (fields === undefined || shapes.some((shape) => shapeHasField(shape, fields))) continue;
        const { versioned, nearest } = missingField(emitted, shapes, fields);
        if (versioned && nearest === undefined) continue;
        problems.push({
            field: name,
            suggestion: nearest === undefined ? undefined : `$.detail.${nearest}`,
            message: `${name} (${path}): no${names} event from ${emitted.emitter}${versioned ? ` in ${emitted.versioned!.version}` : ""} has this field, so the target never gets a value for it; ` +
                (nearest !== undefined ? `did you mean $.detail.${nearest}?` : `its fields are under ${topFields(shapes)}.`),
        });
    }
    return problems;
}

/** The fields a `$.detail.…` JSON path names, up to its first wildcard; undefined for any other path. */
function detailFieldsOf(path: string): string[] | undefined {
    const steps = parseJsonPath(path);
    if (typeof steps === "string" || steps[0]?.kind !== "field" || steps[0].name !== "detail") return undefined;
    const fields: string[] = [];
    for (const step of steps.slice(1)) {
        if (step.kind === "wildcard") break;
        // An index reads an array's element: the same field, as EventBridge looks through arrays.
        if (step.kind === "field") fields.push(step.name);
    }
    return fields.length > 0 ? fields : undefined;
}

/** The pattern as its `$or` alternatives, each a list of leaves (field path and matcher list). */
function expand(pattern: Record<string, unknown>, prefix: readonly string[]): PatternLeaf[][] | undefined {
    let result: PatternLeaf[][] = [[]];
    const combine = (alternatives: PatternLeaf[][]): boolean => {
        result = result.flatMap((leaves) => alternatives.map((more) => [...leaves, ...more]));
        return result.length <= MAX_BRANCHES;
    };
    for (const [key, value] of Object.entries(pattern)) {
        if (key === "$or" && Array.isArray(value)) {
            const alternatives: PatternLeaf[][] = [];
            for (const branch of value) {
                const expanded = typeof branch === "object" && branch !== null ? expand(branch as Record<string, unknown>, prefix) : [[]];
                if (expanded === undefined) return undefined;
                alternatives.push(...expanded);
            }
            if (!combine(alternatives)) return undefined;
        } else if (Array.isArray(value)) {
            result = result.map((leaves) => [...leaves, { path: [...prefix, key], matchers: value }]);
        } else if (typeof value === "object" && value !== null) {
            const inner = expand(value as Record<string, unknown>, [...prefix, key]);
            if (inner === undefined || !combine(inner)) return undefined;
        }
    }
    return result;
}

/** Does the matcher list of a top-level field accept this value? EventBridge's own semantics. */
function accepts(field: string, matchers: readonly unknown[], value: string): boolean {
    try {
        return matchesPattern({ [field]: matchers }, { [field]: value });
    } catch {
        // An invalid pattern is another policy's finding; nothing to say here.
        return true;
    }
}

/** The detail shapes of the events a branch takes from the publisher, and their detail-types for messages (" push", or ""). */
interface Selection {
    readonly shapes: FieldShape[];
    readonly names: string;
}

/** One branch of a pattern against one publisher: its source first, then the detail-types it selects, then their detail fields. */
function checkBranch(leaves: readonly PatternLeaf[], emitted: EmittedEvents): { problems: EmittedEventsProblem[]; selection?: Selection } {
    const source = leaves.find((l) => l.path.length === 1 && l.path[0] === "source");
    if (!source) {
        return { problems: [] };
    }
    if (!accepts("source", source.matchers, emitted.source)) {
        return { problems: sourceProblems(source, emitted) };
    }
    const detailType = leaves.find((l) => l.path.length === 1 && l.path[0] === "detail-type");
    const { problems, shapes, names } = selectDetailTypes(detailType, emitted);
    if (shapes.length === 0) {
        return { problems };
    }
    problems.push(...detailFieldProblems(leaves, emitted, shapes, names));
    return { problems, selection: { shapes, names } };
}

/** A source the publisher never emits: only a near miss is this publisher's, other sources on the same bus are other publishers'. */
function sourceProblems(source: PatternLeaf, emitted: EmittedEvents): EmittedEventsProblem[] {
    const nearMiss = source.matchers.find((m): m is string => typeof m === "string" && isNearSource(m, emitted.source) && !emitted.distinctSources?.includes(m));
    return nearMiss === undefined ? [] : [{
        field: "source",
        suggestion: emitted.source,
        message: `source: ${emitted.emitter} emits source "${emitted.source}", never "${nearMiss}", so the rule never matches its events; did you mean "${emitted.source}"?`,
    }];
}

/** The detail shapes the detail-type condition selects (all without one), and the detail-types it names that are never emitted. */
function selectDetailTypes(detailType: PatternLeaf | undefined, emitted: EmittedEvents): { problems: EmittedEventsProblem[]; shapes: FieldShape[]; names: string } {
    const problems: EmittedEventsProblem[] = [];
    const known = Object.keys(emitted.detailTypes);
    const isKnown = (value: string) => Object.prototype.hasOwnProperty.call(emitted.detailTypes, value);
    const other = emitted.otherDetailTypes;
    let selected = known;
    if (detailType) {
        selected = known.filter((dt) => accepts("detail-type", detailType.matchers, dt));
        const exact = detailType.matchers.filter((m): m is string => typeof m === "string");
        for (const value of exact) {
            if (isKnown(value) || other?.accepts(value)) continue;
            const nearest = nearestWord(value, known);
            problems.push({
                field: "detail-type",
                suggestion: nearest,
                message: `detail-type: ${emitted.emitter} never emits detail-type "${value}", so the rule never matches it; ` +
                    (nearest !== undefined ? `did you mean "${nearest}"?` : `it emits ${listed(known, other)}.`),
            });
        }
        const operators = detailType.matchers.filter((m) => typeof m === "object" && m !== null);
        if (exact.length === 0 && operators.length > 0 && selected.length === 0 && !other) {
            problems.push({
                field: "detail-type",
                message: `detail-type: ${JSON.stringify(detailType.matchers)} matches none of the detail-types ${emitted.emitter} emits (${listed(known, other)}), so the rule never matches.`,
            });
        }
    }
    const shapes = selected.map((dt) => emitted.detailTypes[dt]);
    // Values the open-ended family accepts (or no detail-type constraint at all) may have its detail.
    const otherSelected = other && (!detailType || detailType.matchers.some((m) => typeof m !== "string") ||
        detailType.matchers.some((m) => typeof m === "string" && !isKnown(m) && other.accepts(m)));
    if (otherSelected) {
        shapes.push(other.detail);
    }
    const names = detailType && selected.length > 0 && selected.length <= 3 && !otherSelected ? ` ${selected.join(" or ")}` : "";
    return { problems, shapes, names };
}

/** Conditions on detail fields none of the selected events has (`names`: their detail-types, for the message). */
function detailFieldProblems(leaves: readonly PatternLeaf[], emitted: EmittedEvents, shapes: FieldShape[], names: string): EmittedEventsProblem[] {
    const problems: EmittedEventsProblem[] = [];
    for (const leaf of leaves) {
        if (leaf.path[0] !== "detail" || leaf.path.length < 2) continue;
        const fields = leaf.path.slice(1);
        if (shapes.some((shape) => shapeHasField(shape, fields))) continue;
        const field = leaf.path.join(".");
        const { versioned, nearest } = missingField(emitted, shapes, fields);
        if (versioned && nearest === undefined) continue;
        // `exists: false` on a field that is never there holds for every event: it filters nothing.
        const absentOnly = leaf.matchers.length > 0 && leaf.matchers.every((m) => typeof m === "object" && m !== null && (m as { exists?: unknown }).exists === false);
        problems.push({
            field,
            suggestion: nearest === undefined ? undefined : `detail.${nearest}`,
            message: `${field}: no${names} event from ${emitted.emitter}${versioned ? ` in ${emitted.versioned!.version}` : ""} has this field, so ` +
                (absentOnly ? "`exists: false` holds for every event and filters nothing; " : "the rule never matches; ") +
                (nearest !== undefined ? `did you mean detail.${nearest}?` : `its fields are under ${topFields(shapes)}.`),
        });
    }
    return problems;
}

/**
 * Whether the shape has the field at these path segments. An event key may itself contain dots
 * (`"org.opencontainers.image.url"`): EventBridge flattens it to the same field as nested keys.
 */
export function shapeHasField(shape: FieldShape, fields: readonly string[], from = 0): boolean {
    if (from === fields.length || shape === "unknown") return true;
    if (shape === "value") return false;
    let key = fields[from];
    for (let end = from + 1; end <= fields.length; key += `.${fields[end]}`, end++) {
        if (Object.prototype.hasOwnProperty.call(shape, key) && shapeHasField(shape[key], fields, end)) return true;
    }
    return false;
}

function shapeAt(shape: FieldShape, fields: readonly string[]): FieldShape | undefined {
    let node: FieldShape = shape;
    for (const key of fields) {
        if (typeof node !== "object" || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
        node = node[key];
    }
    return node;
}

/** Every field path below a shape (objects, leaves and unknown subtrees), as segment lists. */
function fieldPaths(shape: FieldShape, prefix: string[], out: string[][], seen: Set<string>, depth: number): void {
    const key = prefix.join(".");
    if (prefix.length > 0 && !seen.has(key)) {
        seen.add(key);
        out.push([...prefix]);
    }
    if (typeof shape !== "object" || depth > 12) {
        return;
    }
    for (const [field, child] of Object.entries(shape)) {
        prefix.push(field);
        fieldPaths(child, prefix, out, seen, depth + 1);
        prefix.pop();
    }
}

/**
 * A field no shape has: whether it lies where fields depend on the sender's version, and the
 * field meant. Under a versioned path only a typo of the field itself is certain (one edit, same
 * depth); anything else may be a field of another version and is not the field meant.
 */
function missingField(emitted: EmittedEvents, shapes: readonly FieldShape[], fields: readonly string[]): { versioned: boolean; nearest?: string } {
    const versioned = emitted.versioned?.paths.some((prefix) => prefix.length < fields.length && prefix.every((segment, i) => fields[i] === segment)) ?? false;
    return { versioned, nearest: nearestField(shapes, fields, versioned ? { maxDistance: 1, sameDepth: true } : {}) };
}

/**
 * The field meant, for a field that does not exist: keep the longest part of the path that
 * does, then look below it for a path whose last segments are nearest to the rest (a missing
 * level, `action` → `payload.action`, or a typo, `mergd` → `merged`); the shortest wins a tie.
 */
function nearestField(shapes: readonly FieldShape[], fields: readonly string[], limits: { maxDistance?: number; sameDepth?: boolean }): string | undefined {
    let keep = fields.length - 1;
    while (keep > 0 && !shapes.some((shape) => typeof shapeAt(shape, fields.slice(0, keep)) === "object")) keep--;
    const base = fields.slice(0, keep);
    const rest = fields.slice(keep).join(".");
    const candidates: string[][] = [];
    const seen = new Set<string>();
    for (const shape of shapes) {
        const below = shapeAt(shape, base);
        if (below !== undefined) fieldPaths(below, [], candidates, seen, 0);
    }
    const restSegments = fields.length - keep;
    const threshold = limits.maxDistance ?? Math.max(1, Math.min(3, Math.floor(rest.length / 4)));
    let best: { path: string; distance: number; length: number } | undefined;
    for (const candidate of candidates) {
        if (candidate.length < restSegments || (limits.sameDepth && candidate.length > restSegments)) continue;
        const tail = candidate.slice(candidate.length - restSegments).join(".");
        if (Math.abs(tail.length - rest.length) > threshold) continue;
        const distance = editDistance(tail, rest);
        if (distance > threshold) continue;
        const path = [...base, ...candidate].join(".");
        if (!best || distance < best.distance || (distance === best.distance && (candidate.length < best.length || (candidate.length === best.length && path < best.path)))) {
            best = { path, distance, length: candidate.length };
        }
    }
    return best?.path;
}

function nearestWord(word: string, known: readonly string[]): string | undefined {
    const threshold = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
    let best: { word: string; distance: number } | undefined;
    for (const candidate of known) {
        const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
        if (distance <= threshold && (!best || distance < best.distance)) best = { word: candidate, distance };
    }
    return best?.word;
}

/** A source one slip away from the publisher's: a typo, or the provider's name without its domain. */
function isNearSource(value: string, source: string): boolean {
    const bare = source.split(".")[0];
    return editDistance(value.toLowerCase(), source.toLowerCase()) <= 2 || value.toLowerCase() === bare.toLowerCase();
}

function listed(known: readonly string[], other: EmittedEvents["otherDetailTypes"]): string {
    const shown = known.slice(0, 8).map((dt) => `"${dt}"`).join(", ") + (known.length > 8 ? `, … (${known.length} in all)` : "");
    return other ? `${shown}${shown ? " and " : ""}${other.description}` : shown;
}

function topFields(shapes: readonly FieldShape[]): string {
    const keys = new Set(shapes.flatMap((shape) => typeof shape === "object" ? Object.keys(shape) : []));
    return [...keys].map((k) => `detail.${k}`).join(", ");
}
