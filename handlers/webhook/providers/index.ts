/** The provider catalogue: one verifier per provider, each in its own file. */
import type { ProviderName } from "../../shared/events";
import { bird } from "./bird";
import { github } from "./github";
import { hmac } from "./hmac";
import { stripe } from "./stripe";
import { twilio } from "./twilio";
import type { Provider } from "./types";

export const PROVIDERS: Record<ProviderName, Provider<never>> = { github, twilio, stripe, bird, hmac } as Record<ProviderName, Provider<never>>;

export function providerFor(name: ProviderName): Provider {
    return PROVIDERS[name] as Provider;
}
