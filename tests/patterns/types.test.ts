/**
 * The typed EventPattern and the operator helpers. The `@ts-expect-error` lines are checked by
 * `tsc --noEmit` (part of `npm test`): each must stay a compile error, or the type check fails.
 */
import * as assert from "assert";
import {
    anythingBut, cidr, equalsIgnoreCase, EventPattern, exists, matchesPattern, numeric, or, prefix, suffix,
    validatePattern, wildcard,
} from "../../components/patterns";

describe("patterns: typed EventPattern", () => {
    it("rejects the common mistakes at compile time", () => {
        const mistakes: EventPattern[] = [
            // @ts-expect-error a scalar where EventBridge wants an array
            { source: "aws.ec2" },
            // @ts-expect-error a misspelled operator
            { source: [{ prefx: "aws." }] },
            // @ts-expect-error exists takes a boolean
            { detail: { x: [{ exists: "true" }] } },
            // @ts-expect-error a range needs both bounds
            { detail: { x: [{ numeric: [">", 0, "<="] }] } },
            // @ts-expect-error a range starts with its lower bound
            { detail: { x: [{ numeric: ["<", 5, ">", 0] }] } },
            // @ts-expect-error prefix takes a string
            { source: [{ prefix: 3 }] },
            // @ts-expect-error anything-but does not take an object of fields
            { source: [{ "anything-but": { foo: "x" } }] },
        ];
        // At runtime each is rejected by validatePattern as well.
        for (const mistake of mistakes) {
            assert.notDeepStrictEqual(validatePattern(mistake), [], JSON.stringify(mistake));
        }
    });

    it("builds every operator with the helpers, and the result is valid and matches", () => {
        const pattern: EventPattern = {
            source: [prefix("aws.")],
            "detail-type": [suffix("change", { ignoreCase: true })],
            detail: {
                state: [anythingBut("pending", "stopping")],
                kind: [anythingBut(prefix("tmp-"))],
                cpu: [numeric(">", 0, "<=", 5)],
                zone: [equalsIgnoreCase("US-EAST-1A")],
                file: [wildcard("*.png")],
                ip: [cidr("10.0.0.0/24")],
                owner: [exists(true)],
                deleted: [exists(false)],
            },
            ...or({ account: ["111122223333"] }, { region: ["eu-west-1"] }),
        };
        assert.deepStrictEqual(validatePattern(pattern), []);
        assert.deepStrictEqual(pattern.source, [{ prefix: "aws." }]);
        assert.deepStrictEqual((pattern.detail as EventPattern).cpu, [{ numeric: [">", 0, "<=", 5] }]);
        assert.deepStrictEqual((pattern.detail as EventPattern).state, [{ "anything-but": ["pending", "stopping"] }]);
        assert.deepStrictEqual((pattern.detail as EventPattern).kind, [{ "anything-but": { prefix: "tmp-" } }]);
        assert.deepStrictEqual(pattern["detail-type"], [{ suffix: { "equals-ignore-case": "change" } }]);
        const event = {
            source: "aws.ec2", "detail-type": "EC2 State CHANGE", account: "999", region: "eu-west-1",
            detail: { state: "running", kind: "prod-1", cpu: 4.5, zone: "us-east-1a", file: "a/b.png", ip: "10.0.0.7", owner: "me" },
        };
        assert.strictEqual(matchesPattern(pattern, event), true);
        assert.strictEqual(matchesPattern(pattern, { ...event, detail: { ...event.detail, cpu: 6 } }), false);
        assert.strictEqual(matchesPattern(pattern, { ...event, region: "us-east-1" }), false);
    });

    it("anythingBut keeps a single value unwrapped and wraps several", () => {
        assert.deepStrictEqual(anythingBut("x"), { "anything-but": "x" });
        assert.deepStrictEqual(anythingBut(1, 2), { "anything-but": [1, 2] });
        assert.deepStrictEqual(anythingBut({ wildcard: "*.tmp" }), { "anything-but": { wildcard: "*.tmp" } });
    });
});
