/**
 * The multi-language front doors: the components as `pulumi package add` users see them, with
 * arguments every Pulumi language can express, built on the TypeScript components.
 */
export { WebhookIngress } from "./webhook-ingress";
export { SafeRule } from "./safe-rule";
export { ApiDestinationTarget } from "./api-destination-target";
