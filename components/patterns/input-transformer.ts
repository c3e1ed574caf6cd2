/**
 * Input transformers: validate them as EventBridge does and render what a target receives.
 *
 * Rendering rules (AWS's "Transforming input" documentation):
 * - A template that is a JSON object or array (starts with `{` or `[`) is JSON: a placeholder
 *   outside a string literal is replaced by the value as JSON, so strings get quotes
 *   (`{"state": <state>}` → `{"state": "running"}`); inside a string literal the value is
 *   inserted as bare text (`"is <state>"` → `"is running"`).
 * - Any other template is plain text and every value is inserted as bare text.
 * - Bare text of an object or array is its JSON with the quotes removed (`{key1: value1}`), and
 *   values are not escaped, as EventBridge does not escape them either.
 * - A path that the event does not have: `null` where a JSON value belongs, empty text
 *   elsewhere (our choice; AWS documents only that the variable is not created).
 * - `<aws.events.event>` (the event without `detail`) and `<aws.events.event.json>` (the whole
 *   event) may only be used as JSON values.
 */
import { evaluateJsonPath, parseJsonPath, PathStep } from "./json-path";
import { InvalidInputTransformerError, PatternProblem } from "./problems";
import { childPath } from "./paths";
import { parseTemplate, PlaceholderSegment } from "./template";

/** An input transformer in AWS's shape (`InputTransformer` of a rule target). */
export interface InputTransformer {
    /** Variable name → JSON path into the event (at most 100). */
    inputPaths?: Record<string, string>;
    /** The text the target receives, with `<variable>` placeholders. */
    inputTemplate: string;
}

/** Values for the predefined variables that come from the rule, not the event. */
export interface RenderContext {
    /** `<aws.events.rule-name>`; derived from `ruleArn` when only that is given. */
    ruleName?: string;
    /** `<aws.events.rule-arn>`. */
    ruleArn?: string;
    /** `<aws.events.event.ingestion-time>`; defaults to the event's `time`. */
    ingestionTime?: string;
}

/** The most variables one transformer may define. */
export const MAX_INPUT_PATHS = 100;
/** The longest input template EventBridge accepts, in characters. */
export const MAX_INPUT_TEMPLATE_LENGTH = 8192;
/** The longest variable name and JSON path EventBridge accepts, in characters. */
export const MAX_INPUT_PATH_LENGTH = 256;

/** Variables EventBridge defines itself; they cannot be redefined. */
export const PREDEFINED_VARIABLES = [
    "aws.events.rule-arn", "aws.events.rule-name", "aws.events.event.ingestion-time", "aws.events.event",
    "aws.events.event.json",
] as const;

const JSON_ONLY_VARIABLES = new Set(["aws.events.event", "aws.events.event.json"]);
const VARIABLE_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * Every reason EventBridge would reject the transformer; empty when valid. Checks the number of
 * paths (at most 100), variable names, path syntax, template length, placeholders with no
 * variable, placeholders used as JSON keys, the JSON-only predefined variables, and that a JSON
 * template is valid JSON once filled.
 */
export function validateInputTransformer(transformer: InputTransformer): PatternProblem[] {
    return checkTransformer(transformer).problems;
}

/**
 * Builds an input transformer from variable paths and a template, validated now rather than at
 * deploy time. Throws {@link InvalidInputTransformerError} listing every problem.
 *
 * ```ts
 * transform({ paths: { state: "$.detail.state" }, template: '{"state": <state>}' });
 * ```
 */
export function transform(spec: { paths?: Record<string, string>; template: string }): InputTransformer {
    const transformer: InputTransformer = spec.paths === undefined
        ? { inputTemplate: spec.template }
        : { inputPaths: { ...spec.paths }, inputTemplate: spec.template };
    const problems = validateInputTransformer(transformer);
    if (problems.length > 0) {
        throw new InvalidInputTransformerError(problems);
    }
    return transformer;
}

/**
 * What EventBridge would deliver to the target for this event (object or JSON text). Throws
 * {@link InvalidInputTransformerError} for an invalid transformer, and an error naming the
 * missing field when the template uses `<aws.events.rule-name>` or `<aws.events.rule-arn>`
 * without the value in `context`.
 */
export function renderInputTransformer(transformer: InputTransformer, event: unknown, context: RenderContext = {}): string {
    const checked = checkTransformer(transformer);
    if (checked.problems.length > 0) {
        throw new InvalidInputTransformerError(checked.problems);
    }
    const root = typeof event === "string" ? JSON.parse(event) as unknown : event;
    const template = parseTemplate(transformer.inputTemplate);
    let out = "";
    for (const segment of template.segments) {
        if (segment.kind === "text") {
            out += segment.text;
            continue;
        }
        const value = variableValue(segment.name, checked.paths, root, context);
        const asJson = template.json && !segment.inString;
        if (value === undefined) {
            out += asJson ? "null" : "";
        } else if (asJson) {
            out += JSON.stringify(value);
        } else {
            out += bareText(value);
        }
    }
    return out;
}

function bareText(value: unknown): string {
    if (typeof value === "string") {
        return value;
    }
    if (typeof value === "object" && value !== null) {
        return JSON.stringify(value).replace(/"/g, "");
    }
    return String(value);
}

function variableValue(name: string, paths: Map<string, PathStep[]>, event: unknown, context: RenderContext): unknown {
    switch (name) {
        case "aws.events.rule-name": {
            const ruleName = context.ruleName ?? context.ruleArn?.split("/").pop();
            if (ruleName === undefined) {
                throw new Error("renderInputTransformer: the template uses <aws.events.rule-name>; pass context.ruleName (or context.ruleArn)");
            }
            return ruleName;
        }
        case "aws.events.rule-arn":
            if (context.ruleArn === undefined) {
                throw new Error("renderInputTransformer: the template uses <aws.events.rule-arn>; pass context.ruleArn");
            }
            return context.ruleArn;
        case "aws.events.event.ingestion-time": {
            const time = isObject(event) && typeof event.time === "string" ? event.time : undefined;
            return context.ingestionTime ?? time ?? new Date().toISOString();
        }
        case "aws.events.event": {
            if (!isObject(event)) {
                return event;
            }
            const { detail: _detail, ...envelope } = event;
            void _detail;
            return envelope;
        }
        case "aws.events.event.json":
            return event;
        default: {
            const steps = paths.get(name);
            return steps === undefined ? undefined : evaluateJsonPath(steps, event);
        }
    }
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The transformer's problems in order (its variables, then its template), and the parsed path of each valid variable. */
function checkTransformer(transformer: InputTransformer): { problems: PatternProblem[]; paths: Map<string, PathStep[]> } {
    const inputPaths = transformer.inputPaths ?? {};
    const { problems, paths } = checkInputPaths(inputPaths);
    problems.push(...checkTemplate(transformer.inputTemplate, inputPaths));
    return { problems, paths };
}

/** The variables: their number, names and JSON paths. */
function checkInputPaths(inputPaths: Record<string, string>): { problems: PatternProblem[]; paths: Map<string, PathStep[]> } {
    const problems: PatternProblem[] = [];
    const paths = new Map<string, PathStep[]>();
    const names = Object.keys(inputPaths);
    if (names.length > MAX_INPUT_PATHS) {
        problems.push({ path: "$.inputPaths", message: `defines ${names.length} variables, more than EventBridge's limit of ${MAX_INPUT_PATHS}; extract a parent object instead of each of its fields, or use <aws.events.event.json>` });
    }
    for (const name of names) {
        const checked = checkInputPath(name, inputPaths[name]);
        if (typeof checked === "string") {
            problems.push({ path: childPath("$.inputPaths", name), message: checked });
        } else {
            paths.set(name, checked);
        }
    }
    return { problems, paths };
}

/** One variable's parsed path, or what is wrong with its name or path. */
function checkInputPath(name: string, path: unknown): PathStep[] | string {
    if ((PREDEFINED_VARIABLES as readonly string[]).includes(name)) {
        return `"${name}" is a predefined variable and cannot be redefined; use <${name}> in the template directly`;
    }
    if (!VARIABLE_NAME.test(name) || name.length > MAX_INPUT_PATH_LENGTH) {
        return `variable name "${name}" is invalid: use 1-${MAX_INPUT_PATH_LENGTH} letters, digits, "-" or "_"`;
    }
    if (typeof path !== "string") {
        return `the path of "${name}" must be a string such as "$.detail.state"`;
    }
    if (path.length > MAX_INPUT_PATH_LENGTH) {
        return `the path of "${name}" is ${path.length} characters, more than ${MAX_INPUT_PATH_LENGTH}`;
    }
    const steps = parseJsonPath(path);
    return typeof steps === "string" ? `the path ${JSON.stringify(path)} of "${name}" ${steps}` : steps;
}

/** The template: its length, its placeholders against the variables, and its JSON once filled. */
function checkTemplate(template: unknown, inputPaths: Record<string, string>): PatternProblem[] {
    const problems: PatternProblem[] = [];
    const problem = (path: string, message: string): void => {
        problems.push({ path, message });
    };
    if (typeof template !== "string" || template.length === 0) {
        problem("$.inputTemplate", "the input template must be a non-empty string");
        return problems;
    }
    if (template.length > MAX_INPUT_TEMPLATE_LENGTH) {
        problem("$.inputTemplate", `the input template is ${template.length} characters, more than EventBridge's limit of ${MAX_INPUT_TEMPLATE_LENGTH}`);
    }
    const parsed = parseTemplate(template);
    for (const segment of parsed.segments) {
        if (segment.kind !== "placeholder") {
            continue;
        }
        const where = `$.inputTemplate (offset ${segment.offset})`;
        const predefined = (PREDEFINED_VARIABLES as readonly string[]).includes(segment.name);
        if (!predefined && !Object.prototype.hasOwnProperty.call(inputPaths, segment.name)) {
            problem(where, `placeholder <${segment.name}> has no variable; define it in inputPaths (e.g. "${segment.name}": "$.detail.${segment.name}") or use a predefined variable (${PREDEFINED_VARIABLES.map((v) => `<${v}>`).join(", ")})`);
        }
        if (segment.asKey) {
            problem(where, `placeholder <${segment.name}> is used as a JSON object key, which EventBridge does not allow; use a fixed key with the placeholder as its value`);
        }
        if (JSON_ONLY_VARIABLES.has(segment.name) && !(parsed.json && !segment.inString)) {
            problem(where, `<${segment.name}> can only be used as the value of a JSON field (its content is not escaped), e.g. {"event": <${segment.name}>}`);
        }
    }
    if (parsed.json) {
        const filled = parsed.segments.map((s) => s.kind === "text" ? s.text : fillForCheck(s)).join("");
        try {
            JSON.parse(filled);
        } catch (err) {
            problem("$.inputTemplate", `the template starts like JSON but is not valid JSON once its placeholders are filled (${(err as Error).message}); fix the JSON, or write a plain-text template that does not start with "{" or "["`);
        }
    }
    return problems;
}

function fillForCheck(segment: PlaceholderSegment): string {
    if (segment.inString) {
        return "x";
    }
    return segment.asKey ? "\"key\"" : "null";
}
