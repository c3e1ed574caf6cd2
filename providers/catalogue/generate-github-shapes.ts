/**
 * Writes providers/catalogue/github-shapes.ts from @octokit/openapi-webhooks-types (GitHub's own
 * OpenAPI description of its webhooks): per event (the X-GitHub-Event value) its actions, the
 * top-level fields every one of its payloads has, and every top-level field any of them may
 * have, narrowed by GitHub's recorded deliveries (@octokit/webhooks-examples). The webhook handler checks a body against the event its unsigned header names with it.
 * Run by `npm run catalogue`; tests/providers/catalogue.test.ts fails when the checked-in file
 * differs from what the installed package gives.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const OPENAPI_PACKAGE = "@octokit/openapi-webhooks-types";
const EXAMPLES_PACKAGE = "@octokit/webhooks-examples";

interface EventShape {
    actions: Set<string>;
    /** Fields required in every schema of the event so far (undefined before the first). */
    required: Set<string> | undefined;
    fields: Set<string>;
}

function typesFile(): string {
    const root = path.dirname(require.resolve(`${OPENAPI_PACKAGE}/package.json`, { paths: [process.cwd(), __dirname] }));
    return path.join(root, "types.d.ts");
}

function member(checker: ts.TypeChecker, type: ts.Type, name: string): ts.Type | undefined {
    const symbol = type.getProperty(name);
    return symbol ? checker.getTypeOfSymbol(symbol) : undefined;
}

/** The event names and their payload shapes, from every operation of the OpenAPI webhooks. */
export function githubEventShapes(): { version: string; events: Map<string, EventShape> } {
    const file = typesFile();
    const version = (JSON.parse(fs.readFileSync(path.join(path.dirname(file), "package.json"), "utf8")) as { version: string }).version;
    const program = ts.createProgram([file], { noEmit: true, skipLibCheck: true, strict: true });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(file)!;
    const operations = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "operations");
    if (!operations) throw new Error(`${OPENAPI_PACKAGE}: no "operations" interface in types.d.ts`);
    const events = new Map<string, EventShape>();
    for (const operation of checker.getTypeAtLocation(operations).getProperties()) {
        const type = checker.getTypeOfSymbol(operation);
        const headers = member(checker, member(checker, type, "parameters") ?? type, "header");
        // The event is the operation's name before "/" (its X-Github-Event @example is wrong for some, e.g. "project-v2-item").
        const name = operation.name.split("/")[0].replace(/-/g, "_");
        const content = member(checker, member(checker, type, "requestBody") ?? type, "content");
        const body = content && member(checker, content, "application/json");
        if (!headers || !body) throw new Error(`${OPENAPI_PACKAGE}: operation ${operation.name} has no headers or JSON body`);
        const shape = events.get(name) ?? { actions: new Set<string>(), required: undefined, fields: new Set<string>() };
        events.set(name, shape);
        // A body may itself be a union (one schema per variant): each variant is one payload shape.
        for (const variant of body.isUnion() ? body.types : [body]) {
            const required = new Set<string>();
            for (const property of variant.getProperties()) {
                shape.fields.add(property.name);
                if (!(property.flags & ts.SymbolFlags.Optional)) required.add(property.name);
                if (property.name === "action") {
                    const action = checker.getTypeOfSymbol(property);
                    for (const literal of action.isUnion() ? action.types : [action]) {
                        if (literal.isStringLiteral()) shape.actions.add(literal.value);
                    }
                }
            }
            shape.required = shape.required ? new Set([...shape.required].filter((field) => required.has(field))) : required;
        }
    }
    addRecordedPayloads(events);
    return { version, events };
}

/**
 * GitHub's recorded deliveries (@octokit/webhooks-examples, as in github-events.ts): a field a
 * real delivery went without is not required, whatever the schema says (a refused delivery is
 * lost: GitHub does not retry), and an event recorded but not in the schemas is known too.
 */
function addRecordedPayloads(events: Map<string, EventShape>): void {
    const recorded = JSON.parse(fs.readFileSync(require.resolve(EXAMPLES_PACKAGE), "utf8")) as { name: string; examples: Record<string, unknown>[] }[];
    for (const { name, examples } of recorded) {
        const shape = events.get(name) ?? { actions: new Set<string>(), required: undefined, fields: new Set<string>() };
        events.set(name, shape);
        for (const example of examples) {
            const keys = new Set(Object.keys(example));
            for (const key of keys) shape.fields.add(key);
            if (typeof example.action === "string") shape.actions.add(example.action);
            shape.required = shape.required ? new Set([...shape.required].filter((field) => keys.has(field))) : keys;
        }
    }
}

function examplesVersion(): string {
    // The package's main file is api.github.com/index.json, one folder below its package.json.
    const manifest = path.join(path.dirname(require.resolve(EXAMPLES_PACKAGE)), "..", "package.json");
    return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version;
}

const sorted = (values: Iterable<string>): string[] => [...values].sort();

/**
 * The fields that name each event's subject, as the handler checked them before the table was
 * generated: always required (when the event may have them), so bodies written for those checks
 * keep passing, and tried first when more fields are needed to tell events apart.
 */
const SUBJECT_FIELDS: Readonly<Record<string, readonly string[]>> = {
    ping: ["zen", "hook_id"],
    push: ["ref", "before", "after"],
    pull_request: ["pull_request", "number"],
    pull_request_review: ["review", "pull_request"],
    pull_request_review_comment: ["comment", "pull_request"],
    issues: ["issue"],
    issue_comment: ["issue", "comment"],
    release: ["release"],
    create: ["ref", "ref_type"],
    delete: ["ref", "ref_type"],
    workflow_run: ["workflow_run"],
    workflow_job: ["workflow_job"],
    check_run: ["check_run"],
    check_suite: ["check_suite"],
    deployment: ["deployment"],
    deployment_status: ["deployment_status", "deployment"],
    star: ["starred_at"],
    fork: ["forkee"],
};

/**
 * What the handler needs of each event, and no more: the fewest required fields that tell its
 * bodies apart from every other event's (a body of event x labelled e is refused when it lacks
 * one of e's, or has a field some event always has and e never has), and, of the fields it may
 * have, only those some event always has (the only ones that can contradict a label).
 */
export function handlerTable(events: Map<string, EventShape>): { distinctive: string[]; events: Record<string, { required: string[]; allowed: string[] }> } {
    const required = (name: string) => events.get(name)!.required ?? new Set<string>();
    const distinctive = sorted(new Set([...events.keys()].flatMap((name) => [...required(name)])));
    const table: Record<string, { required: string[]; allowed: string[] }> = {};
    const names = sorted(events.keys());
    const rarity = (field: string) => names.filter((name) => events.get(name)!.fields.has(field)).length;
    for (const name of names) {
        const shape = events.get(name)!;
        const chosen = new Set((SUBJECT_FIELDS[name] ?? []).filter((field) => shape.fields.has(field)));
        // Rarest first: one field then sets the event apart from the most others.
        const candidates = [...required(name)].sort((a, b) => rarity(a) - rarity(b) || (a < b ? -1 : a > b ? 1 : 0));
        for (const other of names) {
            if (other === name) continue;
            const otherShape = events.get(other)!;
            const contradicted = [...required(other)].some((field) => !shape.fields.has(field));
            if (contradicted || [...chosen].some((field) => !otherShape.fields.has(field))) continue;
            const telling = candidates.find((field) => !otherShape.fields.has(field));
            if (telling) chosen.add(telling);
        }
        table[name] = { required: [...chosen], allowed: distinctive.filter((field) => shape.fields.has(field)) };
    }
    return { distinctive, events: table };
}

export function renderGithubShapes(): { file: string; text: string; events: number; recorded: number; described: number; shapes: number; paths: number } {
    const { version, events } = githubEventShapes();
    const { distinctive, events: table } = handlerTable(events);
    const index = new Map(distinctive.map((field, i) => [field, i.toString(36)]));
    const lines = Object.entries(table).map(([name, { required, allowed }]) =>
        `        ${name}: "${required.join(" ")}|${allowed.map((field) => index.get(field)).join(" ")}",`);
    const text = [
        `// Generated by providers/catalogue/generate-github-shapes.ts (npm run catalogue) from ${OPENAPI_PACKAGE}@${version}`,
        `// and the recorded deliveries of ${EXAMPLES_PACKAGE}@${examplesVersion()}: do not edit.`,
        "// `distinctive`: every top-level field some GitHub event always has. Per event (X-GitHub-Event):",
        "// \"<fields its body must have>|<which distinctive fields it may have, base-36 indexes>\".",
        "",
        "export const GITHUB_EVENT_TABLE = {",
        `    origin: "${OPENAPI_PACKAGE}@${version}",`,
        `    distinctive: "${distinctive.join(" ")}",`,
        "    events: {",
        ...lines,
        "    } as Readonly<Record<string, string>>,",
        "};",
        "",
    ].join("\n");
    return { file: "github-shapes.ts", text, events: Object.keys(table).length, recorded: 0, described: 0, shapes: distinctive.length, paths: 0 };
}

if (require.main === module) {
    const generated = renderGithubShapes();
    fs.writeFileSync(path.join(__dirname, generated.file), generated.text);
    console.log(`providers/catalogue/${generated.file}: ${generated.events} event types, ${Buffer.byteLength(generated.text)} bytes`);
}
