import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { providers, SafeRule, targets, transform, WebhookIngress } from "../../components";
import { targetAcceptsIngressEventSize } from "../../policy";
import { renderRoutingText } from "../../cli/render";
import { plan } from "../../testing";
import { assertMessages, check, res, T, urn } from "./helpers";

const BUS_ARN = "arn:aws:events:us-east-1:123456789012:event-bus/hooks";
const SFN_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:fulfil";
const TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:notify";
const FN_ARN = "arn:aws:lambda:us-east-1:123456789012:function:notify";
const QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:notify";

/** A GitHub WebhookIngress as the component builds it, its handler's environment naming the bus and its entry limit. */
function ingress(name: string, variables: Record<string, string> = {}) {
    return [
        res(T.ingress, name, {}),
        res(T.fn, `${name}-webhook`, {
            environment: { variables: { EBK_PROVIDER: "github", EBK_PROVIDER_OPTIONS: "{}", EBK_EVENT_BUS_NAME: BUS_ARN, EBK_MAX_ENTRY_BYTES: "1048576", ...variables } },
        }, { parent: urn(T.ingress, name), propertyDependencies: { environment: [urn(T.bus, "hooks")] } }),
    ];
}

function rule(name: string, pattern: unknown = { source: ["github.com"], "detail-type": ["push"] }) {
    return res(T.rule, name, { eventBusName: "hooks", eventPattern: JSON.stringify(pattern) }, { propertyDependencies: { eventBusName: [urn(T.bus, "hooks")] } });
}

function target(name: string, ruleName: string, arn: string, extra: Record<string, unknown> = {}) {
    return res(T.target, name, { rule: ruleName, arn, ...extra }, { propertyDependencies: { rule: [urn(T.rule, ruleName)] } });
}

const bus = res(T.bus, "hooks", { name: "hooks", arn: BUS_ARN });

describe("policy: target-accepts-ingress-event-size", () => {
    it("reports a Step Functions and an SNS target of a rule matching a default ingress (1 MiB events), with the fix (advisory)", async () => {
        const findings = await check(targetAcceptsIngressEventSize, [bus, ...ingress("github"), rule("pushes"),
            target("pushes-fulfil", "pushes", SFN_ARN), target("pushes-notify", "pushes", TOPIC_ARN)]);
        assertMessages(findings, ['Event target "pushes-fulfil" of rule "pushes"', 'Event target "pushes-notify" of rule "pushes"']);
        assert.strictEqual(findings[0].message, 'Event target "pushes-fulfil" of rule "pushes": WebhookIngress "github" sends events of up to 1048576 bytes inline '
            + "(its maxEntryBytes), and a Step Functions execution input holds at most 262144 bytes, so a larger event fails this target (to its dead-letter queue). "
            + "Set maxEntryBytes: 261120 with largeEvents on the ingress (larger events then arrive as an S3 pointer), or give the target an input transformer that sends less.");
        assert.match(findings[1].message, /an SNS message holds at most 262144 bytes/);
        assert.deepStrictEqual(findings.map((f) => [f.enforcementLevel, f.resourceName]), [["advisory", "pushes-fulfil"], ["advisory", "pushes-notify"]]);
    });

    it("reports an ingress whose maxEntryBytes leaves no room for the event envelope (262144), and one without EBK_MAX_ENTRY_BYTES (1 MiB)", async () => {
        const at256 = await check(targetAcceptsIngressEventSize, [bus, ...ingress("github", { EBK_MAX_ENTRY_BYTES: "262144" }), rule("pushes"), target("t", "pushes", SFN_ARN)]);
        assertMessages(at256, ["sends events of up to 262144 bytes inline"]);
        const unset = ingress("github");
        delete (unset[1].props.environment.variables as Record<string, string>).EBK_MAX_ENTRY_BYTES;
        assertMessages(await check(targetAcceptsIngressEventSize, [bus, ...unset, rule("pushes"), target("t", "pushes", SFN_ARN)]), ["sends events of up to 1048576 bytes inline"]);
    });

    it("passes a lowered maxEntryBytes, an input transformer, a constant input or a part of the event, targets that take 1 MB, and rules the ingress cannot match", async () => {
        const findings = await check(targetAcceptsIngressEventSize, [bus,
            ...ingress("github", { EBK_MAX_ENTRY_BYTES: "261120", EBK_OVERFLOW_BUCKET: "large-events" }), rule("pushes"), target("fits", "pushes", SFN_ARN)]);
        assert.deepStrictEqual(findings, []);
        const shaped = await check(targetAcceptsIngressEventSize, [bus, ...ingress("github"), rule("pushes"),
            target("transformed", "pushes", SFN_ARN, { inputTransformer: { inputPaths: { ref: "$.detail.payload.ref" }, inputTemplate: '{"ref": <ref>}' } }),
            target("constant", "pushes", TOPIC_ARN, { input: '{"ping":true}' }),
            target("part", "pushes", SFN_ARN, { inputPath: "$.detail.metadata" }),
            target("lambda", "pushes", FN_ARN),
            target("queue", "pushes", QUEUE_ARN),
            rule("stripe-only", { source: ["stripe.com"] }), target("other-source", "stripe-only", SFN_ARN)]);
        assert.deepStrictEqual(shaped, []);
        // The whole event by inputPath is the whole event.
        assertMessages(await check(targetAcceptsIngressEventSize, [bus, ...ingress("github"), rule("pushes"), target("all", "pushes", SFN_ARN, { inputPath: "$" })]), ['Event target "all"']);
    });

    it("shows on the planned stack: a GitHub ingress and a SafeRule to a state machine, then the fix", async function () {
        this.timeout(60_000);
        const program = (fixed: boolean) => () => {
            const hooks = new aws.cloudwatch.EventBus("github", { name: "dev-github" });
            const large = new aws.s3.Bucket("large-events", { bucket: "large-events" });
            new WebhookIngress("github", {
                provider: providers.github(), eventBus: hooks, secret: { value: pulumi.secret("s3cret") },
                ...(fixed ? { maxEntryBytes: 261_120, largeEvents: { bucket: large, prefix: "github/" } } : {}),
            });
            const machine = new aws.sfn.StateMachine("deploy", { roleArn: "arn:aws:iam::123456789012:role/deploy", definition: JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Succeed" } } }) });
            new SafeRule("pushes", { eventBus: hooks, pattern: { source: ["github.com"], "detail-type": ["push"] }, targets: [targets.stateMachine(machine)] });
            new SafeRule("refs", {
                eventBus: hooks, pattern: { source: ["github.com"], "detail-type": ["push"] },
                targets: [targets.stateMachine(machine, { input: transform({ paths: { ref: "$.detail.payload.ref" }, template: '{"ref": <ref>}' }) })],
            });
        };
        const planned = await plan(program(false));
        const findings = planned.findings.filter((f) => f.policyName === "target-accepts-ingress-event-size");
        assert.deepStrictEqual(findings.map((f) => [f.enforcementLevel, f.resourceName]), [["advisory", "pushes-target-0"]]);
        assert.match(findings[0].message, /^Event target "pushes-target-0" of rule "pushes": WebhookIngress "github" sends events of up to 1048576 bytes inline/);
        // The routing says it on the target, with the fix; the transformed target carries no advisory.
        const advised = planned.routing.rules.map((r) => [r.name, r.targets.map((t) => t.sizeAdvisory)]);
        assert.deepStrictEqual(advised, [
            ["pushes", ["takes 262144 bytes, github sends up to 1048576: set its maxEntryBytes 261120 with largeEvents, or an input transformer"]],
            ["refs", [undefined]],
        ]);
        const text = renderRoutingText(planned.routing).split("\n");
        assert.ok(text.includes("│  └─ stateMachine deploy (dlq pushes-dlq, too small: takes 262144 bytes, github sends up to 1048576: set its maxEntryBytes 261120 with largeEvents, or an input transformer)"), text.join("\n"));
        const fixed = await plan(program(true));
        assert.deepStrictEqual(fixed.findings.filter((f) => f.policyName === "target-accepts-ingress-event-size"), []);
        assert.deepStrictEqual(fixed.routing.rules.flatMap((r) => r.targets.map((t) => t.sizeAdvisory)), [undefined, undefined]);
    });
});
