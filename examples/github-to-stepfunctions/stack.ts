import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { providers, SafeEventBus, SafeRule, targets, WebhookIngress } from "eventbridge-kit";
import { exampleFunction } from "../shared/function";

export interface GithubToStepFunctionsArgs {
    /** The webhook secret set in GitHub (`pulumi config set --secret githubWebhookSecret`). */
    readonly webhookSecret: pulumi.Input<string>;
    /** Name of the bus the webhook events go to. */
    readonly busName: string;
    readonly archiveRetentionDays: number;
    readonly logRetentionDays: number;
    readonly alarmActions: string[];
}

/** Sample deliveries: the rules are checked against them before anything is deployed. */
const pullRequestOpened = {
    source: "github.com",
    "detail-type": "pull_request",
    detail: { metadata: { provider: "github", deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958" }, payload: { action: "opened", number: 42, pull_request: { draft: false, title: "Add retries" } } },
};
const pullRequestClosed = { ...pullRequestOpened, detail: { ...pullRequestOpened.detail, payload: { ...pullRequestOpened.detail.payload, action: "closed" } } };
const pushToMain = {
    source: "github.com",
    "detail-type": "push",
    detail: { metadata: { provider: "github", deliveryId: "9f0c1e2a-cc78-11e3-81ab-4c9367dc0958" }, payload: { ref: "refs/heads/main", commits: [{ id: "abc" }] } },
};
const pushToBranch = { ...pushToMain, detail: { ...pushToMain.detail, payload: { ref: "refs/heads/feature/retries", commits: [] } } };

/** The review workflow a new pull request starts: a draft waits, anything else goes to triage. */
const reviewDefinition = {
    Comment: "Triage a newly opened pull request",
    StartAt: "IsDraft",
    States: {
        IsDraft: {
            Type: "Choice",
            Choices: [{ Variable: "$.detail.payload.pull_request.draft", BooleanEquals: true, Next: "WaitForReady" }],
            Default: "Triage",
        },
        WaitForReady: { Type: "Succeed", Comment: "Drafts are triaged when they are marked ready for review" },
        Triage: {
            Type: "Pass",
            Parameters: { "number.$": "$.detail.payload.number", "title.$": "$.detail.payload.pull_request.title", "deliveryId.$": "$.detail.metadata.deliveryId" },
            End: true,
        },
    },
};

/**
 * GitHub webhook → custom bus → rules: pull request opened → Step Functions; push to main →
 * Lambda; everything else from github.com → an archive with retention.
 */
export function githubToStepFunctions(name: string, args: GithubToStepFunctionsArgs) {
    // A customer managed key, a dead-letter queue for events it cannot encrypt or decrypt, error
    // logs, and everything the two rules do not handle kept for replay, not lost.
    const bus = new SafeEventBus(`${name}-bus`, {
        name: args.busName,
        logging: { level: "ERROR", includeDetail: "NONE", retentionInDays: args.logRetentionDays },
        alarmActions: args.alarmActions,
        archives: {
            unhandled: {
                retentionDays: args.archiveRetentionDays,
                description: "GitHub events no rule handles, kept for replay",
                pattern: {
                    source: ["github.com"],
                    $or: [
                        { "detail-type": [{ "anything-but": ["pull_request", "push"] }] },
                        { "detail-type": ["pull_request"], detail: { payload: { action: [{ "anything-but": "opened" }] } } },
                        { "detail-type": ["push"], detail: { payload: { ref: [{ "anything-but": "refs/heads/main" }] } } },
                    ],
                },
            },
        },
    });

    const webhook = new WebhookIngress(`${name}-webhook`, {
        provider: providers.github(),
        secret: { value: args.webhookSecret },
        eventBus: bus,
        logRetentionDays: args.logRetentionDays,
        alarms: { actions: args.alarmActions },
    });

    const reviewRole = new aws.iam.Role(`${name}-review-role`, {
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
    });
    const review = new aws.sfn.StateMachine(`${name}-review`, {
        type: "STANDARD",
        roleArn: reviewRole.arn,
        definition: JSON.stringify(reviewDefinition),
    });

    const prOpened = new SafeRule(`${name}-pr-opened`, {
        eventBus: bus,
        description: "A pull request was opened: start the review workflow",
        pattern: { source: ["github.com"], "detail-type": ["pull_request"], detail: { payload: { action: ["opened"] } } },
        examples: { match: { pullRequestOpened }, noMatch: { pullRequestClosed, pushToMain } },
        targets: [targets.stateMachine(review)],
        retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 20 },
        alarmActions: args.alarmActions,
    });

    const onPush = exampleFunction(`${name}-on-push`, {
        codeDir: path.join(__dirname, "functions", "on-push"),
        description: "Logs every push to main",
        logRetentionDays: args.logRetentionDays,
    });
    const pushToMainRule = new SafeRule(`${name}-push-main`, {
        eventBus: bus,
        description: "A push to main: log it",
        pattern: { source: ["github.com"], "detail-type": ["push"], detail: { payload: { ref: ["refs/heads/main"] } } },
        examples: { match: { pushToMain }, noMatch: { pushToBranch, pullRequestOpened } },
        targets: [targets.lambda(onPush.function)],
        retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 20 },
        alarmActions: args.alarmActions,
    });

    const archive = bus.archives.unhandled;

    return { bus, webhook, review, prOpened, onPush, pushToMainRule, archive };
}
