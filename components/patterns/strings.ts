/**
 * String and IP-address building blocks shared by validation and matching: wildcard parsing,
 * case-insensitive comparison as event-ruler does it, and IPv4/IPv6/CIDR handling.
 */

/** Escapes text for use inside a RegExp. */
function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * Why a wildcard operand is invalid, or undefined when it is valid. `*` stands for any run of
 * characters; `\*` is a literal star and `\\` a literal backslash; any other escape and two
 * consecutive `*` are rejected, as EventBridge does.
 */
export function wildcardProblem(value: string): string | undefined {
    for (let i = 0; i < value.length; i++) {
        const ch = value[i];
        if (ch === "\\") {
            const next = value[i + 1];
            if (next !== "*" && next !== "\\") {
                return `invalid escape "\\${next ?? ""}" in wildcard ${JSON.stringify(value)}: only \\* and \\\\ may be escaped`;
            }
            i++;
        } else if (ch === "*" && value[i + 1] === "*") {
            return `consecutive "*" in wildcard ${JSON.stringify(value)} are not allowed; use a single "*"`;
        }
    }
    return undefined;
}

/** A RegExp source for a (valid) wildcard operand, anchored at both ends. */
export function wildcardRegExpSource(value: string): string {
    let source = "";
    for (let i = 0; i < value.length; i++) {
        const ch = value[i];
        if (ch === "\\") {
            source += escapeRegExp(value[i + 1]);
            i++;
        } else if (ch === "*") {
            source += "[\\s\\S]*";
        } else {
            source += escapeRegExp(ch);
        }
    }
    return `^${source}$`;
}

/**
 * A RegExp source matching `value` case-insensitively the way event-ruler does: each code point
 * may appear as itself, its lower-case or its upper-case form (so "ß" also matches "SS").
 */
export function ignoreCaseRegExpSource(value: string): string {
    let source = "";
    for (const ch of value) {
        const forms = new Set([ch, ch.toLowerCase(), ch.toUpperCase()]);
        source += forms.size === 1 ? escapeRegExp(ch) : `(?:${[...forms].map(escapeRegExp).join("|")})`;
    }
    return source;
}

const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

/**
 * The bytes of an IPv4 (4 bytes) or IPv6 (16 bytes) address literal, or undefined. IPv4 octets
 * are read as decimal even with leading zeros, as EventBridge's Java parser reads them.
 */
export function parseIpAddress(text: string): Uint8Array | undefined {
    if (IPV4_SHAPE.test(text)) {
        const parts = text.split(".").map(Number);
        if (parts.some((p) => p > 255)) {
            return undefined;
        }
        return Uint8Array.from(parts);
    }
    if (IPV6_SHAPE.test(text)) {
        return parseIpv6(text);
    }
    return undefined;
}

function parseIpv6(text: string): Uint8Array | undefined {
    const halves = text.split("::");
    if (halves.length > 2) {
        return undefined;
    }
    const groups = (part: string): number[] | undefined => {
        if (part === "") {
            return [];
        }
        const result: number[] = [];
        for (const group of part.split(":")) {
            if (!/^[0-9a-fA-F]{1,4}$/.test(group)) {
                return undefined;
            }
            result.push(parseInt(group, 16));
        }
        return result;
    };
    const head = groups(halves[0]);
    const tail = halves.length === 2 ? groups(halves[1]) : [];
    if (!head || !tail) {
        return undefined;
    }
    let all: number[];
    if (halves.length === 2) {
        const missing = 8 - head.length - tail.length;
        if (missing < 1) {
            return undefined;
        }
        all = [...head, ...new Array<number>(missing).fill(0), ...tail];
    } else {
        all = head;
    }
    if (all.length !== 8) {
        return undefined;
    }
    const bytes = new Uint8Array(16);
    all.forEach((g, i) => {
        bytes[2 * i] = g >> 8;
        bytes[2 * i + 1] = g & 0xff;
    });
    return bytes;
}

/** An inclusive address range of one IP version. */
export interface IpRange {
    readonly low: Uint8Array;
    readonly high: Uint8Array;
}

/** The parsed CIDR block, or a message saying why it is not one. */
export function parseCidr(text: string): IpRange | string {
    const slashed = text.split("/");
    if (slashed.length !== 2) {
        return `malformed CIDR ${JSON.stringify(text)}: exactly one "/" is required, e.g. "10.0.0.0/24"`;
    }
    const [address, maskText] = slashed;
    if (!/^[+-]?\d+$/.test(maskText)) {
        return `malformed CIDR ${JSON.stringify(text)}: the mask bits after "/" must be an integer`;
    }
    const maskBits = Number(maskText);
    if (maskBits < 0) {
        return `malformed CIDR ${JSON.stringify(text)}: the mask bits must not be negative`;
    }
    const bytes = parseIpAddress(address);
    if (!bytes) {
        return `malformed CIDR ${JSON.stringify(text)}: ${JSON.stringify(address)} is not an IPv4 or IPv6 address`;
    }
    const totalBits = bytes.length * 8;
    if (maskBits >= totalBits) {
        return `malformed CIDR ${JSON.stringify(text)}: ${bytes.length === 4 ? "IPv4" : "IPv6"} mask bits must be < ${totalBits} (match a single address with the plain string ${JSON.stringify(address)})`;
    }
    const low = new Uint8Array(bytes.length);
    const high = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) {
        const fixedBits = Math.max(0, Math.min(8, maskBits - i * 8));
        const mask = fixedBits === 0 ? 0 : (0xff << (8 - fixedBits)) & 0xff;
        low[i] = bytes[i] & mask;
        high[i] = (bytes[i] & mask) | (~mask & 0xff);
    }
    return { low, high };
}

/** Whether `address` lies inside `range` (same IP version, inclusive bounds). */
export function ipInRange(address: Uint8Array, range: IpRange): boolean {
    if (address.length !== range.low.length) {
        return false;
    }
    return compareBytes(address, range.low) >= 0 && compareBytes(address, range.high) <= 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
    for (let i = 0; i < a.length; i++) {
        if (a[i] !== b[i]) {
            return a[i] - b[i];
        }
    }
    return 0;
}

/**
 * The literal text before the first and after the last unescaped `*` of a valid wildcard
 * operand (both are the whole literal when there is no `*`), so a wildcard can be looked up
 * by prefix or suffix before its expression is run.
 */
export function wildcardLiterals(value: string): { prefix: string; suffix: string } {
    const segments = [""];
    for (let i = 0; i < value.length; i++) {
        const ch = value[i];
        if (ch === "\\") {
            segments[segments.length - 1] += value[++i];
        } else if (ch === "*") {
            segments.push("");
        } else {
            segments[segments.length - 1] += ch;
        }
    }
    return { prefix: segments[0], suffix: segments[segments.length - 1] };
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * Case folding one code point at a time (upper-case, then lower-case). It is a homomorphism
 * over code points, so a prefix of a string folds to a prefix of the folded string; lookups
 * by folded text then find every string `ignoreCaseRegExpSource` accepts, provided
 * {@link foldsSoundly} holds for the operand.
 */
export function foldCase(text: string): string {
    if (ASCII.test(text)) {
        return text.toLowerCase();
    }
    let folded = "";
    for (const ch of text) {
        folded += ch.toUpperCase().toLowerCase();
    }
    return folded;
}

/**
 * Whether every string that equals `operand` ignoring case, as event-ruler compares (each code
 * point as itself, its lower-case or its upper-case form), folds to `foldCase(operand)`. False
 * for the rare code points whose forms fold apart (and for lone surrogates); such operands
 * are tested against every value instead of looked up.
 */
export function foldsSoundly(operand: string): boolean {
    for (const ch of operand) {
        const unit = ch.charCodeAt(0);
        if (ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
            return false;
        }
        const folded = foldCase(ch);
        if (foldCase(ch.toLowerCase()) !== folded || foldCase(ch.toUpperCase()) !== folded) {
            return false;
        }
    }
    return true;
}

/** An address as fixed-width text that sorts like the address, IPv4 before IPv6 ("4" / "6" then hex bytes). */
export function ipKey(address: Uint8Array): string {
    let key = address.length === 4 ? "4" : "6";
    for (const byte of address) {
        key += byte < 16 ? `0${byte.toString(16)}` : byte.toString(16);
    }
    return key;
}
