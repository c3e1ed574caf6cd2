export { WebhookIngress, WEBHOOK_INGRESS_TOKEN } from "./webhook-ingress";
export type {
    AlbEndpointArgs,
    BucketLike,
    DurableAcceptanceOptions,
    EventBusLike,
    GithubRedeliveryArgs,
    GithubRedeliveryCredentialsArgs,
    GithubRedeliveryHookArgs,
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
    GithubProviderArgs,
    HmacAlgorithm,
    HmacEncoding,
    HmacProviderArgs,
    ProviderName,
    StandardWebhooksProviderArgs,
    StripeProviderArgs,
    TwilioProviderArgs,
    WebhookContentType,
    WebhookProvider,
} from "./providers";
export type { WebhookHookArgs } from "./hook";
// What a hook module receives and returns (the handler's own types).
export type { EnrichHook, EventMetadata, HookContext, VerifiedEvent } from "../../handlers/shared/hook";
