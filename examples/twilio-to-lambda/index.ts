import * as pulumi from "@pulumi/pulumi";
import { alarmActionsFrom } from "../shared/function";
import { twilioToLambda } from "./stack";

const config = new pulumi.Config();
const stack = twilioToLambda("twilio", {
    authToken: config.requireSecret("twilioAuthToken"),
    busName: config.get("busName") ?? `twilio-${pulumi.getStack()}`,
    logRetentionDays: config.getNumber("logRetentionDays") ?? 14,
    auditRetentionSeconds: config.getNumber("auditRetentionSeconds") ?? 4 * 24 * 3600,
    alarmActions: alarmActionsFrom(config),
});

/** Set this as the messaging status callback URL in Twilio. */
export const statusCallbackUrl = stack.webhook.url;
export const busName = stack.bus.name;
export const auditQueueUrl = stack.audit.url;
