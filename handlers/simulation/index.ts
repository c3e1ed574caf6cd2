/**
 * Not a Lambda: the webhook handler's, the batch processor's and the durable redrive's modules for `eventbridge-kit
 * simulate --webhook`, bundled (with the AWS SDK commands they build) so the shipped CLI and
 * eventbridge-kit/testing run the same handler code as the ingress's Lambdas, started from their
 * environment the way the Lambda entries start them (hook included), with in-memory clients,
 * without installing the SDK.
 */
export { webhookHandlerFromEnv } from "../webhook/from-env";
export { loadConfig } from "../webhook/config";
export { expectedSignature } from "../webhook/providers/twilio";
export { batchProcessorFromEnv } from "../batch-processor/processor";
export { redriveFromEnv } from "../durable-redrive/redrive";
