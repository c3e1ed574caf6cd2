/**
 * Slack: the Events API sends JSON (`event_callback` with the event in `event` and its
 * `event_id`; `url_verification` with a `challenge` to answer), interactivity sends a form whose
 * `payload` field is JSON (`block_actions`, `view_submission`, `shortcut`...), and slash commands
 * send plain form fields. One event per delivery, typed by the inner event's type (`message`,
 * `app_mention`...), the interaction's type, or "slash_command".
 */
import { parseForm, parseJsonObject } from "../body";
import { DeliveryFacts, EventDraft, isValidDetailType, MalformedError } from "../event-drafts";

type SlackBody = { kind: "json"; payload: Record<string, unknown>; text: string } | { kind: "form"; payload: Record<string, unknown> };

/**
 * JSON or a form, as the signed body itself says: Slack's JSON bodies are objects and its forms
 * (`payload=...`, slash command fields) never begin with "{" or "[".
 */
export function slackBodyFormat(body: Buffer): "json" | "form" {
    for (const byte of body) {
        if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return byte === 0x7b || byte === 0x5b ? "json" : "form";
    }
    return "form";
}

/** What an authenticated Slack body says of itself: the delivery id, the detail-type, or the challenge to answer. */
export function slackFacts(body: Buffer, bodyFormat: "json" | "form", requestId: string): DeliveryFacts {
    const parsed = readSlackBody(body, bodyFormat);
    const payload = parsed.payload;
    if (payload.type === "url_verification") {
        if (typeof payload.challenge !== "string" || payload.challenge.length === 0 || payload.challenge.length > 256) {
            throw new MalformedError("the Slack url_verification has no challenge");
        }
        return { deliveryId: requestId, bodyFormat, reply: { challenge: payload.challenge } };
    }
    const eventId = typeof payload.event_id === "string" && /^[A-Za-z0-9]{1,64}$/.test(payload.event_id) ? payload.event_id : undefined;
    const triggerId = typeof payload.trigger_id === "string" && /^[A-Za-z0-9._-]{1,128}$/.test(payload.trigger_id) ? payload.trigger_id : undefined;
    return { deliveryId: eventId ?? triggerId ?? requestId, detailType: slackDetailType(parsed), bodyFormat };
}

export function slackEvents(body: Buffer, facts: DeliveryFacts): EventDraft[] {
    // The challenge is answered, never put on the bus.
    if (facts.reply) return [];
    const parsed = readSlackBody(body, facts.bodyFormat === "form" ? "form" : "json");
    const detailType = facts.detailType ?? slackDetailType(parsed);
    return [parsed.kind === "json" ? { detailType, payload: parsed.payload, payloadText: parsed.text } : { detailType, payload: parsed.payload }];
}

function readSlackBody(body: Buffer, bodyFormat: "json" | "form"): SlackBody {
    if (bodyFormat === "json") {
        const text = body.toString("utf8");
        const payload = parseJsonObject(text, "a Slack Events API body");
        return { kind: "json", payload, text };
    }
    const fields = parseForm(body.toString("utf8"));
    if (typeof fields.payload === "string") {
        const payload = parseJsonObject(fields.payload, "a Slack interaction payload");
        return { kind: "form", payload };
    }
    return { kind: "form", payload: fields };
}

function slackDetailType(parsed: SlackBody): string {
    const { payload } = parsed;
    if (payload.type === "event_callback") {
        const type = isObject(payload.event) ? payload.event.type : undefined;
        if (!isValidDetailType(type)) throw new MalformedError("the Slack event_callback has no event type");
        return type;
    }
    if (isValidDetailType(payload.type)) return payload.type;
    if (parsed.kind === "form" && typeof payload.command === "string") return "slash_command";
    throw new MalformedError("the Slack body has no type");
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
