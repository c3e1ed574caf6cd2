import * as pulumi from "@pulumi/pulumi";
import { alarmActionsFrom } from "../shared/function";
import { birdToS3 } from "./stack";

const config = new pulumi.Config();
const stack = birdToS3("bird", {
    username: config.get("birdUsername") ?? "bird",
    password: config.requireSecret("birdPassword"),
    busName: config.get("busName") ?? `bird-${pulumi.getStack()}`,
    domainName: config.require("domainName"),
    hostedZoneId: config.require("hostedZoneId"),
    batchRetentionDays: config.getNumber("batchRetentionDays") ?? 30,
    logRetentionDays: config.getNumber("logRetentionDays") ?? 14,
    alarmActions: alarmActionsFrom(config),
});

/** Configure the Bird webhook with this URL and the basic-auth credentials. */
export const webhookUrl = stack.webhook.url;
export const bucketName = stack.bucket.bucket;
export const busName = stack.bus.name;
