/** S3 writes that either succeed inside the deadline or say so (raw batches and oversize events). */
import { createHash } from "crypto";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { attemptTimeout, backoffDelay, Deadline, sleep as realSleep, withTimeout } from "./deadline";
import { describeError, Logger } from "./log";

export interface PutObjectOptions {
    client: S3Client;
    deadline: Deadline;
    log: Logger;
    sleep?: (ms: number) => Promise<void>;
    random?: () => number;
}

export interface ObjectToWrite {
    bucket: string;
    key: string;
    body: Buffer;
    contentType?: string;
    metadata?: Record<string, string>;
}

/** Writes one object, retrying with backoff inside the deadline; throws the last error when it never succeeds. */
export async function putObjectReliably(object: ObjectToWrite, options: PutObjectOptions): Promise<void> {
    const sleep = options.sleep ?? realSleep;
    const random = options.random ?? Math.random;
    let lastError: unknown;
    for (let attempt = 0; ; attempt++) {
        if (attempt > 0) {
            const delay = Math.min(backoffDelay(attempt - 1, random), options.deadline.remaining());
            if (delay > 0) await sleep(delay);
        }
        if (options.deadline.expired()) break;
        try {
            await withTimeout("S3 PutObject", attemptTimeout(options.deadline), (abortSignal) =>
                options.client.send(
                    new PutObjectCommand({
                        Bucket: object.bucket,
                        Key: object.key,
                        Body: object.body,
                        ContentType: object.contentType,
                        Metadata: object.metadata,
                        // Integrity end to end: S3 rejects the write if the bytes differ.
                        ChecksumSHA256: createHash("sha256").update(object.body).digest("base64"),
                    }),
                    { abortSignal },
                ),
            );
            return;
        } catch (err) {
            lastError = err;
            options.log.warn("S3 PutObject failed", { bucket: object.bucket, key: object.key, attempt: attempt + 1, ...describeError(err) });
        }
    }
    throw lastError ?? new Error(`S3 PutObject s3://${object.bucket}/${object.key} had no time left to run`);
}

/**
 * A delivery id as one S3 key segment. Provider ids (GUIDs, evt_..., batch ids) pass unchanged,
 * so the key is predictable and a redelivery overwrites the same object; anything else is hashed,
 * so a caller-chosen id can never climb out of the prefix.
 */
export function keySegment(id: string): string {
    return /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/.test(id) ? id : createHash("sha256").update(id, "utf8").digest("hex");
}
