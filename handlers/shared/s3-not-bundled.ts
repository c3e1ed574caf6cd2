/**
 * Bundled in place of `@aws-sdk/client-s3` in the `webhook` bundle (see handlers/build.mjs), which
 * serves webhooks delivered as events with no large-events bucket: it never calls S3, and the S3
 * client would be a third of its code and of its cold start. The component deploys `webhook-s3`
 * whenever a bucket is configured; the handler refuses, at start-up, a configuration that needs S3
 * in this bundle, and anything that still reaches for S3 here fails loudly.
 */
const NOT_BUNDLED =
    "this handler bundle (handlers/dist/webhook) has no S3 client; raw-batch delivery and large-events buckets need handlers/dist/webhook-s3";

export class S3Client {
    /** Read by aws-clients.ts: the real client has no such property. */
    static readonly notBundled = true;
    constructor() {
        throw new Error(NOT_BUNDLED);
    }
}

export class PutObjectCommand {
    constructor() {
        throw new Error(NOT_BUNDLED);
    }
}

export class GetObjectCommand {
    constructor() {
        throw new Error(NOT_BUNDLED);
    }
}
