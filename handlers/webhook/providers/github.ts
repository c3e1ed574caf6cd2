/**
 * GitHub: X-Hub-Signature-256 is "sha256=" + hex HMAC-SHA256 of the raw body bytes with the
 * webhook secret. Bodies are JSON, or form-encoded with the JSON in `payload=` (the hook's
 * content type). The detail-type is X-GitHub-Event; the header is not signed, so for the events
 * whose body has a known shape the handler checks the two agree (a replayed body cannot be
 * relabelled). `ping` (sent when a hook is created) is acknowledged without an event.
 */
import { createHmac } from "crypto";
import { PROVIDER_EVENT_SOURCES } from "../../../providers";
import type { GithubOptions } from "../config";
import { constantTimeEqual, decodeHex } from "../constant-time";
import { header, WebhookRequest } from "../request";
import { isFormMediaType, parseJsonText } from "./body";
import { DeliveryFacts, EventDraft, MalformedError, Provider, Verdict } from "./types";

/** Top-level fields that every payload of these events has; a mismatch means the header lies. */
const EVENT_SHAPES: Record<string, readonly string[]> = {
    ping: ["zen", "hook_id"],
    push: ["ref", "before", "after"],
    pull_request: ["pull_request", "number"],
    pull_request_review: ["review", "pull_request"],
    pull_request_review_comment: ["comment", "pull_request"],
    issues: ["issue"],
    issue_comment: ["issue", "comment"],
    release: ["release"],
    create: ["ref", "ref_type"],
    delete: ["ref", "ref_type"],
    workflow_run: ["workflow_run"],
    workflow_job: ["workflow_job"],
    check_run: ["check_run"],
    check_suite: ["check_suite"],
    deployment: ["deployment"],
    deployment_status: ["deployment_status", "deployment"],
    star: ["starred_at"],
    fork: ["forkee"],
};

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

    facts(request: WebhookRequest): DeliveryFacts {
        const event = header(request, "x-github-event");
        if (!event || !/^[a-z_]{1,64}$/.test(event)) {
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
            bodyFormat: isFormMediaType(header(request, "content-type")) ? "form" : "json",
        };
    },

    events(body: Buffer, facts: DeliveryFacts): EventDraft[] {
        const text = facts.bodyFormat === "form" ? new URLSearchParams(body.toString("utf8")).get("payload") : body.toString("utf8");
        if (text === null) throw new MalformedError("a form-encoded GitHub delivery has no payload field");
        const payload = parseJsonText(text);
        if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
            throw new MalformedError("a GitHub payload must be a JSON object");
        }
        const event = facts.detailType!;
        const missing = (EVENT_SHAPES[event] ?? []).filter((field) => !(field in payload));
        if (missing.length > 0) {
            throw new MalformedError(`X-GitHub-Event is "${event}" but the payload has no ${missing.join(", ")}`);
        }
        // A ping only confirms the hook works; it carries no activity to route.
        if (event === "ping") return [];
        return [{ detailType: event, payload, payloadText: text }];
    },
};
