/**
 * Standard Webhooks keys, read the same way by the component (which checks a secret it is
 * given) and the handler (which verifies with it): a signing secret `whsec_` + base64 (or the
 * bare base64, as the reference library takes it) for `v1` HMAC signatures, or the sender's
 * ed25519 public key `whpk_` + the base64 of its 32 bytes for `v1a` signatures.
 */

export type StandardWebhooksKey = { readonly kind: "hmac" | "ed25519"; readonly key: Buffer };

/** Standard base64 with its padding, exactly as encoded; undefined otherwise. */
export function strictBase64(text: string): Buffer | undefined {
    const decoded = Buffer.from(text, "base64");
    return decoded.toString("base64") === text ? decoded : undefined;
}

/** The key in a secret's text, or what is wrong with it. */
export function standardWebhooksKeyOf(secret: string): StandardWebhooksKey | { readonly problem: string } {
    const text = secret.trim();
    if (text.startsWith("whpk_")) {
        const raw = strictBase64(text.slice("whpk_".length));
        return raw && raw.length === 32
            ? { kind: "ed25519", key: raw }
            : { problem: "is not a Standard Webhooks public key (\"whpk_\" and the base64 of the sender's 32-byte ed25519 key)." };
    }
    const raw = strictBase64(text.startsWith("whsec_") ? text.slice("whsec_".length) : text);
    return raw && raw.length > 0
        ? { kind: "hmac", key: raw }
        : { problem: "is not a Standard Webhooks signing secret (\"whsec_\" and base64, as the sender shows it) nor a \"whpk_\" public key." };
}
