import { types } from "../stack";
import { KitPolicy, stackPolicy } from "./internal/define";
import { allowsService, conditionKeys, statementsOf } from "./internal/iam";
import { isUnknown, listOf } from "./values";

/** The account of an ARN, or undefined when the text is not one. */
function accountOf(value: unknown): string | undefined {
    if (typeof value !== "string") {
        return undefined;
    }
    const parts = value.split(":");
    return parts.length >= 6 && parts[0] === "arn" && /^\d{12}$/.test(parts[4]) ? parts[4] : undefined;
}

/** Rule ARNs among `aws:SourceArn` values, under any operator. */
function ruleSourceArns(conditions: Record<string, Record<string, unknown>>): string[] {
    return Object.values(conditions).flatMap((entries) => Object.entries(entries)
        .filter(([key]) => key.toLowerCase() === "aws:sourcearn")
        .flatMap(([, values]) => listOf(values))
        .filter((v): v is string => typeof v === "string" && /^arn:[^:]+:events:[^:]*:\d{12}:rule\//.test(v)));
}

/** Policy documents a target's account holds for EventBridge. */
const documentTypes = [types.queuePolicy, types.queue, "aws:sns/topicPolicy:TopicPolicy", types.topic];

export const crossAccountTargetSourceAccount: KitPolicy = stackPolicy({
    name: "cross-account-target-source-account",
    description: "A target's resource policy that lets events.amazonaws.com deliver for a rule in another account also names that account in aws:SourceAccount, so only that account's EventBridge can use it.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Add Condition StringEquals aws:SourceAccount = the rule's account next to aws:SourceArn = the rule (for a Lambda permission, set sourceAccount).",
}, (stack, report) => {
    for (const entry of stack.resources) {
        if (documentTypes.includes(entry.type)) {
            const statements = statementsOf(entry.props.policy);
            if (isUnknown(statements) || statements === undefined) {
                continue;
            }
            for (const statement of statements) {
                if (statement.effect !== "Allow" || !allowsService(statement, "events.amazonaws.com")) {
                    continue;
                }
                const resourceAccounts = statement.resources.map(accountOf).filter((a): a is string => a !== undefined);
                const foreignRules = ruleSourceArns(statement.conditions).filter((rule) => resourceAccounts.some((account) => account !== accountOf(rule)));
                if (foreignRules.length > 0 && !conditionKeys(statement).includes("aws:sourceaccount")) {
                    report(`${entry.type.split(":").pop()} "${entry.name}" lets events.amazonaws.com deliver for ${foreignRules.join(", ")}, a rule in another account, without aws:SourceAccount.`, entry.urn);
                }
            }
        } else if (entry.type === types.lambdaPermission) {
            const { principal, sourceArn, sourceAccount, function: fn } = entry.props;
            if (principal !== "events.amazonaws.com" || isUnknown(sourceArn) || isUnknown(fn) || isUnknown(sourceAccount)) {
                continue;
            }
            const ruleAccount = accountOf(sourceArn);
            const functionAccount = accountOf(fn);
            if (ruleAccount && functionAccount && ruleAccount !== functionAccount && sourceAccount === undefined) {
                report(`Lambda permission "${entry.name}" lets events.amazonaws.com invoke ${fn} for ${sourceArn}, a rule in another account, without sourceAccount.`, entry.urn);
            }
        }
    }
});

export const crossAccountTargetPolicies: KitPolicy[] = [crossAccountTargetSourceAccount];
