/**
 * What each provider's authenticated body becomes: the event drafts of one delivery. The webhook
 * uses them after verifying a request; the batch processor, on the raw delivery the webhook stored.
 */
import type { ProviderName } from "../events";
import type { DeliveryFacts, EventDraft } from "../event-drafts";
import { birdEvents } from "./bird";
import { githubEvents } from "./github";
import { gitlabEvents } from "./gitlab";
import { hmacEvents } from "./hmac";
import { shopifyEvents } from "./shopify";
import { slackEvents } from "./slack";
import { standardWebhooksEvents } from "./standard-webhooks";
import { stripeEvents } from "./stripe";
import { twilioEvents } from "./twilio";

export const PROVIDER_EVENTS: Record<ProviderName, (body: Buffer, facts: DeliveryFacts) => EventDraft[]> = {
    github: githubEvents,
    twilio: twilioEvents,
    stripe: stripeEvents,
    bird: birdEvents,
    hmac: hmacEvents,
    standardWebhooks: standardWebhooksEvents,
    slack: slackEvents,
    shopify: shopifyEvents,
    gitlab: gitlabEvents,
};
