/**
 * Properties of the matcher, checked on generated events and patterns (fast-check).
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { matchesPattern, validatePattern } from "../../components/patterns";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Pattern = { [key: string]: unknown };

const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !k.includes(".") && k !== "$or" && k !== "__proto__");
const scalar: fc.Arbitrary<string | number | boolean | null> = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
);

const event: fc.Arbitrary<{ [key: string]: Json }> = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small", withCrossShrink: true },
        scalar,
        fc.array(scalar, { maxLength: 4 }),
        tie("object"),
        fc.array(tie("object"), { minLength: 1, maxLength: 3 })),
    object: fc.dictionary(key, tie("value"), { maxKeys: 5 }),
})).object as fc.Arbitrary<{ [key: string]: Json }>;

/** A matcher that `value` satisfies, chosen by `choice` among the operators that apply to it. */
function matcherFor(value: string | number | boolean | null, choice: number): unknown {
    const options: unknown[] = [value, { exists: true }];
    if (typeof value === "string") {
        options.push({ prefix: value.slice(0, choice % (value.length + 1)) });
        options.push({ suffix: value.slice(choice % (value.length + 1)) });
        options.push({ "equals-ignore-case": value });
        const escaped = [...value].map((c) => (c === "*" || c === "\\" ? `\\${c}` : c));
        if (escaped.length > 0) {
            escaped[choice % escaped.length] = escaped[choice % escaped.length].length === 1 ? "*" : escaped[choice % escaped.length];
        }
        options.push({ wildcard: escaped.join("").replace(/(?<!\\)\*\*+/g, "*") });
        options.push({ "anything-but": `${value}-other` });
    }
    if (typeof value === "number") {
        options.push({ numeric: ["=", value] });
        // Past 2^53 adding 1 changes nothing, and [">=", v, "<", v] is an empty (invalid) range.
        options.push({ numeric: value + 1 > value ? [">=", value, "<", value + 1] : ["<=", value] });
        options.push({ "anything-but": value === 0 ? 1 : 0 });
    }
    return options[choice % options.length];
}

/** A pattern built from the event's own values (arrays of objects: one element's values). */
function patternFrom(obj: { [key: string]: Json }, choices: number[], at = { i: 0 }): Pattern | undefined {
    const pattern: Pattern = {};
    for (const [k, v] of Object.entries(obj)) {
        const choice = choices[at.i++ % choices.length];
        if (v === null || typeof v !== "object") {
            pattern[k] = [matcherFor(v, choice)];
        } else if (Array.isArray(v)) {
            const element = v[choice % Math.max(1, v.length)];
            if (element === undefined) {
                continue;
            }
            if (element === null || typeof element !== "object") {
                pattern[k] = [matcherFor(element, choice)];
            } else if (!Array.isArray(element)) {
                const nested = patternFrom(element, choices, at);
                if (nested) {
                    pattern[k] = nested;
                }
            }
        } else {
            const nested = patternFrom(v, choices, at);
            if (nested) {
                pattern[k] = nested;
            }
        }
    }
    return Object.keys(pattern).length > 0 ? pattern : undefined;
}

describe("patterns: properties", () => {
    it("an event always matches the pattern built from its own values", () => {
        fc.assert(fc.property(event, fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), (ev, choices) => {
            const pattern = patternFrom(ev, choices);
            fc.pre(pattern !== undefined);
            assert.deepStrictEqual(validatePattern(pattern, { maxPatternLength: Infinity }), []);
            assert.strictEqual(matchesPattern(pattern, ev), true, JSON.stringify(pattern));
            // The same through JSON text, as EventBridge receives both.
            assert.strictEqual(matchesPattern(JSON.stringify(pattern), JSON.stringify(ev)), true);
        }), { numRuns: 300 });
    });

    it("anything-but of a value set never matches those values, and matches any other", () => {
        const valueSet = fc.oneof(
            fc.uniqueArray(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 5 }),
            fc.uniqueArray(fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)), { minLength: 1, maxLength: 5 }),
        );
        fc.assert(fc.property(valueSet, fc.nat(), fc.oneof(fc.string({ maxLength: 8 }), fc.double({ noNaN: true, noDefaultInfinity: true })), (values, pick, other) => {
            const pattern = { detail: { v: [{ "anything-but": values }] } };
            const excluded = values[pick % values.length];
            assert.strictEqual(matchesPattern(pattern, { detail: { v: excluded } }), false);
            assert.strictEqual(matchesPattern(pattern, { detail: { v: [excluded] } }), false);
            const isExcluded = (values as (string | number)[]).includes(other);
            assert.strictEqual(matchesPattern(pattern, { detail: { v: other } }), !isExcluded);
        }), { numRuns: 300 });
    });

    // Small shared domains so that branches sometimes match and sometimes do not.
    const smallValue = fc.constantFrom<Json>("p", "pq", "q", 1, 2, 3, true, null);
    const smallEvent = fc.record({
        a: smallValue, b: fc.oneof(smallValue, fc.array(smallValue, { maxLength: 3 })), c: smallValue,
        d: fc.oneof(fc.record({ x: smallValue, y: smallValue }), fc.array(fc.record({ x: smallValue, y: smallValue }), { maxLength: 3 })),
    }, { requiredKeys: [] });
    const smallMatcher = fc.constantFrom<unknown>(
        "p", "q", 1, 2, true, null, { prefix: "p" }, { "anything-but": "q" }, { numeric: [">", 1] }, { exists: true }, { exists: false },
        { wildcard: "p*" }, { "equals-ignore-case": "P" },
    );
    const smallPattern: fc.Arbitrary<Pattern> = fc.record({
        a: fc.array(smallMatcher, { minLength: 1, maxLength: 2 }),
        b: fc.array(smallMatcher, { minLength: 1, maxLength: 2 }),
        d: fc.record({ x: fc.array(smallMatcher, { minLength: 1, maxLength: 2 }), y: fc.array(smallMatcher, { minLength: 1, maxLength: 2 }) }, { requiredKeys: [] })
            .filter((d) => Object.keys(d).length > 0),
    }, { requiredKeys: [] }).filter((p) => Object.keys(p).length > 0);

    it("$or of patterns matches exactly when some branch matches", () => {
        fc.assert(fc.property(fc.array(smallPattern, { minLength: 2, maxLength: 4 }), smallEvent, (branches, ev) => {
            const expected = branches.some((b) => matchesPattern(b, ev));
            assert.strictEqual(matchesPattern({ $or: branches }, ev), expected);
        }), { numRuns: 500 });
    });

    // Branches use fields a, b, d; the shared field c never overlaps them (an overlapping field
    // would be replaced by the branch's, as EventBridge's compiler does).
    it("fields outside $or apply to every branch", () => {
        fc.assert(fc.property(fc.array(smallPattern, { minLength: 2, maxLength: 3 }),
            fc.array(smallMatcher, { minLength: 1, maxLength: 2 }), smallEvent, (branches, c, ev) => {
                const expected = branches.some((b) => matchesPattern({ c, ...b }, ev));
                assert.strictEqual(matchesPattern({ c, $or: branches }, ev), expected);
            }), { numRuns: 300 });
    });
});
