/**
 * The signing secret, cached per execution environment with a TTL, and rotation without
 * downtime: for a grace period after the current version was created (or, when Secrets Manager
 * does not say, after this environment first saw it), the AWSPREVIOUS version is accepted too.
 * The provider keeps signing with the old secret until its own settings are updated, and every
 * environment agrees on when the grace period ends because it is counted from the version's
 * creation date.
 *
 * Refresh failures keep serving the cached value (a Secrets Manager blip must not fail
 * deliveries); with nothing cached they are an error the handler answers with 5xx.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { describeError, Logger } from "../shared/log";

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
    private readonly now: () => number;

    constructor(private readonly options: SecretCacheOptions) {
        this.now = options.now ?? Date.now;
    }

    /**
     * A fresh AWSCURRENT when the cached one is older than `minAgeMs`, else undefined. Called when
     * no cached version verifies a request: the provider may already sign with a secret rotated
     * after the last refresh. Rate-limited, so forged requests cannot hammer Secrets Manager.
     */
    async refreshedVersion(log: Logger, minAgeMs = 30_000): Promise<SecretVersion | undefined> {
        if (!this.current || this.now() - this.current.fetchedAt < minAgeMs) return undefined;
        const before = this.current.version;
        const after = await this.currentVersion(log, true);
        return after.versionId !== before?.versionId ? after : undefined;
    }

    /** The AWSCURRENT version. */
    async currentVersion(log: Logger, forceRefresh = false): Promise<SecretVersion> {
        const now = this.now();
        if (!forceRefresh && this.current?.version && now - this.current.fetchedAt < this.options.ttlMs) return this.current.version;
        let fetched: SecretVersion | undefined;
        try {
            fetched = await this.fetch("AWSCURRENT");
        } catch (err) {
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
    async previousVersion(current: SecretVersion, log: Logger): Promise<SecretVersion | undefined> {
        const now = this.now();
        if (now - current.since >= this.options.graceMs) return undefined;
        if (this.previous && now - this.previous.fetchedAt < this.options.ttlMs) return this.previous.version;
        try {
            const fetched = await this.fetch("AWSPREVIOUS");
            // Without an AWSPREVIOUS stage, the version this environment saw as current before is the previous one.
            const previous = fetched && fetched.versionId !== current.versionId ? fetched : this.previousFromMemory;
            this.previous = { version: previous, fetchedAt: now };
            return previous;
        } catch (err) {
            if (this.previousFromMemory) {
                log.warn("could not read the AWSPREVIOUS signing secret; using the one seen before the rotation", describeError(err));
                return this.previousFromMemory;
            }
            throw err;
        }
    }

    private async fetch(stage: "AWSCURRENT" | "AWSPREVIOUS"): Promise<SecretVersion | undefined> {
        let output;
        try {
            output = await this.options.client().send(new GetSecretValueCommand({ SecretId: this.options.secretId, VersionStage: stage }));
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
