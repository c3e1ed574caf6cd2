/**
 * The redelivery function's settings, from the EBK_* variables WebhookIngress sets
 * (`githubRedelivery`); a wrong value throws an error naming the variable and the fix.
 */
import { GITHUB_API_URL, GITHUB_APP_ID, GithubAppCredentials, GithubHookTarget } from "../../providers/github-redelivery";
import { ConfigError, Env, positiveIntegerVar, requiredVar } from "../shared/env";
import { logLevelFrom, LogLevel } from "../shared/log";
import type { GithubCredentials } from "./github-api";

export interface RedeliveryConfig {
    readonly secretArn: string;
    readonly hook: GithubHookTarget;
    readonly apiUrl: string;
    readonly logLevel: LogLevel;
    readonly maxPages: number;
    readonly maxRedeliveries: number;
    readonly pauseMs: number;
}

export const REDELIVERY_DEFAULTS = { maxPages: 20, maxRedeliveries: 25, pauseMs: 1_000 } as const;

export function loadRedeliveryConfig(env: Env): RedeliveryConfig {
    return {
        secretArn: requiredVar(env, "EBK_SECRET_ARN", "the ARN of the secret holding the GitHub credentials"),
        hook: hookVar(requiredVar(env, "EBK_GITHUB_HOOK", 'the hook as JSON, e.g. {"kind":"app"}')),
        apiUrl: env.EBK_GITHUB_API_URL || GITHUB_API_URL,
        logLevel: logLevelFrom(env.EBK_LOG_LEVEL),
        maxPages: positiveIntegerVar(env, "EBK_REDELIVERY_MAX_PAGES", REDELIVERY_DEFAULTS.maxPages),
        maxRedeliveries: positiveIntegerVar(env, "EBK_REDELIVERY_MAX_PER_RUN", REDELIVERY_DEFAULTS.maxRedeliveries),
        pauseMs: positiveIntegerVar(env, "EBK_REDELIVERY_PAUSE_MS", REDELIVERY_DEFAULTS.pauseMs),
    };
}

function hookVar(raw: string): GithubHookTarget {
    let hook: Record<string, unknown>;
    try {
        hook = JSON.parse(raw);
    } catch {
        throw new ConfigError(`EBK_GITHUB_HOOK is not JSON; set it to {"kind":"app"}, {"kind":"repository","owner","repo","hookId"} or {"kind":"organization","org","hookId"}`);
    }
    const id = (value: unknown) => Number.isInteger(value) && (value as number) > 0;
    const name = (value: unknown) => typeof value === "string" && value.length > 0;
    if (hook?.kind === "app") return { kind: "app" };
    if (hook?.kind === "repository" && name(hook.owner) && name(hook.repo) && id(hook.hookId)) {
        return { kind: "repository", owner: hook.owner as string, repo: hook.repo as string, hookId: hook.hookId as number };
    }
    if (hook?.kind === "organization" && name(hook.org) && id(hook.hookId)) {
        return { kind: "organization", org: hook.org as string, hookId: hook.hookId as number };
    }
    throw new ConfigError(`EBK_GITHUB_HOOK is ${raw}; set it to {"kind":"app"}, {"kind":"repository","owner","repo","hookId"} or {"kind":"organization","org","hookId"}`);
}

/**
 * The secret's text as credentials: for the App's hook, JSON `{"appId","privateKey"}`; for a
 * repository or organization hook, the token itself. The value never appears in an error.
 */
export function credentialsFromSecret(hook: GithubHookTarget, text: string | undefined): GithubCredentials {
    if (text === undefined || text.trim() === "") throw new ConfigError("the GitHub credentials secret is empty");
    if (hook.kind !== "app") return { token: text.trim() };
    let parsed: Partial<Record<keyof GithubAppCredentials, unknown>>;
    try {
        parsed = JSON.parse(text);
    } catch {
        throw new ConfigError('the GitHub App secret is not JSON; store {"appId":"<id>","privateKey":"-----BEGIN RSA PRIVATE KEY-----..."}');
    }
    const appId = typeof parsed?.appId === "number" ? String(parsed.appId) : parsed?.appId;
    if (typeof appId !== "string" || !GITHUB_APP_ID.test(appId) || typeof parsed.privateKey !== "string" || !parsed.privateKey.includes("PRIVATE KEY-----")) {
        throw new ConfigError('the GitHub App secret needs "appId" (the App ID or client ID) and "privateKey" (the PEM key GitHub generated)');
    }
    return { app: { appId, privateKey: parsed.privateKey } };
}
