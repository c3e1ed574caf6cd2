import * as assert from "assert";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { planProgram } from "../../cli/eventbridge-kit";
import { runMain } from "../support/run-main";
import { renderLoops, renderRoutingMermaid } from "../../cli/render";
import { renderSimulation } from "../../cli/simulate";
import { SafeRule, targets } from "../../components";
import { plan, Plan, simulate } from "../../testing";

const loopFixture = path.join(__dirname, "..", "simulate", "fixtures", "two-bus-loop");
const TIME = "2026-11-30T08:00:00Z";

const code = "arn:aws:lambda:us-east-1:123456789012:function:";
const created = { source: "app.orders", "detail-type": "created", detail: { orderId: "o-1" } };
/** The same event as a PutEvents entry on bus orders. */
const entry = (detail: object) => ({ Source: "app.orders", DetailType: "created", Detail: JSON.stringify(detail), EventBusName: "orders" });
const enriched = { source: "app.enricher", "detail-type": "enriched", detail: { orderId: "o-1" } };

/**
 * Bus orders → rule `enrich` → Lambda `enricher`, which declares it puts `enriched` events on
 * bus enriched → rule `back` forwards them to orders. When `enrich` also matches `enriched`
 * events, that is a loop through the Lambda.
 */
function lambdaStack(enrichMatches: string[], emits: "samples" | "function") {
    return () => {
        const orders = new aws.cloudwatch.EventBus("orders", { name: "orders" });
        const out = new aws.cloudwatch.EventBus("enriched", { name: "enriched" });
        const enricher = new aws.lambda.Function("enricher", {
            name: "enricher", role: "arn:aws:iam::123456789012:role/enricher", runtime: "nodejs22.x", handler: "index.handler",
            code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => undefined;") }),
        });
        new SafeRule("enrich", {
            eventBus: orders,
            pattern: { source: ["app.orders", "app.enricher"], "detail-type": enrichMatches },
            examples: { match: { created } },
            targets: [targets.lambda(enricher, {
                emits: { bus: out, events: emits === "samples" ? [enriched] : (event: object) => [{ ...enriched, detail: (event as typeof created).detail }] },
            })],
        });
        new SafeRule("back", {
            eventBus: out,
            pattern: { source: ["app.enricher"], "detail-type": ["enriched"] },
            targets: [targets.eventBus(orders)],
        });
    };
}

describe("plan: loops between buses, found by default", function () {
    this.timeout(60_000);

    describe("the two-bus loop (SafeRules on A and B forwarding to each other)", () => {
        let result: Plan;
        before(async () => { result = await planProgram(loopFixture, "dev", { policies: [] }); });

        it("reports the cycle once, with each example that started it", () => {
            assert.deepStrictEqual(result.loops, [{
                cycle: [
                    { kind: "bus", id: "bus0", name: "bus-a" }, { kind: "rule", id: "rule0", name: "a-to-b" },
                    { kind: "bus", id: "bus1", name: "bus-b" }, { kind: "rule", id: "rule1", name: "b-to-a" },
                    { kind: "bus", id: "bus0", name: "bus-a" },
                ],
                text: "bus-a → a-to-b → bus-b → b-to-a → bus-a",
                startedBy: ["rule a-to-b examples.match.orderCreated", "rule b-to-a examples.match.orderCreated"],
            }]);
            assert.deepStrictEqual(result.loopCheckSkipped, []);
        });

        it("text and mermaid show it: the cycle with its starts, the way back as a dashed edge", () => {
            assert.strictEqual(renderLoops(result), [
                "Loops (1): events that come back to a bus they went through, matched again forever",
                "  bus-a → a-to-b → bus-b → b-to-a → bus-a",
                "    started by: rule a-to-b examples.match.orderCreated, rule b-to-a examples.match.orderCreated",
            ].join("\n"));
            const diagram = renderRoutingMermaid(result.routing, result.loops).split("\n");
            assert.deepStrictEqual(diagram.filter((l) => l.includes("-.->|loop|")), ["  rule0 -.->|loop| bus1", "  rule1 -.->|loop| bus0"]);
        });

        it("`plan --format json` exits 1 with the loop in the document and its summary", async () => {
            const run = await runMain("plan", loopFixture, "--format", "json");
            assert.strictEqual(run.status, 1, run.stderr);
            const document = JSON.parse(run.stdout);
            assert.deepStrictEqual(document.summary.loops, 1);
            assert.deepStrictEqual(document.summary.mandatory, 0);
            assert.deepStrictEqual(document.loops.map((l: { text: string }) => l.text), ["bus-a → a-to-b → bus-b → b-to-a → bus-a"]);
        });

        it("loopCheck: false skips it; a preview plan says it was not checked", async () => {
            const unchecked = await planProgram(loopFixture, "dev", { policies: [], loopCheck: false });
            assert.deepStrictEqual(unchecked.loops, []);
            const preview = await planProgram(loopFixture, "dev", { policies: [], preview: true });
            assert.deepStrictEqual(preview.loops, []);
            assert.strictEqual(renderLoops(preview), "Loops: not checked in a preview plan (target ARNs are unknown)");
        });
    });

    describe("Lambda targets that declare emits", () => {
        it("a loop through a Lambda: it publishes to another bus, whose rule forwards back to a rule that matches again", async () => {
            for (const emits of ["samples", "function"] as const) {
                const result = await plan(lambdaStack(["created", "enriched"], emits), { policies: [] });
                assert.deepStrictEqual(result.loops.map((l) => [l.text, l.cycle.map((s) => s.kind), l.startedBy]), [[
                    "orders → enrich → enricher → enriched → back → orders",
                    ["bus", "rule", "target", "bus", "rule", "bus"],
                    ["rule enrich examples.match.created"],
                ]], emits);
            }
        });

        it("no loop when the rule does not match what comes back; the trace shows what the Lambda emits and where", async () => {
            const result = await plan(lambdaStack(["created"], "function"), { policies: [] });
            assert.deepStrictEqual(result.loops, []);
            const trace = await simulate(result, entry({ orderId: "o-9" }), { time: TIME });
            assert.deepStrictEqual(trace.deliveries.map((d) => [d.busName, d.event["detail-type"], d.rules.map((r) => [r.name, r.matched])]), [
                ["orders", "created", [["enrich", true]]],
                ["enriched", "enriched", [["back", true]]],
                ["orders", "enriched", [["enrich", false]]],
            ]);
            const [lambda] = trace.targets;
            assert.deepStrictEqual(lambda.emitted?.map((e) => [e.source, e["detail-type"], e.detail, e.region]), [["app.enricher", "enriched", { orderId: "o-9" }, "us-east-1"]]);
            assert.strictEqual(lambda.nextBus, trace.deliveries[1].bus);
            const diagram = renderSimulation({ traces: [trace], loops: [] }, "mermaid").split("\n");
            const enrich = trace.deliveries[0].rules[0].id;
            assert.ok(diagram.includes(`  ${enrich} --> ${lambda.id}`) && diagram.includes(`  ${lambda.id} --> ${lambda.nextBus}`), diagram.join("\n"));
        });

        it("the plan carries an emits function for simulate, unseen by JSON and deep equality; a later program's plan has none of it", async () => {
            const emittedDetail = async (result: Plan) => (await simulate(result, entry({ orderId: "o-9" }), { time: TIME })).targets[0].emitted?.map((e) => e.detail);
            const result = await plan(lambdaStack(["created"], "function"), { policies: [] });
            assert.deepStrictEqual(await emittedDetail(result), [{ orderId: "o-9" }]);
            assert.deepStrictEqual(Object.keys(result).sort(), ["account", "findings", "loopCheckSkipped", "loops", "outputs", "preview", "project", "region", "resources", "routing", "stack", "warnings"]);
            assert.deepStrictEqual(await plan(lambdaStack(["created"], "function"), { policies: [] }), result);
            // Read back from JSON, a plan has only what its SafeRule registered: the function's events for the examples.
            assert.deepStrictEqual(await emittedDetail(JSON.parse(JSON.stringify(result))), [{ orderId: "o-1" }]);
            // The same names in the next program, declared with samples: the function of the one before is not used.
            assert.deepStrictEqual(await emittedDetail(await plan(lambdaStack(["created"], "samples"), { policies: [] })), [{ orderId: "o-1" }]);
        });

        it("the rule's own loop guard calls an emits function on the examples", () => {
            const bus = "arn:aws:events:us-east-1:123456789012:event-bus/orders";
            assert.throws(() => new SafeRule("self", {
                eventBus: bus,
                pattern: { source: ["app.orders"], "detail-type": ["created"] },
                examples: { match: { created } },
                targets: [targets.lambda(`${code}f`, { emits: { bus, events: (e: object) => [e] } })],
            }), /SafeRule "self": targets: the rule would trigger itself: targets\[0\] \(lambda function "arn:aws:lambda:us-east-1:123456789012:function:f"\) publishes to bus "arn:.*orders", the bus this rule listens on, and its emits\.events\(examples\.match\.created\)\[0\] \(source "app\.orders", detail-type "created"\) matches this rule's pattern/);
        });

        it("refuses a declaration it cannot follow, naming the field, the rule and the fix", () => {
            const rule = (emits: unknown) => () => new SafeRule("enrich", {
                eventBus: "orders",
                pattern: { source: ["app.orders"], "detail-type": ["created"] },
                examples: { match: { created } },
                targets: [targets.stateMachine("arn:aws:states:us-east-1:123456789012:stateMachine:flow", { emits: emits as never })],
            });
            const cases: [unknown, string][] = [
                [{ events: [enriched] }, 'SafeRule "enrich": targets[0].emits.bus: (state machine "arn:aws:states:us-east-1:123456789012:stateMachine:flow") is missing; the loop guard and the simulation need to know where the events go. Give the bus'],
                [{ bus: "out", events: [] }, 'SafeRule "enrich": targets[0].emits.events: (state machine "arn:aws:states:us-east-1:123456789012:stateMachine:flow") is []; it must list what the target publishes. Give at least one sample event'],
                [{ bus: "out", events: [{ "detail-type": "x" }] }, 'SafeRule "enrich": targets[0].emits.events[0]: has no "source"; PutEvents rejects an entry without one, and rules match on it. Set "source"'],
                [{ bus: "out", events: () => { throw new Error("boom"); } }, 'SafeRule "enrich": targets[0].emits.events(examples.match.created): threw: boom. Make the function return'],
                [{ bus: "out", events: () => ({ source: "a" }) }, 'SafeRule "enrich": targets[0].emits.events(examples.match.created): returned {"source":"a"}, not a list of events. Return an array'],
            ];
            for (const [emits, message] of cases) {
                assert.throws(rule(emits), (err: Error) => err.message.startsWith(message) || assert.fail(`${JSON.stringify(emits)}: ${err.message}`));
            }
        });
    });

    describe("other accounts and regions", () => {
        let result: Plan;
        before(async () => {
            result = await plan(() => {
                const eu = new aws.Provider("eu", { region: "eu-west-1" });
                const orders = new aws.cloudwatch.EventBus("orders", { name: "orders" });
                const central = new aws.cloudwatch.EventBus("central", { name: "central" }, { provider: eu });
                const audit = new aws.sqs.Queue("audit", { sqsManagedSseEnabled: true }, { provider: eu });
                new SafeRule("to-central", {
                    eventBus: orders,
                    pattern: { source: ["app.orders"], "detail-type": ["created"] },
                    examples: { match: { created } },
                    targets: [
                        targets.eventBus(central), targets.eventBus("arn:aws:events:ap-south-1:999988887777:event-bus/partner"),
                        targets.eventBus("arn:aws:events:eu-west-1:123456789012:event-bus/default"),
                    ],
                });
                new SafeRule("audit", {
                    eventBus: central,
                    pattern: { source: ["app.orders"], "detail-type": ["created"] },
                    targets: [targets.queue(audit)],
                }, { provider: eu });
                new SafeRule("eu-default", {
                    pattern: { source: ["app.orders"], "detail-type": ["created"] },
                    targets: [targets.queue(audit)],
                }, { provider: eu });
            }, { policies: [] });
        });

        it("a bus of the stack in another region (its own aws.Provider) is placed there, and the event continues on it", async () => {
            const central = result.resources.find((r) => r.name === "central");
            assert.strictEqual(central?.outputs?.arn, "arn:aws:events:eu-west-1:123456789012:event-bus/central");
            const trace = await simulate(result, entry(created.detail), { time: TIME });
            assert.deepStrictEqual(trace.deliveries.map((d) => [d.busName, d.rules.map((r) => [r.name, r.matched])]), [
                ["orders", [["to-central", true]]],
                ["central", [["audit", true]]],
                // The default bus of eu-west-1, not the stack's own (us-east-1).
                ["arn:aws:events:eu-west-1:123456789012:event-bus/default", [["eu-default", true]]],
            ]);
            assert.match(trace.deliveries[1].rules[0].ruleArn ?? "", /^arn:aws:events:eu-west-1:123456789012:rule\/central\/audit-[0-9a-f]+$/);
            const queue = trace.targets.find((t) => t.kind === "queue");
            assert.match(queue?.arn ?? "", /^arn:aws:sqs:eu-west-1:123456789012:audit-[0-9a-f]{7}$/);
            assert.deepStrictEqual(result.loops, []);
        });

        it("a bus outside the stack: the event leaves it there (account and region), in the trace and the text", async () => {
            const trace = await simulate(result, entry(created.detail), { time: TIME });
            const partner = trace.targets.find((t) => t.arn?.endsWith("/partner"));
            assert.deepStrictEqual(partner?.leavesStack, { arn: "arn:aws:events:ap-south-1:999988887777:event-bus/partner", bus: "partner", account: "999988887777", region: "ap-south-1" });
            assert.strictEqual(partner?.nextBus, undefined);
            const text = renderSimulation({ traces: [trace], loops: trace.loops }, "text");
            assert.match(text, /^ {8}leaves the stack for bus partner in account 999988887777, region ap-south-1$/m);
        });
    });
});
