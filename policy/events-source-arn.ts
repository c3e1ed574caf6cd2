import { types } from "../stack";
import { KitPolicy, resourcePolicy } from "./internal/define";
import { allowsService, Statement, statementsOf } from "./internal/iam";
import { isUnknown, listOf } from "./internal/values";
import { statementLabel } from "./resource-policies";

const EVENTS = "events.amazonaws.com";

/** Resources whose document can let events.amazonaws.com act, and the property holding it. */
const documentProperty: Readonly<Record<string, string>> = {
    [types.role]: "assumeRolePolicy",
    [types.queue]: "policy",
    [types.queuePolicy]: "policy",
    [types.topic]: "policy",
    "aws:sns/topicPolicy:TopicPolicy": "policy",
    "aws:s3/bucketPolicy:BucketPolicy": "policy",
    [types.eventBusPolicy]: "policy",
};

/**
 * Operators that require `aws:SourceArn` to be present and to match. `...IfExists` passes when
 * the key is absent, the `Not` forms and `ForAllValues:` match almost anything: none of them pins.
 */
const PINNING_OPERATORS: readonly string[] = ["arnequals", "arnlike", "stringequals", "stringlike", "stringequalsignorecase"];

function hasWildcard(value: string): boolean {
    return value.includes("*") || value.includes("?");
}

/** What is wrong with the statement's `aws:SourceArn`, or undefined when it names exact ARNs (or is unknown yet). */
function sourceArnProblem(statement: Statement): string | undefined {
    const values: unknown[] = [];
    for (const [operator, entries] of Object.entries(statement.conditions)) {
        if (!PINNING_OPERATORS.includes(operator.replace(/^ForAnyValue:/i, "").toLowerCase())) {
            continue;
        }
        for (const [key, value] of Object.entries(entries)) {
            if (key.toLowerCase() === "aws:sourcearn") {
                values.push(...(isUnknown(value) ? [value] : listOf(value)));
            }
        }
    }
    if (values.length === 0) {
        return "with no aws:SourceArn condition";
    }
    const wildcards = values.filter((v): v is string => typeof v === "string" && hasWildcard(v));
    return wildcards.length > 0 ? `with aws:SourceArn ${wildcards.map((w) => JSON.stringify(w)).join(", ")}, a wildcard` : undefined;
}

export const eventsSourceArnPinned: KitPolicy = resourcePolicy({
    name: "events-source-arn-pinned",
    description: "Whatever lets events.amazonaws.com act (a role's trust policy, a queue, topic, bucket or bus policy, a Lambda permission) names the exact rule ARNs in aws:SourceArn (sourceArn): no wildcard, no missing condition. Otherwise any rule (of the account, or any account) can use the role, and whatever the role may do, or deliver to the resource.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Condition the statement on ArnEquals aws:SourceArn = the ARN of each rule that uses it (and aws:SourceAccount for roles); give a Lambda permission sourceArn = the rule's ARN. SafeRule's targets create one role per rule, trusted only for that rule, and list exactly their rules in queue and topic policies.",
    resourceTypes: [...Object.keys(documentProperty), types.lambdaPermission],
}, (props, report, _config, args) => {
    if (args.type === types.lambdaPermission) {
        // A missing sourceArn is lambda-permission-events-source-arn's finding; a wildcard is this one's.
        if (props.principal === EVENTS && typeof props.sourceArn === "string" && hasWildcard(props.sourceArn)) {
            report(`The permission lets events.amazonaws.com invoke the function for sourceArn ${JSON.stringify(props.sourceArn)}, a wildcard: every rule it matches can invoke it. Name the rule's ARN.`);
        }
        return;
    }
    const property = documentProperty[args.type];
    const statements = statementsOf(props[property]);
    if (isUnknown(statements) || statements === undefined) {
        return;
    }
    const trust = property === "assumeRolePolicy";
    statements.forEach((statement, index) => {
        if (statement.effect !== "Allow" || !allowsService(statement, EVENTS)) {
            return;
        }
        const problem = sourceArnProblem(statement);
        // A queue policy with no aws:SourceArn at all is event-queue-policy-source-arn's finding.
        if (problem === undefined || (args.type === types.queuePolicy && !problem.includes("wildcard"))) {
            return;
        }
        report(trust
            ? `Trust policy ${statementLabel(statement, index)} lets events.amazonaws.com assume the role ${problem}: any rule it admits can use the role and everything the role may do. Name the rules that use it.`
            : `Policy ${statementLabel(statement, index)} lets events.amazonaws.com ${statement.actions.join(", ") || "act"} ${problem}: any rule it admits can deliver here. Name the rules that send to it.`);
    });
});

export const eventsSourceArnPolicies: KitPolicy[] = [eventsSourceArnPinned];
