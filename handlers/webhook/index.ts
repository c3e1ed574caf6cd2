/**
 * Lambda entry of the webhook handler (function URL payload v2 and ALB events), configured by
 * the EBK_* environment variables the WebhookIngress component sets. Clients, secret cache and
 * hook are created once per execution environment.
 */
import { eventBridgeClient, eventBridgeClientBundled, s3Client, secretsManagerClient } from "../shared/aws-clients";
import { ConfigError, loadConfig, WebhookConfig } from "./config";
import { createWebhookHandler, WebhookHandler } from "./handler";
import { EnrichHook, loadBundledHook } from "../shared/hook";

export type { HookContext, VerifiedEvent, EnrichHook } from "../shared/hook";

let instance: WebhookHandler | undefined;

function build(): WebhookHandler {
    let config: WebhookConfig | ConfigError;
    let hook: EnrichHook | undefined;
    try {
        config = loadConfig(process.env);
        if (config.hook) hook = loadBundledHook();
    } catch (err) {
        config = err instanceof ConfigError ? err : new ConfigError(err instanceof Error ? err.message : String(err));
    }
    return createWebhookHandler(config, {
        eventBridge: eventBridgeClientBundled ? eventBridgeClient : undefined,
        s3: s3Client,
        secretsManager: secretsManagerClient,
        hook,
    });
}

export const handler: WebhookHandler = (event, context) => (instance ??= build())(event, context);
