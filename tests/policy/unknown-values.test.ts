import * as assert from "assert";
import Module from "module";
import * as path from "path";
import { KitResourcePolicy, policies } from "../../policy";
import { isUnknownValueError, plain, UNKNOWN } from "../../policy/values";
import { runPolicies } from "../../offline/policy-runner";
import { res, T, unknownValue } from "./helpers";

/**
 * `@pulumi/policy`'s property proxy loaded as a second, separate module instance: what a pack
 * that resolves its own copy of the package runs under. Its UnknownValueError is another class.
 */
function secondCopyOfProxy(): { unknownCheckingProxy<T>(props: T): T; UnknownValueError: new (...args: any[]) => Error } {
    const file = require.resolve("@pulumi/policy/proxy");
    const copy = new Module(file) as Module & { load(file: string): void };
    copy.filename = file;
    copy.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
    copy.load(file);
    return copy.exports;
}

describe("policy: values unknown at preview", () => {
    const second = secondCopyOfProxy();

    it("the second copy really is another class (the case the shape check exists for)", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        assert.notStrictEqual(second.UnknownValueError, require("@pulumi/policy").UnknownValueError);
    });

    it("plain() reads unknowns through another copy's proxy as UNKNOWN instead of throwing", () => {
        const props = second.unknownCheckingProxy({ arn: unknownValue, nested: { list: ["a", unknownValue] }, known: 1 });
        assert.deepStrictEqual(plain(props), { arn: UNKNOWN, nested: { list: ["a", UNKNOWN] }, known: 1 });
    });

    it("plain() also marks the engine's sentinels in properties handed over without a proxy", () => {
        assert.deepStrictEqual(plain({ arn: unknownValue, count: "3eeb2bf0-c639-47a8-9e75-3b44932eb421", name: "q" }), { arn: UNKNOWN, count: UNKNOWN, name: "q" });
    });

    it("recognises the error by its shape, and nothing else", () => {
        let thrown: unknown;
        try {
            void (second.unknownCheckingProxy({ arn: unknownValue }) as { arn: string }).arn;
        } catch (err) {
            thrown = err;
        }
        assert.ok(isUnknownValueError(thrown));
        assert.ok(!isUnknownValueError(new Error("string value at .arn can't be known during preview")));
        assert.ok(!isUnknownValueError(Object.assign(new Error("x"), { unknownTypeSentinel: "not-a-sentinel", props: ["arn"] })));
        assert.ok(!isUnknownValueError({ unknownTypeSentinel: unknownValue, props: ["arn"] }));
    });

    it("a mandatory policy still decides when the engine is another copy of @pulumi/policy", async () => {
        const target = res(T.target, "t", { arn: unknownValue, rule: unknownValue, roleArn: unknownValue });
        const deadLetter = policies.find((p) => p.name === "event-target-dead-letter-queue")!;
        const findings = await runPolicies([target], { policies: [deadLetter] });
        assert.deepStrictEqual(findings.map((f) => [f.policyName, f.enforcementLevel]), [["event-target-dead-letter-queue", "mandatory"]]);
        // The same policy over the second copy's proxy, as that copy's engine calls it.
        const reports: string[] = [];
        const validate = (deadLetter as KitResourcePolicy).validateResource as (args: object, report: (m: string) => void) => void;
        validate({ type: T.target, props: second.unknownCheckingProxy(target.props), getConfig: () => ({}) }, (m) => reports.push(m));
        assert.deepStrictEqual(reports, [findings[0].message]);
    });
});
