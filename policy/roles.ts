import { KitPolicy, stackPolicy } from "./internal/define";
import { statementsOf } from "./internal/iam";
import { StackResource, StackView, actionsForKind, targetKind, targetResource, types } from "../stack";
import { isUnknown, listOf } from "./values";

/** A role's permission documents: inline on the role and in aws.iam.RolePolicy resources. */
function documentsOf(stack: StackView, role: StackResource): { from: StackResource; policy: unknown }[] {
    const inline = listOf(isUnknown(role.props.inlinePolicies) ? [] : role.props.inlinePolicies)
        .map((p: any) => ({ from: role, policy: p?.policy }));
    const attached = stack.referencing(role, types.rolePolicy, "role").map((p) => ({ from: p, policy: p.props.policy }));
    return [...inline, ...attached];
}

/** Managed policy ARNs attached to a role, on the role itself or with RolePolicyAttachment. */
function managedPoliciesOf(stack: StackView, role: StackResource): { from: StackResource; arn: string }[] {
    const onRole = listOf(isUnknown(role.props.managedPolicyArns) ? [] : role.props.managedPolicyArns)
        .filter((a): a is string => typeof a === "string")
        .map((arn) => ({ from: role, arn }));
    const attachments = stack.referencing(role, types.rolePolicyAttachment, "role")
        .map((a) => ({ from: a, arn: typeof a.props.policyArn === "string" ? a.props.policyArn : "(managed policy)" }));
    return [...onRole, ...attachments];
}

/** Resource types a target role's statement may point at (the targets themselves). */
const targetTypes: readonly string[] = [types.stateMachine, types.apiDestination, types.eventBus, types.kinesisStream, types.ecsCluster];

export const eventTargetRoleLeastPrivilege: KitPolicy = stackPolicy({
    name: "event-target-role-least-privilege",
    description: "A role used by an event target allows only the action its target needs (states:StartExecution, events:InvokeApiDestination, events:PutEvents...) on that target's ARN, and has no managed policy attached.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Give each target its own role trusted by events.amazonaws.com with one statement: the target's action on the target's ARN. SafeRule creates such a role per target.",
}, (stack, report) => {
    for (const target of stack.ofType(types.eventTarget)) {
        const kind = targetKind(stack, target);
        const allowed = kind ? actionsForKind[kind] : undefined;
        if (!allowed || target.props.roleArn === undefined) {
            continue;
        }
        const destination = targetResource(stack, target);
        const targetArn = typeof target.props.arn === "string" ? target.props.arn : undefined;
        for (const role of stack.referenced(target, "roleArn", [types.role])) {
            for (const managed of managedPoliciesOf(stack, role)) {
                report(`Role "${role.name}" of event target "${target.name}" has managed policy ${managed.arn} attached; a target role needs only ${allowed.join(", ")} on its target.`, managed.from.urn);
            }
            for (const document of documentsOf(stack, role)) {
                // At preview the document is unknown, but the engine records which resources it
                // was built from: a target role built from another target's ARN is shared.
                const foreign = (document.from.resource.propertyDependencies?.[document.from === role ? "inlinePolicies" : "policy"] ?? [])
                    .map((d) => stack.of(d))
                    .filter((d): d is StackResource => !!d && targetTypes.includes(d.type) && destination !== undefined && d !== destination);
                for (const other of foreign) {
                    report(`Role "${role.name}" of event target "${target.name}" also grants access to "${other.name}"; share no role between targets.`, document.from.urn);
                }
                const statements = statementsOf(document.policy);
                if (isUnknown(statements) || statements === undefined) {
                    continue;
                }
                for (const statement of statements.filter((s) => s.effect === "Allow")) {
                    const extra = statement.actions.filter((a) => !allowed.some((ok) => ok.toLowerCase() === a.toLowerCase()));
                    if (extra.length > 0 || statement.notActions.length > 0) {
                        report(`Role "${role.name}" of event target "${target.name}" (${kind}) allows ${[...extra, ...statement.notActions.map((a) => `NotAction ${a}`)].join(", ")}; it needs only ${allowed.join(", ")}.`, document.from.urn);
                    }
                    if (kind === "ecs") {
                        continue; // iam:PassRole names the task's roles, not the cluster.
                    }
                    const wildcard = statement.resources.filter((r) => typeof r === "string" && r.includes("*"));
                    const others = statement.resources.filter((r) => typeof r === "string" && !r.includes("*") && targetArn !== undefined && r !== targetArn);
                    if (wildcard.length > 0 || others.length > 0) {
                        report(`Role "${role.name}" of event target "${target.name}" grants ${statement.actions.join(", ")} on ${[...wildcard, ...others].join(", ")}; it must name only the target's ARN.`, document.from.urn);
                    }
                }
            }
        }
    }
});

interface FullAccessConfig {
    forbiddenPolicyPattern: string;
}

export const functionRoleNoFullAccess: KitPolicy = stackPolicy<FullAccessConfig>({
    name: "function-role-no-full-access",
    description: "No *FullAccess (or administrator) managed policy is attached to a Lambda function's role: a webhook handler or target function with broad rights turns one bug into an account compromise.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Detach the managed policy and grant the function only what it does (events:PutEvents on its bus, secretsmanager:GetSecretValue on its secret, s3:PutObject on its prefix), as WebhookIngress does.",
    configSchema: {
        properties: {
            forbiddenPolicyPattern: {
                type: "string",
                default: "(FullAccess|/AdministratorAccess|/PowerUserAccess)$",
                description: "Regular expression for managed policy ARNs that must not be attached to function roles.",
            },
        },
    },
}, (stack, report, config) => {
    const forbidden = new RegExp(config.forbiddenPolicyPattern);
    const roles = new Map<StackResource, StackResource[]>();
    for (const fn of stack.ofType(types.lambdaFunction)) {
        for (const role of stack.referenced(fn, "role", [types.role])) {
            roles.set(role, [...(roles.get(role) ?? []), fn]);
        }
    }
    for (const [role, functions] of roles) {
        for (const managed of managedPoliciesOf(stack, role)) {
            if (forbidden.test(managed.arn)) {
                report(`Managed policy ${managed.arn} is attached to role "${role.name}", used by function ${functions.map((f) => `"${f.name}"`).join(", ")}.`, managed.from.urn);
            }
        }
    }
});

export const rolePolicies: KitPolicy[] = [eventTargetRoleLeastPrivilege, functionRoleNoFullAccess];
