import * as pulumi from "@pulumi/pulumi";
import { encodeEnvironment, EnvironmentValues, WebhookHandlerVariables } from "../../providers";
import { AccountContext } from "../internal/account";
import { allowStatement, PolicyStatement } from "../internal/iam";
import { WebhookAlarmArgs, WebhookIngressArgs } from "./args";
import { prefixObjectsArn, ResolvedBucket } from "./bucket";
import { createDurableAcceptance, DurableAcceptance } from "./durable-acceptance";
import { ResolvedEventBus } from "./event-bus";
import { HandlerBundle, handlerArchive } from "./handler-archive";
import { createHandlerFunction, HandlerFunction } from "./handler-function";
import { ResolvedSecret } from "./secret";
import type { ResolvedSettings } from "./args";

/** Some of the handler's variables, as the component has them (text known only at deployment as Outputs). */
type HandlerVariables<K extends keyof WebhookHandlerVariables> = EnvironmentValues<Pick<WebhookHandlerVariables, K>, pulumi.Output<string>>;

/** What the webhook handler and the batch processor are given alike. */
export interface SharedHandlerInputs {
    /** What both handlers read the same way. */
    readonly shared: HandlerVariables<"EBK_LOG_LEVEL" | "EBK_EVENT_SOURCE">;
    /**
     * What only the function that puts events uses (the webhook, or the batch processor with S3
     * delivery): the hook, which sees events just before delivery, and the large-events store.
     */
    readonly publisher: HandlerVariables<"EBK_HOOK" | "EBK_OVERFLOW_BUCKET" | "EBK_OVERFLOW_PREFIX">;
    /** The publisher's permission to store large events (none without large events). */
    readonly largeEventsStatements: pulumi.Output<PolicyStatement[]>;
}

export function sharedHandlerInputs(args: WebhookIngressArgs, settings: ResolvedSettings, hookCode: string | undefined, largeEvents: ResolvedBucket | undefined): SharedHandlerInputs {
    return {
        shared: {
            EBK_LOG_LEVEL: args.logLevel ?? "info",
            EBK_EVENT_SOURCE: args.eventSource,
        },
        publisher: {
            EBK_HOOK: hookCode !== undefined ? true : undefined,
            EBK_OVERFLOW_BUCKET: largeEvents?.name,
            EBK_OVERFLOW_PREFIX: largeEvents ? settings.largeEventsPrefix : undefined,
        },
        largeEventsStatements: largeEvents
            ? prefixObjectsArn(largeEvents, settings.largeEventsPrefix).apply((arn) => [allowStatement(["s3:PutObject"], [arn], "StoreLargeEvents")])
            : pulumi.output([]),
    };
}

export interface WebhookFunctionInputs {
    readonly args: WebhookIngressArgs;
    readonly settings: ResolvedSettings;
    readonly secret: ResolvedSecret;
    /** The bus events are put on (with events delivery, or S3 delivery that emits them). */
    readonly bus?: ResolvedEventBus;
    /** S3 delivery: where the raw deliveries are stored. */
    readonly rawBatches?: ResolvedBucket;
    readonly hookCode?: string;
    readonly handlers: SharedHandlerInputs;
    readonly account: () => pulumi.Output<AccountContext>;
    readonly alarms?: WebhookAlarmArgs;
}

/**
 * The webhook handler, `${name}-webhook`: verify, then put events on the bus or store the raw
 * delivery. With durable acceptance its store and redrive function come first, since the
 * webhook writes to the store.
 */
export function createWebhookFunction(name: string, inputs: WebhookFunctionInputs, parent: pulumi.Resource): { webhook: HandlerFunction; durable?: DurableAcceptance } {
    const { args, settings, secret, bus, rawBatches, hookCode } = inputs;
    const environment = webhookEnvironment(inputs);
    const statements = webhookStatements(inputs);
    const durable = settings.durable && bus && !rawBatches
        ? createDurableAcceptance(name, {
            settings,
            durable: settings.durable,
            bus,
            accountId: inputs.account().accountId,
            environment: inputs.handlers.shared,
            alarms: inputs.alarms,
        }, parent)
        : undefined;
    if (durable) {
        Object.assign(environment, durable.webhookEnvironment);
        statements.push(durable.webhookStatements);
    }
    const webhook = createHandlerFunction(`${name}-webhook`, {
        description: `Verifies ${args.provider.name} webhooks for "${name}" and delivers them`,
        code: args.handlerArchive ?? handlerArchive(webhookBundle(settings), rawBatches ? undefined : hookCode),
        environment,
        timeoutSeconds: settings.timeoutSeconds,
        memorySize: settings.memorySize,
        architecture: settings.architecture,
        reservedConcurrency: settings.reservedConcurrency,
        logRetentionDays: settings.logRetentionDays,
        statements: pulumi.all(statements).apply((lists) => lists.flat()),
        dependsOn: secret.version ? [secret.version] : [],
    }, parent);
    return { webhook, durable };
}

function webhookEnvironment({ args, settings, secret, bus, rawBatches, handlers }: WebhookFunctionInputs): Record<string, pulumi.Input<string>> {
    const provider = args.provider;
    return encodeEnvironment<WebhookHandlerVariables, pulumi.Output<string>>({
        EBK_PROVIDER: provider.name,
        EBK_PROVIDER_OPTIONS: provider.options,
        EBK_SECRET_ARN: secret.arn,
        EBK_DELIVERY: settings.delivery,
        EBK_DEADLINE_MS: provider.deadlineMs,
        EBK_MAX_BODY_BYTES: settings.maxBodyBytes,
        EBK_MAX_ENTRY_BYTES: settings.maxEntryBytes,
        ...handlers.shared,
        // Only when set: the handler has the same defaults.
        EBK_SECRET_TTL_SECONDS: args.secretCacheTtlSeconds,
        EBK_PREVIOUS_SECRET_GRACE_SECONDS: args.previousSecretGraceSeconds,
        ...(rawBatches ? { EBK_BUCKET: rawBatches.name, EBK_PREFIX: settings.prefix } : { EBK_EVENT_BUS_NAME: bus!.arn, ...handlers.publisher }),
    });
}

/** Reading the secret, then storing raw deliveries (S3 delivery) or putting events and storing large ones. */
function webhookStatements({ settings, secret, bus, rawBatches, handlers, account }: WebhookFunctionInputs): pulumi.Output<PolicyStatement[]>[] {
    const statements = [secretStatements(secret.arn, secret.kmsKeyArn, account)];
    if (rawBatches) {
        statements.push(prefixObjectsArn(rawBatches, settings.prefix).apply((arn) => [allowStatement(["s3:PutObject"], [arn], "StoreRawDeliveries")]));
    } else {
        statements.push(bus!.arn.apply((arn) => [allowStatement(["events:PutEvents"], [arn], "PutEventsOnBus")]), handlers.largeEventsStatements);
    }
    return statements;
}

/**
 * Reading the secret: GetSecretValue on that secret only (the handler asks for AWSCURRENT and
 * AWSPREVIOUS by stage, which needs nothing more) and, for a customer-managed key, decrypting
 * with it only through Secrets Manager in this region.
 */
function secretStatements(
    secretArn: pulumi.Output<string>,
    kmsKeyArn: pulumi.Input<string> | undefined,
    account: () => pulumi.Output<AccountContext>,
): pulumi.Output<PolicyStatement[]> {
    if (kmsKeyArn === undefined) {
        return secretArn.apply((arn) => [allowStatement(["secretsmanager:GetSecretValue"], [arn], "ReadSigningSecret")]);
    }
    return pulumi.all([secretArn, kmsKeyArn, account()]).apply(([arn, keyArn, ctx]) => [
        allowStatement(["secretsmanager:GetSecretValue"], [arn], "ReadSigningSecret"),
        {
            ...allowStatement(["kms:Decrypt"], [keyArn], "DecryptSigningSecret"),
            Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${ctx.region}.amazonaws.com` } },
        },
    ]);
}

/**
 * The webhook bundle for the delivery mode (see handlers/build.mjs): `webhook-s3` stores raw
 * deliveries and has no EventBridge client; `webhook` puts events, loading its S3 client only for
 * the first event too large for one entry (`largeEvents`).
 */
export function webhookBundle(settings: ResolvedSettings): HandlerBundle {
    return settings.delivery === "s3" ? "webhook-s3" : "webhook";
}
