import { KitPolicy, resourcePolicy } from "./internal/define";
import { conditionKeys, grantsEveryone, statementsOf } from "./internal/iam";
import { types } from "../stack";
import { isUnknown } from "./internal/values";

/** Condition keys that narrow "everyone" down to an organization or account. */
const narrowingKeys = ["aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:sourceaccount", "aws:sourceorgid"];

export const eventBusPolicyPrincipal: KitPolicy = resourcePolicy({
    name: "event-bus-policy-no-public-principal",
    description: "An event bus policy never grants `*` without a condition on the organization or account.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Name the accounts as principals, or keep Principal \"*\" with a Condition on aws:PrincipalOrgID (or aws:PrincipalAccount).",
    resourceTypes: [types.eventBusPolicy, types.eventPermission],
}, (props, report, _config, args) => {
    if (args.type === types.eventPermission) {
        const condition = props.condition;
        if (props.principal === "*" && !isUnknown(condition) && !condition?.key) {
            report("The permission lets every AWS account put events on the bus; add a condition on aws:PrincipalOrgID.");
        }
        return;
    }
    const statements = statementsOf(props.policy);
    if (isUnknown(statements) || statements === undefined) {
        return;
    }
    for (const statement of statements) {
        if (statement.effect === "Allow" && grantsEveryone(statement)
            && !conditionKeys(statement).some((key) => narrowingKeys.includes(key))) {
            report(`Statement ${statement.sid ? `"${statement.sid}" ` : ""}allows ${statement.actions.join(", ") || "actions"} to principal "*" with no organization or account condition: any AWS account can use the bus.`);
        }
    }
});

export const eventBusPolicies: KitPolicy[] = [eventBusPolicyPrincipal];
