import * as pulumi from "@pulumi/pulumi";
import { ApiDestinationConnection, ApiDestinationTarget, auth, providers, SafeEventBus, SafeRule, transform, WebhookIngress } from "eventbridge-kit";

export interface ApiDestinationsArgs {
    /** The webhook secret set in GitHub. */
    readonly githubWebhookSecret: pulumi.Input<string>;
    readonly busName: string;
    /** The chat's incoming-webhook URL and the token it expects in `Authorization`. */
    readonly chat: { readonly webhookUrl: string; readonly apiKey: pulumi.Input<string>; readonly rateLimitPerSecond: number };
    /** A generic HTTPS endpoint (here a CI server) behind basic auth. */
    readonly ci: { readonly endpoint: string; readonly username: pulumi.Input<string>; readonly password: pulumi.Input<string> };
    /** An issue tracker's API, authorized with OAuth client credentials. */
    readonly tracker: {
        readonly tokenEndpoint: string;
        readonly apiUrl: string;
        readonly clientId: pulumi.Input<string>;
        readonly clientSecret: pulumi.Input<string>;
    };
    /**
     * Optional: a customer managed KMS key (ARN) to encrypt the connections' secrets, whose key
     * policy lets EventBridge use it. Without it EventBridge uses an AWS owned key.
     */
    readonly connectionsKmsKeyArn?: string;
    /** Peak pull-request events per second, for the backlog guard. */
    readonly expectedPullRequestsPerSecond: number;
    readonly logRetentionDays: number;
    readonly alarmActions: string[];
}

/** Sample deliveries as WebhookIngress publishes them: the rules are checked against them before deploying. */
const payload = {
    action: "opened",
    number: 42,
    pull_request: { title: "Add retries", html_url: "https://github.com/acme/api/pull/42", merged: false, draft: false },
    repository: { full_name: "acme/api", name: "api" },
    sender: { login: "octocat" },
};
const metadata = { provider: "github", deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958" };
const pullRequestOpened = { source: "github.com", "detail-type": "pull_request", detail: { metadata, payload } };
const pullRequestMerged = {
    ...pullRequestOpened,
    detail: { metadata, payload: { ...payload, action: "closed", pull_request: { ...payload.pull_request, merged: true } } },
};
const pullRequestClosedUnmerged = {
    ...pullRequestOpened,
    detail: { metadata, payload: { ...payload, action: "closed" } },
};
const pullRequestLabeled = { ...pullRequestOpened, detail: { metadata, payload: { ...payload, action: "labeled" } } };
const push = { source: "github.com", "detail-type": "push", detail: { metadata, payload: { ref: "refs/heads/main" } } };

/**
 * GitHub webhook → custom bus → two rules:
 * - pull request opened, reopened or closed → a chat message (API key) and the CI server (basic auth);
 * - pull request merged → the issue tracker (OAuth), through a connection shared with a second
 *   tracker destination that records new pull requests.
 */
export function apiDestinations(name: string, args: ApiDestinationsArgs) {
    // A customer managed key, a dead-letter queue for events it cannot encrypt or decrypt, error logs.
    const bus = new SafeEventBus(`${name}-bus`, {
        name: args.busName,
        logging: { level: "ERROR", includeDetail: "NONE", retentionInDays: args.logRetentionDays },
        alarmActions: args.alarmActions,
    });
    const webhook = new WebhookIngress(`${name}-webhook`, {
        provider: providers.github(),
        secret: { value: args.githubWebhookSecret },
        eventBus: bus,
        logRetentionDays: args.logRetentionDays,
        alarms: { actions: args.alarmActions },
    });

    const chat = new ApiDestinationTarget(`${name}-chat`, {
        endpoint: args.chat.webhookUrl,
        method: "POST",
        rateLimitPerSecond: args.chat.rateLimitPerSecond,
        connection: auth.apiKey("Authorization", args.chat.apiKey),
        kmsKeyArn: args.connectionsKmsKeyArn,
        input: transform({
            paths: {
                action: "$.detail.payload.action",
                number: "$.detail.payload.number",
                repo: "$.detail.payload.repository.full_name",
                title: "$.detail.payload.pull_request.title",
                url: "$.detail.payload.pull_request.html_url",
            },
            template: "{\"text\": \"PR #<number> <action> in <repo>: <title> <url>\"}",
        }),
        expectedEventsPerSecond: args.expectedPullRequestsPerSecond,
    });

    const ci = new ApiDestinationTarget(`${name}-ci`, {
        endpoint: args.ci.endpoint,
        method: "POST",
        rateLimitPerSecond: 10,
        connection: auth.basic(args.ci.username, args.ci.password),
        kmsKeyArn: args.connectionsKmsKeyArn,
        // The delivery id lets the CI server drop GitHub's redeliveries.
        headers: { "X-GitHub-Delivery": "$.detail.metadata.deliveryId" },
        queryString: { source: "eventbridge" },
        expectedEventsPerSecond: args.expectedPullRequestsPerSecond,
    });

    // One OAuth connection, one secret, for both tracker endpoints.
    const trackerConnection = new ApiDestinationConnection(`${name}-tracker`, {
        auth: auth.oauth({
            authorizationEndpoint: args.tracker.tokenEndpoint,
            httpMethod: "POST",
            clientId: args.tracker.clientId,
            clientSecret: args.tracker.clientSecret,
            scopes: ["changes:write"],
            bodyParameters: { grant_type: "client_credentials" },
        }),
        kmsKeyArn: args.connectionsKmsKeyArn,
    });
    const trackerChanges = new ApiDestinationTarget(`${name}-tracker-changes`, {
        endpoint: `${args.tracker.apiUrl}/changes`,
        method: "POST",
        rateLimitPerSecond: 2,
        connection: trackerConnection,
        input: transform({
            paths: { repo: "$.detail.payload.repository.full_name", number: "$.detail.payload.number", title: "$.detail.payload.pull_request.title" },
            template: "{\"kind\": \"merged\", \"repository\": <repo>, \"pullRequest\": <number>, \"title\": <title>}",
        }),
    });
    const trackerReviews = new ApiDestinationTarget(`${name}-tracker-reviews`, {
        endpoint: `${args.tracker.apiUrl}/reviews`,
        method: "POST",
        rateLimitPerSecond: 2,
        connection: trackerConnection,
        input: transform({
            paths: { repo: "$.detail.payload.repository.full_name", number: "$.detail.payload.number", author: "$.detail.payload.sender.login" },
            template: "{\"kind\": \"review-requested\", \"repository\": <repo>, \"pullRequest\": <number>, \"author\": <author>}",
        }),
    });

    const pullRequests = new SafeRule(`${name}-pull-requests`, {
        eventBus: bus,
        description: "Pull requests opened, reopened or closed: tell the chat and the CI server",
        pattern: { source: ["github.com"], "detail-type": ["pull_request"], detail: { payload: { action: ["opened", "reopened", "closed"] } } },
        examples: { match: { pullRequestOpened, pullRequestMerged }, noMatch: { pullRequestLabeled, push } },
        targets: [chat, ci],
        alarmActions: args.alarmActions,
    });
    const opened = new SafeRule(`${name}-pr-opened`, {
        eventBus: bus,
        description: "A pull request was opened: record the review in the tracker",
        pattern: { source: ["github.com"], "detail-type": ["pull_request"], detail: { payload: { action: ["opened"] } } },
        examples: { match: { pullRequestOpened }, noMatch: { pullRequestMerged, push } },
        targets: [trackerReviews],
        alarmActions: args.alarmActions,
    });
    const merged = new SafeRule(`${name}-pr-merged`, {
        eventBus: bus,
        description: "A pull request was merged: record the change in the tracker",
        pattern: { source: ["github.com"], "detail-type": ["pull_request"], detail: { payload: { action: ["closed"], pull_request: { merged: [true] } } } },
        examples: { match: { pullRequestMerged }, noMatch: { pullRequestClosedUnmerged, pullRequestOpened } },
        targets: [trackerChanges],
        alarmActions: args.alarmActions,
    });

    return { bus, webhook, chat, ci, trackerConnection, trackerChanges, trackerReviews, pullRequests, opened, merged };
}
