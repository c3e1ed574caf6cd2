import { StackResource, StackView, types } from "../stack";
import { KitPolicy, resourcePolicy, stackPolicy } from "./internal/define";
import { allowsService, Statement, statementLabel, statementsOf } from "./internal/iam";
import { isUnknown, listOf } from "./values";

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

/** The `aws:SourceArn` values a statement requires with a pinning operator (UNKNOWN kept as is). */
function sourceArnValues(statement: Statement): unknown[] {
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
    return values;
}

/** What is wrong with the statement's `aws:SourceArn`, or undefined when it names exact ARNs (or is unknown yet). */
function sourceArnProblem(statement: Statement): string | undefined {
    const values = sourceArnValues(statement);
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

/**
 * The rules a resource admits for events.amazonaws.com: the exact `aws:SourceArn` (or Lambda
 * `sourceArn`) values of its statements granting `action`; undefined when one is unknown or a
 * wildcard (events-source-arn-pinned's finding), or when nothing grants EventBridge at all
 * (the queue and Lambda policies report that).
 */
function admittedRules(stack: StackView, resource: StackResource, action: string): Set<string> | undefined {
    const values: unknown[] = [];
    if (resource.type === types.lambdaFunction) {
        for (const permission of stack.referencing(resource, types.lambdaPermission, "function")) {
            if (permission.props.principal === EVENTS && permission.props.sourceArn !== undefined) {
                values.push(permission.props.sourceArn);
            }
        }
    } else {
        const documents = resource.type === types.role ? [resource.props.assumeRolePolicy]
            : resource.type === types.queue ? [resource.props.policy, ...stack.referencing(resource, types.queuePolicy, "queueUrl").map((p) => p.props.policy)]
                : [resource.props.policy, ...stack.referencing(resource, "aws:sns/topicPolicy:TopicPolicy", "arn").map((p) => p.props.policy)];
        for (const document of documents) {
            const statements = statementsOf(document);
            if (isUnknown(statements)) {
                return undefined;
            }
            for (const statement of statements ?? []) {
                const grants = statement.actions.some((a) => a === "*" || a.toLowerCase() === action.toLowerCase() || a.toLowerCase() === `${action.split(":")[0]}:*`);
                if (statement.effect === "Allow" && allowsService(statement, EVENTS) && grants) {
                    values.push(...sourceArnValues(statement));
                }
            }
        }
    }
    if (values.length === 0 || values.some((v) => typeof v !== "string" || hasWildcard(v))) {
        return undefined;
    }
    return new Set(values as string[]);
}

export const eventsSourceArnMatchesRules: KitPolicy = stackPolicy({
    name: "events-source-arn-matches-rules",
    description: "A role, queue, topic or Lambda function that event targets of the stack use admits exactly the rules that deliver through it: each such rule is named in aws:SourceArn (sourceArn), or EventBridge is refused and the events are lost; no other rule of the stack is, or that rule can use it too.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "List in aws:SourceArn (a Lambda permission's sourceArn) the ARN of each rule whose target or dead-letter queue is this resource, and no other. SafeRule's targets keep these lists in step with the rules.",
}, (stack, report) => {
    const ruleArns = new Set(stack.ofType(types.eventRule).map((r) => r.props.arn).filter((a): a is string => typeof a === "string"));
    const users = new Map<StackResource, { action: string; rules: Set<string> }>();
    const use = (resource: StackResource, action: string, ruleArn: string) => {
        const entry = users.get(resource) ?? { action, rules: new Set<string>() };
        entry.rules.add(ruleArn);
        users.set(resource, entry);
    };
    for (const target of stack.ofType(types.eventTarget)) {
        const ruleArn = stack.referenced(target, "rule", [types.eventRule]).map((r) => r.props.arn).find((a) => typeof a === "string");
        if (ruleArn === undefined) {
            continue;
        }
        for (const role of stack.referenced(target, "roleArn", [types.role])) {
            use(role, "sts:AssumeRole", ruleArn);
        }
        if (target.props.roleArn === undefined) {
            for (const destination of stack.referenced(target, "arn", [types.lambdaFunction, types.queue, types.topic])) {
                use(destination, destination.type === types.lambdaFunction ? "lambda:InvokeFunction" : destination.type === types.queue ? "sqs:SendMessage" : "sns:Publish", ruleArn);
            }
        }
        for (const queue of stack.referenced(target, "deadLetterConfig.arn", [types.queue])) {
            use(queue, "sqs:SendMessage", ruleArn);
        }
    }
    const describe = (r: StackResource) => `${r.type.split(":").pop()} "${r.name}"`;
    for (const [resource, { action, rules }] of users) {
        const admitted = admittedRules(stack, resource, action);
        if (!admitted) {
            continue;
        }
        for (const rule of rules) {
            if (!admitted.has(rule)) {
                report(`${describe(resource)} does not admit rule ${rule} in aws:SourceArn, though that rule delivers through it: EventBridge is refused and the rule's events are lost.`, resource.urn);
            }
        }
        for (const other of admitted) {
            if (ruleArns.has(other) && !rules.has(other)) {
                report(`${describe(resource)} admits rule ${other} in aws:SourceArn, which does not deliver through it: that rule could use it too.`, resource.urn);
            }
        }
    }
});

export const eventsSourceArnPolicies: KitPolicy[] = [eventsSourceArnPinned, eventsSourceArnMatchesRules];
