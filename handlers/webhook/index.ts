/**
 * Lambda entry of the webhook handler (function URL payload v2 and ALB events), configured by
 * the EBK_* environment variables the WebhookIngress component sets. Clients, secret cache and
 * hook are created once per execution environment.
 */
import { eventBridgeClient, eventBridgeClientBundled, s3Client, secretsManagerClient } from "../shared/aws-clients";
import type { WebhookHandler } from "./handler";
import { webhookHandlerFromEnv } from "./from-env";

export type { HookContext, VerifiedEvent, EnrichHook } from "../shared/hook";

let instance: WebhookHandler | undefined;

function build(): WebhookHandler {
    return webhookHandlerFromEnv(process.env, {
        eventBridge: eventBridgeClientBundled ? eventBridgeClient : undefined,
        s3: s3Client,
        secretsManager: secretsManagerClient,
    });
}

export const handler: WebhookHandler = (event, context) => (instance ??= build())(event, context);
