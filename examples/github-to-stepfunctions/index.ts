import * as pulumi from "@pulumi/pulumi";
import { alarmActionsFrom } from "../shared/function";
import { githubToStepFunctions } from "./stack";

const config = new pulumi.Config();
const stack = githubToStepFunctions("github", {
    webhookSecret: config.requireSecret("githubWebhookSecret"),
    busName: config.get("busName") ?? `github-${pulumi.getStack()}`,
    archiveRetentionDays: config.getNumber("archiveRetentionDays") ?? 7,
    logRetentionDays: config.getNumber("logRetentionDays") ?? 14,
    alarmActions: alarmActionsFrom(config),
});

/** Paste this into the GitHub webhook settings (content type application/json). */
export const webhookUrl = stack.webhook.url;
export const busName = stack.bus.name;
export const stateMachineArn = stack.review.arn;
export const archiveName = stack.archive.name;
