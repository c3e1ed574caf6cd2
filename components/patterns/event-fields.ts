/**
 * Reads from an event the leaf values of the fields some pattern names, each with the array
 * elements it came from, walking only the parts of the event those fields lead into.
 */
import type { EventValue } from "./matchers";

/** An event's value for a field, with the array elements it came from (`[arrayId, index, ...]`). */
export interface EventField {
    readonly value: EventValue;
    readonly membership: readonly number[] | null;
}

/** The event as an object: parses JSON text, refuses anything but an object. */
export function eventRoot(event: unknown): Record<string, unknown> {
    const root = typeof event === "string" ? JSON.parse(event) as unknown : event;
    if (typeof root !== "object" || root === null || Array.isArray(root)) {
        throw new TypeError(`an event must be a JSON object (or its JSON text), not ${root === null ? "null" : Array.isArray(root) ? "an array" : typeof root}`);
    }
    return root as Record<string, unknown>;
}

/**
 * Past this many edges, a node is walked through the event object's own keys instead: the
 * cost then follows the fields the event has, not how many fields the patterns name.
 */
const MAX_EDGE_LOOKUPS = 16;

/**
 * The patterns' field names as a tree of name segments, so walking an event needs no string
 * building and visits no unrelated keys. Event keys that themselves contain dots
 * (`{"a.b": {"c": 1}}` is field `a.b.c`) are covered by extra edges from a node to every
 * deeper node, keyed by the joined segments.
 */
export class PathNode {
    readonly children = new Map<string, PathNode>();
    edges: [string, PathNode][] = [];
    /** All edges by key, when there are too many to look up one by one. */
    edgesByKey?: Map<string, PathNode>;
    wanted = false;
    constructor(readonly name: string) {}
}

export function buildPathTree(names: Iterable<string>): PathNode {
    const root = new PathNode("");
    for (const name of names) {
        let node = root;
        for (const segment of name.split(".")) {
            let child = node.children.get(segment);
            if (!child) {
                child = new PathNode(node === root ? segment : `${node.name}.${segment}`);
                node.children.set(segment, child);
            }
            node = child;
        }
        node.wanted = true;
    }
    const addEdges = (node: PathNode): void => {
        const edges = new Map<string, PathNode>();
        const descend = (from: PathNode, key: string): void => {
            for (const [segment, child] of from.children) {
                const joined = key === "" ? segment : `${key}.${segment}`;
                if (!edges.has(joined)) {
                    edges.set(joined, child);
                }
                descend(child, joined);
            }
        };
        descend(node, "");
        node.edges = [...edges];
        node.edgesByKey = edges.size > MAX_EDGE_LOOKUPS ? edges : undefined;
        for (const child of node.children.values()) {
            addEdges(child);
        }
    };
    addEdges(root);
    return root;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Collects one event's values, by flattened field name. Use once per event. */
export class FieldCollector {
    readonly fields = new Map<string, EventField[]>();
    /** Whether some value came from inside an array of objects (array consistency then matters). */
    inArrays = false;
    private arrays = 0;

    object(obj: Record<string, unknown>, node: PathNode, membership: readonly number[] | null): void {
        const byKey = node.edgesByKey;
        if (byKey) {
            for (const key in obj) {
                const child = byKey.get(key);
                if (child !== undefined && hasOwn.call(obj, key)) {
                    const value = obj[key];
                    if (value !== undefined) {
                        this.value(value, child, membership);
                    }
                }
            }
            return;
        }
        for (const [key, child] of node.edges) {
            const value = obj[key];
            if (value !== undefined && hasOwn.call(obj, key)) {
                this.value(value, child, membership);
            }
        }
    }

    private value(value: unknown, node: PathNode, membership: readonly number[] | null): void {
        if (typeof value === "object" && value !== null) {
            if (Array.isArray(value)) {
                this.array(value, node, membership);
            } else if (node.edges.length > 0) {
                this.object(value as Record<string, unknown>, node, membership);
            }
        } else if (node.wanted && (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean")) {
            this.add(node.name, value, membership);
        }
    }

    private array(values: unknown[], node: PathNode, membership: readonly number[] | null): void {
        const id = this.arrays++;
        for (let i = 0; i < values.length; i++) {
            const element = values[i];
            if (typeof element === "object" && element !== null) {
                // Only objects and arrays inside an array carry membership; scalars keep the outer one.
                const inner = membership === null ? [id, i] : [...membership, id, i];
                if (Array.isArray(element)) {
                    this.array(element, node, inner);
                } else if (node.edges.length > 0) {
                    this.object(element as Record<string, unknown>, node, inner);
                }
            } else {
                this.value(element, node, membership);
            }
        }
    }

    private add(name: string, value: EventValue, membership: readonly number[] | null): void {
        if (membership !== null) {
            this.inArrays = true;
        }
        const list = this.fields.get(name);
        const field: EventField = { value, membership };
        if (list) {
            list.push(field);
        } else {
            this.fields.set(name, [field]);
        }
    }
}
