/**
 * The time budget of one invocation: the provider's own timeout (GitHub and Bird give up after
 * 10 s) and the function's remaining time, whichever ends first, minus a margin to answer in.
 * Every retry loop asks it how long it may still wait.
 */
export class Deadline {
    constructor(
        /** Epoch milliseconds after which no new attempt starts. */
        readonly at: number,
        private readonly now: () => number = Date.now,
    ) {}

    static within(budgetMs: number, now: () => number = Date.now): Deadline {
        return new Deadline(now() + Math.max(0, budgetMs), now);
    }

    remaining(): number {
        return Math.max(0, this.at - this.now());
    }

    expired(): boolean {
        return this.remaining() <= 0;
    }
}

/** Full-jitter exponential backoff (AWS's recommended shape), capped. */
export function backoffDelay(attempt: number, random: () => number = Math.random, baseMs = 50, capMs = 1000): number {
    return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class TimeoutError extends Error {
    constructor(what: string, ms: number) {
        super(`${what} did not answer within ${ms} ms`);
        this.name = "TimeoutError";
    }
}

/**
 * Runs `call` with an abort signal and rejects with TimeoutError after `ms`, so a hung request
 * cannot eat the whole budget (the SDK has no request timeout by default).
 */
export async function withTimeout<T>(what: string, ms: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
            controller.abort();
            reject(new TimeoutError(what, ms));
        }, ms);
    });
    try {
        return await Promise.race([call(controller.signal), timeout]);
    } finally {
        clearTimeout(timer);
    }
}

/**
 * How long one attempt may take: `1/share` of what is left (at least `minMs`, at most all of it),
 * so a hung call still leaves time to retry or to do the rest of the work.
 */
export function attemptTimeout(deadline: Deadline, minMs = 1000, share = 2): number {
    const remaining = deadline.remaining();
    return Math.max(1, Math.min(remaining, Math.max(minMs, Math.floor(remaining / share))));
}
