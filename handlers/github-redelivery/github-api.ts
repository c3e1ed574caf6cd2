/**
 * The few GitHub REST calls the redelivery function makes, through @octokit/request (and, for a
 * GitHub App, @octokit/auth-app, which signs a JWT with the App's private key for the `/app/hook`
 * routes and corrects for clock skew). GitHub's rate limits end the run instead of being waited
 * out: the next scheduled run picks up where this one stopped, and GitHub asks integrations not
 * to keep calling while limited.
 */
import { createAppAuth } from "@octokit/auth-app";
import { request as octokitRequest } from "@octokit/request";
import { deliveriesPath, GithubAppCredentials, GithubHookTarget } from "../../providers/github-redelivery";
import type { DeliveryAttempt } from "./select";

/** GitHub limited this integration: no call until `untilMs` (epoch ms). */
export class GithubRateLimited extends Error {
    constructor(readonly untilMs: number, readonly kind: "primary" | "secondary") {
        super(`GitHub's ${kind} rate limit was reached; no call before ${new Date(untilMs).toISOString()}`);
        this.name = "GithubRateLimited";
    }
}

/** Any other answer than the one asked for: `status` 0 when GitHub could not be reached. */
export class GithubApiError extends Error {
    constructor(readonly status: number, message: string) {
        super(message);
        this.name = "GithubApiError";
    }
}

export type GithubCredentials = { readonly app: GithubAppCredentials } | { readonly token: string };

/** What GitHub's rate-limit headers say after a successful call. */
export interface Limited {
    /** The call was the last the primary limit allowed: no call before this time (epoch ms). */
    readonly limitedUntilMs?: number;
}

export interface DeliveriesPage extends Limited {
    readonly attempts: DeliveryAttempt[];
    /** The next page's URL (the `Link` header's rel="next"), when there is one. */
    readonly next?: string;
}

export interface GithubApi {
    /** One page of the hook's deliveries, newest first: the first page, or the `next` URL of the previous one. */
    listDeliveries(next?: string): Promise<DeliveriesPage>;
    /** Asks GitHub to redeliver one delivery (202: queued). */
    redeliver(deliveryId: number | bigint): Promise<Limited>;
}

export interface GithubApiOptions {
    readonly baseUrl: string;
    readonly hook: GithubHookTarget;
    readonly credentials: GithubCredentials;
    /** Per-request time limit, in ms. */
    readonly requestTimeoutMs: number;
    readonly now: () => number;
}

/** GitHub's guidance: without a `retry-after` or a reset time, wait at least a minute. */
const DEFAULT_LIMIT_WAIT_MS = 60_000;

export function githubApi(options: GithubApiOptions): GithubApi {
    const { baseUrl, hook, credentials, now } = options;
    const base = octokitRequest.defaults({
        baseUrl,
        headers: { "user-agent": "eventbridge-kit-github-redelivery", "x-github-api-version": "2022-11-28", accept: "application/vnd.github+json" },
    });
    const request = "app" in credentials
        ? base.defaults({ request: { hook: createAppAuth({ appId: credentials.app.appId, privateKey: credentials.app.privateKey, request: base, log: silentLog }).hook } })
        : base.defaults({ headers: { authorization: `Bearer ${credentials.token}` } });
    const listUrl = new URL(baseUrl.replace(/\/+$/, "") + deliveriesPath(hook));

    async function call(route: string, parameters: Record<string, unknown>): Promise<{ data: unknown; limitedUntilMs?: number; link?: unknown }> {
        let response;
        try {
            response = await request(route, { ...parameters, request: { signal: AbortSignal.timeout(options.requestTimeoutMs), log: silentLog } });
        } catch (error) {
            throw classify(error, now());
        }
        const headers = response.headers as Record<string, unknown>;
        if (String(headers["x-ratelimit-remaining"]) !== "0") return { data: response.data, link: headers.link };
        // The last call the limit allowed: stop before the next one is refused.
        const reset = Number(headers["x-ratelimit-reset"]) * 1000;
        return { data: response.data, link: headers.link, limitedUntilMs: Number.isFinite(reset) && reset > now() ? reset : now() + DEFAULT_LIMIT_WAIT_MS };
    }

    return {
        async listDeliveries(next) {
            if (next === undefined) {
                return page(await call(`GET ${listUrl.href}`, { per_page: 100 }));
            }
            // Only a page of the same list: the credentials go nowhere else.
            const url = new URL(next);
            if (url.origin !== listUrl.origin || url.pathname !== listUrl.pathname) {
                throw new GithubApiError(0, `the next-page link points outside ${listUrl.href}; not followed`);
            }
            return page(await call(`GET ${url.href}`, {}));
        },
        async redeliver(deliveryId) {
            const { limitedUntilMs } = await call(`POST ${listUrl.href}/${String(deliveryId)}/attempts`, {});
            return { limitedUntilMs };
        },
    };
}

function page(response: { data: unknown; limitedUntilMs?: number; link?: unknown }): DeliveriesPage {
    if (!Array.isArray(response.data)) {
        throw new GithubApiError(0, "GitHub answered the list of deliveries with something else than a list");
    }
    return { attempts: response.data as DeliveryAttempt[], next: nextLink(response.link), limitedUntilMs: response.limitedUntilMs };
}

/** The rel="next" URL of a `Link` header. */
export function nextLink(header: unknown): string | undefined {
    if (typeof header !== "string") return undefined;
    for (const part of header.split(",")) {
        const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
        if (match) return match[1];
    }
    return undefined;
}

/**
 * GitHub's answers when limited: 429, or 403 with `retry-after` (secondary limits), or 403 with
 * `x-ratelimit-remaining: 0` (primary, until `x-ratelimit-reset`), or a 403 whose message names a
 * secondary rate limit (wait a minute). Anything else keeps its status.
 */
function classify(error: unknown, nowMs: number): Error {
    const status = (error as { status?: unknown }).status;
    if (typeof status !== "number") return error as Error;
    const response = (error as { response?: { headers: Record<string, unknown> } }).response;
    if (!response) {
        // No answer (refused, reset, timed out): octokit reports it as 500.
        return new GithubApiError(0, `GitHub could not be reached: ${(error as Error).message}`);
    }
    const headers = response.headers;
    const retryAfter = Number(headers["retry-after"]);
    const message = (error as Error).message;
    if (status === 429 || (status === 403 && (headers["retry-after"] !== undefined || String(headers["x-ratelimit-remaining"]) === "0" || /rate limit/i.test(message)))) {
        const reset = Number(headers["x-ratelimit-reset"]) * 1000;
        const untilMs = Number.isFinite(retryAfter) && retryAfter >= 0 ? nowMs + retryAfter * 1000
            : String(headers["x-ratelimit-remaining"]) === "0" && Number.isFinite(reset) && reset > nowMs ? reset
            : nowMs + DEFAULT_LIMIT_WAIT_MS;
        return new GithubRateLimited(untilMs, String(headers["x-ratelimit-remaining"]) === "0" && headers["retry-after"] === undefined ? "primary" : "secondary");
    }
    return new GithubApiError(status, `GitHub answered ${status}: ${message}`);
}

/** Octokit's warnings would print request details; the function logs its own structured lines. */
const silentLog = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
