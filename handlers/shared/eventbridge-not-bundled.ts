/**
 * Bundled in place of `@aws-sdk/client-eventbridge` in the `webhook-s3` bundle (see
 * handlers/build.mjs), which serves S3 delivery: it stores raw deliveries and never puts events
 * (the batch processor does), so the EventBridge client would be dead weight at every cold start.
 * The component deploys `webhook` for events delivery; the handler refuses, at start-up, events
 * delivery in this bundle, and anything that still reaches for EventBridge here fails loudly.
 */
const NOT_BUNDLED =
    "this handler bundle (handlers/dist/webhook-s3) has no EventBridge client; events delivery needs handlers/dist/webhook";

export class EventBridgeClient {
    /** Read by aws-clients.ts: the real client has no such property. */
    static readonly notBundled = true;
    constructor() {
        throw new Error(NOT_BUNDLED);
    }
}

export class PutEventsCommand {
    constructor() {
        throw new Error(NOT_BUNDLED);
    }
}
