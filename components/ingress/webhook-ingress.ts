import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES, encodeEnvironment, EnvironmentValues, WebhookHandlerVariables } from "../../providers";
import { Fail, failFor } from "../internal/errors";
import { EventBusRef, eventBusRefOf } from "../internal/event-bus";
import { allowStatement, PolicyStatement } from "../internal/iam";
import { recordEventPublisher } from "../internal/publishers";
import { AccountContext, accountContext } from "../internal/account";
import { createFunctionAlarms, createServerErrorAlarm, createSignatureFailureAlarm } from "./alarms";
import { WebhookAlarmArgs, WebhookIngressArgs } from "./args";
import { checkComponentName, ResolvedSettings, resolveSettings } from "./settings";
import { createBatchProcessing } from "./batch-processing";
import { createDurableAcceptance } from "./durable-acceptance";
import { prefixObjectsArn, resolveBucket } from "./bucket";
import { createAlbEndpoint, createFunctionUrl } from "./endpoint";
import { resolveEventBus } from "./event-bus";
import type { SafeEventBus } from "../bus/safe-event-bus";
import { HandlerBundle, handlerArchive, missingBundleWarning } from "./handler-archive";
import { createHandlerFunction } from "./handler-function";
import { createGithubRedelivery, resolveRedelivery } from "./github-redelivery";
import { bundleHook, HookError, WebhookHookArgs } from "./hook";
import { resolveSecret } from "./secret";
import { twilioConnectionOverrides, twilioWebhookUrl } from "./twilio-url";

export const WEBHOOK_INGRESS_TOKEN = COMPONENT_TYPES.webhookIngress;

/** Some of the handler's variables, as the component has them (text known only at deployment as Outputs). */
type HandlerVariables<K extends keyof WebhookHandlerVariables> = EnvironmentValues<Pick<WebhookHandlerVariables, K>, pulumi.Output<string>>;

/**
 * A public HTTPS endpoint for one webhook provider that verifies every request's signature and
 * turns what it sends into EventBridge events (or stores raw batches in S3 first, then emits
 * them). See docs/webhook-ingress.md for usage per provider.
 */
export class WebhookIngress extends pulumi.ComponentResource {
    /** The URL to paste into the provider's webhook settings (for Twilio: `twilioWebhookUrl`). */
    public readonly url: pulumi.Output<string>;
    /**
     * Twilio: the URL to paste into Twilio, with connection overrides (`#rc=…&rp=…`) that make
     * Twilio retry a 5xx, a timeout or a failed connection; the URL Twilio signs is `publicUrl`
     * when set, else `url`. Undefined for other providers.
     */
    public readonly twilioWebhookUrl: pulumi.Output<string> | undefined;
    /** The webhook handler function. */
    public readonly function: aws.lambda.Function;
    public readonly functionName: pulumi.Output<string>;
    /** The bus events are put on; undefined when S3 delivery emits no events. */
    public readonly eventBusName: pulumi.Output<string> | undefined;
    public readonly eventBusArn: pulumi.Output<string> | undefined;
    /** The bus the component created, when none was given. */
    public readonly eventBus: aws.cloudwatch.EventBus | undefined;
    /** The SafeEventBus the component created around that bus, when none was given. */
    public readonly safeEventBus: SafeEventBus | undefined;
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
    /** Durable acceptance: the store of entries PutEvents did not confirm in time, the function that redrives them, and its dead-letter queue. */
    public readonly durableStore: aws.s3.Bucket | undefined;
    public readonly redriveFunction: aws.lambda.Function | undefined;
    public readonly redriveDeadLetterQueue: aws.sqs.Queue | undefined;
    public readonly alarms: aws.cloudwatch.MetricAlarm[];
    /** With `githubRedelivery`: the scheduled function asking GitHub to redeliver failed deliveries, and its schedule. */
    public readonly redeliveryFunction: aws.lambda.Function | undefined;
    public readonly redeliverySchedule: aws.scheduler.Schedule | undefined;

    constructor(name: string, args: WebhookIngressArgs, opts?: pulumi.ComponentResourceOptions) {
        // Everything decidable on plain values is checked before the component registers itself,
        // so bad arguments leave nothing half-registered behind.
        const fail = failFor("WebhookIngress", name);
        const settings = resolveSettings(args, fail);
        checkComponentName(name, settings, fail);
        const hookCode = args.hook !== undefined ? bundleHookOrFail(args.hook, fail) : undefined;
        const redeliverySettings = resolveRedelivery(name, args.provider.name, args.githubRedelivery, fail);
        super(WEBHOOK_INGRESS_TOKEN, name, {}, opts);
        const provider = args.provider;
        let context: pulumi.Output<AccountContext> | undefined;
        const account = (): pulumi.Output<AccountContext> => (context ??= accountContext(this));
        warnAboutMissingBundles(args, settings, this);

        const secret = resolveSecret(name, provider, args.secret, fail, this);
        const alarmActions: WebhookAlarmArgs | undefined = args.alarms === false ? undefined : (args.alarms ?? {});
        const bus = settings.emitEvents ? resolveEventBus(name, args.eventBus, account, this, alarmActions?.actions) : undefined;
        const rawBatches = args.delivery !== undefined && args.delivery !== "events" ? resolveBucket(args.delivery.s3.bucket, account) : undefined;
        const largeEvents = args.largeEvents ? resolveBucket(args.largeEvents.bucket, account) : undefined;

        // What both handlers read the same way.
        const shared: HandlerVariables<"EBK_LOG_LEVEL" | "EBK_EVENT_SOURCE"> = {
            EBK_LOG_LEVEL: args.logLevel ?? "info",
            EBK_EVENT_SOURCE: args.eventSource,
        };
        // What only the function that puts events uses (the webhook, or the batch processor with
        // S3 delivery): the hook, which sees events just before delivery, and the large-events store.
        const publisher: HandlerVariables<"EBK_HOOK" | "EBK_OVERFLOW_BUCKET" | "EBK_OVERFLOW_PREFIX"> = {
            EBK_HOOK: hookCode !== undefined ? true : undefined,
            EBK_OVERFLOW_BUCKET: largeEvents?.name,
            EBK_OVERFLOW_PREFIX: largeEvents ? settings.largeEventsPrefix : undefined,
        };
        const largeEventsStatements = largeEvents
            ? prefixObjectsArn(largeEvents, settings.largeEventsPrefix).apply((arn) => [allowStatement(["s3:PutObject"], [arn], "StoreLargeEvents")])
            : pulumi.output([]);

        // The webhook handler: verify, then put events on the bus or store the raw delivery.
        const environment = encodeEnvironment<WebhookHandlerVariables, pulumi.Output<string>>({
            EBK_PROVIDER: provider.name,
            EBK_PROVIDER_OPTIONS: provider.options,
            EBK_SECRET_ARN: secret.arn,
            EBK_DELIVERY: settings.delivery,
            EBK_DEADLINE_MS: provider.deadlineMs,
            EBK_MAX_BODY_BYTES: settings.maxBodyBytes,
            EBK_MAX_ENTRY_BYTES: settings.maxEntryBytes,
            ...shared,
            // Only when set: the handler has the same defaults.
            EBK_SECRET_TTL_SECONDS: args.secretCacheTtlSeconds,
            EBK_PREVIOUS_SECRET_GRACE_SECONDS: args.previousSecretGraceSeconds,
            ...(rawBatches ? { EBK_BUCKET: rawBatches.name, EBK_PREFIX: settings.prefix } : { EBK_EVENT_BUS_NAME: bus!.arn, ...publisher }),
        });
        const statements = [secretStatements(secret.arn, secret.kmsKeyArn, account)];
        if (rawBatches) {
            statements.push(prefixObjectsArn(rawBatches, settings.prefix).apply((arn) => [allowStatement(["s3:PutObject"], [arn], "StoreRawDeliveries")]));
        } else {
            statements.push(bus!.arn.apply((arn) => [allowStatement(["events:PutEvents"], [arn], "PutEventsOnBus")]), largeEventsStatements);
        }
        // Durable acceptance: the store and the redrive function, before the webhook that writes to the store.
        const durable = settings.durable && bus && !rawBatches
            ? createDurableAcceptance(name, {
                settings,
                durable: settings.durable,
                bus,
                accountId: account().accountId,
                environment: shared,
                alarms: alarmActions,
            }, this)
            : undefined;
        if (durable) {
            Object.assign(environment, durable.webhookEnvironment);
            statements.push(durable.webhookStatements);
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
                createSignatureFailureAlarm(`${name}-webhook`, webhook.function, alarmActions, this),
            ]
            : [];

        const batches = rawBatches && bus
            ? createBatchProcessing(name, {
                description: `Turns stored ${provider.name} batches of "${name}" into events`,
                settings,
                rawBatches,
                bus,
                accountId: account().accountId,
                environment: { ...shared, ...publisher },
                extraStatements: largeEventsStatements,
                hookCode,
                alarms: alarmActions,
            }, this)
            : undefined;

        const redelivery = redeliverySettings
            ? createGithubRedelivery(name, redeliverySettings, { settings, account, alarms: alarmActions, logLevel: args.logLevel ?? "info", fail }, this)
            : undefined;

        // SafeRule's loop guard warns when a rule on this bus targets a function that publishes to it.
        const busRef = publisherBusRef(args.eventBus, bus?.created);
        if (busRef !== undefined) {
            recordEventPublisher(batches?.processor ?? webhook.function, busRef);
            if (durable) recordEventPublisher(durable.redrive, busRef);
        }

        this.url = endpoint.url;
        this.twilioWebhookUrl = provider.name === "twilio" ? twilioUrl(provider.options.publicUrl, endpoint.url, settings.timeoutSeconds, this) : undefined;
        this.function = webhook.function;
        this.functionName = webhook.function.name;
        this.eventBusName = bus?.name;
        this.eventBusArn = bus?.arn;
        this.eventBus = bus?.created;
        this.safeEventBus = bus?.component;
        this.secretArn = secret.arn;
        this.bucket = rawBatches?.name;
        this.prefix = rawBatches ? pulumi.output(settings.prefix) : undefined;
        this.batchProcessor = batches?.processor;
        this.deadLetterQueue = batches?.deadLetterQueue;
        this.loadBalancer = "loadBalancer" in endpoint ? endpoint.loadBalancer : undefined;
        this.alarms = [...alarms, ...(batches?.alarms ?? []), ...(redelivery?.alarms ?? []), ...(durable?.alarms ?? [])];
        this.redeliveryFunction = redelivery?.function;
        this.redeliverySchedule = redelivery?.schedule;
        this.durableStore = durable?.bucket;
        this.redriveFunction = durable?.redrive;
        this.redriveDeadLetterQueue = durable?.deadLetterQueue;
        this.registerOutputs({
            provider: provider.name,
            url: this.url,
            twilioWebhookUrl: this.twilioWebhookUrl,
            functionName: this.functionName,
            eventBusName: this.eventBusName,
            secretArn: this.secretArn,
            bucket: this.bucket,
            prefix: this.prefix,
            redeliveryFunctionName: redelivery?.function.name,
            durableStore: this.durableStore?.bucket,
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

/** Twilio's URL with its overrides; warns when the function's timeout leaves Twilio no time to retry. */
function twilioUrl(publicUrl: string | number | undefined, url: pulumi.Output<string>, timeoutSeconds: number, component: pulumi.Resource): pulumi.Output<string> {
    const overrides = twilioConnectionOverrides(timeoutSeconds);
    if (overrides.rc === 0) {
        pulumi.log.warn(`timeoutSeconds ${timeoutSeconds} leaves no room in Twilio's 15 s for a retry: twilioWebhookUrl retries nothing, `
            + "and a 5xx loses the delivery. Use timeoutSeconds 5 or less (3 by default).", component);
    }
    return twilioWebhookUrl(typeof publicUrl === "string" ? publicUrl : url, overrides);
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
        ...(args.githubRedelivery !== undefined ? ["github-redelivery" as const] : []),
        ...(settings.durable && settings.delivery === "events" ? ["durable-redrive" as const] : []),
    ];
    for (const bundle of bundles) {
        const warning = missingBundleWarning(bundle);
        if (warning) {
            pulumi.log.warn(warning, component);
        }
    }
}
