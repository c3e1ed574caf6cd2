/**
 * AWS SDK clients, created lazily once per execution environment and reused by every invocation
 * (connection reuse is most of a warm request's speed). Tests replace them with
 * aws-sdk-client-mock's `mockClient(EventBridgeClient)` etc., which patches the classes, so the
 * same code runs in tests and in Lambda.
 *
 * Which clients a bundle carries is decided in handlers/build.mjs (in the `webhook` bundle, S3 is
 * loaded on first use). EventBridge and S3 calls get one SDK attempt each: the handlers retry
 * themselves, with backoff inside the provider's deadline (put-events.ts, s3-objects.ts), which
 * the SDK's retry loop cannot see. Secrets Manager gets one attempt too: the secret cache
 * rate-limits its reads (at most one a second after a failure), which SDK retries would multiply.
 */
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { S3Client } from "@aws-sdk/client-s3";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

let eventBridge: EventBridgeClient | undefined;
let s3: S3Client | undefined;
let secretsManager: SecretsManagerClient | undefined;

/** False in the `webhook-s3` bundle, which is built without the EventBridge client (see eventbridge-not-bundled.ts). */
export const eventBridgeClientBundled = !("notBundled" in EventBridgeClient);

export function eventBridgeClient(): EventBridgeClient {
    return (eventBridge ??= new EventBridgeClient({ maxAttempts: 1 }));
}

export function s3Client(): S3Client {
    return (s3 ??= new S3Client({ maxAttempts: 1 }));
}

export function secretsManagerClient(): SecretsManagerClient {
    return (secretsManager ??= new SecretsManagerClient({ maxAttempts: 1 }));
}
