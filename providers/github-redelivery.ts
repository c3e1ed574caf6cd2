/**
 * The contract between WebhookIngress's `githubRedelivery` option and the redelivery function
 * (handlers/github-redelivery): which webhook's deliveries are read, where, and GitHub's own
 * limits. No Pulumi and no AWS SDK here.
 */

/**
 * The GitHub webhook whose failed deliveries are redelivered: the GitHub App's own webhook, a
 * repository webhook or an organization webhook (`EBK_GITHUB_HOOK`, as JSON).
 */
export type GithubHookTarget =
    | { readonly kind: "app" }
    | { readonly kind: "repository"; readonly owner: string; readonly repo: string; readonly hookId: number }
    | { readonly kind: "organization"; readonly org: string; readonly hookId: number };

/** GitHub redelivers only deliveries of the past 3 days. */
export const GITHUB_REDELIVERY_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;

/** GitHub's REST API, unless a GitHub Enterprise Server URL is given. */
export const GITHUB_API_URL = "https://api.github.com";

/** The REST path listing the hook's deliveries (newest first); `<path>/<delivery id>/attempts` redelivers one. */
export function deliveriesPath(hook: GithubHookTarget): string {
    switch (hook.kind) {
        case "app":
            return "/app/hook/deliveries";
        case "repository":
            return `/repos/${encodeURIComponent(hook.owner)}/${encodeURIComponent(hook.repo)}/hooks/${hook.hookId}/deliveries`;
        case "organization":
            return `/orgs/${encodeURIComponent(hook.org)}/hooks/${hook.hookId}/deliveries`;
    }
}

/** What the secret holds for each kind of hook: the App's id and private key (JSON), or a token (plain text). */
export interface GithubAppCredentials {
    readonly appId: string;
    readonly privateKey: string;
}

/** The PEM private key GitHub gives an App (PKCS#1 as downloaded, or PKCS#8). */
export const GITHUB_APP_PRIVATE_KEY = /^-----BEGIN (RSA )?PRIVATE KEY-----\s[\s\S]+-----END (RSA )?PRIVATE KEY-----\s*$/;

/** A GitHub App's id (digits) or its client id (`Iv1.…`, `Iv23…`), which GitHub also accepts as the JWT issuer. */
export const GITHUB_APP_ID = /^(\d+|Iv[0-9A-Za-z.]+)$/;
