import * as assert from "assert";
import { eventRuleHasTarget, eventRulePatternAdvice, eventRulePatternScoped, eventRulePatternValid } from "../../policy";
import { assertMessages, check, res, T, unknownValue, urn } from "./helpers";

const scoped = JSON.stringify({ source: ["github.com"], "detail-type": ["pull_request"], detail: { action: ["opened"] } });

describe("policy: event rules", () => {
    describe("event-rule-pattern-valid", () => {
        it("reports a pattern that is not JSON", async () => {
            const findings = await check(eventRulePatternValid, [res(T.rule, "r", { eventPattern: "{source: [" })]);
            assertMessages(findings, ["eventPattern is not valid JSON"]);
            assert.strictEqual(findings[0].enforcementLevel, "mandatory");
            assert.strictEqual(findings[0].resourceName, "r");
        });
        it("reports a pattern EventBridge rejects, with the path of the problem", async () => {
            const findings = await check(eventRulePatternValid, [res(T.rule, "r", { eventPattern: JSON.stringify({ source: "github.com" }) })]);
            assert.strictEqual(findings.length, 1);
            assert.match(findings[0].message, /^eventPattern \$\.source: /);
        });
        it("reports a rule with neither a pattern nor a schedule", async () => {
            assertMessages(await check(eventRulePatternValid, [res(T.rule, "r", { eventBusName: "bus" })]), ["neither an eventPattern nor a scheduleExpression"]);
        });
        it("passes a valid pattern, a schedule, and a pattern unknown at preview", async () => {
            assertMessages(await check(eventRulePatternValid, [
                res(T.rule, "a", { eventPattern: scoped }),
                res(T.rule, "b", { scheduleExpression: "rate(5 minutes)" }),
                res(T.rule, "c", { eventPattern: unknownValue }),
            ]), []);
        });
    });

    describe("event-rule-pattern-scoped", () => {
        it("reports a pattern without source as a mandatory violation", async () => {
            const findings = await check(eventRulePatternScoped, [res(T.rule, "r", { eventPattern: JSON.stringify({ "detail-type": ["push"] }) })]);
            assertMessages(findings, ["(missing-source)"]);
            assert.strictEqual(findings[0].enforcementLevel, "mandatory");
        });
        it("reports a match-all pattern", async () => {
            const findings = await check(eventRulePatternScoped, [res(T.rule, "r", { eventPattern: JSON.stringify({ source: [{ prefix: "" }] }) })]);
            assert.ok(findings.some((f) => f.message.includes("(match-all)")), findings.map((f) => f.message).join("\n"));
        });
        it("passes a scoped pattern and an unknown one", async () => {
            assertMessages(await check(eventRulePatternScoped, [res(T.rule, "a", { eventPattern: scoped }), res(T.rule, "b", { eventPattern: unknownValue })]), []);
        });
    });

    describe("event-rule-pattern-advice", () => {
        it("is advisory and suggests scoping by detail-type", async () => {
            const findings = await check(eventRulePatternAdvice, [res(T.rule, "r", { eventPattern: JSON.stringify({ source: ["github.com"] }) })]);
            assert.ok(findings.some((f) => f.message.includes("(missing-detail-type)")), findings.map((f) => f.message).join("\n"));
            assert.ok(findings.every((f) => f.enforcementLevel === "advisory"));
        });
        it("takes its value-list threshold from config (default 10)", async () => {
            const values = Array.from({ length: 6 }, (_, i) => `v${i}`);
            const rule = res(T.rule, "r", { eventPattern: JSON.stringify({ source: ["s"], "detail-type": ["d"], detail: { state: values } }) });
            assertMessages(await check(eventRulePatternAdvice, [rule]), []);
            const findings = await check(eventRulePatternAdvice, [rule], { maxValueListLength: 5 });
            assert.ok(findings.some((f) => f.message.includes("(long-value-list)")), findings.map((f) => f.message).join("\n"));
        });
        it("passes a scoped pattern", async () => {
            assertMessages(await check(eventRulePatternAdvice, [res(T.rule, "r", { eventPattern: scoped })]), []);
        });
    });

    describe("event-rule-has-target", () => {
        it("reports a rule no target points at", async () => {
            const findings = await check(eventRuleHasTarget, [res(T.rule, "lonely", { name: "lonely", eventPattern: scoped })]);
            assertMessages(findings, ['Event rule "lonely" has no target']);
            assert.strictEqual(findings[0].enforcementLevel, "advisory");
            assert.strictEqual(findings[0].urn, urn(T.rule, "lonely"));
        });
        it("passes a rule whose target names it, by literal name or (at preview) by dependency", async () => {
            assertMessages(await check(eventRuleHasTarget, [
                res(T.rule, "a", { name: "a", eventPattern: scoped }),
                res(T.target, "a-target", { rule: "a", arn: "arn:aws:sqs:us-east-1:123456789012:q" }),
                res(T.rule, "b", { name: unknownValue, eventPattern: scoped }),
                res(T.target, "b-target", { rule: unknownValue, arn: unknownValue }, { propertyDependencies: { rule: [urn(T.rule, "b")] } }),
            ]), []);
        });
    });
});
