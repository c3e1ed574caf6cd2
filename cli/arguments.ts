/**
 * The command line's grammar, shared by `plan` and `simulate`: Node's own `util.parseArgs`
 * (long and short flags, `--flag=value`), with its errors turned into one-line messages that
 * name the option and what it needs.
 */
import { parseArgs, ParseArgsConfig } from "util";

/** A command line the user must fix: reported with the command's usage, exit status 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Flags every command takes. */
export const commonOptions = {
    help: { type: "boolean", short: "h" },
    stack: { type: "string", short: "s", default: "dev" },
    format: { type: "string", short: "f", default: "text" },
    verbose: { type: "boolean", short: "v", default: false },
} as const satisfies Options;

export interface ParsedCommandLine<T extends Options> {
    readonly values: { [K in keyof T]?: T[K]["type"] extends "string" ? string : boolean };
    readonly dir?: string;
    readonly help: boolean;
}

/** Parses one command's arguments; `--help` wins over everything else on the line. */
export function parseCommandLine<T extends Options>(args: string[], options: T): ParsedCommandLine<T> {
    if (args.includes("--help") || args.includes("-h")) {
        return { values: {}, help: true };
    }
    let parsed: ReturnType<typeof parseArgs>;
    try {
        parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    } catch (err) {
        throw new UsageError(parseArgsMessage(err as Error & { code?: string }));
    }
    if (parsed.positionals.length > 1) {
        throw new UsageError(`unexpected argument "${parsed.positionals[1]}"`);
    }
    return { values: parsed.values as ParsedCommandLine<T>["values"], dir: parsed.positionals[0], help: false };
}

/** Node's messages are long and mention `strict`; ours name the option and what it needs. */
function parseArgsMessage(err: Error & { code?: string }): string {
    const option = /'([^']+)'/.exec(err.message)?.[1];
    switch (err.code) {
        case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
            return `unknown option ${option ?? err.message}`;
        case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
            // A string option without its value, or a boolean given one.
            return /argument missing/.test(err.message) ? `${longName(option)} needs a value` : `${longName(option)} takes no value`;
        default:
            return err.message;
    }
}

/** "-s, --stack <value>", "--webhook <value>" or "--stack" → "--stack". */
function longName(option: string | undefined): string {
    return /--[\w-]+/.exec(option ?? "")?.[0] ?? option ?? "an option";
}

/** The output formats both commands print. */
export type Format = "text" | "mermaid" | "json";

export function formatOf(value: string | undefined, order: string): Format {
    const format = value ?? "text";
    if (format !== "text" && format !== "mermaid" && format !== "json") {
        throw new UsageError(`--format must be ${order}, not "${format}"`);
    }
    return format;
}
