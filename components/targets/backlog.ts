/**
 * The backlog a rate-limited API destination builds. EventBridge holds events the rate limit
 * cannot send yet and retries them until they reach the rule's maximum event age; older
 * events go to the dead-letter queue, or are dropped when the rule has none.
 */

/** The burst the guard reasons about: an hour at the expected rate. */
export const BURST_SECONDS = 3600;

export interface BurstBacklog {
    readonly expectedEventsPerSecond: number;
    readonly rateLimitPerSecond: number;
    /** Events still waiting when the burst ends. */
    readonly backlogEvents: number;
    /**
     * Seconds after the burst until the last of its events is sent: also the age of that
     * event, the oldest any event of the burst gets.
     */
    readonly drainSeconds: number;
}

/** What a one-hour burst at `expected` events/s leaves behind a `rateLimit`/s destination. */
export function burstBacklog(expected: number, rateLimit: number, burstSeconds = BURST_SECONDS): BurstBacklog {
    const backlogEvents = Math.max(0, (expected - rateLimit) * burstSeconds);
    return { expectedEventsPerSecond: expected, rateLimitPerSecond: rateLimit, backlogEvents, drainSeconds: backlogEvents / rateLimit };
}

/** `90061` → `"25 h 1 min"`; `59` → `"59 s"`. */
export function formatDuration(seconds: number): string {
    const s = Math.round(seconds);
    if (s < 60) {
        return `${s} s`;
    }
    const hours = Math.floor(s / 3600);
    const minutes = Math.floor((s % 3600) / 60);
    return hours > 0 ? `${hours} h${minutes > 0 ? ` ${minutes} min` : ""}` : `${minutes} min`;
}

/** Explains why a burst outlives the retry window, with the numbers. */
export function describeBacklog(backlog: BurstBacklog, maximumEventAgeInSeconds: number): string {
    const count = Math.round(backlog.backlogEvents).toLocaleString("en-US");
    return `a one-hour burst of ${backlog.expectedEventsPerSecond} events/s against a rate limit of ${backlog.rateLimitPerSecond}/s ` +
        `leaves ${count} events waiting, which take ${formatDuration(backlog.drainSeconds)} to send; ` +
        `the rule's retry window (maximum event age) is ${formatDuration(maximumEventAgeInSeconds)}, ` +
        `so events older than that are not delivered`;
}
