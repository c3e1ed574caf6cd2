/**
 * The builders of the senders with a scheme of their own beyond a body HMAC: Standard Webhooks
 * (timestamped, several signatures, HMAC or ed25519), Slack, Shopify and GitLab. Each fixes the
 * event source, the deadline and the handler's options; see docs/senders/.
 */
import { PROVIDER_DEADLINE_MS, PROVIDER_EVENT_SOURCES, ProviderWireOptions, standardWebhooksKeyOf } from "../../providers";
import { eventSourceProblem, positiveSeconds, ProviderConfigError, WebhookProvider } from "./provider-checks";

/** Options of `providers.standardWebhooks(...)`. */
export interface StandardWebhooksProviderArgs {
    /**
     * How far `webhook-timestamp` may be from now, both ways, in seconds.
     * @default 300 (the spec's five minutes)
     */
    readonly toleranceSeconds?: number;
    /**
     * The events' `source`: name the product that sends (many send through Standard Webhooks).
     * @default "webhook.standard"
     */
    readonly source?: string;
}

function standardWebhooks(args: StandardWebhooksProviderArgs = {}): WebhookProvider {
    const options: ProviderWireOptions["standardWebhooks"] = {};
    if (args.toleranceSeconds !== undefined) {
        options.toleranceSeconds = positiveSeconds("standardWebhooks", args.toleranceSeconds);
    }
    if (args.source !== undefined) {
        const problem = eventSourceProblem(args.source);
        if (problem) {
            throw new ProviderConfigError("standardWebhooks", "source", problem, "Use a name such as \"com.example.billing\".");
        }
        options.source = args.source;
    }
    return {
        name: "standardWebhooks",
        eventSource: args.source ?? PROVIDER_EVENT_SOURCES.standardWebhooks,
        deadlineMs: PROVIDER_DEADLINE_MS.standardWebhooks,
        options,
        secretProblem: (value) => {
            const read = standardWebhooksKeyOf(value);
            return "problem" in read ? `${read.problem} Copy the endpoint's signing secret (or the sender's public key) from the sender's dashboard.` : undefined;
        },
    };
}

function slack(): WebhookProvider {
    return {
        name: "slack",
        eventSource: PROVIDER_EVENT_SOURCES.slack,
        deadlineMs: PROVIDER_DEADLINE_MS.slack,
        options: {},
        secretProblem: (value) => /^xox[a-z]-/.test(value) || value.startsWith("xapp-")
            ? "is a Slack token, not the app's signing secret; copy the Signing Secret from the app's Basic Information page."
            : undefined,
    };
}

function shopify(): WebhookProvider {
    return {
        name: "shopify",
        eventSource: PROVIDER_EVENT_SOURCES.shopify,
        deadlineMs: PROVIDER_DEADLINE_MS.shopify,
        options: {},
        secretProblem: (value) => /^shp(at|ca|pa)_/.test(value)
            ? "is a Shopify access token, not the app's client secret; copy the client secret from the app's settings in the Partner Dashboard (or the Dev Dashboard)."
            : undefined,
    };
}

/** Shorter shared tokens are guessable; GitLab's own examples are longer. */
const GITLAB_MIN_TOKEN_LENGTH = 16;

function gitlab(): WebhookProvider {
    return {
        name: "gitlab",
        eventSource: PROVIDER_EVENT_SOURCES.gitlab,
        deadlineMs: PROVIDER_DEADLINE_MS.gitlab,
        options: {},
        secretProblem: (value) => value.length < GITLAB_MIN_TOKEN_LENGTH
            ? `is ${value.length} characters; GitLab sends this token as it is (a shared token, not a signature), so use at least ${GITLAB_MIN_TOKEN_LENGTH} random characters (e.g. openssl rand -hex 32).`
            : undefined,
    };
}

export { gitlab, shopify, slack, standardWebhooks };
