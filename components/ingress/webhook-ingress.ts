import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES } from "../../providers";
import { Fail, failFor } from "../errors";
import { WebhookIngressArgs } from "./args";
import { checkComponentName, resolveSettings } from "./settings";
import type { SafeEventBus } from "../bus/safe-event-bus";
import { resolveRedelivery } from "./github-redelivery";
import { bundleHook, HookError, WebhookHookArgs } from "./hook";
import { createIngressResources } from "./ingress-resources";
import { twilioConnectionOverrides, twilioWebhookUrl } from "./twilio-url";

export const WEBHOOK_INGRESS_TOKEN = COMPONENT_TYPES.webhookIngress;

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
        const redelivery = resolveRedelivery(name, args.provider.name, args.githubRedelivery, fail);
        super(WEBHOOK_INGRESS_TOKEN, name, {}, opts);
        const provider = args.provider;
        const parts = createIngressResources(name, args, { settings, hookCode, redelivery, fail }, this);
        const { endpoint, bus, rawBatches, batches, durable } = parts;

        this.url = endpoint.url;
        this.twilioWebhookUrl = provider.name === "twilio" ? twilioUrl(provider.options.publicUrl, endpoint.url, settings.timeoutSeconds, this) : undefined;
        this.function = parts.webhook;
        this.functionName = parts.webhook.name;
        this.eventBusName = bus?.name;
        this.eventBusArn = bus?.arn;
        this.eventBus = bus?.created;
        this.safeEventBus = bus?.component;
        this.secretArn = parts.secret.arn;
        this.bucket = rawBatches?.name;
        this.prefix = rawBatches ? pulumi.output(settings.prefix) : undefined;
        this.batchProcessor = batches?.processor;
        this.deadLetterQueue = batches?.deadLetterQueue;
        this.loadBalancer = "loadBalancer" in endpoint ? endpoint.loadBalancer : undefined;
        this.alarms = parts.alarms;
        this.redeliveryFunction = parts.redelivery?.function;
        this.redeliverySchedule = parts.redelivery?.schedule;
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
            redeliveryFunctionName: parts.redelivery?.function.name,
            durableStore: this.durableStore?.bucket,
        });
    }
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
