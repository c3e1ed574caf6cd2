/**
 * The conformance corpus (tests/fixtures/event-patterns.jsonl), read for the tests of every
 * matcher: each pattern handed over as the matcher would receive it.
 */
import * as fs from "fs";
import * as path from "path";
import { InexactNumber, parseJsonPreservingNumbers } from "../../components/patterns/json";

export interface ConformanceCase {
    id: string;
    tags: string[];
    pattern: unknown;
    event: unknown;
    expected: boolean | "error";
    pattern_encoding?: "json-text-in-string";
    event_encoding?: "json-text-in-string";
    strict_expected?: boolean | "error";
    docs_disagree?: string;
}

/** JSON text of a value read with exact number spelling (so 1E-325 stays 1E-325). */
function rawJson(value: unknown): string {
    if (value instanceof InexactNumber) return value.text;
    if (Array.isArray(value)) return `[${value.map(rawJson).join(",")}]`;
    if (value !== null && typeof value === "object") {
        return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${rawJson(v)}`).join(",")}}`;
    }
    return JSON.stringify(value);
}

function containsInexact(value: unknown): boolean {
    if (value instanceof InexactNumber) return true;
    if (value !== null && typeof value === "object") return Object.values(value).some(containsInexact);
    return false;
}

/** Every case; an `event_encoding` event stays JSON text, as the file gives it. */
export function conformanceCases(): ConformanceCase[] {
    const file = path.join(__dirname, "..", "fixtures", "event-patterns.jsonl");
    const lines = fs.readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "");
    return lines.map((line) => {
        const exact = parseJsonPreservingNumbers(line) as ConformanceCase;
        const plain = JSON.parse(line) as ConformanceCase;
        // A pattern whose numbers JSON.parse would round is handed over as JSON text, exactly as
        // written; the others as the plain object, so both input forms are exercised.
        const pattern = plain.pattern_encoding === "json-text-in-string" ? plain.pattern
            : containsInexact(exact.pattern) ? rawJson(exact.pattern) : plain.pattern;
        return { ...plain, pattern };
    });
}

/** The answer eventbridge-kit gives: the strict one where the file holds two. */
export function expectedAnswer(c: ConformanceCase): boolean | "error" {
    return c.strict_expected !== undefined ? c.strict_expected : c.expected;
}
