import * as assert from "assert";
import { InvalidPatternError, matchesPattern, validatePattern } from "../../components/patterns";

interface Rule {
    rule: string;
    invalid: unknown;
    path: string;
    message: RegExp;
    valid: unknown;
}

// Each validation rule with a pattern that breaks it (and where, and what the message says) and
// the nearest pattern that passes.
const rules: Rule[] = [
    { rule: "not JSON text", invalid: '{"source": ["aws.ec2"]', path: "$", message: /not valid JSON: expected "," or "}"/, valid: '{"source": ["aws.ec2"]}' },
    { rule: "not an object", invalid: ["aws.ec2"], path: "$", message: /must be a JSON object such as \{"source": \["aws.ec2"\]\}, not an array/, valid: { source: ["aws.ec2"] } },
    { rule: "null", invalid: null, path: "$", message: /must be a JSON object.*not null/, valid: { source: ["aws.ec2"] } },
    { rule: "empty object", invalid: {}, path: "$", message: /empty objects are not allowed/, valid: { source: ["x"] } },
    { rule: "empty nested object", invalid: { source: ["x"], detail: {} }, path: "$.detail", message: /empty objects are not allowed/, valid: { source: ["x"], detail: { a: ["b"] } } },
    { rule: "leaf not an array", invalid: { source: "aws.ec2" }, path: "$.source", message: /must be an array of values or an object, not the string "aws.ec2"; wrap the value in an array, e.g. \{"source":\["aws.ec2"\]\}/, valid: { source: ["aws.ec2"] } },
    { rule: "leaf a number", invalid: { detail: { n: 5 } }, path: "$.detail.n", message: /must be an array of values or an object, not number 5/, valid: { detail: { n: [5] } } },
    { rule: "empty array", invalid: { source: [] }, path: "$.source", message: /empty arrays are not allowed/, valid: { source: ["a"] } },
    { rule: "nested array value", invalid: { source: [["a"]] }, path: "$.source[0]", message: /nested arrays are not allowed/, valid: { source: ["a"] } },
    { rule: "unknown operator", invalid: { source: [{ prefx: "aws." }] }, path: "$.source[0].prefx", message: /unknown operator "prefx"; did you mean "prefix"\?/, valid: { source: [{ prefix: "aws." }] } },
    { rule: "empty operator object", invalid: { source: [{}] }, path: "$.source[0]", message: /needs one operator/, valid: { source: [{ exists: true }] } },
    { rule: "two operators in one object", invalid: { source: [{ prefix: "a", suffix: "b" }] }, path: "$.source[0]", message: /only one operator is allowed per object, found "prefix", "suffix"/, valid: { source: [{ prefix: "a" }, { suffix: "b" }] } },
    { rule: "prefix takes a string", invalid: { a: [{ prefix: 3 }] }, path: "$.a[0].prefix", message: /prefix takes a string such as "abc".*not number 3/, valid: { a: [{ prefix: "3" }] } },
    { rule: "prefix/equals-ignore-case takes a string", invalid: { a: [{ prefix: { "equals-ignore-case": ["x"] } }] }, path: "$.a[0].prefix.equals-ignore-case", message: /prefix\/equals-ignore-case takes a string, not an array/, valid: { a: [{ prefix: { "equals-ignore-case": "x" } }] } },
    { rule: "prefix operand object with other keys", invalid: { a: [{ prefix: { "invalid-expression": "x" } }] }, path: "$.a[0].prefix", message: /prefix takes a string or \{"equals-ignore-case": "..."\}/, valid: { a: [{ prefix: { "equals-ignore-case": "x" } }] } },
    { rule: "suffix takes a string", invalid: { a: [{ suffix: true }] }, path: "$.a[0].suffix", message: /suffix takes a string/, valid: { a: [{ suffix: ".png" }] } },
    { rule: "equals-ignore-case takes a string", invalid: { a: [{ "equals-ignore-case": 5 }] }, path: "$.a[0].equals-ignore-case", message: /equals-ignore-case takes a string, not number 5/, valid: { a: [{ "equals-ignore-case": "5" }] } },
    { rule: "wildcard takes a string", invalid: { a: [{ wildcard: ["*.png"] }] }, path: "$.a[0].wildcard", message: /wildcard takes a string such as "\*.png", not an array/, valid: { a: [{ wildcard: "*.png" }] } },
    { rule: "consecutive * in wildcard", invalid: { a: [{ wildcard: "a**b" }] }, path: "$.a[0].wildcard", message: /consecutive "\*" in wildcard "a\*\*b" are not allowed/, valid: { a: [{ wildcard: "a*b" }] } },
    { rule: "bad escape in wildcard", invalid: { a: [{ wildcard: "a\\d" }] }, path: "$.a[0].wildcard", message: /invalid escape "\\d" in wildcard/, valid: { a: [{ wildcard: "a\\*d" }] } },
    { rule: "exists takes a boolean", invalid: { a: [{ exists: "true" }] }, path: "$.a[0].exists", message: /exists takes true or false, not the string "true"/, valid: { a: [{ exists: true }] } },
    { rule: "cidr takes a string", invalid: { ip: [{ cidr: 10 }] }, path: "$.ip[0].cidr", message: /cidr takes a string such as "10.0.0.0\/24"/, valid: { ip: [{ cidr: "10.0.0.0/8" }] } },
    { rule: "cidr needs a slash", invalid: { ip: [{ cidr: "10.0.0.0" }] }, path: "$.ip[0].cidr", message: /exactly one "\/" is required/, valid: { ip: [{ cidr: "10.0.0.0/31" }] } },
    { rule: "cidr address", invalid: { ip: [{ cidr: "10.0.0.300/24" }] }, path: "$.ip[0].cidr", message: /"10.0.0.300" is not an IPv4 or IPv6 address/, valid: { ip: [{ cidr: "10.0.0.200/24" }] } },
    { rule: "cidr IPv4 mask bits", invalid: { ip: [{ cidr: "10.0.0.1/32" }] }, path: "$.ip[0].cidr", message: /IPv4 mask bits must be < 32 \(match a single address with the plain string "10.0.0.1"\)/, valid: { ip: ["10.0.0.1"] } },
    { rule: "cidr IPv6 mask bits", invalid: { ip: [{ cidr: "2001:db8::/129" }] }, path: "$.ip[0].cidr", message: /IPv6 mask bits must be < 128/, valid: { ip: [{ cidr: "2001:db8::/32" }] } },
    { rule: "cidr mask integer", invalid: { ip: [{ cidr: "10.0.0.0/x" }] }, path: "$.ip[0].cidr", message: /mask bits after "\/" must be an integer/, valid: { ip: [{ cidr: "10.0.0.0/16" }] } },
    { rule: "numeric takes an array", invalid: { n: [{ numeric: 5 }] }, path: "$.n[0].numeric", message: /numeric takes an array of comparisons/, valid: { n: [{ numeric: ["=", 5] }] } },
    { rule: "numeric operand a number", invalid: { n: [{ numeric: [">", "5"] }] }, path: "$.n[0].numeric", message: /the value of ">": expected a number but found the string "5"/, valid: { n: [{ numeric: [">", 5] }] } },
    { rule: "numeric operator", invalid: { n: [{ numeric: ["==", 5] }] }, path: "$.n[0].numeric", message: /unknown numeric operator "=="/, valid: { n: [{ numeric: ["=", 5] }] } },
    { rule: "numeric range order", invalid: { n: [{ numeric: ["<", 10, ">", 0] }] }, path: "$.n[0].numeric", message: /a range starts with its lower bound/, valid: { n: [{ numeric: [">", 0, "<", 10] }] } },
    { rule: "numeric range bounds", invalid: { n: [{ numeric: [">", 10, "<", 1] }] }, path: "$.n[0].numeric", message: /lower bound 10 must be less than the upper bound 1/, valid: { n: [{ numeric: [">", 1, "<", 10] }] } },
    { rule: "numeric length", invalid: { n: [{ numeric: [">", 1, "<", 30, false] }] }, path: "$.n[0].numeric", message: /numeric has 5 elements/, valid: { n: [{ numeric: [">", 1, "<", 30] }] } },
    { rule: "numeric range upper operator", invalid: { n: [{ numeric: [">", 1, ">", 30] }] }, path: "$.n[0].numeric", message: /a range ends with its upper bound/, valid: { n: [{ numeric: [">", 1, "<=", 30] }] } },
    { rule: "number that does not round-trip (underflow)", invalid: '{"n": [{"numeric": ["=", 1E-325]}]}', path: "$.n[0].numeric", message: /the number 1E-325 cannot be represented exactly as a double \(it would become 0\)/, valid: '{"n": [{"numeric": ["=", 1E-320]}]}' },
    { rule: "number that does not round-trip (digits)", invalid: '{"account": [12345678901234567890]}', path: "$.account[0]", message: /12345678901234567890 cannot be represented exactly/, valid: '{"account": ["12345678901234567890"]}' },
    { rule: "number that does not round-trip (overflow)", invalid: '{"n": [{"anything-but": [1, 2e400]}]}', path: "$.n[0].anything-but[1]", message: /2e400 cannot be represented exactly as a double \(it would become Infinity\)/, valid: '{"n": [{"anything-but": [1, 2e300]}]}' },
    { rule: "non-finite number in an object pattern", invalid: { n: [Number.NaN] }, path: "$.n[0]", message: /NaN is not a finite number/, valid: { n: [0] } },
    { rule: "anything-but mixed list", invalid: { a: [{ "anything-but": ["x", 1] }] }, path: "$.a[0].anything-but", message: /all strings or all numbers, not a mix/, valid: { a: [{ "anything-but": ["x", "1"] }] } },
    { rule: "anything-but list of booleans", invalid: { a: [{ "anything-but": [true] }] }, path: "$.a[0].anything-but[0]", message: /only strings or only numbers, not boolean true/, valid: { a: [{ "anything-but": ["true"] }] } },
    { rule: "anything-but empty list", invalid: { a: [{ "anything-but": [] }] }, path: "$.a[0].anything-but", message: /needs at least one value/, valid: { a: [{ "anything-but": ["x"] }] } },
    { rule: "anything-but null", invalid: { a: [{ "anything-but": null }] }, path: "$.a[0].anything-but", message: /anything-but takes a string, a number/, valid: { a: [{ "anything-but": "null" }] } },
    { rule: "anything-but unsupported nested operator", invalid: { a: [{ "anything-but": { numeric: [">", 1] } }] }, path: "$.a[0].anything-but", message: /anything-but takes a value, a list, or one of \{"prefix"/, valid: { a: [{ "anything-but": { prefix: "x" } }] } },
    { rule: "anything-but empty prefix", invalid: { a: [{ "anything-but": { prefix: "" } }] }, path: "$.a[0].anything-but.prefix", message: /cannot be the empty string/, valid: { a: [{ "anything-but": { prefix: "p" } }] } },
    { rule: "anything-but suffix list of numbers", invalid: { a: [{ "anything-but": { suffix: [1, 2] } }] }, path: "$.a[0].anything-but.suffix", message: /takes a string or a list of strings/, valid: { a: [{ "anything-but": { suffix: ["1", "2"] } }] } },
    { rule: "anything-but wildcard consecutive *", invalid: { a: [{ "anything-but": { wildcard: ["ok", "a**"] } }] }, path: "$.a[0].anything-but.wildcard", message: /consecutive "\*"/, valid: { a: [{ "anything-but": { wildcard: ["ok", "a*"] } }] } },
    { rule: "$or not an array", invalid: { source: ["x"], $or: { a: ["1"] } }, path: "$.$or", message: /\$or must be an array of at least two pattern objects/, valid: { source: ["x"], $or: [{ a: ["1"] }, { b: ["2"] }] } },
    { rule: "$or with one branch", invalid: { $or: [{ a: ["1"] }] }, path: "$.$or", message: /\$or needs at least two branches but has 1/, valid: { $or: [{ a: ["1"] }, { b: ["1"] }] } },
    { rule: "$or branch not an object", invalid: { $or: [{ a: ["1"] }, [{ b: ["2"] }]] }, path: "$.$or[1]", message: /each \$or branch must be a pattern object, not an array/, valid: { $or: [{ a: ["1"] }, { b: ["2"] }] } },
    { rule: "$or empty branch", invalid: { $or: [{ a: ["1"] }, {}] }, path: "$.$or[1]", message: /empty objects are not allowed/, valid: { $or: [{ a: ["1"] }, { c: ["1"] }] } },
    { rule: "operator name as a field inside $or", invalid: { $or: [{ numeric: [1] }, { prefix: ["a"] }] }, path: "$.$or[0].numeric", message: /"numeric" is a reserved word and cannot be a field name inside \$or/, valid: { $or: [{ n: [1] }, { p: ["a"] }] } },
];

describe("patterns: validatePattern", () => {
    for (const r of rules) {
        it(`${r.rule}: reports the problem, and accepts the fixed pattern`, () => {
            const problems = validatePattern(r.invalid);
            const problem = problems.find((p) => r.message.test(p.message));
            assert.ok(problem, `expected a problem matching ${r.message}, got ${JSON.stringify(problems, null, 1)}`);
            assert.strictEqual(problem.path, r.path);
            assert.deepStrictEqual(validatePattern(r.valid), []);
        });
    }

    it("reports every problem, not just the first", () => {
        const problems = validatePattern({ source: "x", "detail-type": [], detail: { a: [{ prefx: "y" }] } });
        assert.deepStrictEqual(problems.map((p) => p.path), ["$.source", "$.detail-type", "$.detail.a[0].prefx"]);
    });

    it("enforces the 2,048-character quota by default, adjustable per account", () => {
        const values = Array.from({ length: 200 }, (_, i) => `value-${i}`);
        const pattern = { source: ["x"], detail: { v: values } };
        const length = JSON.stringify(pattern).length;
        assert.ok(length > 2048);
        const problems = validatePattern(pattern);
        assert.strictEqual(problems.length, 1);
        assert.strictEqual(problems[0].path, "$");
        assert.match(problems[0].message, new RegExp(`the pattern is ${length} characters long, over the quota of 2048.*maxPatternLength`));
        assert.deepStrictEqual(validatePattern(pattern, { maxPatternLength: 4096 }), []);
        // JSON text is measured as written.
        assert.match(validatePattern('{ "source" : [ "x" ] }', { maxPatternLength: 20 })[0].message, /22 characters long, over the quota of 20/);
        assert.deepStrictEqual(validatePattern('{ "source" : [ "x" ] }', { maxPatternLength: 22 }), []);
    });

    it("allows at most 256 fields in one pattern", () => {
        const fields = (n: number): Record<string, string[]> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, ["x"]]));
        const tooMany = validatePattern({ detail: fields(257) }, { maxPatternLength: Infinity });
        assert.deepStrictEqual(tooMany, [{ path: "$", message: "the pattern has 257 fields, over the limit of 256; split it into several rules" }]);
        assert.deepStrictEqual(validatePattern({ detail: fields(256) }, { maxPatternLength: Infinity }), []);
    });

    it("accepts the pattern as an object or as JSON text, with the same result", () => {
        const pattern = { source: ["aws.ec2"], detail: { state: [{ "anything-but": "pending" }] } };
        assert.deepStrictEqual(validatePattern(JSON.stringify(pattern)), []);
        assert.deepStrictEqual(validatePattern(JSON.stringify({ source: "x" })), validatePattern({ source: "x" }));
    });

    it("keys with special characters get bracketed JSON paths", () => {
        assert.deepStrictEqual(validatePattern({ "my key": "x" }).map((p) => p.path), ["$[\"my key\"]"]);
    });
});

describe("patterns: matchesPattern on invalid patterns", () => {
    it("throws InvalidPatternError listing every problem, never returns false", () => {
        let caught: unknown;
        try {
            matchesPattern({ source: "x", detail: { n: [{ numeric: [">", "5"] }] } }, { source: "x" });
        } catch (err) {
            caught = err;
        }
        assert.ok(caught instanceof InvalidPatternError);
        assert.strictEqual(caught.problems.length, 2);
        assert.match(caught.message, /^Invalid event pattern \(2 problems\):\n {2}- \$\.source: .*\n {2}- \$\.detail\.n\[0\]\.numeric: /);
    });

    it("does not apply the per-account size quota when matching", () => {
        const values = Array.from({ length: 300 }, (_, i) => `value-${i}`);
        assert.strictEqual(matchesPattern({ v: values }, { v: "value-299" }), true);
    });
});

describe("patterns: object patterns as JSON would send them", () => {
    it("ignores fields whose value is undefined, as JSON serialisation does", () => {
        assert.deepStrictEqual(validatePattern({ source: ["x"], region: undefined }), []);
        assert.deepStrictEqual(validatePattern({ source: undefined }), [{ path: "$", message: "empty objects are not allowed; remove it or add a field with an array of values" }]);
        assert.strictEqual(matchesPattern({ source: ["x"], region: undefined }, { source: "x" }), true);
    });
});
