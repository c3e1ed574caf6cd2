/**
 * The offline plan loads a program the way `pulumi up` does: a program Pulumi's runner refuses
 * fails the plan with the runner's own message, and a program the runner loads (here one
 * compiled as nodenext, which the plan must not turn into commonjs) plans as it runs.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planProgram } from "../../cli/eventbridge-kit";
import { ProgramError } from "../../cli/load-program";
import { readProgram, secretPlaceholder } from "../../cli/program";
import { runProgram } from "../support/pulumi-host";

const fixture = (name: string) => path.join(__dirname, "fixtures", name);
const keys = (resources: readonly { type: string; name: string }[]) =>
    resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => `${r.type} ${r.name}`);

describe("plan: programs load as under `pulumi up`", function () {
    this.timeout(300_000);

    it("a type error stops the runner and the plan with the same message", async () => {
        const [runner, planned] = await Promise.all([
            runProgram({ dir: fixture("type-error"), stack: "dev", dryRun: true, timeoutMs: 120_000 }),
            planProgram(fixture("type-error"), "dev").then(() => undefined, (err: unknown) => err),
        ]);
        assert.strictEqual(runner.exitCode, 32, runner.stderr);
        assert.strictEqual(runner.errors.length, 1, runner.errors.join("\n"));
        assert.match(runner.errors[0], /TS2322: Type 'string' is not assignable to type 'number'/);
        assert.ok(planned instanceof ProgramError, `the plan did not fail: ${String(planned)}`);
        assert.strictEqual(`error: ${planned.message}`, runner.errors[0]);
    });

    it("a nodenext project loads in both and registers the same resources", async () => {
        const [runner, planned] = await Promise.all([
            runProgram({ dir: fixture("nodenext-project"), stack: "dev", dryRun: true, timeoutMs: 120_000 }),
            planProgram(fixture("nodenext-project"), "dev"),
        ]);
        assert.deepStrictEqual(runner.errors, []);
        assert.strictEqual(runner.exitCode, 0, runner.stderr);
        assert.deepStrictEqual(keys(runner.resources), ["fixture:index:Orders dev-orders"]);
        assert.deepStrictEqual(keys(planned.resources), keys(runner.resources));
    });
});

describe("plan: stack config offline", () => {
    it("an encrypted stack value and a declared secret the stack has not set both become secret placeholders", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-config-"));
        try {
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), [
                "name: shop", "runtime: nodejs", "config:",
                "  apiKey:", "    type: string", "    secret: true",
                "  dbPassword:", "    type: string", "    secret: true",
                "  region: eu-west-1",
            ].join("\n"));
            fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), ["config:", "  shop:apiKey:", "    secure: v1:c2VjcmV0", "  shop:size: 3"].join("\n"));
            const program = readProgram(dir, "dev");
            assert.deepStrictEqual(program.config, {
                "shop:apiKey": secretPlaceholder("shop:apiKey"),
                "shop:dbPassword": secretPlaceholder("shop:dbPassword"),
                "shop:region": "eu-west-1",
                "shop:size": 3,
            });
            assert.deepStrictEqual([...program.secretKeys].sort(), ["shop:apiKey", "shop:dbPassword"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
