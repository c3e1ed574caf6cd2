/**
 * Events a target cannot take: a WebhookIngress sends events inline up to its `maxEntryBytes`
 * (EventBridge allows 1 MiB), but a Step Functions input or an SNS message holds 256 KiB, so a
 * larger event fails that target (to its dead-letter queue, or dropped). Shared by the policy
 * pack and the offline plan's routing, which both say so on the target, with the fix.
 */
import { isDurableRedriveEnvironment, PROVIDER_EVENT_SOURCES, PUT_EVENTS_MAX_ENTRY_BYTES } from "../providers";
import { busOfRule, sameBus, webhookPublishers } from "./ingresses";
import { TargetKind, targetKind } from "./targets";
import { types } from "./types";
import type { StackResource, StackView } from "./view";

/**
 * What a rule target accepts, for the targets that accept less than an EventBridge event can be:
 * a Step Functions execution's input (StartExecution, 262144 bytes of UTF-8) and an SNS message
 * (256 KB). Lambda's asynchronous invocations and SQS messages take 1 MB since 2026-01-29, the same
 * as EventBridge, and AWS documents no separate limit for API destinations.
 */
export const STEP_FUNCTIONS_MAX_INPUT_BYTES = 262_144;
export const SNS_MAX_MESSAGE_BYTES = 262_144;

/**
 * Room for what EventBridge wraps around an entry before a target gets it (version, id, account,
 * time, region, resources and the keys): the event a target receives is always larger than the
 * entry (EventBridge User Guide, "Calculating PutEvents event entry size").
 */
export const EVENT_ENVELOPE_ALLOWANCE_BYTES = 1_024;

/** Targets that accept less than an EventBridge event, and what they call the limit. */
const TARGET_LIMITS: Partial<Record<TargetKind, { readonly what: string; readonly bytes: number }>> = {
    stateMachine: { what: "a Step Functions execution input", bytes: STEP_FUNCTIONS_MAX_INPUT_BYTES },
    topic: { what: "an SNS message", bytes: SNS_MAX_MESSAGE_BYTES },
};

export interface TargetSizeAdvisory {
    readonly rule: StackResource;
    readonly target: StackResource;
    readonly ingress: StackResource;
    /** The largest event the ingress sends inline (its `maxEntryBytes`). */
    readonly eventBytes: number;
    /** What the target accepts. */
    readonly limitBytes: number;
    /** The `maxEntryBytes` that fits the target. */
    readonly suggestedMaxEntryBytes: number;
    readonly message: string;
}

/** Every target of a rule on an ingress's bus that can get a larger event than it accepts. */
export function targetSizeAdvisories(stack: StackView): TargetSizeAdvisory[] {
    const publishers = webhookPublishers(stack).flatMap((publisher) => {
        const eventBytes = largestInlineEvent(stack, publisher.ingress);
        const source = publisher.settings && sourceOf(publisher.settings);
        return eventBytes !== undefined && source !== undefined && publisher.buses.length > 0 ? [{ ...publisher, eventBytes, source }] : [];
    });
    const advisories: TargetSizeAdvisory[] = [];
    for (const rule of stack.ofType(types.eventRule)) {
        const bus = busOfRule(stack, rule);
        const pattern = patternOf(rule);
        if (bus === undefined || pattern === undefined) continue;
        for (const publisher of publishers) {
            if (!publisher.buses.some((b) => sameBus(b, bus)) || !mayMatchSource(pattern, publisher.source)) continue;
            for (const target of stack.referencing(rule, types.eventTarget, "rule")) {
                const kind = targetKind(stack, target);
                const limit = kind && TARGET_LIMITS[kind];
                if (!limit || sendsLess(target.props)) continue;
                const suggestedMaxEntryBytes = limit.bytes - EVENT_ENVELOPE_ALLOWANCE_BYTES;
                if (publisher.eventBytes <= suggestedMaxEntryBytes) continue;
                const ruleName = nameOf(stack, rule, types.safeRule);
                advisories.push({
                    rule, target, ingress: publisher.ingress, eventBytes: publisher.eventBytes, limitBytes: limit.bytes, suggestedMaxEntryBytes,
                    message: `Event target "${target.name}" of rule "${ruleName}": WebhookIngress "${publisher.ingress.name}" sends events of up to `
                        + `${publisher.eventBytes} bytes inline (its maxEntryBytes), and ${limit.what} holds at most ${limit.bytes} bytes, so a larger `
                        + "event fails this target (to its dead-letter queue). Set maxEntryBytes: "
                        + `${suggestedMaxEntryBytes} with largeEvents on the ingress (larger events then arrive as an S3 pointer), `
                        + "or give the target an input transformer that sends less.",
                });
            }
        }
    }
    return advisories;
}

/**
 * The largest EBK_MAX_ENTRY_BYTES of the ingress's functions that build events (unset:
 * EventBridge's limit). The durable-acceptance redrive only forwards
 * entries those functions built, so it sends nothing larger.
 */
function largestInlineEvent(stack: StackView, ingress: StackResource): number | undefined {
    const sizes = stack.resources
        .filter((r) => r.type === types.lambdaFunction && stack.ancestors(r).includes(ingress))
        .map((fn) => fn.props.environment?.variables)
        .filter((variables) => typeof variables === "object" && variables !== null && "EBK_EVENT_BUS_NAME" in variables)
        .filter((variables) => !isDurableRedriveEnvironment(variables))
        .map((variables) => {
            const value = variables.EBK_MAX_ENTRY_BYTES;
            return value === undefined ? PUT_EVENTS_MAX_ENTRY_BYTES : typeof value === "string" && /^\d+$/.test(value) ? Number(value) : undefined;
        });
    return sizes.length === 0 || sizes.includes(undefined) ? undefined : Math.max(...(sizes as number[]));
}

function sourceOf(settings: NonNullable<ReturnType<typeof webhookPublishers>[number]["settings"]>): string {
    const hmacSource = settings.provider === "hmac" ? settings.providerOptions?.source : undefined;
    return settings.eventSource ?? (typeof hmacSource === "string" ? hmacSource : PROVIDER_EVENT_SOURCES[settings.provider]);
}

function patternOf(rule: StackResource): Record<string, unknown> | undefined {
    if (typeof rule.props.eventPattern !== "string") return undefined;
    try {
        const parsed = JSON.parse(rule.props.eventPattern);
        return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? parsed : undefined;
    } catch {
        return undefined;
    }
}

/** False only when the pattern's `source` lists exact values and the ingress's is not one of them. */
function mayMatchSource(pattern: Record<string, unknown>, source: string): boolean {
    const sources = pattern.source;
    if (!Array.isArray(sources) || !sources.every((s) => typeof s === "string")) return true;
    return sources.includes(source);
}

/** A target given a constant input, an input transformer or a part of the event gets less than the whole event. */
function sendsLess(props: Record<string, any>): boolean {
    return props.input !== undefined || props.inputTransformer !== undefined || (props.inputPath !== undefined && props.inputPath !== "$");
}

function nameOf(stack: StackView, entry: StackResource, componentType: string): string {
    const parent = stack.ancestors(entry)[0];
    return parent?.type === componentType ? parent.name : entry.name;
}
