/**
 * GitLab: X-Gitlab-Token carries the webhook's secret token as it was typed into GitLab, compared
 * in constant time. It is a shared token, not a signature: it proves the sender knows the token,
 * but does not bind the body, so anyone who sees one request (a proxy's logs) can send others;
 * keep it long and random and rotate it. X-Gitlab-Event (e.g. "Push Hook") is the detail-type;
 * the delivery id is Idempotency-Key (the same on a resend), else X-Gitlab-Event-UUID. GitLab
 * waits 10 seconds, never retries, and disables a hook after 4 consecutive failures.
 */
import { PROVIDER_EVENT_SOURCES } from "../../../providers";
import type { GitlabOptions } from "../../../providers";
import { constantTimeEqual } from "../constant-time";
import { header, WebhookRequest } from "../request";
import { gitlabEvents } from "../../shared/provider-events/gitlab";
import { DeliveryFacts, MalformedError, Provider, Verdict } from "./types";

const DELIVERY_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const gitlab: Provider<GitlabOptions> = {
    defaultSource: () => PROVIDER_EVENT_SOURCES.gitlab,
    methods: ["POST"],
    sensitiveHeaders: () => ["x-gitlab-token"],
    keyFrom: (secret) => secret,

    verify(request: WebhookRequest, key: string): Verdict {
        const token = header(request, "x-gitlab-token");
        if (!token || key.length === 0) return "invalid";
        return constantTimeEqual(token, key) ? "valid" : "invalid";
    },

    facts(request: WebhookRequest, _options: GitlabOptions, requestId: string): DeliveryFacts {
        const event = header(request, "x-gitlab-event");
        if (!event || !/^[A-Za-z ]{1,64} Hook$/.test(event)) {
            throw new MalformedError("X-Gitlab-Event is missing or not an event name (e.g. \"Push Hook\")");
        }
        const idempotencyKey = header(request, "idempotency-key");
        const eventUuid = header(request, "x-gitlab-event-uuid");
        const deliveryId = [idempotencyKey, eventUuid].find((id): id is string => id !== undefined && DELIVERY_ID.test(id)) ?? requestId;
        return { deliveryId, detailType: event, bodyFormat: "json" };
    },

    events: gitlabEvents,
};
