/**
 * Lambda entry of the batch processor (S3 ObjectCreated notifications for raw webhook
 * deliveries). A configuration error throws at the first invocation, so the event goes to the
 * retry/DLQ path instead of being acknowledged.
 */
import { eventBridgeClient, s3Client } from "../shared/aws-clients";
import { EnrichHook, loadBundledHook } from "../shared/hook";
import { BatchProcessorHandler, createBatchProcessor, loadProcessorConfig } from "./processor";

let instance: BatchProcessorHandler | undefined;

function build(): BatchProcessorHandler {
    const config = loadProcessorConfig(process.env);
    const hook: EnrichHook | undefined = process.env.EBK_HOOK === "1" ? loadBundledHook() : undefined;
    return createBatchProcessor(config, { eventBridge: eventBridgeClient, s3: s3Client, hook });
}

export const handler: BatchProcessorHandler = (event, context) => (instance ??= build())(event, context);
