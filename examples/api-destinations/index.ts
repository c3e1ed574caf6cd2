import * as pulumi from "@pulumi/pulumi";
import { alarmActionsFrom } from "../shared/function";
import { apiDestinations } from "./stack";

const config = new pulumi.Config();
const stack = apiDestinations("prs", {
    githubWebhookSecret: config.requireSecret("githubWebhookSecret"),
    busName: config.get("busName") ?? `github-prs-${pulumi.getStack()}`,
    chat: {
        webhookUrl: config.require("chatWebhookUrl"),
        apiKey: config.requireSecret("chatApiKey"),
        rateLimitPerSecond: config.getNumber("chatRateLimitPerSecond") ?? 5,
    },
    ci: {
        endpoint: config.require("ciEndpoint"),
        username: config.get("ciUsername") ?? "eventbridge",
        password: config.requireSecret("ciPassword"),
    },
    tracker: {
        tokenEndpoint: config.require("trackerTokenEndpoint"),
        apiUrl: config.require("trackerApiUrl"),
        clientId: config.requireSecret("trackerClientId"),
        clientSecret: config.requireSecret("trackerClientSecret"),
    },
    connectionsKmsKeyArn: config.get("connectionsKmsKeyArn"),
    expectedPullRequestsPerSecond: config.getNumber("expectedPullRequestsPerSecond") ?? 2,
    logRetentionDays: config.getNumber("logRetentionDays") ?? 14,
    alarmActions: alarmActionsFrom(config),
});

/** Paste this into the GitHub webhook settings (content type application/json, events: pull requests). */
export const webhookUrl = stack.webhook.url;
export const busName = stack.bus.name;
export const chatDestinationArn = stack.chat.apiDestinationArn;
export const ciDestinationArn = stack.ci.apiDestinationArn;
export const trackerConnectionArn = stack.trackerConnection.connectionArn;
/** The Secrets Manager secrets EventBridge keeps the credentials in. */
export const connectionSecretArns = [stack.chat.secretArn, stack.ci.secretArn, stack.trackerConnection.secretArn];
/** Failed deliveries land here, per rule. */
export const deadLetterQueues = [stack.pullRequests.deadLetterQueue?.url, stack.opened.deadLetterQueue?.url, stack.merged.deadLetterQueue?.url];
