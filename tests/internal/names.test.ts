import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { eventBridgeNameProblem, generateEventBridgeName } from "../../components/internal/names";
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
});
