/**
 * Stabbing queries over intervals: every item whose interval holds a key, in O(log n + answers).
 * Numeric ranges and CIDR blocks of many patterns are found this way instead of one by one.
 */

/** An interval of ordered keys (numbers, or IP keys as fixed-width text); a missing bound is unbounded. */
export interface Interval<K extends number | string> {
    readonly lower?: K;
    readonly lowerInclusive?: boolean;
    readonly upper?: K;
    readonly upperInclusive?: boolean;
}

/**
 * A segment tree over the elementary slots the intervals' endpoints cut the key line into:
 * slot 2i+1 is endpoint i itself, slot 2i the open gap below it, slot 2m the gap above the
 * last. Each interval is stored at O(log n) tree nodes; a query walks one root-to-leaf path.
 * Built once; rebuild it when the intervals change.
 */
export class IntervalIndex<K extends number | string, T> {
    private readonly points: K[];
    private readonly slots: number;
    private readonly nodes: (T[] | undefined)[];

    constructor(entries: readonly (readonly [Interval<K>, T])[]) {
        const points = new Set<K>();
        for (const [interval] of entries) {
            if (interval.lower !== undefined) points.add(interval.lower);
            if (interval.upper !== undefined) points.add(interval.upper);
        }
        this.points = [...points].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        this.slots = 2 * this.points.length + 1;
        this.nodes = new Array<T[] | undefined>(4 * this.slots);
        for (const [interval, item] of entries) {
            const first = interval.lower === undefined ? 0
                : 2 * this.position(interval.lower) + (interval.lowerInclusive ? 1 : 2);
            const last = interval.upper === undefined ? this.slots - 1
                : 2 * this.position(interval.upper) + (interval.upperInclusive ? 1 : 0);
            if (first <= last) {
                this.insert(1, 0, this.slots - 1, first, last, item);
            }
        }
    }

    /** Calls `visit` for each item whose interval holds `key`. */
    query(key: K, visit: (item: T) => void): void {
        const at = this.position(key);
        const slot = at < this.points.length && this.points[at] === key ? 2 * at + 1 : 2 * at;
        let node = 1;
        let low = 0;
        let high = this.slots - 1;
        for (;;) {
            const items = this.nodes[node];
            if (items) {
                for (const item of items) visit(item);
            }
            if (low === high) return;
            const mid = (low + high) >> 1;
            if (slot <= mid) {
                node = 2 * node;
                high = mid;
            } else {
                node = 2 * node + 1;
                low = mid + 1;
            }
        }
    }

    /** The index of the first endpoint not below `key`. */
    private position(key: K): number {
        let low = 0;
        let high = this.points.length;
        while (low < high) {
            const mid = (low + high) >> 1;
            if (this.points[mid] < key) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private insert(node: number, low: number, high: number, first: number, last: number, item: T): void {
        if (first <= low && high <= last) {
            (this.nodes[node] ??= []).push(item);
            return;
        }
        const mid = (low + high) >> 1;
        if (first <= mid) this.insert(2 * node, low, mid, first, last, item);
        if (last > mid) this.insert(2 * node + 1, mid + 1, high, first, last, item);
    }
}
