/**
 * The JSON path subset EventBridge evaluates in input transformers: `$`, dot notation with
 * letters, digits, `-`, `_` and `/`, array indices (`[0]`) and wildcards (`.*`, `[*]`).
 */

/** One step of a path: a field name, an array index, or a wildcard. */
export type PathStep = { readonly kind: "field"; readonly name: string } | { readonly kind: "index"; readonly index: number } | { readonly kind: "wildcard" };

/** A parsed path, or a message saying why it is not one EventBridge supports. */
export function parseJsonPath(path: string): PathStep[] | string {
    if (!path.startsWith("$")) {
        return `must start with "$", e.g. "$.detail.state"`;
    }
    const steps: PathStep[] = [];
    const re = /\.([A-Za-z0-9_\-/]+)|\.\*|\[(\d+)\]|\[\*\]/y;
    re.lastIndex = 1;
    while (re.lastIndex < path.length) {
        const at = re.lastIndex;
        const m = re.exec(path);
        if (!m) {
            return `unsupported syntax at ${JSON.stringify(path.slice(at))}: EventBridge supports dot notation with letters, digits, "-", "_" and "/", array indices like [0], and wildcards (.* or [*])`;
        }
        if (m[1] !== undefined) {
            steps.push({ kind: "field", name: m[1] });
        } else if (m[2] !== undefined) {
            steps.push({ kind: "index", index: Number(m[2]) });
        } else {
            steps.push({ kind: "wildcard" });
        }
    }
    return steps;
}

/**
 * The value at a path, or undefined when the event has nothing there. A path with a wildcard
 * yields the array of everything it reaches.
 */
export function evaluateJsonPath(steps: readonly PathStep[], root: unknown): unknown {
    const wildcard = steps.some((s) => s.kind === "wildcard");
    let current: unknown[] = [root];
    for (const step of steps) {
        const next: unknown[] = [];
        for (const value of current) {
            if (step.kind === "field") {
                if (isObject(value) && Object.prototype.hasOwnProperty.call(value, step.name)) {
                    next.push(value[step.name]);
                }
            } else if (step.kind === "index") {
                if (Array.isArray(value) && step.index < value.length) {
                    next.push(value[step.index]);
                }
            } else if (Array.isArray(value)) {
                next.push(...value);
            } else if (isObject(value)) {
                next.push(...Object.values(value));
            }
        }
        current = next;
    }
    if (wildcard) {
        return current;
    }
    return current.length > 0 ? current[0] : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
