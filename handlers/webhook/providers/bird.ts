/**
 * Bird (SparkPost events): the webhook is configured with basic auth or an OAuth bearer token,
 * compared in constant time. Every delivery is a JSON array of 1 to 350+ event records with
 * X-MessageSystems-Batch-ID; a batch that gets anything but 200 is retried with the same batch id
 * for up to 8 hours, so the batch id is the delivery id (S3 delivery keys the raw batch by it).
 * A record with an empty `msys` (the test batch sent when a webhook is created) is acknowledged
 * without an event.
 */
import { PROVIDER_EVENT_SOURCES } from "../../../providers";
import type { BirdOptions } from "../config";
import { ConfigError } from "../config";
import { constantTimeEqual } from "../constant-time";
import { header, WebhookRequest } from "../request";
import { birdEvents } from "../../shared/provider-events/bird";
import { DeliveryFacts, MalformedError, Provider, Verdict } from "./types";

export const bird: Provider<BirdOptions> = {
    defaultSource: () => PROVIDER_EVENT_SOURCES.bird,
    methods: ["POST"],
    sensitiveHeaders: () => [],

    keyFrom(secret: string, options: BirdOptions): string {
        if (options.auth === "bearer") return secret;
        let parsed: { username?: unknown; password?: unknown };
        try {
            parsed = JSON.parse(secret);
        } catch {
            throw new ConfigError('the Bird basic-auth secret must be JSON {"username": "...", "password": "..."}');
        }
        if (typeof parsed?.username !== "string" || typeof parsed.password !== "string" || !parsed.username || !parsed.password) {
            throw new ConfigError('the Bird basic-auth secret must be JSON with a non-empty "username" and "password"');
        }
        return Buffer.from(`${parsed.username}:${parsed.password}`, "utf8").toString("base64");
    },

    verify(request: WebhookRequest, key: string, options: BirdOptions): Verdict {
        const authorization = header(request, "authorization");
        if (!authorization) return "invalid";
        const match = /^(\S+) +(\S+)$/.exec(authorization);
        if (!match) return "invalid";
        const scheme = options.auth === "basic" ? "basic" : "bearer";
        const credentialsMatch = constantTimeEqual(match[2], key);
        return match[1].toLowerCase() === scheme && credentialsMatch ? "valid" : "invalid";
    },

    facts(request: WebhookRequest): DeliveryFacts {
        const batchId = header(request, "x-messagesystems-batch-id");
        if (!batchId || !/^[A-Za-z0-9._:-]{1,128}$/.test(batchId)) {
            throw new MalformedError("X-MessageSystems-Batch-ID is missing or not a batch id");
        }
        return { deliveryId: batchId, batchId, bodyFormat: "json" };
    },

    events: birdEvents,
};
