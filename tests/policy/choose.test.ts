import * as assert from "assert";
import { choosePolicies, policies } from "../../policy";
import { runPolicies } from "../../offline/policy-runner";
import { res, T, urn } from "./helpers";

const destination = (rate: number) => res(T.apiDestination, "d", { invocationEndpoint: "https://partner.example.com", invocationRateLimitPerSecond: rate });
const levelsOf = (chosen: { name: string; enforcementLevel?: string }[]) => Object.fromEntries(chosen.map((p) => [p.name, p.enforcementLevel]));

describe("policy: choosePolicies (an organisation's own pack)", () => {
    it("with nothing chosen, is the whole pack, in order, at its own levels", () => {
        const chosen = choosePolicies();
        assert.deepStrictEqual(chosen.map((p) => p.name), policies.map((p) => p.name));
        assert.deepStrictEqual(levelsOf(chosen), levelsOf(policies));
    });

    it("keeps only the policies named, or all but the ones left out", () => {
        assert.deepStrictEqual(choosePolicies({ only: ["api-destination-https", "event-rule-pattern-valid"] }).map((p) => p.name), ["event-rule-pattern-valid", "api-destination-https"]);
        const without = choosePolicies({ except: ["connection-kms-key"] }).map((p) => p.name);
        assert.deepStrictEqual(without, policies.map((p) => p.name).filter((n) => n !== "connection-kms-key"));
    });

    it("sets levels as a pack configuration file does: per policy (a string or enforcementLevel) over `all`", () => {
        const chosen = levelsOf(choosePolicies({ config: { all: "advisory", "event-rule-has-target": "mandatory", "api-destination-https": { enforcementLevel: "disabled" } } }));
        assert.strictEqual(chosen["event-rule-has-target"], "mandatory");
        assert.strictEqual(chosen["api-destination-https"], "disabled");
        assert.strictEqual(chosen["event-rule-pattern-valid"], "advisory");
    });

    it("makes settings the policy's defaults: they apply with no configuration, and a stack's configuration still overrides them", async () => {
        const [rateLimit] = choosePolicies({ only: ["api-destination-rate-limit"], config: { "api-destination-rate-limit": { maxInvocationRateLimitPerSecond: 50 } } });
        assert.strictEqual((rateLimit.configSchema!.properties.maxInvocationRateLimitPerSecond as { default: number }).default, 50);
        const stock = policies.find((p) => p.name === "api-destination-rate-limit")!;
        assert.strictEqual((stock.configSchema!.properties.maxInvocationRateLimitPerSecond as { default: number }).default, 300, "the stock policy is left as it was");

        assert.deepStrictEqual((await runPolicies([destination(100)], { policies: [stock] })).map((f) => f.message), []);
        assert.deepStrictEqual((await runPolicies([destination(100)], { policies: [rateLimit] })).map((f) => f.message), ["invocationRateLimitPerSecond is 100; the ceiling is 50."]);
        const overridden = await runPolicies([destination(100)], { policies: [rateLimit], config: { "api-destination-rate-limit": { maxInvocationRateLimitPerSecond: 200 } } });
        assert.deepStrictEqual(overridden, []);
    });

    it("sets a stack policy's settings too", async () => {
        const resources = [
            res(T.role, "fn-role", {}),
            res(T.attachment, "fn-readonly", { role: "fn-role", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, { propertyDependencies: { role: [urn(T.role, "fn-role")] } }),
            res(T.fn, "fn", { role: "fn-role" }, { propertyDependencies: { role: [urn(T.role, "fn-role")] } }),
        ];
        const [strict] = choosePolicies({ only: ["function-role-no-full-access"], config: { "function-role-no-full-access": { forbiddenPolicyPattern: "(FullAccess|ReadOnlyAccess)$", enforcementLevel: "mandatory" } } });
        const findings = await runPolicies(resources, { policies: [strict] });
        assert.deepStrictEqual(findings.map((f) => [f.enforcementLevel, f.message]), [["mandatory", 'Managed policy arn:aws:iam::aws:policy/ReadOnlyAccess is attached to role "fn-role", used by function "fn".']]);
    });

    it("refuses names, levels and settings that a pack configuration file would silently ignore or the CLI reject", () => {
        const fails = (selection: Parameters<typeof choosePolicies>[0], message: RegExp) => assert.throws(() => choosePolicies(selection), message);
        fails({ only: ["event-rule-has-targets"] }, /only names "event-rule-has-targets", which is not a policy of eventbridge-kit\/policy\. The policies are: event-rule-pattern-valid, /);
        fails({ except: ["nope"] }, /except names "nope"/);
        fails({ config: { "api-destination-rate-limits": "disabled" } }, /config names "api-destination-rate-limits", which is not a policy/);
        fails({ except: ["connection-kms-key"], config: { "connection-kms-key": "mandatory" } }, /config sets "connection-kms-key", but only\/except leave that policy out of the pack/);
        fails({ config: { "event-rule-has-target": "strict" as "mandatory" } }, /config\["event-rule-has-target"\] sets enforcement level "strict"; use advisory, mandatory, disabled\./);
        fails({ config: { all: "remediate" } }, /config\["all"\] sets enforcement level "remediate"; .*they do not remediate resources/);
        fails({ config: { "api-destination-rate-limit": { maxRate: 5 } } }, /config\["api-destination-rate-limit"\]\.maxRate is not a setting of api-destination-rate-limit; its settings are maxInvocationRateLimitPerSecond\./);
        fails({ config: { "api-destination-https": { strict: true } } }, /\.strict is not a setting of api-destination-https; it has no settings\./);
        fails({ config: { "api-destination-rate-limit": { maxInvocationRateLimitPerSecond: "50" } } }, /maxInvocationRateLimitPerSecond is "50"; it must be an integer at least 1\./);
        fails({ config: { "event-target-retry-policy": { maximumRetryAttempts: 186 } } }, /maximumRetryAttempts is 186; it must be an integer at least 0 and at most 185\./);
        fails({ config: { "function-role-no-full-access": { forbiddenPolicyPattern: 1 } } }, /forbiddenPolicyPattern is 1; it must be a string\./);
        fails({ config: { "iam-least-privilege": { actionsWithoutResourceLevelPermissions: "logs:*" } } }, /actionsWithoutResourceLevelPermissions is "logs:\*"; it must be an array of strings\./);
        fails({ config: { "iam-least-privilege": { actionsWithoutResourceLevelPermissions: ["logs:*", 1] } } }, /actionsWithoutResourceLevelPermissions is \["logs:\*",1\]; it must be an array of strings\./);
    });

    it("takes a list setting as a list (an array schema)", () => {
        const actions = ["xray:PutTraceSegments", "cloudwatch:PutMetricData"];
        const [chosen] = choosePolicies({ only: ["iam-least-privilege"], config: { "iam-least-privilege": { actionsWithoutResourceLevelPermissions: actions } } });
        assert.deepStrictEqual((chosen.configSchema!.properties.actionsWithoutResourceLevelPermissions as { default: string[] }).default, actions);
    });
});
