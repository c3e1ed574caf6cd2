/**
 * Twilio's webhook parameters, as Twilio documents them (no package records real payloads).
 * The handler types a form body by its parameters (handlers/shared/provider-events/twilio.ts):
 * `twilio.message.status` when MessageStatus is present, `twilio.message` for MessageSid/SmsSid,
 * `twilio.call` for CallSid, else `twilio.webhook`; an Event Streams JSON body is one event per
 * CloudEvent, typed by its `type` (`com.twilio.*`).
 */
import type { FieldShape } from "../../components/patterns/emitted-events";

/**
 * Incoming message parameters (SMS, MMS, WhatsApp):
 * https://www.twilio.com/docs/messaging/guides/webhook-request
 */
const MESSAGE_PARAMETERS = [
    "MessageSid", "SmsSid", "SmsMessageSid", "AccountSid", "MessagingServiceSid", "From", "To", "Body", "NumMedia", "NumSegments",
    "ApiVersion", "SmsStatus", "OptOutType",
    "FromCity", "FromState", "FromZip", "FromCountry", "ToCity", "ToState", "ToZip", "ToCountry",
    // WhatsApp and other channels.
    "ProfileName", "WaId", "Forwarded", "FrequentlyForwarded", "ButtonText", "ButtonPayload", "Latitude", "Longitude", "Address", "Label",
    "ReferralBody", "ReferralHeadline", "ReferralSourceId", "ReferralSourceType", "ReferralSourceUrl", "ReferralMediaId",
    "ReferralMediaContentType", "ReferralMediaUrl", "ReferralNumMedia", "ReferralCtwaClid", "OriginalRepliedMessageSender", "OriginalRepliedMessageSid",
    "ChannelMetadata",
    // Media: MediaContentType{N} and MediaUrl{N}, N from 0 (up to 10 media per message).
    ...Array.from({ length: 10 }, (_, n) => [`MediaContentType${n}`, `MediaUrl${n}`]).flat(),
];

/**
 * Outbound message status callbacks add these:
 * https://www.twilio.com/docs/messaging/guides/track-outbound-message-status
 * MessageStatus is one of queued, sending, sent, failed, delivered, undelivered, receiving,
 * received, accepted, scheduled, read, partially_delivered, canceled.
 */
const MESSAGE_STATUS_PARAMETERS = [
    "MessageStatus", "ErrorCode", "ErrorMessage", "RawDlrDoneDate", "EventType",
    "ChannelInstallSid", "ChannelPrefix", "ChannelToAddress", "ChannelStatusMessage",
];

/**
 * Voice request parameters (https://www.twilio.com/docs/voice/twiml#request-parameters) and
 * call status callbacks (https://www.twilio.com/docs/voice/api/call-resource#statuscallback).
 */
const CALL_PARAMETERS = [
    "CallSid", "AccountSid", "From", "To", "CallStatus", "ApiVersion", "Direction", "ForwardedFrom", "CallerName", "ParentCallSid", "CallToken",
    "FromCity", "FromState", "FromZip", "FromCountry", "ToCity", "ToState", "ToZip", "ToCountry",
    "Called", "CalledCity", "CalledState", "CalledZip", "CalledCountry", "Caller", "CallerCity", "CallerState", "CallerZip", "CallerCountry",
    "StirVerstat", "StirPassportToken", "StirStatus",
    // Status callbacks.
    "CallDuration", "Duration", "SipResponseCode", "Timestamp", "CallbackSource", "SequenceNumber",
    "RecordingUrl", "RecordingSid", "RecordingDuration", "AnsweredBy", "MachineDetectionDuration",
    // <Gather>, <Dial>, <Record> and <Enqueue> action callbacks.
    "Digits", "FinishedOnKey", "SpeechResult", "Confidence",
    "DialCallStatus", "DialCallSid", "DialCallDuration", "DialBridged", "RecordingStatus", "TranscriptionText", "TranscriptionStatus",
    "TranscriptionUrl", "TranscriptionSid", "QueueResult", "QueueSid", "QueueTime",
];

/**
 * Event Streams deliver CloudEvents to a webhook sink; `data` differs per event type:
 * https://www.twilio.com/docs/events/webhook-quickstart and https://www.twilio.com/docs/events/event-types
 */
const CLOUD_EVENT: FieldShape = {
    specversion: "value", type: "value", source: "value", id: "value", dataschema: "value", datacontenttype: "value", time: "value", data: "unknown",
};

function parameters(names: readonly string[]): FieldShape {
    return Object.fromEntries(names.map((name) => [name, "value" as const]));
}

/** The payload shape of each form detail-type the handler emits. */
export const TWILIO_FORM_PAYLOADS: Readonly<Record<string, FieldShape>> = {
    "twilio.message.status": parameters([...MESSAGE_PARAMETERS, ...MESSAGE_STATUS_PARAMETERS]),
    "twilio.message": parameters([...MESSAGE_PARAMETERS, ...MESSAGE_STATUS_PARAMETERS]),
    "twilio.call": parameters(CALL_PARAMETERS),
    // Any other Twilio webhook (conversations, TaskRouter...): parameters not catalogued.
    "twilio.webhook": "unknown",
};

/** Event Streams types: `com.twilio.<product>.<...>`. */
export const TWILIO_EVENT_STREAMS = {
    description: "Event Streams types (\"com.twilio.…\")",
    accepts: (detailType: string): boolean => detailType.startsWith("com.twilio."),
    payload: CLOUD_EVENT,
};
