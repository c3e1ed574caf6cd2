import { types } from "../stack";
import { KitPolicy, resourcePolicy } from "./internal/define";
import { Statement, statementLabel, statementsOf } from "./internal/iam";
import { isUnknown, listOf } from "./values";

/**
 * Actions IAM only grants on `"Resource": "*"` (they have no resource-level permissions), from
 * the Service Authorization Reference: for these a `*` resource is not over-broad.
 */
const ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS: readonly string[] = [
    "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
    "cloudwatch:PutMetricData", "cloudwatch:GetMetricData", "cloudwatch:ListMetrics",
    "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeVpcs",
    "sts:GetCallerIdentity", "logs:DescribeLogGroups", "kms:ListKeys", "kms:ListAliases", "s3:ListAllMyBuckets",
    "sqs:ListQueues", "sns:ListTopics", "states:ListStateMachines", "lambda:ListFunctions", "secretsmanager:ListSecrets",
    "secretsmanager:GetRandomPassword", "events:ListEventBuses", "tag:GetResources",
];

/** AWS managed policies that grant a whole service or everything. */
const AWS_MANAGED_BROAD = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?(?:[A-Za-z0-9]*FullAccess|AdministratorAccess|PowerUserAccess)$/;

/** Identity policy documents a resource carries, each with a name for findings. */
function documentsOf(type: string, props: Record<string, any>): { label: string; document: unknown }[] {
    switch (type) {
        case types.role:
            return listOf(isUnknown(props.inlinePolicies) ? [] : props.inlinePolicies)
                .map((p: any, i: number) => ({ label: `inline policy "${typeof p?.name === "string" ? p.name : i + 1}"`, document: p?.policy }));
        case types.rolePolicy:
        case types.managedPolicy:
        case "aws:iam/userPolicy:UserPolicy":
        case "aws:iam/groupPolicy:GroupPolicy":
            return [{ label: "policy", document: props.policy }];
        default:
            return [];
    }
}

interface LeastPrivilegeConfig {
    actionsWithoutResourceLevelPermissions: string[];
}

/** What is over-broad in one Allow statement. */
function statementProblems(statement: Statement, allowedOnAnyResource: readonly string[]): string[] {
    const problems: string[] = [];
    const wildcardActions = statement.actions.filter((a) => a === "*" || /^[a-z0-9-]+:\*$/i.test(a));
    if (wildcardActions.length > 0) {
        problems.push(`allows every action (${wildcardActions.join(", ")}); list the actions it needs`);
    }
    if (statement.notActions.length > 0) {
        problems.push(`allows everything but ${statement.notActions.join(", ")} (NotAction); list the actions it needs`);
    }
    if (statement.resources.includes("*")) {
        const lower = allowedOnAnyResource.map((a) => a.toLowerCase());
        const scopable = statement.actions.filter((a) => !lower.includes(a.toLowerCase()));
        if (scopable.length > 0) {
            problems.push(`allows ${scopable.join(", ")} on every resource ("*"), though ${scopable.length > 1 ? "these actions support" : "it supports"} resource-level permissions; name the ARNs`);
        }
    }
    return problems;
}

export const iamLeastPrivilege: KitPolicy = resourcePolicy<LeastPrivilegeConfig>({
    name: "iam-least-privilege",
    description: "Every IAM statement in the stack (role inline policies, role, user and group policies, managed policies) allows named actions on named resources: no `*` or `service:*` action, no NotAction, no `*` resource for an action that supports resource-level permissions, and no AWS managed *FullAccess (or administrator) policy attached.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "List the actions the principal calls and the ARNs it calls them on (as the components do: events:PutEvents on one bus, states:StartExecution on one machine). Keep \"*\" only for actions without resource-level permissions (actionsWithoutResourceLevelPermissions).",
    resourceTypes: [types.role, types.rolePolicy, types.managedPolicy, types.rolePolicyAttachment, "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy"],
    configSchema: {
        properties: {
            actionsWithoutResourceLevelPermissions: {
                type: "array",
                items: { type: "string" },
                default: [...ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS],
                description: "Actions that may be allowed on \"*\" because IAM offers no resource-level permissions for them.",
            },
        },
    },
}, (props, report, config, args) => {
    const managed = args.type === types.rolePolicyAttachment ? [props.policyArn]
        : args.type === types.role && !isUnknown(props.managedPolicyArns) ? listOf(props.managedPolicyArns) : [];
    for (const arn of managed) {
        if (typeof arn === "string" && AWS_MANAGED_BROAD.test(arn)) {
            report(`AWS managed policy ${arn} is attached: it grants a whole service (or everything); attach a policy with the actions and resources needed.`);
        }
    }
    for (const { label, document } of documentsOf(args.type, props)) {
        const statements = statementsOf(document);
        if (isUnknown(statements) || statements === undefined) {
            continue;
        }
        statements.forEach((statement, index) => {
            if (statement.effect !== "Allow") {
                return;
            }
            for (const problem of statementProblems(statement, config.actionsWithoutResourceLevelPermissions)) {
                report(`${label} ${statementLabel(statement, index)} ${problem}.`);
            }
        });
    }
});

export const leastPrivilegePolicies: KitPolicy[] = [iamLeastPrivilege];
