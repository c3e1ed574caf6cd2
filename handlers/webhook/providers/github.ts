/**
 * GitHub: X-Hub-Signature-256 is "sha256=" + hex HMAC-SHA256 of the raw body bytes with the
 * webhook secret. Bodies are JSON, or form-encoded with the JSON in `payload=`: which one is the
 * hook's content type, configured on the ingress (`contentType`), never the unsigned Content-Type
 * header (a JSON body whose text holds "&payload=..." would otherwise be read as a form carrying
 * someone else's JSON, under the same signature). The detail-type is X-GitHub-Event; the header is not signed, so for the events
 * whose body has a known shape the handler checks the two agree (a replayed body cannot be
 * relabelled). `ping` (sent when a hook is created) is acknowledged without an event.
 */
import { createHmac } from "crypto";
import { PROVIDER_EVENT_SOURCES } from "../../../providers";
import type { GithubOptions } from "../config";
import { constantTimeEqual, decodeHex } from "../constant-time";
import { header, WebhookRequest } from "../request";
import { githubEvents } from "../../shared/provider-events/github";
import { DeliveryFacts, MalformedError, Provider, Verdict } from "./types";

export const github: Provider<GithubOptions> = {
    defaultSource: () => PROVIDER_EVENT_SOURCES.github,
    methods: ["POST"],
    sensitiveHeaders: () => [],
    keyFrom: (secret) => secret,

    verify(request: WebhookRequest, key: string): Verdict {
        const signature = header(request, "x-hub-signature-256");
        if (!signature || !signature.startsWith("sha256=")) return "invalid";
        const provided = decodeHex(signature.slice("sha256=".length), 32);
        if (!provided) return "invalid";
        const expected = createHmac("sha256", key).update(request.body).digest();
        return constantTimeEqual(expected, provided) ? "valid" : "invalid";
    },

    facts(request: WebhookRequest, options: GithubOptions): DeliveryFacts {
        const event = header(request, "x-github-event");
        // Event names have digits too (projects_v2_item).
        if (!event || !/^[a-z][a-z0-9_]{0,63}$/.test(event)) {
            throw new MalformedError("X-GitHub-Event is missing or not an event name");
        }
        const deliveryId = header(request, "x-github-delivery");
        if (!deliveryId || !/^[A-Za-z0-9-]{1,64}$/.test(deliveryId)) {
            throw new MalformedError("X-GitHub-Delivery is missing or not a delivery id");
        }
        const hookId = header(request, "x-github-hook-id");
        return {
            deliveryId,
            hookId: hookId && /^\d{1,20}$/.test(hookId) ? hookId : undefined,
            detailType: event,
            bodyFormat: options.contentType,
        };
    },

    events: githubEvents,
};
