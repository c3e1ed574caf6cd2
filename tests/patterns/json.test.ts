import * as assert from "assert";
import { InexactNumber, JsonSyntaxError, numberRoundTrips, parseJsonPreservingNumbers } from "../../components/patterns/json";

describe("patterns: JSON text with exact numbers", () => {
    it("numbers that a double holds by value round-trip, whatever their spelling", () => {
        for (const text of ["300", "300.0", "3.0e2", "3E+2", "0.1", "-4e-6", "1E-320", "0", "-0", "123456789012", "1.7976931348623157e308"]) {
            assert.ok(numberRoundTrips(text, Number(text)), text);
        }
    });

    it("numbers that underflow, overflow or lose digits do not", () => {
        for (const text of ["1E-325", "2.0e422", "1E309", "12345678901234567890", "0.10000000000000000001"]) {
            assert.ok(!numberRoundTrips(text, Number(text)), text);
        }
    });

    it("parses like JSON.parse, keeping inexact numbers with their spelling", () => {
        const text = '{"a": [1, 2.5e1, "x\\n\\u0041", true, null, {"b": []}], "__proto__": {"c": 1E-325}}';
        const value = parseJsonPreservingNumbers(text) as Record<string, unknown>;
        assert.deepStrictEqual(value.a, JSON.parse(text).a);
        assert.ok(Object.prototype.hasOwnProperty.call(value, "__proto__"));
        const c = (value.__proto__ as Record<string, unknown>).c;
        assert.ok(c instanceof InexactNumber);
        assert.strictEqual(c.text, "1E-325");
        assert.strictEqual(c.value, 0);
    });

    it("reports where invalid JSON stops", () => {
        const cases: [string, RegExp][] = [
            ['{"a": [1, 2 3]}', /expected "," or "]" in array but found character "3" at offset 12/],
            ['{"a": 1', /expected "," or "}" in object but found end of text at offset 7/],
            ['{"a": "x\\q"}', /invalid string \(bad escape sequence or control character\) at offset 6/],
            ["{a: 1}", /expected a quoted field name/],
            ['{"a": 01}', /expected "," or "}" in object but found character "1"/],
            ["[1] x", /unexpected character "x" after the JSON value/],
        ];
        for (const [text, message] of cases) {
            assert.throws(() => parseJsonPreservingNumbers(text), (err: unknown) => err instanceof JsonSyntaxError && message.test(err.message), text);
            assert.throws(() => JSON.parse(text), SyntaxError, `JSON.parse should agree that ${text} is invalid`);
        }
    });
});
