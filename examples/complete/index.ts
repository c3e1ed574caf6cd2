// The complete stack: every example in one program, named and sized per environment by the
// root Pulumi.<stack>.yaml (names, retention, alarm actions).
import * as pulumi from "@pulumi/pulumi";
import { apiDestinations } from "../api-destinations/stack";
import { birdToS3 } from "../bird-to-s3/stack";
import { githubToStepFunctions } from "../github-to-stepfunctions/stack";
import { alarmActionsFrom } from "../shared/function";
import { twilioToLambda } from "../twilio-to-lambda/stack";

const config = new pulumi.Config();
/** Prefix of every bus name, so dev and prod can share an account. */
const prefix = config.require("namePrefix");
const logRetentionDays = config.requireNumber("logRetentionDays");
const alarmActions = alarmActionsFrom(config);

const github = githubToStepFunctions("github", {
    webhookSecret: config.requireSecret("githubWebhookSecret"),
    busName: `${prefix}-github`,
    archiveRetentionDays: config.requireNumber("archiveRetentionDays"),
    logRetentionDays,
    alarmActions,
});

const twilio = twilioToLambda("twilio", {
    authToken: config.requireSecret("twilioAuthToken"),
    busName: `${prefix}-twilio`,
    logRetentionDays,
    auditRetentionSeconds: config.requireNumber("auditRetentionSeconds"),
    alarmActions,
});

const bird = birdToS3("bird", {
    username: config.require("birdUsername"),
    password: config.requireSecret("birdPassword"),
    busName: `${prefix}-bird`,
    domainName: config.require("birdDomainName"),
    hostedZoneId: config.require("hostedZoneId"),
    batchRetentionDays: config.requireNumber("batchRetentionDays"),
    logRetentionDays,
    alarmActions,
});

const pullRequests = apiDestinations("prs", {
    githubWebhookSecret: config.requireSecret("githubWebhookSecret"),
    busName: `${prefix}-github-prs`,
    chat: {
        webhookUrl: config.require("chatWebhookUrl"),
        apiKey: config.requireSecret("chatApiKey"),
        rateLimitPerSecond: config.requireNumber("chatRateLimitPerSecond"),
    },
    ci: {
        endpoint: config.require("ciEndpoint"),
        username: config.require("ciUsername"),
        password: config.requireSecret("ciPassword"),
    },
    tracker: {
        tokenEndpoint: config.require("trackerTokenEndpoint"),
        apiUrl: config.require("trackerApiUrl"),
        clientId: config.requireSecret("trackerClientId"),
        clientSecret: config.requireSecret("trackerClientSecret"),
    },
    expectedPullRequestsPerSecond: config.requireNumber("expectedPullRequestsPerSecond"),
    connectionsKmsKeyArn: config.get("connectionsKmsKeyArn"),
    logRetentionDays,
    alarmActions,
});

/** Where to point each provider's webhook. */
export const webhookUrls = {
    github: github.webhook.url,
    githubPullRequests: pullRequests.webhook.url,
    twilio: twilio.webhook.url,
    bird: bird.webhook.url,
};
export const busNames = [github.bus.name, twilio.bus.name, bird.bus.name, pullRequests.bus.name];
export const birdBucket = bird.bucket.bucket;
