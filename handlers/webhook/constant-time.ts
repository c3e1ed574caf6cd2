/**
 * Constant-time comparison. Both sides are hashed to SHA-256 first, so the buffers handed to
 * crypto.timingSafeEqual always have the same length and the time taken says nothing about
 * where, or whether by length, the values differ.
 */
import { createHash, timingSafeEqual } from "crypto";

export function constantTimeEqual(a: Buffer | string, b: Buffer | string): boolean {
    return timingSafeEqual(digest(a), digest(b));
}

function digest(value: Buffer | string): Buffer {
    return createHash("sha256").update(value).digest();
}

/** Decodes lower-case hex of the expected length, or returns undefined (a malformed signature). */
export function decodeHex(value: string, bytes: number): Buffer | undefined {
    return value.length === bytes * 2 && /^[0-9a-f]+$/.test(value) ? Buffer.from(value, "hex") : undefined;
}
