/** The provider catalogue: one verifier per provider, each in its own file. */
import type { ProviderName } from "../../shared/events";
import { bird } from "./bird";
import { github } from "./github";
import { gitlab } from "./gitlab";
import { hmac } from "./hmac";
import { shopify } from "./shopify";
import { slack } from "./slack";
import { standardWebhooks } from "./standard-webhooks";
import { stripe } from "./stripe";
import { twilio } from "./twilio";
import type { Provider } from "./types";

export const PROVIDERS: Record<ProviderName, Provider<never>> = { github, twilio, stripe, bird, hmac, standardWebhooks, slack, shopify, gitlab } as Record<ProviderName, Provider<never>>;

export function providerFor(name: ProviderName): Provider {
    return PROVIDERS[name] as Provider;
}
