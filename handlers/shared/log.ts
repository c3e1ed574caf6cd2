/**
 * Structured JSON logs, one object per line on stdout (CloudWatch Logs Insights parses them
 * as fields). Signature and authorization headers never reach a log line: `redactHeaders`
 * is the only way headers are logged.
 */
import type { HandlerLogLevel } from "../../providers";

export type LogLevel = HandlerLogLevel;

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Headers that carry a credential or a signature; their values are replaced by "[redacted]". */
const ALWAYS_REDACTED = new Set([
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-hub-signature",
    "x-hub-signature-256",
    "x-twilio-signature",
    "stripe-signature",
    "x-amz-security-token",
    "x-api-key",
]);

export const REDACTED = "[redacted]";

export function redactHeaders(
    headers: Record<string, string | string[] | undefined>,
    extraSensitive: readonly string[] = [],
): Record<string, string | string[]> {
    const extra = new Set(extraSensitive.map((h) => h.toLowerCase()));
    // No prototype: a header named "__proto__" is just a header, in logs and in a hook's context.headers.
    const out: Record<string, string | string[]> = Object.create(null);
    for (const [name, value] of Object.entries(headers)) {
        if (value === undefined) continue;
        const lower = name.toLowerCase();
        const plain = Array.isArray(value) && value.length === 1 ? value[0] : value;
        out[lower] = ALWAYS_REDACTED.has(lower) || extra.has(lower) || lower.includes("signature") ? REDACTED : plain;
    }
    return out;
}

export type LogSink = (line: string) => void;

const stdoutSink: LogSink = (line) => {
    process.stdout.write(line + "\n");
};

export class Logger {
    constructor(
        private readonly fields: Record<string, unknown> = {},
        private readonly level: LogLevel = "info",
        private readonly sink: LogSink = stdoutSink,
    ) {}

    /** A logger that adds `fields` to every line (request id, delivery id...). */
    child(fields: Record<string, unknown>): Logger {
        return new Logger({ ...this.fields, ...fields }, this.level, this.sink);
    }

    debug(message: string, fields?: Record<string, unknown>): void {
        this.write("debug", message, fields);
    }
    info(message: string, fields?: Record<string, unknown>): void {
        this.write("info", message, fields);
    }
    warn(message: string, fields?: Record<string, unknown>): void {
        this.write("warn", message, fields);
    }
    error(message: string, fields?: Record<string, unknown>): void {
        this.write("error", message, fields);
    }

    private write(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
        if (LEVEL_ORDER[level] < LEVEL_ORDER[this.level]) return;
        this.sink(JSON.stringify({ level, message, ...this.fields, ...fields }));
    }
}

export function logLevelFrom(value: string | undefined): LogLevel {
    return value === "debug" ? "debug" : "info";
}

/** The parts of an error worth logging (never the request that caused it). */
export function describeError(err: unknown): Record<string, unknown> {
    if (err instanceof Error) {
        return { errorName: err.name, errorMessage: err.message };
    }
    return { errorMessage: String(err) };
}
