import * as assert from "assert";
import { compilePattern, explainMatch, matchesPattern } from "../../components/patterns";

describe("patterns: matchesPattern semantics", () => {
    it("values are typed: the string \"300\" is not the number 300, numbers compare by value", () => {
        assert.strictEqual(matchesPattern({ x: [300] }, { x: 300 }), true);
        assert.strictEqual(matchesPattern({ x: [300] }, { x: "300" }), false);
        assert.strictEqual(matchesPattern({ x: ["300"] }, { x: 300 }), false);
        assert.strictEqual(matchesPattern('{"x": [3.0e2]}', '{"x": 300.0}'), true);
        assert.strictEqual(matchesPattern({ x: [true] }, { x: "true" }), false);
    });

    it("null is a value; a missing field, an object and an empty array are absent", () => {
        assert.strictEqual(matchesPattern({ x: [null] }, { x: null }), true);
        assert.strictEqual(matchesPattern({ x: [null] }, {}), false);
        assert.strictEqual(matchesPattern({ x: [{ exists: true }] }, { x: null }), true);
        assert.strictEqual(matchesPattern({ x: [{ exists: true }] }, { x: { y: 1 } }), false);
        assert.strictEqual(matchesPattern({ x: [{ exists: false }] }, { x: { y: 1 } }), true);
        assert.strictEqual(matchesPattern({ x: [{ exists: true }] }, { x: [] }), false);
        assert.strictEqual(matchesPattern({ x: [{ exists: false }] }, { x: [] }), true);
        assert.strictEqual(matchesPattern({ x: [{ "anything-but": "a" }] }, {}), false);
    });

    it("dotted names and nesting are the same field, in the pattern and in the event", () => {
        assert.strictEqual(matchesPattern({ "detail.state": ["on"] }, { detail: { state: "on" } }), true);
        assert.strictEqual(matchesPattern({ detail: { state: ["on"] } }, { "detail.state": "on" }), true);
    });

    it("an event array matches when any element matches; fields of one object must share the element", () => {
        assert.strictEqual(matchesPattern({ tags: ["b"] }, { tags: ["a", "b"] }), true);
        assert.strictEqual(matchesPattern({ items: { id: ["1"], ok: [true] } }, { items: [{ id: "1", ok: false }, { id: "2", ok: true }] }), false);
        assert.strictEqual(matchesPattern({ items: { id: ["2"], ok: [true] } }, { items: [{ id: "1", ok: false }, { id: "2", ok: true }] }), true);
    });

    it("IP literals compare as addresses", () => {
        assert.strictEqual(matchesPattern({ ip: ["10.0.0.1"] }, { ip: "10.0.0.01" }), true);
        assert.strictEqual(matchesPattern({ ip: ["2001:db8::1"] }, { ip: "2001:0DB8:0:0:0:0:0:1" }), true);
        assert.strictEqual(matchesPattern({ ip: ["10.0.0.1"] }, { ip: "10.0.0.2" }), false);
        assert.strictEqual(matchesPattern({ ip: [{ cidr: "2001:db8::/32" }] }, { ip: "2001:db9::1" }), false);
    });

    it("equals-ignore-case works per character, like event-ruler", () => {
        assert.strictEqual(matchesPattern({ s: [{ "equals-ignore-case": "ÄbC" }] }, { s: "äBc" }), true);
        assert.strictEqual(matchesPattern({ s: [{ prefix: { "equals-ignore-case": "AWS." } }] }, { s: "aws.ec2" }), true);
        assert.strictEqual(matchesPattern({ s: [{ suffix: { "equals-ignore-case": ".PNG" } }] }, { s: "a.png" }), true);
        assert.strictEqual(matchesPattern({ s: [{ "equals-ignore-case": "abc" }] }, { s: "abcd" }), false);
    });

    it("wildcards: * is any run, \\* a literal star", () => {
        assert.strictEqual(matchesPattern({ f: [{ wildcard: "*/lib/*.so" }] }, { f: "/usr/lib/libc.so" }), true);
        assert.strictEqual(matchesPattern({ f: [{ wildcard: "a\\*b" }] }, { f: "a*b" }), true);
        assert.strictEqual(matchesPattern({ f: [{ wildcard: "a\\*b" }] }, { f: "axb" }), false);
    });

    it("takes events as objects or JSON text, and rejects non-object events", () => {
        assert.strictEqual(matchesPattern({ a: ["1"] }, '{"a": "1"}'), true);
        assert.throws(() => matchesPattern({ a: ["1"] }, "[1]"), /an event must be a JSON object \(or its JSON text\), not an array/);
        assert.throws(() => matchesPattern({ a: ["1"] }, "{"), SyntaxError);
    });

    it("compiles a pattern once and reuses it, yet never matches against a stale copy of a changed object", () => {
        const pattern: { a: string[] } = { a: ["1"] };
        assert.strictEqual(compilePattern(pattern), compilePattern({ a: ["1"] }));
        assert.strictEqual(matchesPattern(pattern, { a: "1" }), true);
        pattern.a = ["2"];
        assert.strictEqual(matchesPattern(pattern, { a: "1" }), false);
        assert.strictEqual(matchesPattern(pattern, { a: "2" }), true);
    });
});

describe("patterns: explainMatch", () => {
    it("names the deciding field and what the event has versus what the pattern wants", () => {
        assert.deepStrictEqual(explainMatch({ source: ["github.com"], detail: { action: ["opened"] } }, { source: "github.com", detail: { action: "closed" } }), {
            matches: false, path: "$.detail.action", reason: 'event has "closed", pattern wants one of ["opened"]',
        });
    });

    it("reports a missing field, and a field that must be absent", () => {
        assert.deepStrictEqual(explainMatch({ source: ["x"], detail: { n: [{ numeric: [">", 1] }] } }, { source: "x" }), {
            matches: false, path: "$.detail.n", reason: 'event has no value there, pattern wants one of [{"numeric":[">",1]}]',
        });
        assert.deepStrictEqual(explainMatch({ a: [{ exists: false }] }, { a: "v" }), {
            matches: false, path: "$.a", reason: 'event has "v", pattern wants the field to be absent',
        });
    });

    it("uses the pattern's field order, and shows every value of an event array", () => {
        assert.deepStrictEqual(explainMatch({ z: ["1"], a: ["2"] }, { z: "0", a: "0" }).path, "$.z");
        assert.deepStrictEqual(explainMatch({ tags: ["x"] }, { tags: ["a", "b"] }).reason, 'event has ["a","b"], pattern wants one of ["x"]');
    });

    it("explains array consistency", () => {
        const result = explainMatch({ d: { a: ["1"], b: ["2"] } }, { d: [{ a: "1" }, { b: "2" }] });
        assert.strictEqual(result.matches, false);
        assert.strictEqual(result.path, "$.d.a");
        assert.match(result.reason ?? "", /each field matches on its own, but not within the same element of an event array \(d\.a, d\.b\)/);
    });

    it("with $or, explains the closest alternative", () => {
        assert.deepStrictEqual(explainMatch({ $or: [{ a: ["1"] }, { b: ["2"], c: ["3"] }] }, { b: "2", c: "4" }), {
            matches: false, path: "$.c", reason: 'no $or alternative matches; closest is $or alternative 2 of 2: event has "4", pattern wants one of ["3"]',
        });
    });

    it("explains a match too", () => {
        assert.deepStrictEqual(explainMatch({ $or: [{ a: ["1"] }, { b: ["2"] }] }, { b: "2" }), {
            matches: true, path: "$.b", reason: "$or alternative 2 of 2: every field matches (b)",
        });
        assert.strictEqual(explainMatch({ a: ["1"] }, { a: "1" }).matches, true);
    });
});

describe("patterns: $or expansion guard", () => {
    it("refuses a pattern whose nested $or multiplies out beyond 10,000 alternatives, and accepts one within", () => {
        const group = (n: number, tag: string): unknown[] => Array.from({ length: n }, (_, i) => ({ [`${tag}${i}`]: ["x"] }));
        const huge = { a: { $or: group(22, "a") }, b: { $or: group(22, "b") }, c: { $or: group(22, "c") } };
        assert.throws(() => matchesPattern(huge, {}), /multiply out to 10648 alternatives; eventbridge-kit evaluates at most 10000/);
        const fine = { a: { $or: group(21, "a") }, b: { $or: group(21, "b") }, c: { $or: group(21, "c") } };
        assert.strictEqual(matchesPattern(fine, { a: { a3: "x" }, b: { b20: "x" }, c: { c0: "x" } }), true);
        assert.strictEqual(matchesPattern(fine, { a: { a3: "x" }, b: { b20: "y" }, c: { c0: "x" } }), false);
    });
});
