/**
 * Standard Webhooks (the open spec behind Svix): `webhook-id`, `webhook-timestamp` and
 * `webhook-signature` (Svix sends the same as `svix-id`, `svix-timestamp`, `svix-signature`, and
 * those win when both are present, as in Svix's library). The signed content is
 * "{id}.{timestamp}.{raw body}". The signature header is a space-separated list of
 * "version,signature" items, and any one valid item passes (how senders rotate keys):
 * `v1` is base64 HMAC-SHA256 keyed with the `whsec_`-prefixed base64 secret; `v1a` is a base64
 * ed25519 signature checked with the sender's `whpk_`-prefixed public key. The timestamp is read
 * as the reference library reads it (parseInt, so "0012" signs as "12") and must be within the
 * tolerance (default 300 s) both ways, checked after the signature. The detail-type is the signed
 * payload's `type` (the spec's event type, e.g. "invoice.paid"), else "webhook".
 */
import { createHmac, createPublicKey, KeyObject, verify as verifySignature } from "crypto";
import { PROVIDER_EVENT_SOURCES, standardWebhooksKeyOf, strictBase64 } from "../../../providers";
import type { StandardWebhooksOptions } from "../../../providers";
import { ConfigError } from "../config";
import { constantTimeEqual } from "../constant-time";
import { header, WebhookRequest } from "../request";
import { standardWebhooksEvents } from "../../shared/provider-events/standard-webhooks";
import { DeliveryFacts, MalformedError, Provider, Verdict } from "./types";

/** The DER prefix of an ed25519 SubjectPublicKeyInfo; the 32 key bytes follow. */
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/** A key as `keyFrom` writes it: "hmac:" or "ed25519:" and the base64 key bytes. */
type TaggedKey = `hmac:${string}` | `ed25519:${string}`;

export const standardWebhooks: Provider<StandardWebhooksOptions> = {
    defaultSource: (options) => options.source ?? PROVIDER_EVENT_SOURCES.standardWebhooks,
    methods: ["POST"],
    sensitiveHeaders: () => ["webhook-signature", "svix-signature"],
    keyFrom: (secret) => standardWebhooksKey(secret),

    verify(request: WebhookRequest, key: string, options: StandardWebhooksOptions, nowMs: number): Verdict {
        const { id, timestamp, signature } = signedHeaders(request);
        if (!id || !timestamp || !signature) return "invalid";
        const seconds = parseInt(timestamp, 10);
        if (Number.isNaN(seconds)) return "invalid";
        // As the reference library signs it: the timestamp through a Date, back to whole seconds.
        const content = Buffer.concat([Buffer.from(`${id}.${Math.floor(new Date(seconds * 1000).getTime() / 1000)}.`, "utf8"), request.body]);
        if (!anySignatureMatches(signature.split(" "), content, key as TaggedKey)) return "invalid";
        const now = Math.floor(nowMs / 1000);
        return now - seconds > options.toleranceSeconds || seconds > now + options.toleranceSeconds ? "stale" : "valid";
    },

    facts(request: WebhookRequest, _options: StandardWebhooksOptions, requestId: string): DeliveryFacts {
        const { id } = signedHeaders(request);
        if (!id || !/^[A-Za-z0-9._:-]{1,128}$/.test(id)) {
            throw new MalformedError("webhook-id is not a message id (1–128 of A-Z a-z 0-9 . _ : -)");
        }
        return { deliveryId: id ?? requestId, bodyFormat: "json" };
    },

    events: standardWebhooksEvents,
};

function signedHeaders(request: WebhookRequest): { id?: string; timestamp?: string; signature?: string } {
    return {
        id: header(request, "svix-id") ?? header(request, "webhook-id"),
        timestamp: header(request, "svix-timestamp") ?? header(request, "webhook-timestamp"),
        signature: header(request, "svix-signature") ?? header(request, "webhook-signature"),
    };
}

/** Every item is checked (no early exit), so the time taken does not say which one matched. */
function anySignatureMatches(items: string[], content: Buffer, key: TaggedKey): boolean {
    let matched = false;
    if (key.startsWith("hmac:")) {
        const expected = `v1,${createHmac("sha256", Buffer.from(key.slice("hmac:".length), "base64")).update(content).digest("base64")}`;
        for (const item of items) matched = constantTimeEqual(item, expected) || matched;
        return matched;
    }
    const publicKey = ed25519PublicKey(Buffer.from(key.slice("ed25519:".length), "base64"));
    for (const item of items) {
        if (!item.startsWith("v1a,")) continue;
        const signature = strictBase64(item.slice("v1a,".length));
        matched = (signature !== undefined && signature.length === 64 && verifySignature(null, content, publicKey, signature)) || matched;
    }
    return matched;
}

function ed25519PublicKey(raw: Buffer): KeyObject {
    return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: "der", type: "spki" });
}

/** The key in the secret's text as a TaggedKey; a secret of the wrong shape is a ConfigError. */
export function standardWebhooksKey(secret: string): TaggedKey {
    const read = standardWebhooksKeyOf(secret);
    if ("problem" in read) throw new ConfigError(`the secret ${read.problem}`);
    return `${read.kind}:${read.key.toString("base64")}`;
}
