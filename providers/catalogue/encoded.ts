/**
 * The checked-in form of a recorded-payload catalogue (see generate.ts) and its decoding into
 * field shapes: identical subtrees are stored once, so decoding shares them too.
 */
import type { FieldShape } from "../../components/patterns/emitted-events";

/** Shape indexes for a scalar, and for a subtree not known (only ever null, `[]` or `{}`, or not recorded). */
export const VALUE = -1;
export const UNKNOWN = -2;

export interface EncodedCatalogue {
    /** The package and version the payloads were recorded from. */
    readonly origin: string;
    /** Per event: its actions and the index of its payload's shape (or VALUE, UNKNOWN). */
    readonly events: Readonly<Record<string, { readonly actions: readonly string[]; readonly payload: number }>>;
    /** JSON objects: field (with "[]" when an array was looked through) → shape index. */
    readonly shapes: readonly string[];
}

/** Each event's payload shape, decoded once per catalogue. */
export function decodeCatalogue(catalogue: EncodedCatalogue): Record<string, FieldShape> {
    const decoded: FieldShape[] = [];
    const shapeOf = (index: number): FieldShape => {
        if (index === VALUE) return "value";
        if (index === UNKNOWN) return "unknown";
        let shape = decoded[index];
        if (shape === undefined) {
            const fields: Record<string, FieldShape> = {};
            for (const [key, child] of Object.entries(JSON.parse(catalogue.shapes[index]) as Record<string, number>)) {
                fields[key.endsWith("[]") ? key.slice(0, -2) : key] = shapeOf(child);
            }
            shape = decoded[index] = fields;
        }
        return shape;
    };
    return Object.fromEntries(Object.entries(catalogue.events).map(([name, event]) => [name, shapeOf(event.payload)]));
}
