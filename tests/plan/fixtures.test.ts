import * as assert from "assert";
import * as path from "path";
import { planProgram } from "../../cli/eventbridge-kit";
import { findingsAt } from "../../testing";

const fixture = (name: string) => path.join(__dirname, "fixtures", name);
const countByType = (types: string[]) => types.reduce<Record<string, number>>((acc, t) => ({ ...acc, [t]: (acc[t] ?? 0) + 1 }), {});

describe("plan: stacks of raw aws resources", () => {
    it("the unsafe stack produces one finding per mistake, with the resource it is about", async () => {
        const result = await planProgram(fixture("unsafe-stack"), "dev");
        const mandatory = findingsAt(result.findings, "mandatory").map((f) => `${f.policyName} ${f.resourceName}`).sort();
        assert.deepStrictEqual(mandatory, [
            "api-destination-https partner",
            "api-destination-rate-limit partner",
            "connection-oauth-https partner",
            "dead-letter-queue-encrypted orders-dlq",
            "event-bus-policy-no-public-principal orders-open",
            "event-queue-policy-source-arn orders-dlq-policy",
            "event-rule-pattern-scoped anything",
            "event-target-dead-letter-queue anything-to-handler",
            "event-target-retry-policy anything-to-handler",
            "event-target-retry-policy placed-to-partner",
            "event-target-retry-policy placed-to-partner",
            "event-target-role anything-to-handler",
            "event-target-role placed-to-partner",
            // The Lambda target's role (a role it must not have) also carries a managed policy.
            "event-target-role-least-privilege handler-full-access",
            "function-role-no-full-access handler-full-access",
            "function-url-no-wildcard-cors handler-url",
            "function-url-public-only-under-webhook-ingress handler-url",
            "function-url-public-only-under-webhook-ingress handler-url",
            "iam-least-privilege handler-full-access",
            "lambda-permission-events-source-arn handler-from-events",
            "lambda-permission-no-public-principal handler-public",
            "resource-policy-no-unscoped-public-principal handler-public",
            "resource-policy-no-unscoped-public-principal orders-open",
            "webhook-secret-not-in-plain-config handler",
        ]);
        assert.deepStrictEqual(findingsAt(result.findings, "advisory").map((f) => `${f.policyName} ${f.resourceName}`), [
            // The raw bus: AWS owned key, no dead-letter queue, no logs.
            "event-bus-customer-managed-key orders", "event-bus-dead-letter-queue orders", "connection-kms-key partner", "event-bus-logging orders",
        ]);
        const lambdaRole = result.findings.find((f) => f.policyName === "event-target-role" && f.resourceName === "anything-to-handler")!;
        assert.match(lambdaRole.message, /RoleArn is not supported for target/);
        assert.match(lambdaRole.remediationSteps!, /lambda\.Permission scoped to the rule/);
    });

    it("the unsafe stack's secret config is a placeholder, never the ciphertext", async () => {
        const result = await planProgram(fixture("unsafe-stack"), "dev");
        const text = JSON.stringify(result);
        assert.ok(!text.includes("AAABAHtlc3Qtb25seS1jaXBoZXJ0ZXh0"));
        const connection = result.resources.find((r) => r.type === "aws:cloudwatch/eventConnection:EventConnection")!;
        assert.strictEqual(String(connection.inputs.authParameters.oauth.clientParameters.clientSecret), "<secret>");
    });

    it("the careful stack passes every mandatory policy, and its routing is bus → 2 rules → Lambda and state machine", async () => {
        const result = await planProgram(fixture("careful-stack"), "dev");
        assert.deepStrictEqual(findingsAt(result.findings, "mandatory"), []);
        assert.deepStrictEqual(countByType(result.resources.map((r) => r.type)), {
            "aws:cloudwatch/eventBus:EventBus": 1,
            "aws:cloudwatch/eventArchive:EventArchive": 1,
            "aws:iam/role:Role": 2,
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 1,
            "aws:iam/rolePolicy:RolePolicy": 1,
            "aws:lambda/function:Function": 1,
            "aws:lambda/permission:Permission": 1,
            "aws:sfn/stateMachine:StateMachine": 1,
            "aws:cloudwatch/eventRule:EventRule": 2,
            "aws:sqs/queue:Queue": 2,
            "aws:sqs/queuePolicy:QueuePolicy": 2,
            "aws:cloudwatch/eventTarget:EventTarget": 2,
        });
        const { buses, rules } = result.routing;
        assert.deepStrictEqual(buses.map((b) => [b.name, b.archives]), [["orders", [{ name: "orders-archive", retentionDays: 7 }]]]);
        assert.deepStrictEqual(rules.map((r) => [r.name, r.summary, r.targets.map((t) => `${t.kind} ${t.name} dlq=${t.deadLetterQueue}`)]), [
            ["paid", "source=shop detail-type=OrderPaid", ["stateMachine fulfil dlq=paid-dlq"]],
            ["placed", "source=shop detail-type=OrderPlaced detail.total=(> 0)", ["lambda notify dlq=placed-dlq"]],
        ]);
    });

    it("reads the chosen stack's config over the project defaults", async () => {
        const prod = await planProgram(fixture("careful-stack"), "prod");
        assert.deepStrictEqual(prod.routing.buses.map((b) => [b.name, b.archives[0].retentionDays]), [["orders-prod", 90]]);
        await assert.rejects(planProgram(fixture("careful-stack"), "staging"), /has no Pulumi\.staging\.yaml; stacks found: dev, prod/);
    });
});
