import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { providers, SafeEventBus, SafeRule, targets, transform, WebhookIngress } from "eventbridge-kit";
import { exampleFunction } from "../shared/function";

export interface TwilioToLambdaArgs {
    /** The Twilio auth token that signs callbacks (`pulumi config set --secret twilioAuthToken`). */
    readonly authToken: pulumi.Input<string>;
    readonly busName: string;
    readonly logRetentionDays: number;
    /** How long audit messages stay in the queue, in seconds (at most 14 days). */
    readonly auditRetentionSeconds: number;
    readonly alarmActions: string[];
}

/** A status callback as the webhook turns it into an event (form fields as Twilio posts them). */
const statusCallback = (status: string, errorCode?: string) => ({
    source: "twilio.com",
    "detail-type": "twilio.message.status",
    detail: {
        metadata: { provider: "twilio", deliveryId: `SM${status}` },
        payload: { MessageSid: "SM0123456789abcdef0123456789abcdef", MessageStatus: status, To: "+15558675310", ...(errorCode ? { ErrorCode: errorCode } : {}) },
    },
});

/**
 * Twilio messaging status callbacks → bus → failed/undelivered → Lambda (content filtering and
 * an input transformer), and every status → an encrypted SQS queue for audit.
 */
export function twilioToLambda(name: string, args: TwilioToLambdaArgs) {
    // A customer managed key, a dead-letter queue for events it cannot encrypt or decrypt, error logs.
    const bus = new SafeEventBus(`${name}-bus`, {
        name: args.busName,
        logging: { level: "ERROR", includeDetail: "NONE", retentionInDays: args.logRetentionDays },
        alarmActions: args.alarmActions,
    });

    const webhook = new WebhookIngress(`${name}-webhook`, {
        provider: providers.twilio(),
        secret: { value: args.authToken },
        eventBus: bus,
        logRetentionDays: args.logRetentionDays,
        alarms: { actions: args.alarmActions },
    });

    const onFailed = exampleFunction(`${name}-on-failed`, {
        codeDir: path.join(__dirname, "functions", "on-failed"),
        description: "Logs messages Twilio could not deliver",
        logRetentionDays: args.logRetentionDays,
    });
    const failed = new SafeRule(`${name}-failed`, {
        eventBus: bus,
        description: "A message failed or could not be delivered",
        pattern: { source: ["twilio.com"], "detail-type": ["twilio.message.status"], detail: { payload: { MessageStatus: ["failed", "undelivered"] } } },
        examples: {
            match: { failed: statusCallback("failed", "30007"), undelivered: statusCallback("undelivered", "30003") },
            noMatch: { delivered: statusCallback("delivered"), sent: statusCallback("sent") },
        },
        targets: [targets.lambda(onFailed.function, {
            input: transform({
                paths: {
                    messageSid: "$.detail.payload.MessageSid",
                    status: "$.detail.payload.MessageStatus",
                    errorCode: "$.detail.payload.ErrorCode",
                    to: "$.detail.payload.To",
                    deliveryId: "$.detail.metadata.deliveryId",
                },
                template: '{"messageSid": <messageSid>, "status": <status>, "errorCode": <errorCode>, "to": <to>, "deliveryId": <deliveryId>}',
            }),
        })],
        retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 20 },
        alarmActions: args.alarmActions,
    });

    const audit = new aws.sqs.Queue(`${name}-audit`, {
        sqsManagedSseEnabled: true,
        messageRetentionSeconds: args.auditRetentionSeconds,
    });
    const auditRule = new SafeRule(`${name}-audit`, {
        eventBus: bus,
        description: "Every message status, kept for audit",
        pattern: { source: ["twilio.com"], "detail-type": ["twilio.message.status"] },
        examples: { match: { delivered: statusCallback("delivered"), failed: statusCallback("failed", "30007") } },
        targets: [targets.queue(audit)],
        retryPolicy: { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 },
        alarmActions: args.alarmActions,
    });

    return { bus, webhook, onFailed, failed, audit, auditRule };
}
