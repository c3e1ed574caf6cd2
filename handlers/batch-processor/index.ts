/**
 * Lambda entry of the batch processor (S3 ObjectCreated notifications for raw webhook
 * deliveries). A configuration error throws at the first invocation, so the event goes to the
 * retry/DLQ path instead of being acknowledged.
 */
import { eventBridgeClient, s3Client } from "../shared/aws-clients";
import { BatchProcessorHandler, batchProcessorFromEnv } from "./processor";

let instance: BatchProcessorHandler | undefined;

function build(): BatchProcessorHandler {
    return batchProcessorFromEnv(process.env, { eventBridge: eventBridgeClient, s3: s3Client });
}

export const handler: BatchProcessorHandler = (event, context) => (instance ??= build())(event, context);
