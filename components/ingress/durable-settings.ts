import { SENDER_RETRIES } from "../../providers/durable";
import { Fail } from "../errors";
import type { DurableAcceptanceOptions, DurableAcceptanceSettings, WebhookIngressArgs } from "./args";

const DEFAULT_SWEEP_INTERVAL_MINUTES = 5;
const DEFAULT_BACKLOG_AGE_ALARM_SECONDS = 3600;

/**
 * `durableAcceptance`, checked and with defaults: on for senders that never retry (GitHub, generic
 * HMAC), off for those that do (Stripe, Bird, Twilio), never with S3 delivery (which stores every
 * delivery before answering already). Undefined when off.
 */
export function resolveDurableAcceptance(args: WebhookIngressArgs, delivery: "events" | "s3", fail: Fail): DurableAcceptanceSettings | undefined {
    const given = args.durableAcceptance;
    if (given !== undefined && typeof given !== "boolean" && (typeof given !== "object" || given === null)) {
        fail("durableAcceptance", `${JSON.stringify(given)} is not a durable-acceptance setting.`, "Use true, false, or { sweepIntervalMinutes, backlogAgeAlarmSeconds }.");
    }
    if (delivery === "s3") {
        if (given !== undefined && given !== false) {
            fail("durableAcceptance", "is set, but delivery is S3: every delivery is stored before it is answered already, and the batch processor retries.",
                "Remove durableAcceptance, or use delivery: \"events\".");
        }
        return undefined;
    }
    const on = given === undefined ? !SENDER_RETRIES[args.provider.name] : given !== false;
    if (!on) {
        return undefined;
    }
    const options: DurableAcceptanceOptions = typeof given === "object" ? given : {};
    const sweepIntervalMinutes = options.sweepIntervalMinutes ?? DEFAULT_SWEEP_INTERVAL_MINUTES;
    if (!Number.isInteger(sweepIntervalMinutes) || sweepIntervalMinutes < 1 || sweepIntervalMinutes > 1440) {
        fail("durableAcceptance.sweepIntervalMinutes", `${JSON.stringify(options.sweepIntervalMinutes)} is not a whole number of minutes from 1 to 1440.`,
            `Use e.g. ${DEFAULT_SWEEP_INTERVAL_MINUTES}, or leave it out.`);
    }
    const backlogAgeAlarmSeconds = options.backlogAgeAlarmSeconds ?? DEFAULT_BACKLOG_AGE_ALARM_SECONDS;
    if (!Number.isInteger(backlogAgeAlarmSeconds) || backlogAgeAlarmSeconds < sweepIntervalMinutes * 60) {
        fail("durableAcceptance.backlogAgeAlarmSeconds", `${JSON.stringify(options.backlogAgeAlarmSeconds)} is not a whole number of seconds of at least one sweep interval (${sweepIntervalMinutes * 60} s): the alarm would fire before the first sweep could deliver.`,
            `Use e.g. ${DEFAULT_BACKLOG_AGE_ALARM_SECONDS}, or leave it out.`);
    }
    return { sweepIntervalMinutes, backlogAgeAlarmSeconds };
}
