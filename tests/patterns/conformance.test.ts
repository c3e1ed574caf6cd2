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
import { InvalidPatternError, matchesPattern, validatePattern } from "../../components/patterns";
import { conformanceCases } from "./corpus";

const cases = conformanceCases();

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
