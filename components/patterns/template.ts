/**
 * Reads an input template into text and placeholders, noting for each placeholder whether it
 * sits inside a JSON string literal. That position decides how EventBridge inserts a value:
 * in a JSON template outside a string a value is written as JSON (strings get quotes);
 * inside a string, or anywhere in a plain-text template, it is written as bare text.
 */

/** A run of literal template text. */
export interface TextSegment {
    readonly kind: "text";
    readonly text: string;
}

/** A `<name>` placeholder. */
export interface PlaceholderSegment {
    readonly kind: "placeholder";
    readonly name: string;
    /** Offset of `<` in the template. */
    readonly offset: number;
    /** Inside a JSON string literal ("...<name>..."). */
    readonly inString: boolean;
    /** Written where a JSON object key belongs: bare (`{<name>: 1}`) or inside the key's quotes (`{"<name>": 1}`). */
    readonly asKey: boolean;
}

export type TemplateSegment = TextSegment | PlaceholderSegment;

/** The parsed template. */
export interface ParsedTemplate {
    /** The template is a JSON object or array (starts with `{` or `[`). */
    readonly json: boolean;
    readonly segments: readonly TemplateSegment[];
}

const PLACEHOLDER = /<([A-Za-z0-9_.\-]+)>/y;

/** Splits a template into text and placeholders. */
export function parseTemplate(template: string): ParsedTemplate {
    const trimmed = template.trim();
    const json = trimmed.startsWith("{") || trimmed.startsWith("[");
    const segments: TemplateSegment[] = [];
    let text = "";
    let inString = false;
    /** Indexes of the placeholders in the string literal being read: keys if the literal turns out to be one. */
    let inThisString: number[] = [];
    for (let i = 0; i < template.length; i++) {
        const ch = template[i];
        if (ch === "<") {
            PLACEHOLDER.lastIndex = i;
            const m = PLACEHOLDER.exec(template);
            if (m) {
                if (text) {
                    segments.push({ kind: "text", text });
                    text = "";
                }
                const after = template.slice(i + m[0].length).trimStart();
                if (json && inString) {
                    inThisString.push(segments.length);
                }
                segments.push({
                    kind: "placeholder", name: m[1], offset: i, inString: json && inString,
                    asKey: json && !inString && after.startsWith(":"),
                });
                i += m[0].length - 1;
                continue;
            }
        }
        if (json) {
            if (ch === "\\" && inString) {
                text += ch + (template[i + 1] ?? "");
                i++;
                continue;
            }
            if (ch === "\"") {
                // A string literal followed by ":" is an object key, with every placeholder in it.
                if (inString && template.slice(i + 1).trimStart().startsWith(":")) {
                    for (const index of inThisString) {
                        segments[index] = { ...(segments[index] as PlaceholderSegment), asKey: true };
                    }
                }
                inThisString = [];
                inString = !inString;
            }
        }
        text += ch;
    }
    if (text) {
        segments.push({ kind: "text", text });
    }
    return { json, segments };
}
