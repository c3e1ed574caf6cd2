import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Fail, failFor } from "../internal/errors";
import { EventBusRef, eventBusRefOf } from "../internal/event-bus";
import { allowStatement, PolicyStatement } from "../internal/iam";
import { recordEventPublisher } from "../internal/publishers";
import { AccountContext, accountContext } from "./account";
import { createFunctionAlarms, createServerErrorAlarm } from "./alarms";
import { checkComponentName, ResolvedSettings, resolveSettings, WebhookAlarmArgs, WebhookIngressArgs } from "./args";
import { createBatchProcessing } from "./batch-processing";
import { prefixObjectsArn, resolveBucket } from "./bucket";
import { createAlbEndpoint, createFunctionUrl } from "./endpoint";
import { resolveEventBus } from "./event-bus";
import { HandlerBundle, handlerArchive, missingBundleWarning } from "./handler-archive";
import { createHandlerFunction } from "./handler-function";
import { bundleHook, HookError, WebhookHookArgs } from "./hook";
import { resolveSecret } from "./secret";

export const WEBHOOK_INGRESS_TOKEN = "eventbridge-kit:ingress:WebhookIngress";

/**
 * A public HTTPS endpoint for one webhook provider that verifies every request's signature and
 * turns what it sends into EventBridge events (or stores raw batches in S3 first, then emits
 * them). See docs/webhook-ingress.md for usage per provider.
 */
export class WebhookIngress extends pulumi.ComponentResource {
    /** The URL to paste into the provider's webhook settings. */
    public readonly url: pulumi.Output<string>;
    /** The webhook handler function. */
    public readonly function: aws.lambda.Function;
    public readonly functionName: pulumi.Output<string>;
    /** The bus events are put on; undefined when S3 delivery emits no events. */
    public readonly eventBusName: pulumi.Output<string> | undefined;
    public readonly eventBusArn: pulumi.Output<string> | undefined;
    /** The bus the component created, when none was given. */
    public readonly eventBus: aws.cloudwatch.EventBus | undefined;
    /** The secret the handler verifies with (created, or the one given). */
    public readonly secretArn: pulumi.Output<string>;
    /** S3 delivery: where raw deliveries are stored. */
    public readonly bucket: pulumi.Output<string> | undefined;
    public readonly prefix: pulumi.Output<string> | undefined;
    /** S3 delivery with events: the function that turns stored batches into events, and its dead-letter queue. */
    public readonly batchProcessor: aws.lambda.Function | undefined;
    public readonly deadLetterQueue: aws.sqs.Queue | undefined;
    /** The load balancer, for an ALB endpoint. */
    public readonly loadBalancer: aws.lb.LoadBalancer | undefined;
    public readonly alarms: aws.cloudwatch.MetricAlarm[];

    constructor(name: string, args: WebhookIngressArgs, opts?: pulumi.ComponentResourceOptions) {
        // Everything decidable on plain values is checked before the component registers itself,
        // so bad arguments leave nothing half-registered behind.
        const fail = failFor("WebhookIngress", name);
        const settings = resolveSettings(args, fail);
        checkComponentName(name, settings, fail);
        const hookCode = args.hook !== undefined ? bundleHookOrFail(args.hook, fail) : undefined;
        super(WEBHOOK_INGRESS_TOKEN, name, {}, opts);
        const provider = args.provider;
        let context: pulumi.Output<AccountContext> | undefined;
        const account = (): pulumi.Output<AccountContext> => (context ??= accountContext(this));
        warnAboutMissingBundles(args, settings, this);

        const secret = resolveSecret(name, provider, args.secret, fail, this);
        const bus = settings.emitEvents ? resolveEventBus(name, args.eventBus, account, this) : undefined;
        const rawBatches = args.delivery !== undefined && args.delivery !== "events" ? resolveBucket(args.delivery.s3.bucket, account) : undefined;
        const largeEvents = args.largeEvents ? resolveBucket(args.largeEvents.bucket, account) : undefined;
        const alarmActions: WebhookAlarmArgs | undefined = args.alarms === false ? undefined : (args.alarms ?? {});

        // What both handlers read the same way.
        const shared: Record<string, pulumi.Input<string>> = {
            EBK_LOG_LEVEL: args.logLevel ?? "info",
            ...(args.eventSource !== undefined ? { EBK_EVENT_SOURCE: args.eventSource } : {}),
        };
        // What only the function that puts events uses (the webhook, or the batch processor with
        // S3 delivery): the hook, which sees events just before delivery, and the large-events store.
        const publisherEnvironment: Record<string, pulumi.Input<string>> = {
            ...(hookCode !== undefined ? { EBK_HOOK: "1" } : {}),
            ...(largeEvents ? { EBK_OVERFLOW_BUCKET: largeEvents.name, EBK_OVERFLOW_PREFIX: settings.largeEventsPrefix } : {}),
        };
        const largeEventsStatements = largeEvents
            ? prefixObjectsArn(largeEvents, settings.largeEventsPrefix).apply((arn) => [allowStatement(["s3:PutObject"], [arn], "StoreLargeEvents")])
            : pulumi.output([]);

        // The webhook handler: verify, then put events on the bus or store the raw delivery.
        const environment: Record<string, pulumi.Input<string>> = {
            EBK_PROVIDER: provider.name,
            EBK_PROVIDER_OPTIONS: JSON.stringify(provider.options),
            EBK_SECRET_ARN: secret.arn,
            EBK_DELIVERY: settings.delivery,
            EBK_DEADLINE_MS: String(provider.deadlineMs),
            EBK_MAX_BODY_BYTES: String(settings.maxBodyBytes),
            EBK_MAX_ENTRY_BYTES: String(settings.maxEntryBytes),
            ...shared,
            // Only when set: the handler has the same defaults.
            ...(args.secretCacheTtlSeconds !== undefined ? { EBK_SECRET_TTL_SECONDS: String(args.secretCacheTtlSeconds) } : {}),
            ...(args.previousSecretGraceSeconds !== undefined ? { EBK_PREVIOUS_SECRET_GRACE_SECONDS: String(args.previousSecretGraceSeconds) } : {}),
        };
        const statements = [secretStatements(secret.arn, secret.kmsKeyArn, account)];
        if (rawBatches) {
            Object.assign(environment, { EBK_BUCKET: rawBatches.name, EBK_PREFIX: settings.prefix });
            statements.push(prefixObjectsArn(rawBatches, settings.prefix).apply((arn) => [allowStatement(["s3:PutObject"], [arn], "StoreRawDeliveries")]));
        } else {
            Object.assign(environment, { EBK_EVENT_BUS_NAME: bus!.arn }, publisherEnvironment);
            statements.push(bus!.arn.apply((arn) => [allowStatement(["events:PutEvents"], [arn], "PutEventsOnBus")]), largeEventsStatements);
        }
        const webhook = createHandlerFunction(`${name}-webhook`, {
            description: `Verifies ${provider.name} webhooks for "${name}" and delivers them`,
            code: args.handlerArchive ?? handlerArchive(webhookBundle(settings), rawBatches ? undefined : hookCode),
            environment,
            timeoutSeconds: settings.timeoutSeconds,
            memorySize: settings.memorySize,
            architecture: settings.architecture,
            reservedConcurrency: settings.reservedConcurrency,
            logRetentionDays: settings.logRetentionDays,
            statements: pulumi.all(statements).apply((lists) => lists.flat()),
            dependsOn: secret.version ? [secret.version] : [],
        }, this);
        const endpoint = args.endpoint === undefined || args.endpoint === "functionUrl"
            ? createFunctionUrl(name, webhook.function, this)
            : createAlbEndpoint(name, webhook.function, args.endpoint.alb, this);
        const alarms = alarmActions
            ? [
                createServerErrorAlarm(`${name}-webhook`, endpoint.serverErrors, alarmActions, this),
                ...createFunctionAlarms(`${name}-webhook`, webhook.function, "webhook handler", alarmActions, this),
            ]
            : [];

        const batches = rawBatches && bus
            ? createBatchProcessing(name, {
                description: `Turns stored ${provider.name} batches of "${name}" into events`,
                settings,
                rawBatches,
                bus,
                accountId: account().accountId,
                environment: { ...shared, ...publisherEnvironment },
                extraStatements: largeEventsStatements,
                hookCode,
                alarms: alarmActions,
            }, this)
            : undefined;

        // SafeRule's loop guard warns when a rule on this bus targets a function that publishes to it.
        const busRef = publisherBusRef(args.eventBus, bus?.created);
        if (busRef !== undefined) {
            recordEventPublisher(batches?.processor ?? webhook.function, busRef);
        }

        this.url = endpoint.url;
        this.function = webhook.function;
        this.functionName = webhook.function.name;
        this.eventBusName = bus?.name;
        this.eventBusArn = bus?.arn;
        this.eventBus = bus?.created;
        this.secretArn = secret.arn;
        this.bucket = rawBatches?.name;
        this.prefix = rawBatches ? pulumi.output(settings.prefix) : undefined;
        this.batchProcessor = batches?.processor;
        this.deadLetterQueue = batches?.deadLetterQueue;
        this.loadBalancer = "loadBalancer" in endpoint ? endpoint.loadBalancer : undefined;
        this.alarms = [...alarms, ...(batches?.alarms ?? [])];
        this.registerOutputs({
            provider: provider.name,
            url: this.url,
            functionName: this.functionName,
            eventBusName: this.eventBusName,
            secretArn: this.secretArn,
            bucket: this.bucket,
            prefix: this.prefix,
        });
    }
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

/** The bus as SafeRule refers to buses (a resource or a plain name/ARN), when it is one of those. */
function publisherBusRef(given: WebhookIngressArgs["eventBus"], created: aws.cloudwatch.EventBus | undefined): EventBusRef | undefined {
    if (created) {
        return created;
    }
    // A bus component (SafeEventBus) stands for the bus inside it.
    const bus = eventBusRefOf(given as EventBusRef | undefined);
    return typeof bus === "string" || aws.cloudwatch.EventBus.isInstance(bus) ? bus : undefined;
}

/** Bundles the user's hook module, reporting a problem against the component's `hook.module` field. */
function bundleHookOrFail(hook: WebhookHookArgs, fail: Fail): string {
    try {
        return bundleHook(hook);
    } catch (error) {
        if (error instanceof HookError) {
            fail(error.field, error.problem, error.fix);
        }
        throw error;
    }
}

/**
 * The webhook bundle for the delivery mode (see handlers/build.mjs): `webhook-s3` stores raw
 * deliveries and has no EventBridge client; `webhook` puts events, loading its S3 client only for
 * the first event too large for one entry (`largeEvents`).
 */
function webhookBundle(settings: ResolvedSettings): HandlerBundle {
    return settings.delivery === "s3" ? "webhook-s3" : "webhook";
}

/** A clone without built handlers deploys nothing useful: say so at preview, with the fix. */
function warnAboutMissingBundles(args: WebhookIngressArgs, settings: ResolvedSettings, component: pulumi.Resource): void {
    const bundles: HandlerBundle[] = [
        ...(args.handlerArchive === undefined ? [webhookBundle(settings)] : []),
        ...(settings.delivery === "s3" && settings.emitEvents ? ["batch-processor" as const] : []),
    ];
    for (const bundle of bundles) {
        const warning = missingBundleWarning(bundle);
        if (warning) {
            pulumi.log.warn(warning, component);
        }
    }
}
