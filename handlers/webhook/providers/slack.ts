/**
 * Slack (Events API, interactivity, slash commands): X-Slack-Signature is "v0=" + hex
 * HMAC-SHA256, keyed with the app's signing secret, of "v0:{X-Slack-Request-Timestamp}:{raw body}".
 * The timestamp is read as Slack's Bolt reads it (Number(), so " 12" signs as "12") and must be
 * within 5 minutes of now, checked after the signature; unlike Bolt, a timestamp more than
 * 5 minutes in the future is refused too. The `url_verification` challenge Slack sends when the
 * request URL is set is answered with its `challenge` and never put on the bus. Slack waits
 * 3 seconds and retries 3 times with X-Slack-Retry-Num, which the events carry in their metadata.
 * Whether a body is JSON or a form is read from the signed body, never from the unsigned
 * Content-Type: a signed JSON body replayed as a form would otherwise inject form fields.
 */
import { createHmac } from "crypto";
import { PROVIDER_EVENT_SOURCES } from "../../../providers";
import type { SlackOptions } from "../../../providers";
import { constantTimeEqual } from "../constant-time";
import { header, WebhookRequest } from "../request";
import { slackBodyFormat, slackFacts, slackEvents } from "../../shared/provider-events/slack";
import { DeliveryFacts, Provider, Verdict } from "./types";

/** Slack's window, both ways, in seconds. */
const SLACK_TOLERANCE_SECONDS = 300;

export const slack: Provider<SlackOptions> = {
    defaultSource: () => PROVIDER_EVENT_SOURCES.slack,
    methods: ["POST"],
    sensitiveHeaders: () => ["x-slack-signature"],
    keyFrom: (secret) => secret,

    verify(request: WebhookRequest, key: string, _options: SlackOptions, nowMs: number): Verdict {
        const signature = header(request, "x-slack-signature");
        const timestamp = header(request, "x-slack-request-timestamp");
        if (!signature || timestamp === undefined) return "invalid";
        const seconds = Number(timestamp);
        if (Number.isNaN(seconds)) return "invalid";
        // As Bolt splits it: "v0=<hex>=x" carries "<hex>".
        const [version, provided] = signature.split("=");
        if (version !== "v0" || !provided) return "invalid";
        const expected = createHmac("sha256", key).update(`v0:${seconds}:`).update(request.body).digest("hex");
        if (!constantTimeEqual(expected, provided)) return "invalid";
        const age = Math.floor(nowMs / 1000) - seconds;
        return age > SLACK_TOLERANCE_SECONDS || -age > SLACK_TOLERANCE_SECONDS ? "stale" : "valid";
    },

    facts(request: WebhookRequest, _options: SlackOptions, requestId: string): DeliveryFacts {
        const retry = header(request, "x-slack-retry-num");
        return {
            ...slackFacts(request.body, slackBodyFormat(request.body), requestId),
            ...(retry !== undefined && /^\d{1,2}$/.test(retry) ? { retryNum: Number(retry) } : {}),
        };
    },

    events: slackEvents,
};
