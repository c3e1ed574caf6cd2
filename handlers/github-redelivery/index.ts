/**
 * Lambda entry of the GitHub redelivery function, invoked on a schedule (EventBridge Scheduler).
 * Reads the credentials on every run (a rotated secret applies at the next run), keeps what it
 * asked for and GitHub's rate-limit wait for the life of the execution environment (see
 * redeliver.ts for why GitHub's own list is the record).
 */
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { Logger } from "../shared/log";
import { credentialsFromSecret, loadRedeliveryConfig, RedeliveryConfig } from "./config";
import { githubApi } from "./github-api";
import { newRunMemory, redeliverFailed, RunResult } from "./redeliver";

/** Per-request limit for GitHub calls. */
const REQUEST_TIMEOUT_MS = 10_000;

let config: RedeliveryConfig | undefined;
let secretsManager: SecretsManagerClient | undefined;
const memory = newRunMemory();

export async function handler(_event: unknown, context?: { awsRequestId?: string; getRemainingTimeInMillis?: () => number }): Promise<RunResult> {
    config ??= loadRedeliveryConfig(process.env);
    secretsManager ??= new SecretsManagerClient({ maxAttempts: 2 });
    const log = new Logger({ requestId: context?.awsRequestId }, config.logLevel);
    const secret = await secretsManager.send(new GetSecretValueCommand({ SecretId: config.secretArn, VersionStage: "AWSCURRENT" }));
    const api = githubApi({
        baseUrl: config.apiUrl,
        hook: config.hook,
        credentials: credentialsFromSecret(config.hook, secret.SecretString),
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
        now: Date.now,
    });
    return redeliverFailed({
        api,
        memory,
        log,
        now: Date.now,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        remainingMs: () => context?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY,
        maxPages: config.maxPages,
        maxRedeliveries: config.maxRedeliveries,
        pauseMs: config.pauseMs,
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
    });
}
