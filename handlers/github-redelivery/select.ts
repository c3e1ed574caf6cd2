/**
 * Which deliveries to redeliver, from GitHub's list of delivery attempts. GitHub lists every
 * attempt as its own item (the first and each redelivery, newest first), all sharing the event's
 * `guid`; it never retries on its own, so a guid whose attempts all failed is lost unless someone
 * asks for a redelivery.
 */

/** The fields of GitHub's `hook-delivery-item` this function reads. */
export interface DeliveryAttempt {
    readonly id: number | bigint;
    readonly guid: string;
    readonly delivered_at: string;
    readonly redelivery: boolean;
    readonly status_code: number;
    readonly event: string;
}

export interface RedeliveryChoice {
    /** The attempt to redeliver (the event's newest attempt). */
    readonly attempt: DeliveryAttempt;
    /** How many attempts the event had, all failed. */
    readonly failedAttempts: number;
}

const succeeded = (attempt: DeliveryAttempt): boolean => attempt.status_code >= 200 && attempt.status_code < 300;

/**
 * The events to redeliver: every attempt failed (no 2xx; a timeout or refused connection is
 * status 0), none was a redelivery already (by this function or by hand: each event is asked
 * for once), the first attempt is no older than `window.oldestMs` (GitHub's 3-day window) and
 * the newest no younger than `window.newestMs` (an attempt GitHub may still be making is left to
 * the next run), and the event was not asked for in this execution environment already (`asked`:
 * a redelivery GitHub accepted may take a moment to appear in the list).
 */
export function deliveriesToRedeliver(
    attempts: readonly DeliveryAttempt[],
    window: { readonly oldestMs: number; readonly newestMs: number },
    asked: ReadonlySet<string>,
): RedeliveryChoice[] {
    const byGuid = new Map<string, DeliveryAttempt[]>();
    for (const attempt of attempts) {
        const group = byGuid.get(attempt.guid);
        if (group) group.push(attempt);
        else byGuid.set(attempt.guid, [attempt]);
    }
    const chosen: RedeliveryChoice[] = [];
    for (const [guid, group] of byGuid) {
        if (asked.has(guid) || group.some(succeeded) || group.some((a) => a.redelivery)) continue;
        const first = Math.min(...group.map((a) => Date.parse(a.delivered_at)));
        const newest = group.reduce((a, b) => (Date.parse(b.delivered_at) > Date.parse(a.delivered_at) ? b : a));
        if (!(first >= window.oldestMs) || !(Date.parse(newest.delivered_at) <= window.newestMs)) continue;
        chosen.push({ attempt: newest, failedAttempts: group.length });
    }
    // Oldest first: those are the closest to leaving the window.
    return chosen.sort((a, b) => Date.parse(a.attempt.delivered_at) - Date.parse(b.attempt.delivered_at));
}
