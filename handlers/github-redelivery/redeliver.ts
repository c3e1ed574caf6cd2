/**
 * One scheduled run: read the hook's recent deliveries, newest first, and ask GitHub to
 * redeliver each event whose attempts all failed, once.
 *
 * What was asked for is remembered by GitHub itself: each redelivery is listed as an attempt of
 * the same `guid` with `redelivery: true`, and an event with such an attempt is never asked for
 * again, whoever asked (this function or a person in GitHub's settings). No state store, so the
 * function needs no permission beyond reading its secret. The only gap, a redelivery GitHub has
 * accepted (202) but not listed yet, is covered by `RunMemory.asked` while the execution
 * environment lives; the schedule's interval (minutes) is far longer than GitHub takes to list it.
 */
import { GITHUB_REDELIVERY_WINDOW_MS } from "../../providers/github-redelivery";
import { describeError, Logger } from "../shared/log";
import { DeliveryAttempt, deliveriesToRedeliver } from "./select";
import { GithubApi, GithubApiError, GithubRateLimited } from "./github-api";

/** What one execution environment remembers between runs. */
export interface RunMemory {
    /** Events asked for, by guid, with the time they leave GitHub's window (epoch ms). */
    readonly asked: Map<string, number>;
    /** GitHub limited this integration: no call before this time (epoch ms). */
    notBeforeMs: number;
}

export const newRunMemory = (): RunMemory => ({ asked: new Map(), notBeforeMs: 0 });

export interface RunOptions {
    readonly api: GithubApi;
    readonly memory: RunMemory;
    readonly log: Logger;
    readonly now: () => number;
    readonly sleep: (ms: number) => Promise<void>;
    /** Time left in the invocation, in ms. */
    readonly remainingMs: () => number;
    /** Pages of 100 attempts read at most per run. */
    readonly maxPages: number;
    /** Redeliveries asked for at most per run; the rest wait for the next run. */
    readonly maxRedeliveries: number;
    /** Pause between two redelivery requests (GitHub: at least one second between writes). */
    readonly pauseMs: number;
    /** The longest one GitHub request may take: none starts with less time left than this (and a reserve). */
    readonly requestTimeoutMs: number;
}

export interface RunResult {
    /** Attempts read, and pages. */
    readonly attempts: number;
    readonly pages: number;
    /** Guids of the events GitHub accepted to redeliver. */
    readonly redelivered: string[];
    /** Events GitHub refused to redeliver (4xx other than a rate limit), with the status. */
    readonly refused: { guid: string; status: number }[];
    /** Why the run ended early, if it did. */
    readonly stoppedBy?: "rate-limit" | "deadline" | "max-redeliveries" | "max-pages";
}

/** Time kept for what follows the last request (logging, answering), in ms. */
const RESERVE_MS = 3_000;
/** Redelivery asks go out while the event is still inside the window by this much (clock skew, slow runs). */
const WINDOW_MARGIN_MS = 5 * 60_000;
/** An attempt this recent may still be under way (GitHub waits 10 s for an answer): the next run looks again. */
const SETTLING_MS = 30_000;

/**
 * Runs once. Rate limits end the run without an error (the next run continues once the limit
 * allows); GitHub failing (5xx, unreachable, 401/404 on the list) throws after what could be
 * done was done, so the function's error alarm fires.
 */
export async function redeliverFailed(options: RunOptions): Promise<RunResult> {
    const { api, memory, log, now } = options;
    const redelivered: string[] = [];
    const refused: { guid: string; status: number }[] = [];
    const result = (stoppedBy?: RunResult["stoppedBy"]): RunResult => ({ attempts: attempts.length, pages, redelivered, refused, ...(stoppedBy ? { stoppedBy } : {}) });
    const attempts: DeliveryAttempt[] = [];
    let pages = 0;

    if (memory.notBeforeMs > now()) {
        log.warn("GitHub rate limit: this run makes no call", { notBefore: new Date(memory.notBeforeMs).toISOString() });
        return result("rate-limit");
    }
    for (const [guid, leavesAt] of memory.asked) if (leavesAt <= now()) memory.asked.delete(guid);
    const oldestMs = now() - GITHUB_REDELIVERY_WINDOW_MS + WINDOW_MARGIN_MS;
    const limitedAt = (untilMs: number): RunResult => {
        memory.notBeforeMs = untilMs;
        log.warn("GitHub rate limit reached: the run stops here", { notBefore: new Date(untilMs).toISOString(), redelivered: redelivered.length });
        return result("rate-limit");
    };
    const failedAt = (error: unknown): never => {
        log.error("GitHub API call failed: the run stops here", { ...describeError(error), redelivered: redelivered.length });
        throw error;
    };

    // Newest first, back to the window's edge.
    let next: string | undefined;
    let stoppedListing: RunResult["stoppedBy"];
    const outOfTime = () => options.remainingMs() < options.requestTimeoutMs + RESERVE_MS;
    do {
        if (pages === options.maxPages) {
            stoppedListing = "max-pages";
            break;
        }
        if (outOfTime()) return finish("deadline");
        let page;
        try {
            page = await api.listDeliveries(next);
        } catch (error) {
            if (error instanceof GithubRateLimited) return limitedAt(error.untilMs);
            return failedAt(error);
        }
        pages++;
        attempts.push(...page.attempts);
        next = page.next;
        if (page.limitedUntilMs !== undefined) {
            // Redeliveries would be refused too; the next run starts over once the limit allows.
            return limitedAt(page.limitedUntilMs);
        }
        const last = page.attempts.at(-1);
        if (last === undefined || Date.parse(last.delivered_at) < oldestMs) break;
    } while (next !== undefined);

    const choices = deliveriesToRedeliver(attempts, { oldestMs, newestMs: now() - SETTLING_MS }, new Set(memory.asked.keys()));
    log.info("deliveries read", { attempts: attempts.length, pages, toRedeliver: choices.length });
    for (const [i, { attempt, failedAttempts }] of choices.entries()) {
        if (i === options.maxRedeliveries) return finish("max-redeliveries");
        if (i > 0) await options.sleep(options.pauseMs);
        if (outOfTime()) return finish("deadline");
        const fields = { guid: attempt.guid, deliveryId: String(attempt.id), event: attempt.event, failedAttempts, lastStatus: attempt.status_code };
        try {
            const { limitedUntilMs } = await api.redeliver(attempt.id);
            remember(attempt);
            redelivered.push(attempt.guid);
            log.info("redelivery requested", fields);
            if (limitedUntilMs !== undefined) return limitedAt(limitedUntilMs);
        } catch (error) {
            if (error instanceof GithubRateLimited) return limitedAt(error.untilMs);
            if (error instanceof GithubApiError && error.status >= 400 && error.status < 500) {
                // Refused for this delivery (e.g. 422: no longer redeliverable): not asked again by this environment.
                remember(attempt);
                refused.push({ guid: attempt.guid, status: error.status });
                log.warn("GitHub refused the redelivery", { ...fields, ...describeError(error) });
                continue;
            }
            return failedAt(error);
        }
    }
    return finish(stoppedListing);

    function remember(attempt: DeliveryAttempt): void {
        memory.asked.set(attempt.guid, Date.parse(attempt.delivered_at) + GITHUB_REDELIVERY_WINDOW_MS);
    }

    function finish(stoppedBy?: RunResult["stoppedBy"]): RunResult {
        const done = result(stoppedBy);
        log.info("run finished", { attempts: done.attempts, pages, redelivered: redelivered.length, refused: refused.length, ...(stoppedBy ? { stoppedBy } : {}) });
        return done;
    }
}
