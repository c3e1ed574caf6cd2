/**
 * PatternMachine: many patterns matched in one pass must answer, for each pattern, exactly
 * what matchesPattern answers. Checked on the conformance corpus (all its patterns in one
 * machine, against all its events) and differentially on random pattern sets and events.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { isDeepStrictEqual } from "util";
import { InvalidPatternError, matchesPattern, PatternMachine } from "../../components/patterns";
import { compileUncached } from "../../components/patterns/compile";
import { foldCase, foldsSoundly, ignoreCaseRegExpSource } from "../../components/patterns/strings";
import { IntervalIndex } from "../../components/patterns/interval-index";
import { conformanceCases, expectedAnswer } from "./corpus";

describe("patterns: PatternMachine", () => {
    it("returns the names of the matching patterns, in the order they were added", () => {
        const machine = new PatternMachine({
            "ec2-stopped": { source: ["aws.ec2"], detail: { state: ["stopped", "terminated"] } },
            "any-ec2": { source: ["aws.ec2"] },
            "big-uploads": { source: ["aws.s3"], detail: { object: { size: [{ numeric: [">", 1e9] }] } } },
        });
        assert.deepStrictEqual(machine.matches({ source: "aws.ec2", detail: { state: "stopped" } }), ["ec2-stopped", "any-ec2"]);
        assert.deepStrictEqual(machine.matches('{"source":"aws.s3","detail":{"object":{"size":2e9}}}'), ["big-uploads"]);
        assert.deepStrictEqual(machine.matches({ source: "aws.s3", detail: { object: { size: 10 } } }), []);
        assert.deepStrictEqual(machine.names(), ["ec2-stopped", "any-ec2", "big-uploads"]);
        assert.strictEqual(machine.size, 3);
    });

    it("adds and removes patterns; a removed pattern no longer matches and its name can be reused", () => {
        const machine = new PatternMachine(new Map<string, unknown>([["a", { x: ["1"] }], ["b", { x: ["1"], y: [{ prefix: "p" }] }]]));
        const event = { x: "1", y: "pq" };
        assert.deepStrictEqual(machine.matches(event), ["a", "b"]);
        assert.strictEqual(machine.remove("a"), true);
        assert.strictEqual(machine.remove("a"), false);
        assert.deepStrictEqual(machine.matches(event), ["b"]);
        assert.strictEqual(machine.remove("b"), true);
        assert.deepStrictEqual(machine.matches(event), []);
        machine.add("a", '{"y": [{"suffix": "q"}]}');
        assert.deepStrictEqual(machine.matches(event), ["a"]);
        assert.strictEqual(machine.has("a"), true);
        assert.strictEqual(machine.has("b"), false);
    });

    it("refuses a taken name, an invalid pattern (naming it) and an event that is not an object", () => {
        const machine = new PatternMachine().add("orders", { source: ["shop"] });
        assert.throws(() => machine.add("orders", { source: ["other"] }), /a pattern named "orders" is already present; names must be unique\. Call remove\("orders"\) first/);
        assert.throws(() => machine.add("bad", { source: "shop" }), (err: unknown) =>
            err instanceof InvalidPatternError && /^Invalid event pattern "bad" \(1 problem\):\n {2}- \$\.source: "source" must be an array/.test(err.message));
        assert.strictEqual(machine.has("bad"), false);
        assert.throws(() => machine.matches("[1]"), /an event must be a JSON object \(or its JSON text\), not an array/);
        assert.throws(() => machine.matches("{"), SyntaxError);
        assert.deepStrictEqual(machine.matches({ source: "shop" }), ["orders"]);
    });

    it("keeps array consistency and exists: false as matchesPattern does", () => {
        const machine = new PatternMachine({
            same: { items: { id: ["2"], ok: [true] } },
            split: { items: { id: ["1"], ok: [true] } },
            absent: { items: { id: ["1"], gone: [{ exists: false }] } },
            onlyAbsent: { missing: [{ exists: false }] },
        });
        const event = { items: [{ id: "1", ok: false, gone: 1 }, { id: "2", ok: true }] };
        assert.deepStrictEqual(machine.matches(event), ["same", "onlyAbsent"]);
        assert.deepStrictEqual(machine.matches({ items: [{ id: "1" }], missing: 0 }), ["absent"]);
    });

    it("finds every matcher kind through its index, many patterns per field", () => {
        const machine = new PatternMachine();
        for (let i = 0; i < 200; i++) {
            machine.add(`exact${i}`, { v: [`value-${i}`] });
            machine.add(`prefix${i}`, { v: [{ prefix: `value-${i}` }] });
            machine.add(`suffix${i}`, { v: [{ suffix: `-${i}` }] });
            machine.add(`ignore${i}`, { v: [{ "equals-ignore-case": `VALUE-${i}` }] });
            machine.add(`range${i}`, { n: [{ numeric: [">=", i, "<", i + 1] }] });
            machine.add(`cidr${i}`, { ip: [{ cidr: `10.${i}.0.0/16` }] });
        }
        assert.deepStrictEqual(machine.matches({ v: "value-17" }),
            ["prefix1", "exact17", "prefix17", "suffix17", "ignore17"]);
        assert.deepStrictEqual(machine.matches({ v: "VALUE-170", n: 17.5, ip: "10.17.3.4" }),
            ["range17", "cidr17", "suffix170", "ignore170"]);
        assert.deepStrictEqual(machine.matches({ n: 200, ip: "10.200.0.1" }), []);
    });

    it("matches the whole conformance corpus: every pattern in one machine, against every event", function () {
        this.timeout(120_000);
        const cases = conformanceCases();
        const machine = new PatternMachine();
        const patterns: [string, unknown][] = [];
        for (const c of cases) {
            if (expectedAnswer(c) === "error") {
                assert.throws(() => machine.add(c.id, c.pattern), InvalidPatternError, c.id);
            } else {
                machine.add(c.id, c.pattern);
                patterns.push([c.id, c.pattern]);
            }
        }
        assert.strictEqual(patterns.length, 574);
        let pairs = 0;
        for (const c of cases) {
            const matched = machine.matches(c.event);
            const expected = expectedAnswer(c);
            if (expected !== "error") {
                assert.strictEqual(matched.includes(c.id), expected, `${c.id}: corpus answer`);
            }
            // Every other pattern of the corpus, against this event, as matchesPattern answers.
            assert.deepStrictEqual(matched, patterns.filter(([, p]) => matchesPattern(p, c.event)).map(([id]) => id), c.id);
            pairs += patterns.length;
        }
        assert.strictEqual(pairs, 689 * 574);
    });
});

// ---------------------------------------------------------------------------------------------
// Differential test on random pattern sets and events.

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * Small shared domains so that patterns often match: case pairs whose folding is unusual
 * (ß/SS, final sigma, dotted İ, the Kelvin sign), IP addresses in several spellings, numbers
 * on both sides of the bounds.
 */
const strings = ["", "p", "pq", "PQ", "pQx", "x.png", "a*b", "ß", "SS", "ss", "Σ", "σ", "ς", "İ", "i", "I", "\u212a", "k", "K",
    "10.0.0.1", "10.0.0.01", "10.0.1.5", "10.1.0.0", "::1", "0:0:0:0:0:0:0:1", "2001:db8::5", "2001:DB8:0:0:0:0:0:5", "300"];
const numbers = [0, 1, 2, 2.5, 300, -5, 1e9, 0.1];
const stringValue = fc.constantFrom(...strings);
const numberValue = fc.constantFrom(...numbers);
/** Values both sides use often, so that exact values match. */
const common = fc.constantFrom<Json>("p", "pq", "10.0.0.1", "ß", 1, 300, true, null);
const scalar: fc.Arbitrary<Json> = fc.oneof(
    { weight: 4, arbitrary: common },
    { weight: 4, arbitrary: stringValue }, { weight: 3, arbitrary: numberValue }, fc.boolean(), fc.constant(null));
const keys = ["a", "b", "c"];
const key = fc.constantFrom(...keys);
const nonEmpty = stringValue.filter((s) => s !== "");
const wildcard = fc.constantFrom("p*", "*q", "*", "p*q", "a\\*b", "*.png", "1*", "*S", "*0.0.*", "ß*");
const cidr = fc.constantFrom("10.0.0.0/24", "10.0.0.0/8", "10.1.0.0/16", "::/64", "2001:db8::/32", "0.0.0.0/0");

const matcher: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 4, arbitrary: scalar },
    fc.record({ prefix: stringValue }),
    fc.record({ prefix: fc.record({ "equals-ignore-case": stringValue }) }),
    fc.record({ suffix: stringValue }),
    fc.record({ suffix: fc.record({ "equals-ignore-case": stringValue }) }),
    fc.record({ "equals-ignore-case": stringValue }),
    fc.record({ exactly: stringValue }),
    fc.record({ wildcard }),
    { weight: 2, arbitrary: fc.record({ exists: fc.boolean() }) },
    fc.record({ cidr }),
    fc.oneof(
        fc.tuple(fc.constantFrom("=", "<", "<=", ">", ">="), numberValue).map((t) => ({ numeric: t })),
        fc.tuple(fc.constantFrom(">", ">="), numberValue, fc.constantFrom("<", "<="), numberValue)
            .filter(([, low, , high]) => low < high).map((t) => ({ numeric: t }))),
    fc.oneof(
        stringValue, numberValue,
        fc.uniqueArray(stringValue, { minLength: 1, maxLength: 3 }), fc.uniqueArray(numberValue, { minLength: 1, maxLength: 3 }),
        fc.record({ prefix: nonEmpty }), fc.record({ suffix: fc.oneof(nonEmpty, fc.array(nonEmpty, { minLength: 1, maxLength: 2 })) }),
        fc.record({ wildcard }), fc.record({ "equals-ignore-case": fc.oneof(stringValue, fc.array(stringValue, { maxLength: 2 })) }),
    ).map((operand) => ({ "anything-but": operand })),
);

type PatternObject = { [key: string]: unknown };
const values = fc.array(matcher, { minLength: 1, maxLength: 4 });
/** Adds an optional `$or` of 2-3 branches to the fields. */
const withOr = (fields: fc.Arbitrary<PatternObject>, branch: fc.Arbitrary<PatternObject>): fc.Arbitrary<PatternObject> =>
    fc.tuple(fields, fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, fc.array(branch, { minLength: 2, maxLength: 3 })))
        .map(([f, or]) => (or ? { ...f, $or: or } : f));
/** Pattern keys may be dotted too: `{"a.b": [...]}` names the same field as `{"a": {"b": [...]}}`. */
const patternKey = fc.oneof({ weight: 6, arbitrary: key }, fc.constant("a.b"));
const flat = fc.dictionary(patternKey, values, { minKeys: 1, maxKeys: 2 });
/** Fields, some nested one level (which may hold a `$or` of their own). */
const fields = fc.dictionary(patternKey, fc.oneof({ weight: 3, arbitrary: values }, flat, withOr(flat, flat)), { minKeys: 1, maxKeys: 2 });
/** Patterns with `$or` at the top, inside nested objects and inside `$or` branches. */
const pattern = withOr(fields, withOr(fields, flat));

const leaf = fc.oneof({ weight: 4, arbitrary: scalar }, fc.array(scalar, { maxLength: 3 }));
const inner = fc.dictionary(key, leaf, { minKeys: 1, maxKeys: 3 });
/** Events two levels deep, as the patterns are, with arrays of objects, of scalars and of arrays. */
const event = fc.dictionary(fc.oneof({ weight: 6, arbitrary: key }, fc.constant("a.b")), fc.oneof(
    { weight: 4, arbitrary: leaf },
    { weight: 2, arbitrary: inner },
    { weight: 2, arbitrary: fc.array(fc.oneof({ weight: 2, arbitrary: inner }, scalar, fc.array(scalar, { maxLength: 2 })), { minLength: 1, maxLength: 3 }) },
), { minKeys: 2, maxKeys: 4 });

/** JSON text with numbers spelled in another way EventBridge reads as the same value (300 → 3.0e2). */
function respell(value: unknown, seed: number): string {
    if (typeof value === "number" && Number.isInteger(value) && value !== 0) {
        switch (seed % 3) {
            case 0: return `${value}.0`;
            case 1: return `${value / 10}e1`;
            default: return `${value}E0`;
        }
    }
    if (Array.isArray(value)) return `[${value.map((v, i) => respell(v, seed + i)).join(",")}]`;
    if (value !== null && typeof value === "object") {
        return `{${Object.entries(value).map(([k, v], i) => `${JSON.stringify(k)}:${respell(v, seed + i)}`).join(",")}}`;
    }
    return JSON.stringify(value);
}

describe("patterns: PatternMachine against matchesPattern (differential)", () => {
    it("agrees on every pattern of 10,000 random pattern sets, over random events", function () {
        this.timeout(120_000);
        let compared = 0;
        let matched = 0;
        fc.assert(fc.property(
            fc.array(pattern, { minLength: 1, maxLength: 5 }), fc.array(event, { minLength: 1, maxLength: 4 }), fc.nat(),
            (patterns, events, seed) => {
                // Half the runs hand patterns and events over as JSON text with other number spellings.
                const asText = seed % 2 === 0;
                const inputs = patterns.map((p, i) => (asText ? respell(p, seed + i) : p));
                const machine = new PatternMachine(inputs.map((p, i) => [`p${i}`, p] as const));
                // matchesPattern(p, e) is compilePattern(p).matches(e); compiled here without its
                // cache, which would keep thousands of random patterns alive for the whole test.
                const reference = inputs.map((p) => compileUncached(p));
                const expected = (input: unknown): string[] =>
                    reference.flatMap((compiled, i) => (machine.has(`p${i}`) && compiled.matches(input) ? [`p${i}`] : []));
                for (const ev of events) {
                    const input = asText ? respell(ev, seed) : ev;
                    const names = expected(input);
                    const got = machine.matches(input);
                    if (!isDeepStrictEqual(got, names)) {
                        assert.fail(`machine ${JSON.stringify(got)}, matchesPattern ${JSON.stringify(names)} for ${JSON.stringify({ patterns: inputs, event: input })}`);
                    }
                    compared += inputs.length;
                    matched += names.length;
                }
                // Removing a pattern leaves the others' answers unchanged.
                machine.remove("p0");
                const input = asText ? respell(events[0], seed) : events[0];
                assert.deepStrictEqual(machine.matches(input), expected(input));
            }), { numRuns: 10_000 });
        // Guard against a generator that never matches (a test that cannot fail).
        assert.ok(matched > compared / 15, `only ${matched} of ${compared} comparisons matched`);
    });
});

describe("patterns: PatternMachine's building blocks", () => {
    it("case folding finds every string equal ignoring case, as event-ruler compares, for sound operands", () => {
        const codePoint = fc.oneof(fc.constantFrom("ß", "Σ", "σ", "ς", "İ", "ı", "\u212a", "ǅ", "ﬀ", "ΐ", "a", "Z", "😀"),
            fc.integer({ min: 0, max: 0x1ffff }).filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCodePoint(c)));
        fc.assert(fc.property(fc.array(codePoint, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(2), { minLength: 5, maxLength: 5 }),
            (chars, forms) => {
                const operand = chars.join("");
                fc.pre(foldsSoundly(operand));
                // A string the ignore-case expression accepts: each code point as itself, lower or upper.
                const variant = [...operand].map((ch, i) => [ch, ch.toLowerCase(), ch.toUpperCase()][forms[i % forms.length]]).join("");
                assert.ok(new RegExp(`^${ignoreCaseRegExpSource(operand)}$`).test(variant));
                assert.strictEqual(foldCase(variant), foldCase(operand));
            }), { numRuns: 500 });
    });

    it("an interval index finds exactly the intervals holding a key", () => {
        const bound = fc.integer({ min: -5, max: 5 });
        const interval = fc.record({ lower: fc.option(bound, { nil: undefined }), lowerInclusive: fc.boolean(), upper: fc.option(bound, { nil: undefined }), upperInclusive: fc.boolean() });
        const holds = (i: { lower?: number; lowerInclusive: boolean; upper?: number; upperInclusive: boolean }, k: number): boolean =>
            (i.lower === undefined || (i.lowerInclusive ? k >= i.lower : k > i.lower)) && (i.upper === undefined || (i.upperInclusive ? k <= i.upper : k < i.upper));
        fc.assert(fc.property(fc.array(interval, { maxLength: 12 }), fc.array(fc.integer({ min: -12, max: 12 }).map((n) => n / 2), { maxLength: 10 }), (intervals, probes) => {
            const index = new IntervalIndex(intervals.map((i, n) => [i, n] as const));
            for (const k of probes) {
                const found: number[] = [];
                index.query(k, (n) => found.push(n));
                assert.deepStrictEqual(found.sort((a, b) => a - b), intervals.flatMap((i, n) => (holds(i, k) ? [n] : [])));
            }
        }), { numRuns: 300 });
    });
});
