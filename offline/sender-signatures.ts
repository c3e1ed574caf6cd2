/**
 * How `simulateWebhook` signs a request of the Standard Webhooks, Slack, Shopify and GitLab
 * senders: as each sender signs (or, for GitLab, authenticates) it, with the test secret.
 */
import { createHmac } from "crypto";
import { standardWebhooksKeyOf } from "../providers";

type SignedSender = "standardWebhooks" | "slack" | "shopify" | "gitlab";

export const SIGNED_SENDERS: readonly SignedSender[] = ["standardWebhooks", "slack", "shopify", "gitlab"];

/** The test secret in the shape the sender's secret has. */
export function senderTestSecret(kind: SignedSender, testSecret: string): string {
    return kind === "standardWebhooks" ? `whsec_${Buffer.from(testSecret, "utf8").toString("base64")}` : testSecret;
}

/** Adds the sender's authentication (and the headers its events are typed and identified by) to `headers`. */
export function signSenderRequest(
    kind: SignedSender, headers: Record<string, string>, text: string, secret: string, now: number, event: string | undefined, deliveryId: string,
): void {
    const t = Math.floor(now / 1000);
    switch (kind) {
        case "standardWebhooks": {
            const key = standardWebhooksKeyOf(secret);
            if ("problem" in key || key.kind !== "hmac") {
                throw new Error("simulate: a Standard Webhooks request is signed with a signing secret (\"whsec_...\"); pass secret in that shape (a public key cannot sign).");
            }
            headers["webhook-id"] = `msg_${deliveryId}`;
            headers["webhook-timestamp"] = String(t);
            headers["webhook-signature"] = `v1,${createHmac("sha256", key.key).update(`msg_${deliveryId}.${t}.${text}`).digest("base64")}`;
            return;
        }
        case "slack":
            headers["x-slack-request-timestamp"] = String(t);
            headers["x-slack-signature"] = `v0=${createHmac("sha256", secret).update(`v0:${t}:${text}`).digest("hex")}`;
            return;
        case "shopify":
            headers["x-shopify-topic"] = event ?? "orders/create";
            headers["x-shopify-webhook-id"] = deliveryId;
            headers["x-shopify-shop-domain"] = "simulated-shop.myshopify.com";
            headers["x-shopify-api-version"] = "2026-10";
            headers["x-shopify-hmac-sha256"] = createHmac("sha256", secret).update(text).digest("base64");
            return;
        case "gitlab":
            headers["x-gitlab-event"] = event ?? "Push Hook";
            headers["x-gitlab-event-uuid"] = deliveryId;
            headers["idempotency-key"] = deliveryId;
            headers["x-gitlab-token"] = secret;
            return;
    }
}
