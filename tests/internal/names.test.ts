import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { QUEUE_NAME, ROLE_NAME, STATEMENT_ID } from "../../components/internal/limits";
import { eventBridgeNameProblem, fittedNamePrefix, generateEventBridgeName } from "../../components/internal/names";
import { RecordingMocks } from "../../testing/mocks";

describe("internal/names", () => {
    it("accepts 1–64 characters of A-Za-z0-9._-", () => {
        for (const name of ["a", "Orders.created_v2-eu", "x".repeat(64)]) {
            assert.strictEqual(eventBridgeNameProblem(name), undefined, name);
        }
    });

    it("says what is wrong with a name EventBridge rejects", () => {
        assert.strictEqual(eventBridgeNameProblem(""), "is empty; EventBridge names are 1–64 characters of A-Za-z0-9._-");
        assert.strictEqual(eventBridgeNameProblem("x".repeat(65)), `"${"x".repeat(65)}" is 65 characters long; EventBridge allows at most 64`);
        assert.strictEqual(eventBridgeNameProblem("a b/c d"), "\"a b/c d\" contains \" \", \"/\"; EventBridge names allow only A-Za-z0-9._-");
    });

    it("generates valid names that are stable per project and stack and differ between stacks", async () => {
        const generate = async (project: string, stack: string, name: string) => {
            await pulumi.runtime.setMocks(new RecordingMocks(), project, stack, false);
            return generateEventBridgeName(name);
        };
        const dev = await generate("shop", "dev", "orders created");
        assert.match(dev, /^orders-created-[0-9a-f]{8}$/);
        assert.strictEqual(await generate("shop", "dev", "orders created"), dev);
        assert.notStrictEqual(await generate("shop", "prod", "orders created"), dev);
        assert.notStrictEqual(await generate("billing", "dev", "orders created"), dev);
        const long = await generate("shop", "dev", "y".repeat(100));
        assert.strictEqual(long.length, 64);
        assert.strictEqual(eventBridgeNameProblem(long), undefined);
        // Nothing readable left: the hash alone is still a valid name.
        assert.match(await generate("shop", "dev", "///"), /^[0-9a-f]{8}$/);
        await pulumi.runtime.setMocks(new RecordingMocks(), "shop", "dev", false);
        assert.strictEqual(generateEventBridgeName("d".repeat(50), 40).length, 40);
    });

    it("gives a name prefix only where Pulumi's auto-name would break the service's length or characters", () => {
        // `<name>-<7 hex>` fits: no prefix, the auto-name stays.
        assert.strictEqual(fittedNamePrefix("a".repeat(56), ROLE_NAME), undefined);
        assert.strictEqual(fittedNamePrefix("orders.dlq_1@x", ROLE_NAME), undefined);
        // One character more: the provider's 26 characters after a 37-character prefix and "-".
        assert.strictEqual(fittedNamePrefix("a".repeat(57), ROLE_NAME), `${"a".repeat(37)}-`);
        assert.strictEqual(fittedNamePrefix("q".repeat(73), QUEUE_NAME), `${"q".repeat(53)}-`);
        assert.strictEqual(fittedNamePrefix("s".repeat(93), STATEMENT_ID), `${"s".repeat(73)}-`);
        // Characters the service rejects become "-": SQS has no ".", IAM no " " or "/".
        assert.strictEqual(fittedNamePrefix("orders.dlq", QUEUE_NAME), "orders-dlq-");
        assert.strictEqual(fittedNamePrefix("orders/created v2-role", ROLE_NAME), "orders-created-v2-role-");
        for (const [name, rule] of [["x".repeat(200), ROLE_NAME], ["a b".repeat(40), QUEUE_NAME], ["é".repeat(99), STATEMENT_ID]] as const) {
            const physical = `${fittedNamePrefix(name, rule)}${"0".repeat(26)}`;
            assert.ok(physical.length <= rule.maxLength && [...physical].every((c) => rule.character.test(c)), physical);
        }
    });
});
