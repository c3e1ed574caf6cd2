/** Reading EBK_* variables: each wrong value throws an error naming the variable and the fix. */
import type { EnvName, HandlerEnv } from "../../providers";

/** The environment as the contract names it: reading a variable it does not name is a compile error. */
export type Env = HandlerEnv;

export class ConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ConfigError";
    }
}

export function requiredVar(env: Env, name: EnvName, what: string): string {
    const value = env[name];
    if (!value) throw new ConfigError(`${name} is not set; set it to ${what}`);
    return value;
}

/** An S3 key prefix: empty or ending with "/". */
export function prefixVar(env: Env, name: EnvName): string {
    const value = env[name] ?? "";
    if (value !== "" && !value.endsWith("/")) {
        throw new ConfigError(`${name} is "${value}"; a key prefix must be empty or end with "/" (e.g. "${value}/")`);
    }
    return value;
}

export function positiveIntegerVar(env: Env, name: EnvName, fallback: number): number {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) throw new ConfigError(`${name} is "${raw}"; set it to a positive whole number`);
    return value;
}

export function secondsVar(env: Env, name: EnvName, fallback: number): number {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new ConfigError(`${name} is "${raw}"; set it to a number of seconds (0 or more)`);
    return value;
}

/** The optional overflow bucket for events too large for one PutEvents entry. */
export function overflowVars(env: Env): { bucket: string; prefix: string } | undefined {
    return env.EBK_OVERFLOW_BUCKET ? { bucket: env.EBK_OVERFLOW_BUCKET, prefix: prefixVar(env, "EBK_OVERFLOW_PREFIX") } : undefined;
}
