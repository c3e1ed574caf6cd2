/**
 * JSON text → values, keeping what `JSON.parse` throws away for patterns.
 *
 * EventBridge takes a pattern as JSON text and reads its numbers from that text. `JSON.parse`
 * silently turns `1E-325` into 0 and `12345678901234567890` into 12345678901234567000, so a
 * pattern EventBridge rejects would look valid. This parser keeps such numbers as
 * {@link InexactNumber} so validation can report them; every other value is the plain JS value
 * (`3.0e2` and `300` both become 300: EventBridge compares numbers by value).
 */

/** A number whose JSON spelling does not survive the trip through a double. */
export class InexactNumber {
    constructor(readonly text: string, readonly value: number) {}
}

/** Thrown for text that is not JSON; `offset` is where parsing stopped. */
export class JsonSyntaxError extends Error {
    constructor(message: string, readonly offset: number) {
        super(message);
        this.name = "JsonSyntaxError";
    }
}

/** Parses JSON text; numbers that do not round-trip through a double become {@link InexactNumber}. */
export function parseJsonPreservingNumbers(text: string): unknown {
    const parser = new Parser(text);
    parser.skipWhitespace();
    const value = parser.value();
    parser.skipWhitespace();
    if (parser.pos < text.length) {
        parser.fail(`unexpected ${describe(text[parser.pos])} after the JSON value`);
    }
    return value;
}

/**
 * Whether a decimal spelling denotes exactly the double it parses to, compared by value:
 * `3.0e2` and `0.1` round-trip; `1E-325` (underflows to 0), `2e400` (overflows) and
 * `12345678901234567890` (more digits than a double holds) do not.
 */
export function numberRoundTrips(text: string, value: number): boolean {
    if (!Number.isFinite(value)) {
        return false;
    }
    return canonicalDecimal(text) === canonicalDecimal(String(value));
}

/** Digits without leading/trailing zeros plus the exponent of the first digit: `3.0e2` → "3e2". */
function canonicalDecimal(text: string): string {
    const match = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
    if (!match) {
        return text;
    }
    const [, sign, intPart, fracPart = "", expPart = "0"] = match;
    const digits = intPart + fracPart;
    const firstNonZero = digits.search(/[1-9]/);
    if (firstNonZero < 0) {
        return "0";
    }
    const significant = digits.slice(firstNonZero).replace(/0+$/, "");
    const exponent = Number(expPart) + intPart.length - 1 - firstNonZero;
    return `${sign}${significant}e${exponent}`;
}

function describe(ch: string | undefined): string {
    return ch === undefined ? "end of text" : `character ${JSON.stringify(ch)}`;
}

class Parser {
    pos = 0;
    constructor(private readonly text: string) {}

    fail(message: string): never {
        throw new JsonSyntaxError(`${message} at offset ${this.pos}`, this.pos);
    }

    skipWhitespace(): void {
        const text = this.text;
        while (this.pos < text.length) {
            const ch = text.charCodeAt(this.pos);
            if (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) {
                this.pos++;
            } else {
                break;
            }
        }
    }

    value(): unknown {
        const ch = this.text[this.pos];
        switch (ch) {
            case "{": return this.object();
            case "[": return this.array();
            case "\"": return this.string();
            case "t": return this.literal("true", true);
            case "f": return this.literal("false", false);
            case "n": return this.literal("null", null);
            default:
                if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) {
                    return this.number();
                }
                return this.fail(`expected a JSON value but found ${describe(ch)}`);
        }
    }

    private literal<T>(word: string, value: T): T {
        if (this.text.startsWith(word, this.pos)) {
            this.pos += word.length;
            return value;
        }
        return this.fail(`expected ${word}`);
    }

    private object(): Record<string, unknown> {
        const result: Record<string, unknown> = {};
        this.pos++; // {
        this.skipWhitespace();
        if (this.text[this.pos] === "}") {
            this.pos++;
            return result;
        }
        for (;;) {
            this.skipWhitespace();
            if (this.text[this.pos] !== "\"") {
                this.fail(`expected a quoted field name but found ${describe(this.text[this.pos])}`);
            }
            const key = this.string();
            this.skipWhitespace();
            if (this.text[this.pos] !== ":") {
                this.fail(`expected ":" after field name ${JSON.stringify(key)}`);
            }
            this.pos++;
            this.skipWhitespace();
            const value = this.value();
            // Own data property even for "__proto__", as JSON.parse does.
            Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
            this.skipWhitespace();
            const next = this.text[this.pos];
            if (next === ",") {
                this.pos++;
                continue;
            }
            if (next === "}") {
                this.pos++;
                return result;
            }
            this.fail(`expected "," or "}" in object but found ${describe(next)}`);
        }
    }

    private array(): unknown[] {
        const result: unknown[] = [];
        this.pos++; // [
        this.skipWhitespace();
        if (this.text[this.pos] === "]") {
            this.pos++;
            return result;
        }
        for (;;) {
            this.skipWhitespace();
            result.push(this.value());
            this.skipWhitespace();
            const next = this.text[this.pos];
            if (next === ",") {
                this.pos++;
                continue;
            }
            if (next === "]") {
                this.pos++;
                return result;
            }
            this.fail(`expected "," or "]" in array but found ${describe(next)}`);
        }
    }

    private string(): string {
        const text = this.text;
        const start = this.pos;
        let end = start + 1;
        // Fast path: no escapes.
        while (end < text.length) {
            const c = text.charCodeAt(end);
            if (c === 0x22 || c === 0x5c || c < 0x20) {
                break;
            }
            end++;
        }
        if (text.charCodeAt(end) === 0x22) {
            this.pos = end + 1;
            return text.slice(start + 1, end);
        }
        // Slow path: let JSON.parse decode escapes once the extent of the string is known.
        end = start + 1;
        while (end < text.length) {
            const c = text.charCodeAt(end);
            if (c === 0x5c) {
                end += 2;
                continue;
            }
            if (c === 0x22) {
                break;
            }
            end++;
        }
        if (end >= text.length) {
            this.pos = text.length;
            this.fail("unterminated string");
        }
        try {
            const decoded = JSON.parse(text.slice(start, end + 1)) as string;
            this.pos = end + 1;
            return decoded;
        } catch {
            this.pos = start;
            return this.fail("invalid string (bad escape sequence or control character)");
        }
    }

    private number(): number | InexactNumber {
        const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
        match.lastIndex = this.pos;
        const found = match.exec(this.text);
        if (!found) {
            return this.fail("invalid number");
        }
        this.pos += found[0].length;
        const value = Number(found[0]);
        return numberRoundTrips(found[0], value) ? value : new InexactNumber(found[0], value);
    }
}
