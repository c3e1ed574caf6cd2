/**
 * AWS SDK clients, created lazily once per execution environment and reused by every invocation
 * (connection reuse is most of a warm request's speed). Tests replace them with
 * aws-sdk-client-mock's `mockClient(EventBridgeClient)` etc., which patches the classes, so the
 * same code runs in tests and in Lambda.
 *
 * EventBridge and S3 calls get one SDK attempt each: the handlers retry themselves, with backoff
 * inside the provider's deadline (put-events.ts, s3-objects.ts), which the SDK's retry loop
 * cannot see.
 */
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { S3Client } from "@aws-sdk/client-s3";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

let eventBridge: EventBridgeClient | undefined;
let s3: S3Client | undefined;
let secretsManager: SecretsManagerClient | undefined;

export function eventBridgeClient(): EventBridgeClient {
    return (eventBridge ??= new EventBridgeClient({ maxAttempts: 1 }));
}

/** False in the `webhook` bundle, which is built without the S3 client (see s3-not-bundled.ts). */
export const s3ClientBundled = !("notBundled" in S3Client);

export function s3Client(): S3Client {
    return (s3 ??= new S3Client({ maxAttempts: 1 }));
}

export function secretsManagerClient(): SecretsManagerClient {
    return (secretsManager ??= new SecretsManagerClient({ maxAttempts: 2 }));
}
