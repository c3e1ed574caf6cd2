/**
 * Shopify: X-Shopify-Hmac-Sha256 is the base64 HMAC-SHA256 of the raw body, keyed with the app's
 * client secret, compared as Shopify's own library compares it (the base64 text). An empty body
 * is refused, as that library refuses it. X-Shopify-Topic (e.g. "orders/create") is the
 * detail-type, X-Shopify-Webhook-Id the delivery id, and X-Shopify-Shop-Domain goes into the
 * metadata. Shopify waits 5 seconds and retries 8 times over 4 hours.
 */
import { createHmac } from "crypto";
import { PROVIDER_EVENT_SOURCES } from "../../../providers";
import type { ShopifyOptions } from "../../../providers";
import { constantTimeEqual } from "../constant-time";
import { header, WebhookRequest } from "../request";
import { shopifyEvents } from "../../shared/provider-events/shopify";
import { DeliveryFacts, isValidDetailType, MalformedError, Provider, Verdict } from "./types";

export const shopify: Provider<ShopifyOptions> = {
    defaultSource: () => PROVIDER_EVENT_SOURCES.shopify,
    methods: ["POST"],
    sensitiveHeaders: () => ["x-shopify-hmac-sha256"],
    keyFrom: (secret) => secret,

    verify(request: WebhookRequest, key: string): Verdict {
        const signature = header(request, "x-shopify-hmac-sha256");
        if (!signature || request.body.length === 0) return "invalid";
        const expected = createHmac("sha256", key).update(request.body).digest("base64");
        return constantTimeEqual(expected, signature) ? "valid" : "invalid";
    },

    facts(request: WebhookRequest): DeliveryFacts {
        const topic = header(request, "x-shopify-topic");
        if (!topic || !/^[a-z0-9_]+(\/[a-z0-9_]+)+$/.test(topic) || !isValidDetailType(topic)) {
            throw new MalformedError("X-Shopify-Topic is missing or not a topic (e.g. orders/create)");
        }
        const webhookId = header(request, "x-shopify-webhook-id");
        if (!webhookId || !/^[A-Za-z0-9._:-]{1,128}$/.test(webhookId)) {
            throw new MalformedError("X-Shopify-Webhook-Id is missing or not a delivery id");
        }
        const shop = header(request, "x-shopify-shop-domain");
        return {
            deliveryId: webhookId,
            detailType: topic,
            bodyFormat: "json",
            ...(shop && /^[A-Za-z0-9.-]{1,255}$/.test(shop) ? { shopDomain: shop } : {}),
        };
    },

    events: shopifyEvents,
};
