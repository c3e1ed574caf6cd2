/**
 * The distinct matchers of one event field, found from an event value by lookup rather than
 * tested one by one: exact values in a hash map, prefixes and suffixes by length, case-folded
 * text for the ignore-case operators, numeric ranges and CIDR blocks in interval trees.
 * Only anything-but, exists and wildcards with no literal prefix or suffix are tested
 * against every value.
 */
import { Interval, IntervalIndex } from "./interval-index";
import type { EventValue, ValueMatcher } from "./matchers";
import { foldCase, foldsSoundly, ipKey, parseIpAddress, wildcardLiterals } from "./strings";

/** Anything an index can hold: it carries the matcher that decides. */
export interface Indexed {
    readonly matcher: ValueMatcher;
}

/** Entries keyed by text, looked up by every prefix (or suffix) of a value that has a key's length. */
class AffixTable<T> {
    private readonly byText = new Map<string, T[]>();
    private lengths: number[] = [];

    add(text: string, entry: T): void {
        push(this.byText, text, entry);
        if (!this.lengths.includes(text.length)) {
            this.lengths.push(text.length);
            this.lengths.sort((a, b) => a - b);
        }
    }

    get size(): number {
        return this.byText.size;
    }

    candidates(value: string, fromEnd: boolean, visit: (entry: T) => void): void {
        for (const length of this.lengths) {
            if (length > value.length) return;
            const list = this.byText.get(fromEnd ? value.slice(value.length - length) : value.slice(0, length));
            if (list) {
                for (const entry of list) visit(entry);
            }
        }
    }
}

/** Built once from a field's matchers; rebuilt by its owner when they change. */
export class ValueIndex<T extends Indexed> {
    private readonly exact = new Map<EventValue, T[]>();
    private readonly prefixes = new AffixTable<T>();
    private readonly suffixes = new AffixTable<T>();
    /** Ignore-case operators, by folded text (see foldCase). */
    private readonly foldedEquals = new Map<string, T[]>();
    private readonly foldedPrefixes = new AffixTable<T>();
    private readonly foldedSuffixes = new AffixTable<T>();
    private readonly scan: T[] = [];
    private readonly numbers?: IntervalIndex<number, T>;
    private readonly addresses?: IntervalIndex<string, T>;
    private readonly folds: boolean;

    constructor(entries: Iterable<T>) {
        const numeric: [Interval<number>, T][] = [];
        const ips: [Interval<string>, T][] = [];
        for (const entry of entries) {
            this.add(entry, numeric, ips);
        }
        this.numbers = numeric.length > 0 ? new IntervalIndex(numeric) : undefined;
        this.addresses = ips.length > 0 ? new IntervalIndex(ips) : undefined;
        this.folds = this.foldedEquals.size + this.foldedPrefixes.size + this.foldedSuffixes.size > 0;
    }

    /** Files one entry under its lookup; numeric and address ranges go to the lists the interval indexes are built from. */
    private add(entry: T, numeric: [Interval<number>, T][], ips: [Interval<string>, T][]): void {
        const index = entry.matcher.index;
        switch (index.by) {
            case "value":
                push(this.exact, index.value, entry);
                if (index.ip) {
                    // Other spellings of the same address ("10.0.0.01") are found by range.
                    ips.push([{ lower: ipKey(index.ip.low), lowerInclusive: true, upper: ipKey(index.ip.high), upperInclusive: true }, entry]);
                }
                break;
            case "prefix":
            case "suffix":
                if (index.ignoreCase && !foldsSoundly(index.text)) {
                    this.scan.push(entry);
                } else {
                    const table = index.by === "prefix"
                        ? (index.ignoreCase ? this.foldedPrefixes : this.prefixes)
                        : (index.ignoreCase ? this.foldedSuffixes : this.suffixes);
                    table.add(index.ignoreCase ? foldCase(index.text) : index.text, entry);
                }
                break;
            case "equals-ignore-case":
                if (foldsSoundly(index.text)) {
                    push(this.foldedEquals, foldCase(index.text), entry);
                } else {
                    this.scan.push(entry);
                }
                break;
            case "wildcard": {
                const { prefix, suffix } = wildcardLiterals(index.pattern);
                if (prefix !== "") {
                    this.prefixes.add(prefix, entry);
                } else if (suffix !== "") {
                    this.suffixes.add(suffix, entry);
                } else {
                    this.scan.push(entry);
                }
                break;
            }
            case "numeric": {
                const b = index.bounds;
                numeric.push([b.equals !== undefined
                    ? { lower: b.equals, lowerInclusive: true, upper: b.equals, upperInclusive: true }
                    : { lower: b.lower, lowerInclusive: b.lowerInclusive, upper: b.upper, upperInclusive: b.upperInclusive }, entry]);
                break;
            }
            case "ip":
                ips.push([{ lower: ipKey(index.range.low), lowerInclusive: true, upper: ipKey(index.range.high), upperInclusive: true }, entry]);
                break;
            case "scan":
                this.scan.push(entry);
                break;
        }
    }

    /**
     * Calls `visit` for each entry whose matcher accepts `value` (an entry found by two
     * lookups may be visited twice).
     */
    forEachMatch(value: EventValue, visit: (entry: T) => void): void {
        const exact = this.exact.get(value);
        if (exact) {
            for (const entry of exact) visit(entry);
        }
        const verify = (entry: T): void => {
            if (entry.matcher.test(value)) visit(entry);
        };
        if (typeof value === "string") {
            this.prefixes.candidates(value, false, verify);
            this.suffixes.candidates(value, true, verify);
            if (this.folds) {
                const folded = foldCase(value);
                const equal = this.foldedEquals.get(folded);
                if (equal) {
                    for (const entry of equal) verify(entry);
                }
                this.foldedPrefixes.candidates(folded, false, verify);
                this.foldedSuffixes.candidates(folded, true, verify);
            }
            if (this.addresses) {
                const address = parseIpAddress(value);
                if (address) {
                    this.addresses.query(ipKey(address), verify);
                }
            }
        } else if (typeof value === "number" && this.numbers) {
            this.numbers.query(value, verify);
        }
        for (const entry of this.scan) verify(entry);
    }
}

function push<K, T>(map: Map<K, T[]>, key: K, entry: T): void {
    const list = map.get(key);
    if (list) {
        list.push(entry);
    } else {
        map.set(key, [entry]);
    }
}
