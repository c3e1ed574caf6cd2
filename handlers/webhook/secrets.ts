/**
 * The signing secret, cached per execution environment with a TTL, and rotation without
 * downtime: for a grace period after the current version was created (or, when Secrets Manager
 * does not say, after this environment first saw it), the AWSPREVIOUS version is accepted too.
 * The provider keeps signing with the old secret until its own settings are updated, and every
 * environment agrees on when the grace period ends because it is counted from the version's
 * creation date.
 *
 * A request no cached version verifies re-reads AWSCURRENT once the cached copy is a second old,
 * so a provider that switched to a just-rotated secret is refused for about a second at most.
 * That read is single flight and happens at most once a second per execution environment, so a
 * flood of forged requests costs at most one Secrets Manager call a second. A failed read is
 * remembered for that second too (every request in it gets the same answer, without a call), and
 * the client makes one attempt per read (aws-clients.ts), so a throttled Secrets Manager is not
 * kept throttled by forged requests.
 *
 * The version this environment saw as current before a rotation stands in for an unreadable
 * AWSPREVIOUS only once Secrets Manager confirms, by its version id, that it is AWSPREVIOUS: after
 * two rotations inside one cache lifetime it is two versions old, and refused.
 *
 * Every read is bounded by the request's deadline (a hung call answers 503, never a Lambda
 * timeout). Refresh failures keep serving the cached value (a Secrets Manager blip must not fail
 * deliveries); with nothing cached they are an error the handler answers with 5xx.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { attemptTimeout, Deadline, withTimeout } from "../shared/deadline";
import { describeError, Logger } from "../shared/log";

/** How old the cached AWSCURRENT must be, and how long since the last such read, before a failed check re-reads it. */
export const RECHECK_INTERVAL_MS = 1000;

export interface SecretVersion {
    value: string;
    versionId: string;
    /** Epoch ms the version became current (its creation date). */
    since: number;
}

/** No usable secret: a configuration problem (missing, empty) or an outage (throttling, network). */
export class SecretUnavailableError extends Error {
    constructor(
        message: string,
        readonly cause: "misconfigured" | "unavailable",
    ) {
        super(message);
        this.name = "SecretUnavailableError";
    }
}

interface Cached {
    version: SecretVersion | undefined;
    fetchedAt: number;
}

export interface SecretCacheOptions {
    secretId: string;
    ttlMs: number;
    graceMs: number;
    client: () => SecretsManagerClient;
    now?: () => number;
}

export class SecretCache {
    private current: Cached | undefined;
    private previous: Cached | undefined;
    private previousFromMemory: SecretVersion | undefined;
    /** Reads in flight: concurrent requests share one call instead of each making their own. */
    private readingCurrent: Promise<SecretVersion> | undefined;
    private readingPrevious: Promise<SecretVersion | undefined> | undefined;
    private lastRecheckAt = -Infinity;
    /** The last failed read of each stage: within RECHECK_INTERVAL_MS of it, the same error without a call. */
    private currentFailure: { at: number; error: unknown } | undefined;
    private previousFailure: { at: number; error: unknown } | undefined;
    private readonly now: () => number;

    constructor(private readonly options: SecretCacheOptions) {
        this.now = options.now ?? Date.now;
    }

    /**
     * A newer AWSCURRENT than the cached one, else undefined. Called when no cached version
     * verifies a request: the provider may already sign with a secret rotated after the last read.
     * Reads only when the cached copy is older than RECHECK_INTERVAL_MS and no such read happened
     * within it (or joins the read in flight).
     */
    async refreshedVersion(log: Logger, deadline: Deadline): Promise<SecretVersion | undefined> {
        const before = this.current?.version;
        if (!before) return undefined;
        if (!this.readingCurrent) {
            const now = this.now();
            if (now - this.current!.fetchedAt < RECHECK_INTERVAL_MS || now - this.lastRecheckAt < RECHECK_INTERVAL_MS) return undefined;
            this.lastRecheckAt = now;
        }
        const after = await this.currentVersion(log, deadline, true);
        return after.versionId !== before.versionId ? after : undefined;
    }

    /** The AWSCURRENT version. */
    async currentVersion(log: Logger, deadline: Deadline, forceRefresh = false): Promise<SecretVersion> {
        if (this.readingCurrent) return this.readingCurrent;
        if (!forceRefresh && this.current?.version && this.now() - this.current.fetchedAt < this.options.ttlMs) return this.current.version;
        if (!this.current?.version && this.currentFailure && this.now() - this.currentFailure.at < RECHECK_INTERVAL_MS) throw this.currentFailure.error;
        this.readingCurrent = this.readCurrent(log, deadline).finally(() => {
            this.readingCurrent = undefined;
        });
        return this.readingCurrent;
    }

    private async readCurrent(log: Logger, deadline: Deadline): Promise<SecretVersion> {
        const now = this.now();
        let fetched: SecretVersion | undefined;
        try {
            fetched = await this.fetch("AWSCURRENT", deadline);
        } catch (err) {
            this.currentFailure = { at: now, error: err };
            if (this.current?.version && !(err instanceof SecretUnavailableError && err.cause === "misconfigured")) {
                log.warn("could not refresh the signing secret; using the cached version", describeError(err));
                // Try again after a short pause instead of on every request.
                const stale = this.current.version;
                this.current = { version: stale, fetchedAt: now - this.options.ttlMs + Math.min(this.options.ttlMs, 10_000) };
                return stale;
            }
            throw err;
        }
        if (!fetched) {
            throw new SecretUnavailableError(`secret ${this.options.secretId} has no AWSCURRENT version`, "misconfigured");
        }
        const old = this.current?.version;
        if (old && old.versionId !== fetched.versionId) {
            // A rotation happened since the last refresh: the old value is the previous one.
            log.info("signing secret rotated", { previousVersionId: old.versionId, currentVersionId: fetched.versionId });
            this.previousFromMemory = old;
            this.previous = undefined;
            if (!fetched.since || fetched.since > now) fetched.since = now;
        }
        if (!old && !fetched.since) fetched.since = 0; // unknown age on a cold start: no grace period
        this.current = { version: fetched, fetchedAt: now };
        return fetched;
    }

    /** The AWSPREVIOUS version while the grace period after the rotation runs, else undefined. */
    async previousVersion(current: SecretVersion, log: Logger, deadline: Deadline): Promise<SecretVersion | undefined> {
        const now = this.now();
        if (now - current.since >= this.options.graceMs) return undefined;
        if (this.previous && now - this.previous.fetchedAt < this.options.ttlMs) return this.previous.version;
        if (!this.readingPrevious && this.previousFailure && now - this.previousFailure.at < RECHECK_INTERVAL_MS) throw this.previousFailure.error;
        this.readingPrevious ??= this.readPrevious(current, log, deadline).finally(() => {
            this.readingPrevious = undefined;
        });
        return this.readingPrevious;
    }

    private async readPrevious(current: SecretVersion, log: Logger, deadline: Deadline): Promise<SecretVersion | undefined> {
        const now = this.now();
        try {
            const fetched = await this.fetch("AWSPREVIOUS", deadline);
            // Without an AWSPREVIOUS stage, the version this environment saw as current before is the previous one.
            const previous = fetched && fetched.versionId !== current.versionId ? fetched : this.previousFromMemory;
            this.previous = { version: previous, fetchedAt: now };
            return previous;
        } catch (err) {
            const remembered = this.previousFromMemory;
            if (remembered && (await this.isPreviousStage(remembered, deadline))) {
                log.warn("could not read the AWSPREVIOUS signing secret; using the one seen before the rotation (Secrets Manager confirms it is AWSPREVIOUS)", describeError(err));
                this.previous = { version: remembered, fetchedAt: now };
                return remembered;
            }
            this.previousFailure = { at: now, error: err };
            throw err;
        }
    }

    /** Whether Secrets Manager still labels `version` AWSPREVIOUS (false when it cannot say). */
    private async isPreviousStage(version: SecretVersion, deadline: Deadline): Promise<boolean> {
        try {
            const output = await withTimeout("Secrets Manager GetSecretValue (by version id)", attemptTimeout(deadline, 250, 4), (abortSignal) =>
                this.options.client().send(new GetSecretValueCommand({ SecretId: this.options.secretId, VersionId: version.versionId }), { abortSignal }),
            );
            return output?.VersionStages?.includes("AWSPREVIOUS") === true && output.SecretString === version.value;
        } catch {
            return false;
        }
    }

    private async fetch(stage: "AWSCURRENT" | "AWSPREVIOUS", deadline: Deadline): Promise<SecretVersion | undefined> {
        let output;
        try {
            // A quarter of what is left: a hung refresh with a cached copy still leaves time to deliver.
            output = await withTimeout(`Secrets Manager GetSecretValue (${stage})`, attemptTimeout(deadline, 250, 4), (abortSignal) =>
                this.options.client().send(new GetSecretValueCommand({ SecretId: this.options.secretId, VersionStage: stage }), { abortSignal }),
            );
        } catch (err) {
            const name = (err as { name?: string })?.name;
            if (name === "ResourceNotFoundException") {
                if (stage === "AWSPREVIOUS") return undefined; // never rotated
                throw new SecretUnavailableError(`secret ${this.options.secretId} does not exist or has no ${stage} version`, "misconfigured");
            }
            if (name === "AccessDeniedException" || name === "DecryptionFailure" || name === "InvalidRequestException") {
                throw new SecretUnavailableError(`cannot read secret ${this.options.secretId}: ${name}`, "misconfigured");
            }
            throw new SecretUnavailableError(`cannot read secret ${this.options.secretId}: ${name ?? "error"}`, "unavailable");
        }
        const value = output.SecretString;
        // A blank secret is a mistake, never a key: anyone could sign with it.
        const blank = !value || value.trim() === "";
        if (blank && stage === "AWSPREVIOUS") return undefined;
        if (blank) {
            throw new SecretUnavailableError(
                `secret ${this.options.secretId} (${stage}) has an empty or blank SecretString; store the signing secret as the secret's text value`,
                "misconfigured",
            );
        }
        return { value: value as string, versionId: output.VersionId ?? "", since: output.CreatedDate ? new Date(output.CreatedDate).getTime() : 0 };
    }
}
