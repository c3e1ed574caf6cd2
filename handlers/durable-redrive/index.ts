/**
 * Lambda entry of the durable-acceptance redrive function (S3 ObjectCreated under the store's
 * prefix, and the sweep schedule), configured by the EBK_* variables WebhookIngress sets. A
 * configuration error throws at the first invocation, so the event goes to the retry/DLQ path.
 */
import { SQSClient } from "@aws-sdk/client-sqs";
import { eventBridgeClient, s3Client } from "../shared/aws-clients";
import { RedriveHandler, redriveFromEnv } from "./redrive";

let instance: RedriveHandler | undefined;
let sqs: SQSClient | undefined;

function build(): RedriveHandler {
    return redriveFromEnv(process.env, { eventBridge: eventBridgeClient, s3: s3Client, sqs: () => (sqs ??= new SQSClient({ maxAttempts: 3 })) });
}

export const handler: RedriveHandler = (event, context) => (instance ??= build())(event, context);
