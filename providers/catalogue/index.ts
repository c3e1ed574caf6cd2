/**
 * What a WebhookIngress emits, per provider and configuration: the events' source, their
 * detail-types, and the shape of each one's `detail` (`metadata` from the handler, `payload` the
 * provider's body). Built from recorded payloads (GitHub), the provider's SDK types (Stripe) and
 * documented payloads (Twilio, Bird); see docs/event-patterns.md. Not imported by the handlers:
 * the catalogue stays out of the Lambda bundles.
 */
import type { EmittedEvents, FieldShape } from "../../components/patterns/emitted-events";
import { contractVariables, PROVIDER_EVENT_SOURCES, PROVIDER_NAMES, ProviderName } from "../index";
import { birdPayloads } from "./bird-events";
import { decodeCatalogue } from "./encoded";
import { GITHUB_EVENTS } from "./github-events";
import { DocumentedSender, documentedSenderEvents, isDocumentedSender } from "./sender-events";
import { STRIPE_EVENTS } from "./stripe-events";
import { TWILIO_EVENT_STREAMS, TWILIO_FORM_PAYLOADS } from "./twilio-events";

/** How an ingress is configured, as far as its events are concerned (the handler's EBK_* variables). */
export interface IngressEventSettings {
    /** EBK_PROVIDER: the provider whose deliveries become the events. */
    readonly provider: ProviderName;
    /** EBK_EVENT_SOURCE: the `eventSource` override. */
    readonly eventSource?: string;
    /** EBK_PROVIDER_OPTIONS: hmac's `source` and `detailTypeHeader` matter here. */
    readonly providerOptions?: Readonly<Record<string, unknown>>;
    /** EBK_OVERFLOW_BUCKET set: an event too large for one entry carries `detail.payloadPointer` instead of `detail.payload`. */
    readonly largeEvents?: boolean;
    /** EBK_HOOK=1: a hook may change any event before delivery, so nothing is known of them. */
    readonly hook?: boolean;
}

/**
 * The settings in a handler function's environment variables, or undefined when they are not
 * a webhook handler's (no known EBK_PROVIDER). Values unknown until deployment are not strings
 * and count as unset, except where only their presence matters.
 */
export function ingressSettingsFromEnvironment(environment: Readonly<Record<string, unknown>>): IngressEventSettings | undefined {
    const variables = contractVariables(environment);
    const provider = variables.EBK_PROVIDER;
    if (typeof provider !== "string" || !(PROVIDER_NAMES as readonly string[]).includes(provider)) {
        return undefined;
    }
    let providerOptions: Record<string, unknown> | undefined;
    if (typeof variables.EBK_PROVIDER_OPTIONS === "string") {
        try {
            providerOptions = JSON.parse(variables.EBK_PROVIDER_OPTIONS) as Record<string, unknown>;
        } catch {
            providerOptions = undefined;
        }
    }
    return {
        provider: provider as ProviderName,
        eventSource: typeof variables.EBK_EVENT_SOURCE === "string" && variables.EBK_EVENT_SOURCE !== "" ? variables.EBK_EVENT_SOURCE : undefined,
        providerOptions,
        largeEvents: variables.EBK_OVERFLOW_BUCKET !== undefined,
        hook: variables.EBK_HOOK === "1",
    };
}

const METADATA: FieldShape = { provider: "value", deliveryId: "value", receivedAt: "value" };
const METADATA_BY_PROVIDER: Readonly<Record<ProviderName, FieldShape>> = {
    github: { ...METADATA, hookId: "value" },
    twilio: METADATA,
    stripe: METADATA,
    bird: { ...METADATA, batchId: "value", recordIndex: "value" },
    hmac: METADATA,
    standardWebhooks: METADATA,
    slack: { ...METADATA, retryNum: "value" },
    shopify: { ...METADATA, shopDomain: "value" },
    gitlab: METADATA,
};
/** handlers/shared/deliver-events.ts: where an oversize event's detail was stored. */
const PAYLOAD_POINTER: FieldShape = { bucket: "value", key: "value", size: "value", sha256: "value" };

let githubPayloads: Record<string, FieldShape> | undefined;
let stripePayloads: Record<string, FieldShape> | undefined;

/** The payload shape of each detail-type a provider emits. */
export function providerPayloads(provider: Exclude<ProviderName, "hmac" | DocumentedSender>): Readonly<Record<string, FieldShape>> {
    switch (provider) {
        case "github":
            return (githubPayloads ??= decodeCatalogue(GITHUB_EVENTS));
        case "stripe":
            return (stripePayloads ??= decodeCatalogue(STRIPE_EVENTS));
        case "twilio":
            return TWILIO_FORM_PAYLOADS;
        case "bird":
            return birdPayloads();
    }
}

/** The actions GitHub's recorded and documented payloads of an event have (`detail.payload.action`). */
export function githubActions(event: string): readonly string[] | undefined {
    return Object.prototype.hasOwnProperty.call(GITHUB_EVENTS.events, event) ? GITHUB_EVENTS.events[event].actions : undefined;
}

/**
 * What an ingress with these settings emits, or undefined when nothing can be said (a hook
 * rewrites events as it likes). `emitter` names the ingress in messages.
 */
export function ingressEmittedEvents(settings: IngressEventSettings, emitter: string): EmittedEvents | undefined {
    const emitted = emittedEventsOf(settings, emitter);
    // Another sender's own source one letter away (github.com, gitlab.com) is that sender's, not a typo.
    return emitted && { ...emitted, distinctSources: Object.values(PROVIDER_EVENT_SOURCES).filter((source) => source !== emitted.source) };
}

function emittedEventsOf(settings: IngressEventSettings, emitter: string): EmittedEvents | undefined {
    if (settings.hook) {
        return undefined;
    }
    const provider = settings.provider;
    const optionSource = typeof settings.providerOptions?.source === "string" ? settings.providerOptions.source : undefined;
    const source = settings.eventSource ?? (provider === "hmac" || provider === "standardWebhooks" ? optionSource : undefined) ?? PROVIDER_EVENT_SOURCES[provider];
    const metadata = METADATA_BY_PROVIDER[provider];
    const detailOf = (payload: FieldShape): FieldShape =>
        settings.largeEvents ? { metadata, payload, payloadPointer: PAYLOAD_POINTER } : { metadata, payload };
    const name = `${emitter} (${provider})`;
    if (provider === "hmac") {
        // The sender's body is not known; the detail-type is "webhook" or a header's value.
        const detail = detailOf("unknown");
        return settings.providerOptions?.detailTypeHeader
            ? { emitter: name, source, detailTypes: { webhook: detail }, otherDetailTypes: { description: "the value of its detail-type header", accepts: () => true, detail } }
            : { emitter: name, source, detailTypes: { webhook: detail } };
    }
    if (isDocumentedSender(provider)) {
        return documentedSenderEvents(provider, name, source, detailOf);
    }
    const detailTypes = Object.fromEntries(Object.entries(providerPayloads(provider)).map(([type, payload]) => [type, detailOf(payload)]));
    if (provider === "twilio") {
        return {
            emitter: name, source, detailTypes,
            otherDetailTypes: { description: TWILIO_EVENT_STREAMS.description, accepts: TWILIO_EVENT_STREAMS.accepts, detail: detailOf(TWILIO_EVENT_STREAMS.payload) },
        };
    }
    if (provider === "stripe") {
        // Stripe sends each account's events in that account's API version; the catalogue knows one.
        const version = { paths: [["payload", "data", "object"], ["payload", "data", "previous_attributes"]], version: `the Stripe API version of ${STRIPE_EVENTS.origin}` };
        return { emitter: name, source, detailTypes, versioned: version };
    }
    return { emitter: name, source, detailTypes };
}
