import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountContext, accountContext } from "../internal/account";
import { Fail } from "../errors";
import { EventBusRef, eventBusRefOf } from "../internal/event-bus";
import { recordEventPublisher } from "../rules/program-record";
import { createFunctionAlarms, createServerErrorAlarm, createSignatureFailureAlarm } from "./alarms";
import { WebhookAlarmArgs, WebhookIngressArgs } from "./args";
import { BatchProcessing, createBatchProcessing } from "./batch-processing";
import { resolveBucket, ResolvedBucket } from "./bucket";
import { DurableAcceptance } from "./durable-acceptance";
import { AlbEndpoint, createAlbEndpoint, createFunctionUrl, FunctionUrlEndpoint } from "./endpoint";
import { ResolvedEventBus, resolveEventBus } from "./event-bus";
import { createGithubRedelivery, GithubRedelivery, ResolvedRedelivery } from "./github-redelivery";
import { HandlerBundle, missingBundleWarning } from "./handler-archive";
import { ResolvedSecret, resolveSecret } from "./secret";
import type { ResolvedSettings } from "./args";
import { createWebhookFunction, SharedHandlerInputs, sharedHandlerInputs, webhookBundle } from "./webhook-function";

/** What the constructor decided on plain values, before it registered the component. */
export interface CheckedIngress {
    readonly settings: ResolvedSettings;
    readonly hookCode?: string;
    readonly redelivery?: ResolvedRedelivery;
    readonly fail: Fail;
}

/** Everything a WebhookIngress creates or refers to. */
export interface IngressResources {
    readonly secret: ResolvedSecret;
    readonly bus?: ResolvedEventBus;
    readonly rawBatches?: ResolvedBucket;
    readonly webhook: aws.lambda.Function;
    readonly endpoint: FunctionUrlEndpoint | AlbEndpoint;
    readonly durable?: DurableAcceptance;
    readonly batches?: BatchProcessing;
    readonly redelivery?: GithubRedelivery;
    /** Every alarm: the webhook's, then the batch processor's, the redelivery's and durable acceptance's. */
    readonly alarms: aws.cloudwatch.MetricAlarm[];
}

/**
 * The ingress's children, in the order they are registered: secret, bus, (durable store and
 * redrive), webhook function, endpoint and its alarms, batch processing, GitHub redelivery.
 */
export function createIngressResources(name: string, args: WebhookIngressArgs, checked: CheckedIngress, parent: pulumi.Resource): IngressResources {
    const { settings, hookCode } = checked;
    // Looked up once, and only when a name or ARN has to be completed.
    let context: pulumi.Output<AccountContext> | undefined;
    const account = (): pulumi.Output<AccountContext> => (context ??= accountContext(parent));
    warnAboutMissingBundles(args, settings, parent);

    const secret = resolveSecret(name, args.provider, args.secret, checked.fail, parent);
    const alarmActions: WebhookAlarmArgs | undefined = args.alarms === false ? undefined : (args.alarms ?? {});
    const bus = settings.emitEvents ? resolveEventBus(name, args.eventBus, account, parent, alarmActions?.actions) : undefined;
    const rawBatches = args.delivery !== undefined && args.delivery !== "events" ? resolveBucket(args.delivery.s3.bucket, account) : undefined;
    const largeEvents = args.largeEvents ? resolveBucket(args.largeEvents.bucket, account) : undefined;
    const handlers = sharedHandlerInputs(args, settings, hookCode, largeEvents);

    const { webhook, durable } = createWebhookFunction(name, { args, settings, secret, bus, rawBatches, hookCode, handlers, account, alarms: alarmActions }, parent);
    const endpoint = createEndpoint(name, args, webhook.function, parent);
    const webhookAlarms = alarmActions ? createWebhookAlarms(name, endpoint, webhook.function, alarmActions, parent) : [];
    const batches = rawBatches && bus
        ? createBatches(name, { args, settings, rawBatches, bus, handlers, hookCode, account, alarms: alarmActions }, parent)
        : undefined;
    const redelivery = checked.redelivery
        ? createGithubRedelivery(name, checked.redelivery, { settings, account, alarms: alarmActions, logLevel: args.logLevel ?? "info", fail: checked.fail }, parent)
        : undefined;

    // SafeRule's loop guard warns when a rule on this bus targets a function that publishes to it.
    const busRef = publisherBusRef(args.eventBus, bus?.created);
    if (busRef !== undefined) {
        recordEventPublisher(batches?.processor ?? webhook.function, busRef);
        if (durable) recordEventPublisher(durable.redrive, busRef);
    }
    const alarms = [...webhookAlarms, ...(batches?.alarms ?? []), ...(redelivery?.alarms ?? []), ...(durable?.alarms ?? [])];
    return { secret, bus, rawBatches, webhook: webhook.function, endpoint, durable, batches, redelivery, alarms };
}

function createEndpoint(name: string, args: WebhookIngressArgs, fn: aws.lambda.Function, parent: pulumi.Resource): FunctionUrlEndpoint | AlbEndpoint {
    return args.endpoint === undefined || args.endpoint === "functionUrl"
        ? createFunctionUrl(name, fn, parent)
        : createAlbEndpoint(name, fn, args.endpoint.alb, parent);
}

function createWebhookAlarms(name: string, endpoint: FunctionUrlEndpoint | AlbEndpoint, fn: aws.lambda.Function, alarms: WebhookAlarmArgs, parent: pulumi.Resource): aws.cloudwatch.MetricAlarm[] {
    return [
        createServerErrorAlarm(`${name}-webhook`, endpoint.serverErrors, alarms, parent),
        ...createFunctionAlarms(`${name}-webhook`, fn, "webhook handler", alarms, parent),
        createSignatureFailureAlarm(`${name}-webhook`, fn, alarms, parent),
    ];
}

/** S3 delivery that emits events: the batch processor, with the publisher's variables and permissions. */
function createBatches(name: string, inputs: {
    readonly args: WebhookIngressArgs;
    readonly settings: ResolvedSettings;
    readonly rawBatches: ResolvedBucket;
    readonly bus: ResolvedEventBus;
    readonly handlers: SharedHandlerInputs;
    readonly hookCode?: string;
    readonly account: () => pulumi.Output<AccountContext>;
    readonly alarms?: WebhookAlarmArgs;
}, parent: pulumi.Resource): BatchProcessing {
    return createBatchProcessing(name, {
        description: `Turns stored ${inputs.args.provider.name} batches of "${name}" into events`,
        settings: inputs.settings,
        rawBatches: inputs.rawBatches,
        bus: inputs.bus,
        accountId: inputs.account().accountId,
        environment: { ...inputs.handlers.shared, ...inputs.handlers.publisher },
        extraStatements: inputs.handlers.largeEventsStatements,
        hookCode: inputs.hookCode,
        alarms: inputs.alarms,
    }, parent);
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
