/**
 * The multi-language front doors: the components as `pulumi package add` users see them, with
 * arguments every Pulumi language can express, built on the TypeScript components.
 */
// In this order, the schema lists them (the inference follows imports).
import { WebhookIngress } from "./webhook-ingress";
import { SafeRule } from "./safe-rule";
import { ApiDestinationTarget } from "./api-destination-target";

export { WebhookIngress, SafeRule, ApiDestinationTarget };

/** The package name other languages see: types are `eventbridge-kit:index:<Component>`. */
export const PACKAGE_NAME = "eventbridge-kit";

/** What the component provider serves. */
export const COMPONENTS = [WebhookIngress, SafeRule, ApiDestinationTarget];
