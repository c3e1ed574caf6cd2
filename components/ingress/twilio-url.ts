import * as pulumi from "@pulumi/pulumi";

/**
 * Twilio retries a webhook only as the URL's connection overrides say (Twilio docs, "Webhooks
 * connection overrides"): a `#` fragment Twilio reads and never sends or signs, with `ct`
 * connect timeout (100–10000 ms), `rt` read timeout (100–15000 ms), `tt` total time for every
 * attempt together (100–15000 ms), `rc` retry count (0–5) and `rp` retry policy (what is retried:
 * `ct`, `rt`, `4xx`, `5xx`, or `all`). Without them Twilio retries only a failed connection,
 * once, so the handler's 503 would lose the delivery.
 */
export interface TwilioConnectionOverrides {
    readonly rc: number;
    readonly rp: string;
    readonly ct: number;
    readonly rt: number;
    readonly tt: number;
}

/** Twilio's total time for all attempts at one webhook can be at most 15 s. */
const TWILIO_MAX_TOTAL_MS = 15_000;
const TWILIO_MAX_RETRIES = 5;
/** A function URL or ALB accepts the connection in far less; the rest of the budget goes to attempts. */
const CONNECT_TIMEOUT_MS = 1_000;

/**
 * The default Twilio function timeout: 3 s, so an attempt (connect + 4 s read) leaves room in
 * Twilio's 15 s for two retries of a 5xx, a timeout or a failed connection.
 */
export const TWILIO_DEFAULT_TIMEOUT_SECONDS = 3;

/**
 * Overrides that retry what the handler answers 5xx, a read timeout and a failed connection (not
 * a 4xx: a bad signature stays bad), each attempt given a read timeout one second longer than the
 * function's, and as many retries as fit in 15 s.
 */
export function twilioConnectionOverrides(timeoutSeconds: number): TwilioConnectionOverrides {
    const rt = Math.min(TWILIO_MAX_TOTAL_MS - CONNECT_TIMEOUT_MS, (timeoutSeconds + 1) * 1000);
    const attempts = Math.floor(TWILIO_MAX_TOTAL_MS / (CONNECT_TIMEOUT_MS + rt));
    return { rc: Math.min(TWILIO_MAX_RETRIES, Math.max(0, attempts - 1)), rp: "ct,rt,5xx", ct: CONNECT_TIMEOUT_MS, rt, tt: TWILIO_MAX_TOTAL_MS };
}

/** The URL to paste into Twilio: the URL Twilio signs, then the overrides as its fragment. */
export function twilioWebhookUrl(signedUrl: pulumi.Input<string>, overrides: TwilioConnectionOverrides): pulumi.Output<string> {
    const { rc, rp, ct, rt, tt } = overrides;
    return pulumi.output(signedUrl).apply((url) => `${url}#rc=${rc}&rp=${rp}&ct=${ct}&rt=${rt}&tt=${tt}`);
}
