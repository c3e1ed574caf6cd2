import * as assert from "assert";
import { spawn } from "child_process";
import * as path from "path";
import { runMain } from "../support/run-main";
import { webhookSamples } from "../../testing";

const root = path.resolve(__dirname, "..", "..");
const loopFixture = path.join(__dirname, "fixtures", "two-bus-loop");

describe("cli: eventbridge-kit simulate", function () {
    this.timeout(120_000);

    it("as a child process: a signed GitHub pull_request through examples/github-to-stepfunctions, the exact Step Functions input", async () => {
        const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "cli/eventbridge-kit.ts", "simulate", "examples/github-to-stepfunctions",
            "--webhook", "github:pull_request.opened", "--format", "json"], {
            cwd: root,
            env: { ...process.env, AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "", AWS_PROFILE: "", PULUMI_ACCESS_TOKEN: "", PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => { stdout += chunk; });
        child.stderr.on("data", (chunk) => { stderr += chunk; });
        const timer = setTimeout(() => child.kill("SIGKILL"), 100_000);
        const status = await new Promise<number | null>((resolve) => child.on("close", resolve)).finally(() => clearTimeout(timer));
        assert.strictEqual(status, 0, stderr);
        const run = JSON.parse(stdout);
        const payload = webhookSamples.github["pull_request.opened"].body;
        const detail = { metadata: { provider: "github", deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958", receivedAt: "2026-11-30T08:00:00.000Z" }, payload };
        assert.deepStrictEqual(run.webhook.entries, [{
            EventBusName: "arn:aws:events:us-east-1:123456789012:event-bus/github-dev", Source: "github.com", DetailType: "pull_request", Detail: JSON.stringify(detail),
        }]);
        assert.deepStrictEqual(run.traces[0].targets.map((t: { kind: string; input: string }) => [t.kind, t.input]), [["stateMachine", JSON.stringify({
            version: "0", id: "6f1b2c3d-0000-4000-8000-000000000001", "detail-type": "pull_request", source: "github.com", account: "123456789012",
            time: "2026-11-30T08:00:00Z", region: "us-east-1", resources: [], detail,
        })]]);
        assert.deepStrictEqual(run.loops, []);
    });

    it("exits 1 on a loop and prints the cycle", async () => {
        const result = await runMain("simulate", loopFixture, "--event", path.join(loopFixture, "order-created.json"));
        assert.strictEqual(result.status, 1, result.stderr);
        assert.match(result.stdout, /^Loop: bus-a → a-to-b → bus-b → b-to-a → bus-a$/m);
        assert.match(result.stdout, /^ {2}✔ rule a-to-b$/m);
        assert.strictEqual(result.stderr, "eventbridge-kit: the event loops between buses (1 cycle(s))\n");
    });

    it("a private API destination: each request names the VPC Lattice resource configuration it goes through", async () => {
        const fixture = path.join(__dirname, "fixtures", "private-destination");
        const result = await runMain("simulate", fixture, "--event", path.join(fixture, "order-created.json"));
        assert.strictEqual(result.status, 0, result.stderr);
        const configuration = /through VPC Lattice resource configuration (arn:\S+) to billing/.exec(result.stdout)?.[1];
        assert.ok(configuration, result.stdout);
        assert.deepStrictEqual(result.stdout.split("\n").filter((l) => l.includes("VPC Lattice")).map((l) => l.trim()), [
            `through VPC Lattice resource configuration ${configuration} to billing.internal.example.com:8443 in vpc-0123456789abcdef0 (subnets subnet-0123456789abcdef0, subnet-0fedcba9876543210)`,
            "through VPC Lattice resource configuration arn:aws:vpc-lattice:us-east-1:210987654321:resourceconfiguration/rcfg-0123456789abcdef0 (not in the stack)",
        ]);
    });

    it("--format mermaid draws the event's path, the loop as a dashed edge back", async () => {
        const result = await runMain("simulate", loopFixture, "--event", path.join(loopFixture, "order-created.json"), "--format", "mermaid");
        assert.strictEqual(result.status, 1);
        assert.deepStrictEqual(result.stdout.trim().split("\n"), [
            "flowchart LR",
            '  bus0(("bus bus-a"))',
            '  rule0{{"rule a-to-b"}}',
            "  bus0 --> rule0",
            "  rule0 --> bus1",
            '  bus1(("bus bus-b"))',
            '  rule1{{"rule b-to-a"}}',
            "  bus1 --> rule1",
            "  rule1 --> bus0",
            "  rule1 -.->|loop| bus0",
        ]);
    });

    it("--help lists every built-in sample, from the table simulateWebhook sends them from", async () => {
        const result = await runMain("simulate", "--help");
        assert.strictEqual(result.status, 0);
        assert.match(result.stdout, /^usage: eventbridge-kit simulate <program-dir>/);
        for (const [provider, samples] of Object.entries(webhookSamples)) {
            const names = Object.keys(samples);
            const listed = new RegExp(`^ {16}${provider}:([^\\n]|\\n {20})*$`, "m").exec(result.stdout)?.[0].replace(/\s+/g, " ");
            assert.strictEqual(listed, ` ${provider}: ${names.map((n, i) => `${n}${i === 0 ? " (default)" : ""}`).join(", ")}`);
        }
    });

    it("exits 2 with one message for a wrong command line or event file", async () => {
        const cases: [string[], RegExp][] = [
            [["simulate", loopFixture], /^eventbridge-kit: give --event <file> or --webhook <provider>\n/],
            [["simulate", loopFixture, "--event", "x.json", "--webhook", "github"], /^eventbridge-kit: give one of --event and --webhook\n/],
            [["simulate", loopFixture, "--webhook", "github", "--format", "yaml"], /^eventbridge-kit: --format must be text, json or mermaid, not "yaml"\n/],
            [["simulate", loopFixture, "--event", path.join(loopFixture, "missing.json")], /^eventbridge-kit: cannot read the event file .*missing\.json; give a JSON file holding a PutEvents entry or an event\.\n$/],
            [["simulate", loopFixture, "--webhook", "github"], /^eventbridge-kit: the stack has no github WebhookIngress \(webhooks: none\)\.\n$/],
        ];
        for (const [args, expected] of cases) {
            const result = await runMain(...args);
            assert.strictEqual(result.status, 2, args.join(" "));
            assert.match(result.stderr, expected);
            assert.strictEqual(result.stdout, "");
        }
    });
});
