/**
 * The webhook handler as an execution environment starts it: its configuration read from the
 * EBK_* variables, and the hook loaded once when EBK_HOOK=1. A wrong variable or a hook.js that
 * does not load does not crash the function: every request is answered 500 and the log says why.
 * Shared by the Lambda entry and `eventbridge-kit simulate`, which hands it the same bundled
 * hook.js the plan's archive holds.
 */
import type { Env } from "../shared/env";
import { EnrichHook, loadBundledHook } from "../shared/hook";
import { ConfigError, loadConfig, WebhookConfig } from "./config";
import { createWebhookHandler, WebhookDeps, WebhookHandler } from "./handler";

/** `loadHookModule`: how hook.js is obtained (in Lambda, a require of the file beside index.js). */
export function webhookHandlerFromEnv(env: Env, deps: Omit<WebhookDeps, "hook">, loadHookModule?: () => unknown): WebhookHandler {
    let config: WebhookConfig | ConfigError;
    let hook: EnrichHook | undefined;
    try {
        config = loadConfig(env);
        if (config.hook) hook = loadBundledHook(loadHookModule);
    } catch (err) {
        config = err instanceof ConfigError ? err : new ConfigError(err instanceof Error ? err.message : String(err));
    }
    return createWebhookHandler(config, { ...deps, hook });
}
