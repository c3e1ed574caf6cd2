import { KitPolicy, resourcePolicy, stackPolicy } from "./internal/define";
import { actionCovers, allowsService, conditionKeys, grantsEveryone, Statement, statementsOf } from "./internal/iam";
import { StackResource, StackView, types } from "../stack";
import { isUnknown } from "./values";

/** Condition keys that narrow "everyone" down to an organization or account. */
const narrowingKeys = ["aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:sourceaccount", "aws:sourceorgid"];

export const eventBusPolicyNoPublicPrincipal: KitPolicy = resourcePolicy({
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

/** @deprecated Use {@link eventBusPolicyNoPublicPrincipal}: the export is named after its rule. */
export const eventBusPolicyPrincipal = eventBusPolicyNoPublicPrincipal;

/** Partner buses are named after their event source; what the partner sends is theirs to shape. */
function isCustomBus(props: Record<string, any>): boolean {
    return props.eventSourceName === undefined || isUnknown(props.eventSourceName);
}

export const eventBusCustomerManagedKey: KitPolicy = resourcePolicy({
    name: "event-bus-customer-managed-key",
    description: "A custom event bus encrypts its events with a customer managed key, so who may decrypt them is decided by a key policy you control.",
    enforcementLevel: "advisory",
    severity: "low",
    remediationSteps: "Set kmsKeyIdentifier to a customer managed key whose policy lets events.amazonaws.com use it for this bus (SafeEventBus creates one).",
    resourceTypes: [types.eventBus],
}, (props, report, _config, args) => {
    if (isCustomBus(props) && props.kmsKeyIdentifier === undefined) {
        report(`Bus "${args.name}" encrypts with an AWS owned key: no key policy of yours decides who can decrypt its events.`);
    }
});

export const eventBusDeadLetterQueue: KitPolicy = resourcePolicy({
    name: "event-bus-dead-letter-queue",
    description: "An event bus has a dead-letter queue (deadLetterConfig) for the events it cannot encrypt or decrypt.",
    enforcementLevel: "advisory",
    severity: "low",
    remediationSteps: "Set deadLetterConfig.arn to a standard, encrypted SQS queue whose policy lets events.amazonaws.com send with aws:SourceArn = the bus (SafeEventBus creates one).",
    resourceTypes: [types.eventBus],
}, (props, report, _config, args) => {
    const arn = props.deadLetterConfig?.arn;
    if (isCustomBus(props) && !isUnknown(props.deadLetterConfig) && !isUnknown(arn) && arn === undefined) {
        report(`Bus "${args.name}" has no dead-letter queue: events it cannot encrypt or decrypt (a key policy changed, a key disabled) are dropped without a trace.`);
    }
});

/** Log delivery sources in the stack that read the bus's logs. */
function logSourcesOf(stack: StackView, bus: StackResource): StackResource[] {
    return stack.ofType(types.logDeliverySource).filter((source) => stack.referenced(source, "resourceArn", [types.eventBus]).includes(bus));
}

export const eventBusLogging: KitPolicy = stackPolicy({
    name: "event-bus-logging",
    description: "An event bus logs (logConfig level ERROR or above) to a destination: a log delivery source reads the bus's logs.",
    enforcementLevel: "advisory",
    severity: "low",
    remediationSteps: "Set logConfig { level: \"ERROR\", includeDetail: \"NONE\" } and deliver the logs with aws.cloudwatch.LogDeliverySource, LogDeliveryDestination and LogDelivery (SafeEventBus does both).",
}, (stack, report) => {
    for (const bus of stack.ofType(types.eventBus)) {
        const config = bus.props.logConfig;
        if (isUnknown(config) || isUnknown(config?.level)) {
            continue;
        }
        if (config?.level === undefined || config.level === "OFF") {
            report(`Bus "${bus.name}" does not log (logConfig level ${config?.level ?? "unset"}): failed deliveries to its targets leave no record.`, bus.urn);
        } else if (logSourcesOf(stack, bus).length === 0) {
            report(`Bus "${bus.name}" has logConfig level ${config.level}, but no log delivery source reads its logs: they go nowhere.`, bus.urn);
        }
    }
});

/** What EventBridge must be allowed on a bus or archive key. */
const EVENTBRIDGE_KEY_ACTIONS = ["kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"];

/** The key policy in force: a KeyPolicy resource for the key, else the key's own `policy`. */
function keyPolicyOf(stack: StackView, key: StackResource): unknown {
    const separate = stack.referencing(key, types.kmsKeyPolicy, "keyId");
    return separate.length > 0 ? separate[separate.length - 1].props.policy : key.props.policy;
}

function grantsEventBridge(statements: Statement[], action: string): boolean {
    return statements.some((s) => s.effect === "Allow" && (allowsService(s, "events.amazonaws.com") || grantsEveryone(s))
        && s.actions.some((granted) => actionCovers(granted, action)));
}

export const eventBusKeyPolicyUsable: KitPolicy = stackPolicy({
    name: "event-bus-key-policy-usable",
    description: "A customer managed key of this stack that a bus or archive encrypts with lets events.amazonaws.com use it (kms:DescribeKey, kms:GenerateDataKey, kms:Decrypt); otherwise creating the bus fails or its events cannot be delivered.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Add a key policy statement allowing Service events.amazonaws.com kms:DescribeKey, kms:GenerateDataKey and kms:Decrypt, with Condition aws:SourceAccount and aws:SourceArn = the bus (SafeEventBus writes it).",
}, (stack, report) => {
    const users = [...stack.ofType(types.eventBus), ...stack.ofType(types.eventArchive)];
    for (const user of users) {
        for (const key of stack.referenced(user, "kmsKeyIdentifier", [types.kmsKey])) {
            const policy = keyPolicyOf(stack, key);
            const statements = policy === undefined ? [] : statementsOf(policy);
            if (isUnknown(statements) || statements === undefined) {
                continue;
            }
            const missing = EVENTBRIDGE_KEY_ACTIONS.filter((action) => !grantsEventBridge(statements, action));
            if (missing.length > 0) {
                report(`Key "${key.name}", which ${user.type === types.eventBus ? "bus" : "archive"} "${user.name}" encrypts with, has no key policy statement allowing events.amazonaws.com ${missing.join(", ")}${policy === undefined ? " (it has the default key policy, which only grants the account)" : ""}: EventBridge cannot use it.`, key.urn);
            }
        }
    }
});

export const eventBusPolicies: KitPolicy[] = [eventBusPolicyNoPublicPrincipal, eventBusKeyPolicyUsable, eventBusCustomerManagedKey, eventBusDeadLetterQueue, eventBusLogging];
