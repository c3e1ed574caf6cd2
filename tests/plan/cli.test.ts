import * as assert from "assert";
import { spawn, spawnSync } from "child_process";
import * as path from "path";
import { renderRoutingMermaid } from "../../cli/render";

const root = path.resolve(__dirname, "..", "..");

/**
 * No AWS or Pulumi credentials. These cases are about what the CLI prints; loading (and
 * type-checking) programs as `pulumi up` does is tests/plan/loading.test.ts's, so they skip the
 * check as the runner allows.
 */
const cliEnvironment = { ...process.env, AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "", AWS_PROFILE: "", PULUMI_ACCESS_TOKEN: "", PULUMI_NODEJS_TRANSPILE_ONLY: "true" };

/** Runs the CLI the way `npm run plan --` does, from the repository root. */
export function runCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const child = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "cli/eventbridge-kit.ts", ...args], {
        cwd: root,
        encoding: "utf8",
        env: cliEnvironment,
        timeout: 120_000,
    });
    return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** Like runCli, without blocking: independent runs overlap. Killed after two minutes. */
function runCliAsync(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "cli/eventbridge-kit.ts", ...args], {
            cwd: root,
            env: cliEnvironment,
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => { stdout += chunk; });
        child.stderr.on("data", (chunk) => { stderr += chunk; });
        const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
        child.on("close", (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
    });
}

describe("cli: eventbridge-kit plan", function () {
    this.timeout(180_000);

    it("text: prints the resource tree, the findings by level with remediation, and the routing; exits 1 on a mandatory violation", () => {
        const { status, stdout, stderr } = runCli("plan", "tests/plan/fixtures/unsafe-stack");
        assert.strictEqual(status, 1, stderr);
        assert.match(stdout, /^Resources \(16\) — unsafe-stack\/dev, offline update, account 123456789012, us-east-1$/m);
        assert.match(stdout, /^├─ aws:cloudwatch\/eventTarget:EventTarget "placed-to-partner"\n│ {5}target: apiDestination partner$/m);
        assert.match(stdout, /^├─ aws:cloudwatch\/eventBusPolicy:EventBusPolicy "orders-open"\n│ {5}eventBusName: bus orders\n│ {5}Allow events:PutEvents to \* on bus orders$/m);
        assert.match(stdout, /^MANDATORY \(24\)$/m);
        // The API destination's rate limit, and the three bus advisories of the raw bus.
        assert.match(stdout, /^ADVISORY \(4\)$/m);
        assert.match(stdout, /^ {2}\[event-bus-customer-managed-key\] \w+ aws:cloudwatch\/eventBus:EventBus "orders"$/m);
        assert.match(stdout, / {2}\[api-destination-https\] high aws:cloudwatch\/eventApiDestination:EventApiDestination "partner"\n {4}invocationEndpoint "http:\/\/partner.example.com\/events" is not HTTPS.*\n {4}fix: Use an https:\/\/ invocationEndpoint/);
        assert.match(stdout, /^bus orders\n├─ rule anything: detail-type=OrderPlaced\n│  └─ lambda handler \(no dlq\)\n└─ rule placed: source=shop detail-type=OrderPlaced\n {3}└─ apiDestination partner \(dlq orders-dlq\)$/m);
        assert.match(stderr, /24 mandatory policy violation\(s\)/);
    });

    it("mermaid: the routing alone, as a flowchart a renderer can read from a pipe; exits 0 when nothing mandatory is violated", () => {
        const { status, stdout, stderr } = runCli("plan", "tests/plan/fixtures/careful-stack", "--format", "mermaid");
        assert.strictEqual(status, 0, stderr);
        assert.deepStrictEqual(stdout.split("\n"), [
            "flowchart LR",
            '  bus0(("bus orders"))',
            '  bus0archive0[("archive orders-archive (7 d)")]',
            "  bus0 -.-> bus0archive0",
            '  rule0{{"rule paid<br/>source=shop detail-type=OrderPaid"}}',
            '  target0["stateMachine fulfil"]',
            '  rule1{{"rule placed<br/>source=shop detail-type=OrderPlaced detail.total=(#gt; 0)"}}',
            '  target1["lambda notify"]',
            "  bus0 --> rule0",
            "  rule0 --> target0",
            "  bus0 --> rule1",
            "  rule1 --> target1",
            "",
        ]);
    });

    it("mermaid labels escape <, >, &, # and \" with Mermaid's entity codes", () => {
        const diagram = renderRoutingMermaid({
            webhooks: [{ id: "webhook0", name: "a&b", urn: "u", endpoint: "function URL", buses: ["bus0"] }],
            buses: [{ id: "bus0", name: "orders#1", archives: [] }],
            rules: [{ id: "rule0", name: "r\"q\"", urn: "u", bus: "bus0", pattern: "unknown", summary: "<pattern known after deployment>", targets: [] }],
            edges: [{ from: "bus0", to: "rule0", label: "x<y" }],
        });
        assert.deepStrictEqual(diagram.split("\n"), [
            "flowchart LR",
            '  webhook0[/"webhook a#amp;b<br/>function URL"/]',
            '  bus0(("bus orders#35;1"))',
            '  rule0{{"rule r#quot;q#quot;<br/>#lt;pattern known after deployment#gt;"}}',
            '  bus0 -->|"x#lt;y"| rule0',
        ]);
    });

    const BUS_ADVISORIES = ["advisory event-bus-customer-managed-key", "advisory event-bus-dead-letter-queue", "advisory event-bus-logging"];

    it("json: one document with resources, findings, routing and a summary; --stack picks the config", () => {
        const { status, stdout, stderr } = runCli("plan", "tests/plan/fixtures/careful-stack", "--stack", "prod", "--format=json");
        assert.strictEqual(status, 0, stderr);
        const document = JSON.parse(stdout);
        // A raw bus: only the bus advisories (SafeEventBus meets them), nothing mandatory.
        assert.deepStrictEqual(document.summary, { resources: 17, findings: 3, mandatory: 0, loops: 0 });
        assert.deepStrictEqual(document.findings.map((f: any) => `${f.enforcementLevel} ${f.policyName}`).sort(), BUS_ADVISORIES);
        assert.strictEqual(document.stack, "prod");
        assert.deepStrictEqual(document.outputs, { busName: "orders-prod", busArn: "arn:aws:events:us-east-1:123456789012:event-bus/orders-prod" });
        const bus = document.resources.find((r: any) => r.type === "aws:cloudwatch/eventBus:EventBus");
        assert.deepStrictEqual(bus.inputs, { name: "orders-prod" });
        assert.deepStrictEqual(document.routing.rules.map((r: any) => r.name), ["paid", "placed"]);
    });

    it("json on the unsafe stack exits 1 and lists the mandatory findings", () => {
        const { status, stdout } = runCli("plan", "tests/plan/fixtures/unsafe-stack", "--format", "json");
        assert.strictEqual(status, 1);
        assert.strictEqual(JSON.parse(stdout).summary.mandatory, 24);
    });

    it("exits 2 with one message, and the stack trace only with --verbose, for an unknown stack or a missing config value", async () => {
        const [unknownStack, missingConfig, verbose] = await Promise.all([
            runCliAsync("plan", "tests/plan/fixtures/careful-stack", "--stack", "qa"),
            runCliAsync("plan", "tests/plan/fixtures/needs-config"),
            runCliAsync("plan", "tests/plan/fixtures/needs-config", "--verbose"),
        ]);
        assert.deepStrictEqual([unknownStack.status, unknownStack.stdout], [2, ""]);
        assert.match(unknownStack.stderr, /^eventbridge-kit: \S+careful-stack has no Pulumi\.qa\.yaml; stacks found: dev, prod\.\n$/);
        assert.deepStrictEqual([missingConfig.status, missingConfig.stdout], [2, ""]);
        assert.match(missingConfig.stderr, /^eventbridge-kit: missing required configuration variable 'needs-config:busName': offline, the plan reads it from Pulumi\.dev\.yaml in \S+needs-config \(or a default in Pulumi\.yaml\); set it there, or choose another stack with --stack\.\n$/);
        assert.strictEqual(verbose.status, 2);
        assert.ok(verbose.stderr.startsWith(missingConfig.stderr), verbose.stderr);
        assert.match(verbose.stderr, /\n {4}at .*needs-config[\\/]index\.ts:\d+/);
    });

    it("judges resolved policy documents: a bus policy granting Principal \"*\" fails the plan (exit 1), its one-account twin passes", async () => {
        const [open, scoped] = await Promise.all([
            runCliAsync("plan", "tests/plan/fixtures/public-bus-policy"),
            runCliAsync("plan", "tests/plan/fixtures/public-bus-policy", "--stack", "scoped", "--format", "json"),
        ]);
        assert.strictEqual(open.status, 1, open.stderr);
        assert.match(open.stdout, /^ +Allow events:PutEvents to \* on bus partners$/m);
        assert.match(open.stdout, /^ {2}\[event-bus-policy-no-public-principal\] critical aws:cloudwatch\/eventBusPolicy:EventBusPolicy "partners-policy"\n {4}Statement "PartnersPutEvents" allows events:PutEvents to principal "\*" with no organization or account condition/m);
        assert.match(open.stdout, /^ {2}\[resource-policy-no-unscoped-public-principal\] critical aws:cloudwatch\/eventBusPolicy:EventBusPolicy "partners-policy"\n {4}EventBusPolicy "partners-policy" policy statement 1 \("PartnersPutEvents"\) grants events:PutEvents to any principal with no scoping condition/m);
        assert.match(open.stderr, /2 mandatory policy violation\(s\)/);
        assert.strictEqual(scoped.status, 0, scoped.stderr);
        const document = JSON.parse(scoped.stdout);
        assert.deepStrictEqual(document.summary, { resources: 2, findings: 3, mandatory: 0, loops: 0 });
        assert.deepStrictEqual(document.findings.map((f: any) => `${f.enforcementLevel} ${f.policyName}`).sort(), BUS_ADVISORIES);
        const policy = document.resources.find((r: any) => r.name === "partners-policy");
        const bus = document.resources.find((r: any) => r.name === "partners");
        assert.deepStrictEqual(JSON.parse(policy.inputs.policy).Statement[0], {
            Sid: "PartnersPutEvents", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "events:PutEvents", Resource: bus.outputs.arn,
        });
        assert.match(bus.outputs.arn, /^arn:aws:events:us-east-1:123456789012:event-bus\/partners-[0-9a-f]{7}$/);
    });

    it("text: the two-bus loop fails the plan (exit 1) with the cycle and the examples that started it", () => {
        const { status, stdout, stderr } = runCli("plan", "tests/simulate/fixtures/two-bus-loop");
        assert.strictEqual(status, 1, stderr);
        assert.match(stdout, /^Loops \(1\): events that come back to a bus they went through, matched again forever\n {2}bus-a → a-to-b → bus-b → b-to-a → bus-a\n {4}started by: rule a-to-b examples\.match\.orderCreated, rule b-to-a examples\.match\.orderCreated$/m);
        assert.doesNotMatch(stdout, /^MANDATORY/m);
        assert.strictEqual(stderr, "eventbridge-kit: 1 loop(s) between buses\n");
    });

    it("exits 2 with usage on a wrong command line or a folder without Pulumi.yaml", () => {
        const wrongFormat = runCli("plan", "tests/plan/fixtures/careful-stack", "--format", "svg");
        assert.strictEqual(wrongFormat.status, 2);
        assert.match(wrongFormat.stderr, /--format must be text, mermaid or json, not "svg"/);
        assert.match(wrongFormat.stderr, /usage: eventbridge-kit plan <program-dir>/);
        const noProject = runCli("plan", "tests/plan");
        assert.strictEqual(noProject.status, 2);
        assert.match(noProject.stderr, /^eventbridge-kit: \S+ has no Pulumi\.yaml: pass the folder of a Pulumi project \(for example examples\/complete\)\.\n$/);
    });
});

describe("cli: eventbridge-kit plan on the complete example", function () {
    this.timeout(180_000);

    it("text: the routing of every webhook, bus, rule and target, and exit 0", () => {
        const { status, stdout, stderr } = runCli("plan", ".");
        assert.strictEqual(status, 0, stderr);
        assert.match(stdout, /^Resources \(\d+\) — eventbridge-kit-complete\/dev, offline update, account 123456789012, us-east-1$/m);
        assert.doesNotMatch(stdout, /^MANDATORY/m);
        // Advisory only: the API destination connections use AWS owned keys.
        assert.match(stdout, /^ADVISORY \(\d+\)\n {2}\[connection-kms-key\] low aws:cloudwatch\/eventConnection:EventConnection "prs-chat-connection"$/m);
        assert.match(stdout, /^webhook bird-webhook \[bird\] \(ALB :443 \(bird-events\.dev\.example\.com\)\) → S3 bucket bird-batches → bus dev-bird — basic or bearer credentials, not a signature$/m);
        // Every rule's examples and every webhook sample followed through the stack: nothing loops.
        assert.match(stdout, /^Loops: none$/m);
        assert.match(stdout, /^bus dev-github — archive github-bus-archive-unhandled \(7 d\)\n├─ rule github-pr-opened: source=github\.com detail-type=pull_request detail\.payload\.action=opened\n│  └─ stateMachine github-review \(dlq github-pr-opened-dlq, too small: takes 262144 bytes, github-webhook sends up to 1048576: set its maxEntryBytes 261120 with largeEvents, or an input transformer\)$/m);
    });

    it("mermaid: webhooks, buses, rules and targets as a flowchart", () => {
        const { status, stdout } = runCli("plan", ".", "--format", "mermaid");
        assert.strictEqual(status, 0);
        const diagram = stdout.trimEnd().split("\n");
        assert.strictEqual(diagram[0], "flowchart LR");
        assert.ok(diagram.includes('  webhook0[/"webhook github-webhook (github)<br/>function URL"/]'), diagram.join("\n"));
        assert.ok(diagram.includes("  webhook0 --> bus0"), diagram.join("\n"));
        assert.ok(diagram.includes('  webhook2 -->|"via S3"| bus2'), diagram.join("\n"));
        assert.strictEqual(diagram.filter((l) => /^ {2}rule\d+ --> target\d+$/.test(l)).length, 9);
    });

    it("json with --stack prod: prod names and no mandatory finding", () => {
        const { status, stdout } = runCli("plan", ".", "--stack", "prod", "--format", "json");
        assert.strictEqual(status, 0);
        const document = JSON.parse(stdout);
        assert.strictEqual(document.summary.mandatory, 0);
        assert.deepStrictEqual(document.outputs.busNames, ["prod-github", "prod-twilio", "prod-bird", "prod-github-prs"]);
        assert.deepStrictEqual(document.routing.webhooks.map((w: any) => w.provider), ["github", "twilio", "bird", "github"]);
    });
});
