import { StackResource, types } from "../stack";
import { KitPolicy, stackPolicy } from "./internal/define";
import { conditionKeys, grantsEveryone, isFunctionUrlPermission, Statement, statementLabel, statementsOf } from "./internal/iam";
import { isUnknown } from "./values";

/**
 * Condition keys that narrow "any principal" down to a caller AWS can vouch for: the resource or
 * account a service acts for, or the caller's organization or account.
 */
const SCOPING_CONDITION_KEYS: readonly string[] = [
    "aws:sourcearn", "aws:sourceaccount", "aws:sourceowner", "aws:sourceorgid", "aws:sourceorgpaths",
    "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
    "aws:sourcevpc", "aws:sourcevpce",
];

/** Resources carrying a resource policy document, and the property holding it. */
const documentProperty: Readonly<Record<string, string>> = {
    [types.eventBusPolicy]: "policy",
    [types.queuePolicy]: "policy",
    [types.queue]: "policy",
    "aws:sns/topicPolicy:TopicPolicy": "policy",
    [types.topic]: "policy",
    "aws:s3/bucketPolicy:BucketPolicy": "policy",
    "aws:secretsmanager/secretPolicy:SecretPolicy": "policy",
    [types.role]: "assumeRolePolicy",
};

function isScoped(statement: Statement): boolean {
    return conditionKeys(statement).some((key) => SCOPING_CONDITION_KEYS.includes(key));
}

export const resourcePolicyNoUnscopedPublicPrincipal: KitPolicy = stackPolicy({
    name: "resource-policy-no-unscoped-public-principal",
    description: "No resource policy (bus, queue, topic, bucket, secret, role trust, Lambda or bus permission) grants any principal (`*`, `{\"AWS\": \"*\"}`) without a condition that scopes it (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, aws:PrincipalAccount...). The one exception: the public function-URL permissions of a WebhookIngress, which verifies every request's signature.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Grant a named principal (an account, a role, or a service with aws:SourceArn), or keep \"*\" with a condition on aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID or aws:PrincipalAccount.",
}, (stack, report) => {
    const describe = (entry: StackResource) => `${entry.type.split(":").pop()} "${entry.name}"`;
    for (const entry of stack.resources) {
        const property = documentProperty[entry.type];
        if (property !== undefined) {
            const statements = statementsOf(entry.props[property]);
            if (isUnknown(statements) || statements === undefined) {
                continue;
            }
            statements.forEach((statement, index) => {
                if (statement.effect === "Allow" && grantsEveryone(statement) && !isScoped(statement)) {
                    report(`${describe(entry)} ${property === "assumeRolePolicy" ? "trust policy" : "policy"} ${statementLabel(statement, index)} grants ${statement.actions.join(", ") || "its actions"} to any principal with no scoping condition: any AWS account can use it.`, entry.urn);
                }
            });
        } else if (entry.type === types.lambdaPermission || entry.type === types.eventPermission) {
            const props = entry.props;
            if (props.principal !== "*") {
                continue;
            }
            const scoped = entry.type === types.lambdaPermission
                ? [props.sourceArn, props.sourceAccount, props.principalOrgId].some((v) => v !== undefined)
                : props.condition !== undefined;
            if (scoped) {
                continue;
            }
            if (entry.type === types.lambdaPermission && isFunctionUrlPermission(props) && stack.hasAncestor(entry, types.webhookIngress)) {
                continue; // The documented exception: a verified public webhook endpoint.
            }
            report(`${describe(entry)} grants ${String(props.action ?? "events:PutEvents")} to any principal ("*") with no sourceArn, sourceAccount, principalOrgId or condition.`, entry.urn);
        }
    }
});

export const resourcePolicies: KitPolicy[] = [resourcePolicyNoUnscopedPublicPrincipal];
