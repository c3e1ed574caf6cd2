export { WebhookIngress, WEBHOOK_INGRESS_TOKEN } from "./webhook-ingress";
export type {
    AlbEndpointArgs,
    BucketLike,
    EventBusLike,
    WebhookAlarmArgs,
    WebhookDeliveryArgs,
    WebhookEndpointArgs,
    WebhookIngressArgs,
    WebhookSecretArgs,
} from "./args";
export { providers, ProviderConfigError } from "./providers";
export type {
    BirdAuth,
    BirdProviderArgs,
    HmacAlgorithm,
    HmacEncoding,
    HmacProviderArgs,
    ProviderName,
    StandardWebhooksProviderArgs,
    StripeProviderArgs,
    TwilioProviderArgs,
    WebhookProvider,
} from "./providers";
export type { WebhookHookArgs } from "./hook";
// What a hook module receives and returns (the handler's own types).
export type { EnrichHook, EventMetadata, HookContext, VerifiedEvent } from "../../handlers/shared/hook";
