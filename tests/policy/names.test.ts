import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as policy from "../../policy";
import { policies } from "../../policy/all";
import type { KitPolicy } from "../../policy";

/** `lambda-permission-events-source-arn` → `lambdaPermissionEventsSourceArn`. */
const camelCase = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The old exports kept for compatibility, each the same object as the export named after its rule. */
const deprecatedAliases: Readonly<Record<string, string>> = {
    eventQueuePolicyScoped: "eventQueuePolicySourceArn",
    eventBusPolicyPrincipal: "eventBusPolicyNoPublicPrincipal",
    lambdaPermissionSourceArn: "lambdaPermissionEventsSourceArn",
    lambdaPermissionPublicPrincipal: "lambdaPermissionNoPublicPrincipal",
    functionUrlPublic: "functionUrlPublicOnlyUnderWebhookIngress",
    functionUrlCors: "functionUrlNoWildcardCors",
    eventRulePatternLint: "eventRulePatternScoped",
};

/** A CrossGuard policy object, told apart by shape (not by membership in `policies`). */
function isPolicyObject(value: unknown): value is KitPolicy {
    return typeof value === "object" && value !== null && typeof (value as KitPolicy).name === "string"
        && ("validateResource" in value || "validateStack" in value);
}

const exported = Object.entries(policy as Record<string, unknown>);

describe("policy: exported names", () => {
    it("every policy is exported under the camelCase of its rule name, and every policy of the pack is exported", () => {
        const checked = exported.filter(([key, value]) => isPolicyObject(value) && !(key in deprecatedAliases));
        for (const [key, value] of checked) {
            assert.strictEqual(key, camelCase((value as KitPolicy).name), `the export ${key} is the policy ${(value as KitPolicy).name}`);
        }
        assert.ok(checked.length > 0);
        assert.strictEqual(checked.length, policies.length, "one export per policy of the pack");
        assert.deepStrictEqual(new Set(checked.map(([, value]) => value)), new Set(policies), "the exports are the pack's policies");
    });

    it("each deprecated alias is the same object as the export named after its rule", () => {
        for (const [old, current] of Object.entries(deprecatedAliases)) {
            const value = (policy as Record<string, unknown>)[old];
            assert.ok(isPolicyObject(value), `${old} is still exported`);
            assert.strictEqual(value, (policy as Record<string, unknown>)[current], `${old} is ${current}`);
            assert.strictEqual(camelCase(value.name), current);
        }
    });

    it("the deprecated aliases are exactly the exports marked @deprecated in policy/*.ts", () => {
        const dir = path.join(__dirname, "../../policy");
        const marked: string[] = [];
        for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
            const source = ts.createSourceFile(file, fs.readFileSync(path.join(dir, file), "utf8"), ts.ScriptTarget.Latest, true);
            for (const statement of source.statements) {
                const isExported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
                if (ts.isVariableStatement(statement) && isExported && ts.getJSDocDeprecatedTag(statement.declarationList.declarations[0]!)) {
                    marked.push(...statement.declarationList.declarations.map((d) => d.name.getText(source)));
                }
            }
        }
        assert.deepStrictEqual(marked.sort(), Object.keys(deprecatedAliases).sort());
    });
});

describe("policy: the public surface of eventbridge-kit/policy", () => {
    it("exports only the policies, their deprecated aliases, policies, policyPackName and choosePolicies", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const names = Object.keys(require("../../policy")).sort();
        assert.deepStrictEqual(names, [
            "apiDestinationHttps", "apiDestinationRateLimit", "choosePolicies", "connectionKmsKey", "connectionOauthHttps",
            "crossAccountTargetSourceAccount", "deadLetterQueueEncrypted", "deadLetterQueueStandard",
            "eventBusCustomerManagedKey", "eventBusDeadLetterQueue", "eventBusKeyPolicyUsable", "eventBusLogging",
            "eventBusPolicyNoPublicPrincipal", "eventBusPolicyPrincipal", "eventQueuePolicyScoped", "eventQueuePolicySourceArn",
            "eventRuleHasTarget", "eventRulePatternAdvice", "eventRulePatternLint", "eventRulePatternScoped", "eventRulePatternValid",
            "eventTargetDeadLetterQueue", "eventTargetRetryPolicy", "eventTargetRole", "eventTargetRoleLeastPrivilege",
            "eventsSourceArnMatchesRules", "eventsSourceArnPinned", "functionRoleNoFullAccess",
            "functionUrlCors", "functionUrlNoWildcardCors", "functionUrlPublic", "functionUrlPublicOnlyUnderWebhookIngress",
            "iamLeastPrivilege", "lambdaPermissionEventsSourceArn", "lambdaPermissionNoPublicPrincipal",
            "lambdaPermissionPublicPrincipal", "lambdaPermissionSourceArn", "policies", "policyPackName",
            "resourcePolicyNoUnscopedPublicPrincipal", "ruleMatchesIngressEvents", "targetAcceptsIngressEventSize",
            "webhookSecretNotInPlainConfig",
        ]);
    });
});
