import * as assert from "assert";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policy";
import { runPolicies, unknownValue } from "../../offline/policy-runner";
import { res, T } from "./helpers";
import { code, documentationFiles, tablesStartingWith } from "./pack-docs";

describe("policy: evaluated as the engine does", () => {
    it("every policy has a name, description, level, severity and remediation, and names are unique", () => {
        const page = documentationFiles().find((d) => d.file === "docs/policy-pack.md")!;
        const documented = tablesStartingWith(page.text, ["Policy", "Level", "Severity"])[0].map((row) => code(row[0]));
        assert.deepStrictEqual(policies.map((p) => p.name), documented, "every policy, in docs/policy-pack.md's order");
        assert.strictEqual(new Set(policies.map((p) => p.name)).size, policies.length);
        for (const p of policies) {
            assert.ok(p.description.length > 20 && p.remediationSteps.length > 20, p.name);
            assert.ok(["advisory", "mandatory"].includes(p.enforcementLevel), p.name);
            assert.ok(["low", "medium", "high", "critical"].includes(p.severity), p.name);
            for (const [key, schema] of Object.entries(p.configSchema?.properties ?? {})) {
                assert.ok("default" in (schema as object), `${p.name}.${key} has a default`);
            }
        }
    });

    it("a policy that reads an unknown value directly gets the engine's advisory instead of crashing", async () => {
        const naive: ResourceValidationPolicy = {
            name: "naive", description: "reads props directly", enforcementLevel: "mandatory",
            validateResource: (args, report) => { if (!String(args.props.arn).startsWith("arn:")) report("bad"); },
        };
        const findings = await runPolicies([res(T.target, "t", { arn: unknownValue })], { policies: [naive] });
        assert.strictEqual(findings.length, 1);
        assert.strictEqual(findings[0].enforcementLevel, "advisory");
        assert.match(findings[0].message, /^can't run policy 'naive' during preview: string value at \.arn can't be known during preview/);
    });

    it("the whole pack runs over resources made only of unknown values without a finding or an error", async () => {
        const everything = Object.values(T).map((type, i) => res(type, `r${i}`, {
            arn: unknownValue, name: unknownValue, policy: unknownValue, eventPattern: unknownValue, role: unknownValue,
            deadLetterConfig: unknownValue, retryPolicy: unknownValue, principal: unknownValue, authorizationType: unknownValue,
            environment: unknownValue, invocationEndpoint: unknownValue, invocationRateLimitPerSecond: unknownValue,
            kmsKeyIdentifier: unknownValue, authParameters: unknownValue, cors: unknownValue, secretString: unknownValue,
        }));
        const findings = await runPolicies(everything, { policies });
        assert.deepStrictEqual(findings.filter((f) => f.enforcementLevel === "mandatory" || f.message.startsWith("can't run")), []);
    });

    it("pack configuration can change a policy's level or disable it", async () => {
        const resources = [res(T.apiDestination, "d", { invocationEndpoint: "http://x" })];
        const advisory = await runPolicies(resources, { policies, config: { "api-destination-https": "advisory", "api-destination-rate-limit": "disabled" } });
        assert.deepStrictEqual(advisory.map((f) => [f.policyName, f.enforcementLevel]), [["api-destination-https", "advisory"]]);
    });
});
