import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { runMain } from "../support/run-main";

const version = (JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string }).version;
const fixture = "tests/plan/fixtures/careful-stack";

describe("cli: the command line", () => {
    it("--help, -h and help print the commands, exit 0", async () => {
        for (const flag of ["--help", "-h", "help"]) {
            const result = await runMain(flag);
            assert.strictEqual(result.status, 0, flag);
            assert.strictEqual(result.stderr, "");
            assert.match(result.stdout, /^usage: eventbridge-kit <command> \[options\]\n\ncommands:\n {2}plan <program-dir> /, flag);
            assert.match(result.stdout, /^ {2}simulate <program-dir> /m);
        }
    });

    it("--version and -V print the package version, exit 0", async () => {
        for (const flag of ["--version", "-V"]) {
            assert.deepStrictEqual(await runMain(flag), { status: 0, stdout: `${version}\n`, stderr: "" });
        }
    });

    it("plan --help and plan -h print plan's options without planning, exit 0", async () => {
        for (const flag of ["--help", "-h"]) {
            const result = await runMain("plan", fixture, flag);
            assert.strictEqual(result.status, 0);
            assert.match(result.stdout, /^usage: eventbridge-kit plan <program-dir>/);
            assert.match(result.stdout, /^ {2}--help, -h {6}this help$/m);
            assert.doesNotMatch(result.stdout, /Resources/);
        }
    });

    it("simulate -h prints simulate's options, exit 0", async () => {
        const result = await runMain("simulate", "-h");
        assert.strictEqual(result.status, 0);
        assert.match(result.stdout, /^usage: eventbridge-kit simulate <program-dir>/);
    });

    it("exits 2 with one message naming the option for an unknown command, option, missing or extra value", async () => {
        const cases: [string[], string][] = [
            [[], "eventbridge-kit: missing command (commands: plan, simulate)\n"],
            [["deploy"], 'eventbridge-kit: unknown command "deploy" (commands: plan, simulate)\n'],
            [["plan", fixture, "--nope"], "eventbridge-kit: unknown option --nope\n"],
            [["plan", fixture, "--stack"], "eventbridge-kit: --stack needs a value\n"],
            [["plan", fixture, "-s"], "eventbridge-kit: --stack needs a value\n"],
            [["plan", fixture, "--preview=yes"], "eventbridge-kit: --preview takes no value\n"],
            [["plan", fixture, "other"], 'eventbridge-kit: unexpected argument "other"\n'],
            [["plan"], "eventbridge-kit: missing <program-dir>\n"],
            [["plan", fixture, "--account", "12"], 'eventbridge-kit: --account must be a 12-digit AWS account id, not "12"\n'],
            [["plan", fixture, "--compare", "a.json", "--compare-stack", "prod"], "eventbridge-kit: give one of --compare and --compare-stack\n"],
            [["simulate", fixture, "--webhook"], "eventbridge-kit: --webhook needs a value\n"],
        ];
        for (const [args, first] of cases) {
            const result = await runMain(...args);
            assert.strictEqual(result.status, 2, args.join(" "));
            assert.strictEqual(result.stdout, "", args.join(" "));
            assert.ok(result.stderr.startsWith(`${first}\nusage: eventbridge-kit `), `${args.join(" ")}: ${result.stderr.split("\n")[0]}`);
        }
    });
});
