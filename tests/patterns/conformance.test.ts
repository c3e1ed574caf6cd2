/**
 * EventBridge conformance: every case of tests/fixtures/event-patterns.jsonl (expected values
 * from aws/event-ruler 2.0.1; see tests/fixtures/README.md).
 *
 * Choices where the file allows two answers:
 * - `strict_expected`: we follow the strict compiler. A malformed `$or` (an object, or an
 *   array of non-patterns) is an invalid pattern, not a legacy field literally named "$or".
 * - `docs_disagree`: we follow event-ruler. 300, 300.0 and 3.0e2 are the same number, and
 *   10.0.0.100 is inside 10.0.0.0/24.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { InexactNumber, parseJsonPreservingNumbers } from "../../components/patterns/json";
import { InvalidPatternError, matchesPattern, validatePattern } from "../../components/patterns";

interface Case {
    id: string;
    tags: string[];
    pattern: unknown;
    event: unknown;
    expected: boolean | "error";
    pattern_encoding?: "json-text-in-string";
    event_encoding?: "json-text-in-string";
    strict_expected?: boolean | "error";
    docs_disagree?: string;
}

/** JSON text of a value read with exact number spelling (so 1E-325 stays 1E-325). */
function rawJson(value: unknown): string {
    if (value instanceof InexactNumber) return value.text;
    if (Array.isArray(value)) return `[${value.map(rawJson).join(",")}]`;
    if (value !== null && typeof value === "object") {
        return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${rawJson(v)}`).join(",")}}`;
    }
    return JSON.stringify(value);
}

function containsInexact(value: unknown): boolean {
    if (value instanceof InexactNumber) return true;
    if (value !== null && typeof value === "object") return Object.values(value).some(containsInexact);
    return false;
}

const file = path.join(__dirname, "..", "fixtures", "event-patterns.jsonl");
const lines = fs.readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "");
const cases = lines.map((line) => {
    const exact = parseJsonPreservingNumbers(line) as Case;
    const plain = JSON.parse(line) as Case;
    // A pattern whose numbers JSON.parse would round is handed over as JSON text, exactly as
    // written; the others as the plain object, so both input forms are exercised.
    const pattern = plain.pattern_encoding === "json-text-in-string" ? plain.pattern
        : containsInexact(exact.pattern) ? rawJson(exact.pattern) : plain.pattern;
    const event = plain.event_encoding === "json-text-in-string" ? plain.event : plain.event;
    return { ...plain, pattern, event };
});

describe("patterns: EventBridge conformance (event-ruler 2.0.1)", () => {
    it("has all 689 cases", () => {
        assert.strictEqual(cases.length, 689);
    });

    for (const c of cases) {
        const expected = c.strict_expected !== undefined ? c.strict_expected : c.expected;
        it(`${c.id} → ${String(expected)}`, () => {
            if (expected === "error") {
                assert.notDeepStrictEqual(validatePattern(c.pattern), [], "validatePattern should report a problem");
                assert.throws(() => matchesPattern(c.pattern, c.event), InvalidPatternError);
            } else {
                assert.deepStrictEqual(validatePattern(c.pattern, { maxPatternLength: Infinity }), []);
                assert.strictEqual(matchesPattern(c.pattern, c.event), expected);
            }
        });
    }
});

describe("patterns: conformance choices", () => {
    it("treats a malformed $or as invalid (strict), not as a field named $or", () => {
        const strict = cases.filter((c) => c.strict_expected !== undefined);
        assert.ok(strict.length >= 10);
        for (const c of strict) {
            assert.strictEqual(c.strict_expected, "error");
            assert.match(validatePattern(c.pattern).map((p) => p.message).join("\n"), /\$or must be an array|each \$or branch|\$or needs at least two|reserved word and cannot be a field name inside \$or/);
        }
    });

    it("follows event-ruler where AWS's prose disagrees (300 = 300.0 = 3.0e2; CIDR)", () => {
        const disagree = cases.filter((c) => c.docs_disagree !== undefined);
        assert.strictEqual(disagree.length, 4);
        for (const c of disagree) {
            assert.strictEqual(matchesPattern(c.pattern, c.event), true, c.id);
        }
        assert.strictEqual(matchesPattern('{"x":[3.0e2]}', '{"x":300.0}'), true);
        assert.strictEqual(matchesPattern('{"x":[300]}', '{"x":301}'), false);
    });
});
