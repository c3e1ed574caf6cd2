import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createDeadLetterQueue } from "../internal/dead-letter-queue";
import { failFor } from "../errors";
import { policyDocument, policyJson, PolicyStatement } from "../internal/iam";
import { EVENT_BUS_KEY_GRANTS, eventBusKeyPolicy, missingKeyGrants } from "../internal/kms-key-policy";
import { EVENTS_SERVICE_PRINCIPAL } from "../internal/limits";
import { accountContext, AccountContext } from "../internal/account";
import { COMPONENT_TYPES } from "../../providers";
import { BusPlan, planBus, SafeEventBusArgs } from "./args";
import { createBusLogging } from "./logging";

const COMPONENT = "SafeEventBus";

/**
 * An event bus with what AWS recommends around it: a customer managed key whose policy lets
 * EventBridge use it for this bus only, a dead-letter queue for events it cannot encrypt or
 * decrypt, logging to CloudWatch Logs, archives encrypted with the same key, and a bus policy
 * no wider than the accounts or organization named.
 *
 * Pass it to SafeRule (`eventBus`), `targets.eventBus(...)` or WebhookIngress (`eventBus`)
 * wherever a raw `aws.cloudwatch.EventBus` is accepted.
 *
 * ```ts
 * const bus = new SafeEventBus("orders", { archives: { all: { retentionDays: 30 } } });
 * new SafeRule("created", { eventBus: bus, pattern: { source: ["com.example.orders"], "detail-type": ["Order Created"] }, targets: [...] });
 * ```
 */
export class SafeEventBus extends pulumi.ComponentResource {
    /** The bus itself. */
    readonly eventBus: aws.cloudwatch.EventBus;
    readonly name: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
    /** The key the component created (`encryption: "customerManagedKey"`). */
    readonly kmsKey?: aws.kms.Key;
    /** The key the bus and its archives encrypt with; undefined with the AWS owned key. */
    readonly kmsKeyArn?: pulumi.Output<string>;
    /** The bus-level dead-letter queue. */
    readonly deadLetterQueue?: aws.sqs.Queue;
    /** The log group the bus logs to. */
    readonly logGroup?: aws.cloudwatch.LogGroup;
    /** Archives by role. */
    readonly archives: Readonly<Record<string, aws.cloudwatch.EventArchive>>;
    /** The bus policy, when other accounts or an organization may put events. */
    readonly busPolicy?: aws.cloudwatch.EventBusPolicy;

    constructor(name: string, args: SafeEventBusArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        // Checked before anything is registered.
        const fail = failFor(COMPONENT, name);
        const plan = planBus(name, args, fail);
        super(COMPONENT_TYPES.safeEventBus, name, {}, opts);
        const account = accountContext(this);
        const tags = args.tags;

        const key = this.busKey(name, plan, args, account);
        this.kmsKey = key.created;
        this.kmsKeyArn = key.arn;

        const deadLetterQueue = plan.deadLetterQueue ? busDeadLetterQueue(name, plan.busName, account, args.alarmActions, this) : undefined;
        this.deadLetterQueue = deadLetterQueue?.queue;

        this.eventBus = new aws.cloudwatch.EventBus(name, {
            name: plan.busName,
            ...(args.description !== undefined ? { description: args.description } : {}),
            ...(key.arn ? { kmsKeyIdentifier: key.arn } : {}),
            ...(deadLetterQueue ? { deadLetterConfig: { arn: deadLetterQueue.queue.arn } } : {}),
            ...(plan.logging ? { logConfig: { level: plan.logging.level, includeDetail: plan.logging.includeDetail } } : {}),
            tags,
        }, {
            parent: this,
            dependsOn: deadLetterQueue ? [deadLetterQueue.policy] : [],
            // A raw bus of the same name beside this component (WebhookIngress's own bus before it
            // made SafeEventBuses, or a hand-written bus this replaces) is adopted, not replaced.
            aliases: [{ parent: opts?.parent ?? pulumi.rootStackResource }],
        });
        this.name = this.eventBus.name;
        this.arn = this.eventBus.arn;

        this.logGroup = plan.logging
            ? createBusLogging(name, plan.busName, this.eventBus.arn, plan.logging, tags, this).logGroup
            : undefined;

        this.archives = createArchives(name, plan, this.eventBus.arn, key.arn, this);

        this.busPolicy = plan.accounts.length > 0 || plan.organizationId !== undefined
            ? new aws.cloudwatch.EventBusPolicy(`${name}-policy`, {
                eventBusName: this.eventBus.name,
                policy: pulumi.all([this.eventBus.arn, account]).apply(([arn, ctx]) => policyJson(busPolicyDocument(plan, arn, ctx))),
            }, { parent: this })
            : undefined;

        this.registerOutputs({ name: this.name, arn: this.arn, kmsKeyArn: this.kmsKeyArn, deadLetterQueueArn: this.deadLetterQueue?.arn });
    }

    private busKey(name: string, plan: BusPlan, args: SafeEventBusArgs, account: pulumi.Output<AccountContext>): { created?: aws.kms.Key; arn?: pulumi.Output<string> } {
        if (plan.encryption === "awsOwnedKey") {
            return {};
        }
        if (plan.encryption === "customerManagedKey") {
            // The bus ARN is spelled from its name, so the key (which the bus needs first) can name it.
            const created = new aws.kms.Key(`${name}-key`, {
                description: `Encrypts events on EventBridge bus ${plan.busName}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: account.apply((ctx) => policyJson(eventBusKeyPolicy({
                    account: ctx,
                    busArn: busArnOf(ctx, plan.busName),
                    archiveArns: plan.archives.map((a) => `arn:${ctx.partition}:events:${ctx.region}:${ctx.accountId}:archive/${a.name}`),
                }))),
                tags: args.tags,
            }, { parent: this });
            return { created, arn: created.arn };
        }
        const given = (args.encryption as { kmsKeyIdentifier: aws.kms.Key | pulumi.Input<string> }).kmsKeyIdentifier;
        if (!aws.kms.Key.isInstance(given)) {
            return { arn: pulumi.output(given) };
        }
        // A key of this program: its policy is known once deployed, so check it then.
        const fail = failFor(COMPONENT, name);
        return {
            arn: pulumi.all([given.arn, given.policy]).apply(([arn, policy]) => {
                const missing = policy ? missingKeyGrants(policy, EVENT_BUS_KEY_GRANTS) : undefined;
                if (missing && missing.length > 0) {
                    fail("encryption.kmsKeyIdentifier", `the key policy of ${arn} lacks what EventBridge needs to use it for this bus:\n${missing.map((m) => `  - ${m}`).join("\n")}`,
                        "\nAdd those statements (scoped by aws:SourceAccount and aws:SourceArn = the bus ARN; see docs/event-bus.md), or use encryption: \"customerManagedKey\" to get a key with the right policy.");
                }
                return arn;
            }),
        };
    }
}

/** Where events the bus could not encrypt or decrypt wait (the bus is the only sender). */
function busDeadLetterQueue(
    name: string,
    busName: string,
    account: pulumi.Output<AccountContext>,
    alarmActions: SafeEventBusArgs["alarmActions"],
    parent: pulumi.Resource,
): ReturnType<typeof createDeadLetterQueue> {
    return createDeadLetterQueue(`${name}-dlq`, {
        senderService: EVENTS_SERVICE_PRINCIPAL,
        senderArn: pulumi.all([account]).apply(([ctx]) => busArnOf(ctx, busName)),
        alarmActions,
        description: `Events bus "${busName}" could not encrypt or decrypt are waiting in this dead-letter queue.`,
    }, parent);
}

/** One archive per planned role, encrypted with the bus's key when it has one. */
function createArchives(
    name: string,
    plan: BusPlan,
    busArn: pulumi.Output<string>,
    keyArn: pulumi.Output<string> | undefined,
    parent: pulumi.Resource,
): Record<string, aws.cloudwatch.EventArchive> {
    const archives: Record<string, aws.cloudwatch.EventArchive> = {};
    for (const archive of plan.archives) {
        archives[archive.role] = new aws.cloudwatch.EventArchive(`${name}-archive-${archive.role}`, {
            name: archive.name,
            eventSourceArn: busArn,
            retentionDays: archive.retentionDays,
            ...(archive.pattern !== undefined ? { eventPattern: JSON.stringify(archive.pattern) } : {}),
            ...(archive.description !== undefined ? { description: archive.description } : {}),
            ...(keyArn ? { kmsKeyIdentifier: keyArn } : {}),
        }, { parent });
    }
    return archives;
}

function busArnOf(ctx: AccountContext, busName: string): string {
    return `arn:${ctx.partition}:events:${ctx.region}:${ctx.accountId}:event-bus/${busName}`;
}

/** Named accounts as principals; an organization as `*` narrowed by aws:PrincipalOrgID. Nothing wider. */
export function busPolicyDocument(plan: Pick<BusPlan, "accounts" | "organizationId">, busArn: string, ctx: Pick<AccountContext, "partition">) {
    const statements: PolicyStatement[] = [];
    if (plan.accounts.length > 0) {
        const principals = plan.accounts.map((a) => `arn:${ctx.partition}:iam::${a}:root`);
        statements.push({
            Sid: "AllowAccountsPutEvents",
            Effect: "Allow",
            Principal: { AWS: principals.length === 1 ? principals[0] : principals },
            Action: "events:PutEvents",
            Resource: busArn,
        });
    }
    if (plan.organizationId !== undefined) {
        statements.push({
            Sid: "AllowOrganizationPutEvents",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "events:PutEvents",
            Resource: busArn,
            Condition: { StringEquals: { "aws:PrincipalOrgID": plan.organizationId } },
        });
    }
    return policyDocument(...statements);
}
