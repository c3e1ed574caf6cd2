/**
 * Writes providers/catalogue/github-events.ts from the recorded payloads of
 * @octokit/webhooks-examples, and stripe-events.ts from the stripe package's event types
 * (`npm run catalogue`): per GitHub event (the X-GitHub-Event value) its actions and every field
 * its payloads have. tests/providers/catalogue.test.ts regenerates both and fails when a
 * checked-in file differs, so an upgrade of either package cannot drift silently.
 *
 * Compact by construction: arrays are looked through (`commits[].id`), the payloads of one event
 * are merged into one tree, and identical subtrees (the `user`, `repository`... objects every
 * event repeats) are stored once and referred to by index.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { UNKNOWN, VALUE } from "./encoded";
import { renderGithubShapes } from "./generate-github-shapes";

interface Definition {
    name: string;
    actions: string[];
    properties: Record<string, unknown>;
    examples: unknown[];
}

/** A merged payload tree: a scalar, an object (keys marked when an array was looked through), or unknown. */
type Node = { kind: "value" } | { kind: "unknown" } | { kind: "object"; fields: Map<string, { node: Node; array: boolean }> };


const EXAMPLES_PACKAGE = "@octokit/webhooks-examples";

function nodeOf(value: unknown): { node: Node; array: boolean } {
    if (Array.isArray(value)) {
        let node: Node = { kind: "unknown" };
        for (const element of value) node = merge(node, nodeOf(element).node);
        return { node, array: true };
    }
    if (value === null) return { node: { kind: "unknown" }, array: false };
    if (typeof value !== "object") return { node: { kind: "value" }, array: false };
    const fields = new Map<string, { node: Node; array: boolean }>();
    for (const [key, child] of Object.entries(value)) fields.set(key, nodeOf(child));
    return { node: fields.size === 0 ? { kind: "unknown" } : { kind: "object", fields }, array: false };
}

/** What is known wins over unknown; an object wins over a scalar (the field is sometimes an object). */
function merge(a: Node, b: Node): Node {
    if (a.kind === "unknown") return b;
    if (b.kind === "unknown") return a;
    if (a.kind === "object" && b.kind === "object") {
        const fields = new Map(a.fields);
        for (const [key, field] of b.fields) {
            const known = fields.get(key);
            fields.set(key, known ? { node: merge(known.node, field.node), array: known.array || field.array } : field);
        }
        return { kind: "object", fields };
    }
    return a.kind === "object" ? a : b;
}

/**
 * Every event GitHub documents in @octokit/webhooks-types (the examples' own dependency, same
 * version), with the fields its payload type declares: a field GitHub documents but no recording
 * happens to show is no finding.
 */
function documentedPayloads(): Map<string, Node> {
    const file = require.resolve("@octokit/webhooks-types/schema.d.ts");
    const program = ts.createProgram([file], { noLib: true, noEmit: true, skipLibCheck: true, types: [] });
    const checker = program.getTypeChecker();
    const nodeOfType = (type: ts.Type, open: Set<ts.Type>): { node: Node; array: boolean } => {
        if (type.isUnion()) {
            let node: Node = { kind: "unknown" };
            let array = false;
            for (const member of type.types) {
                const each = nodeOfType(member, open);
                node = merge(node, each.node);
                array ||= each.array;
            }
            return { node, array };
        }
        if (checker.isArrayType(type)) {
            return { node: nodeOfType(checker.getTypeArguments(type as ts.TypeReference)[0], open).node, array: true };
        }
        if (type.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike)) return { node: { kind: "value" }, array: false };
        // null, undefined, any, unknown, a map of any keys, or a type already being expanded (recursive): not known.
        if (!(type.flags & ts.TypeFlags.Object) || open.has(type) || checker.getIndexInfosOfType(type).length > 0) return { node: { kind: "unknown" }, array: false };
        open.add(type);
        const fields = new Map<string, { node: Node; array: boolean }>();
        for (const property of checker.getPropertiesOfType(type)) fields.set(property.name, nodeOfType(checker.getTypeOfSymbol(property), open));
        open.delete(type);
        return { node: fields.size === 0 ? { kind: "unknown" } : { kind: "object", fields }, array: false };
    };
    const payloads = new Map<string, Node>();
    program.getSourceFile(file)!.forEachChild((node) => {
        if (ts.isInterfaceDeclaration(node) && node.name.text === "EventPayloadMap") {
            for (const member of node.members) {
                if (member.name && ts.isIdentifier(member.name)) payloads.set(member.name.text, nodeOfType(checker.getTypeAtLocation(member), new Set()).node);
            }
        }
    });
    return payloads;
}

export interface GeneratedCatalogue {
    /** The module's file name, in providers/catalogue/. */
    file: string;
    text: string;
    events: number;
    recorded: number;
    /** Event types whose payload is described by a declared type beyond the envelope (Stripe's data.object). */
    described?: number;
    shapes: number;
    paths: number;
}

/** Shapes stored once each, by their JSON text. */
class ShapeTable {
    readonly shapes: string[] = [];
    private readonly index = new Map<string, number>();

    encode(node: Node): number {
        if (node.kind === "value") return VALUE;
        if (node.kind === "unknown") return UNKNOWN;
        const entries = [...node.fields.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        const encoded: Record<string, number> = {};
        for (const [key, field] of entries) encoded[field.array ? `${key}[]` : key] = this.encode(field.node);
        const text = JSON.stringify(encoded);
        let index = this.index.get(text);
        if (index === undefined) {
            index = this.shapes.length;
            this.shapes.push(text);
            this.index.set(text, index);
        }
        return index;
    }
}

function renderModule(constName: string, origin: string, header: string[], events: Record<string, { actions: string[]; payload: number }>, table: ShapeTable): string {
    return [
        `// Generated by providers/catalogue/generate.ts (npm run catalogue) from ${origin}: do not edit.`,
        ...header.map((line) => `// ${line}`),
        `// A field maps to a shape index, ${VALUE} (a scalar) or ${UNKNOWN} (what is below is not known).`,
        "import type { EncodedCatalogue } from \"./encoded\";",
        "",
        `export const ${constName}: EncodedCatalogue = {`,
        `    origin: "${origin}",`,
        "    events: {",
        ...Object.entries(events).map(([name, e]) => `        ${/^[a-z_]+$/.test(name) ? name : JSON.stringify(name)}: { actions: ${JSON.stringify(e.actions)}, payload: ${e.payload} },`),
        "    },",
        "    shapes: [",
        ...table.shapes.map((s) => `        ${JSON.stringify(s)},`),
        "    ],",
        "};",
        "",
    ].join("\n");
}

/** The GitHub catalogue module, from the installed examples. */
export function renderGithubCatalogue(): GeneratedCatalogue {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const definitions = require(EXAMPLES_PACKAGE) as Definition[];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const version = (require(`${EXAMPLES_PACKAGE}/package.json`) as { version: string }).version;
    const table = new ShapeTable();
    const events: Record<string, { actions: string[]; payload: number }> = {};
    const byName = new Map(definitions.map((d) => [d.name, d]));
    // `ping` only confirms a new hook: the handler acknowledges it and emits no event.
    const documented = documentedPayloads();
    const names = [...new Set([...byName.keys(), ...documented.keys()])].filter((n) => n !== "ping").sort();
    let recorded = 0;
    let paths = 0;
    for (const name of names) {
        const definition = byName.get(name);
        let node: Node = { kind: "unknown" };
        for (const example of definition?.examples ?? []) node = merge(node, nodeOf(example).node);
        if (node.kind === "object") recorded++;
        node = merge(node, documented.get(name) ?? { kind: "unknown" });
        if (node.kind === "object") {
            // Top-level fields the event's definition lists but neither source shows.
            for (const property of Object.keys(definition?.properties ?? {})) {
                if (!node.fields.has(property)) node.fields.set(property, { node: { kind: "unknown" }, array: false });
            }
            paths += countPaths(node);
        }
        const actions = [...new Set([...(definition?.actions ?? []), ...(definition?.examples ?? []).map(actionOf).filter((a): a is string => !!a)])].sort();
        events[name] = { actions, payload: table.encode(node) };
    }
    const text = renderModule("GITHUB_EVENTS", `${EXAMPLES_PACKAGE}@${version}`, [
        "Per GitHub event (X-GitHub-Event): its actions and the fields of its recorded payloads and of its payload",
        "type in @octokit/webhooks-types (the examples' own dependency), merged, arrays looked through (\"commits[]\").",
        "A field only ever null, [] or {}, or a map of any keys, is unknown.",
    ], events, table);
    return { file: "github-events.ts", text, events: names.length, recorded, shapes: table.shapes.length, paths };
}

/** How deep below `data.object` a Stripe resource is described; below it, any field is accepted. */
const STRIPE_OBJECT_DEPTH = 4;

/**
 * The Stripe catalogue module: every event type of the installed stripe package's `Event.Type`,
 * each with the event object's envelope (https://docs.stripe.com/api/events/object) and, where the
 * package declares the event's interface (`PaymentIntentSucceededEvent`), the fields of its
 * `data.object` (`data.previous_attributes` is a partial of it, so the same fields). Read with the
 * type checker from a program of Events.d.ts and what it imports, nothing else (no lib, no
 * @types): an expandable field (`string | Customer`) is both a value and the object; arrays are
 * looked through; STRIPE_OBJECT_DEPTH levels are described, deeper ones accept any field.
 */
export function renderStripeCatalogue(): GeneratedCatalogue {
    const root = packageRoot("stripe");
    const file = path.join(root, "cjs", "resources", "Events.d.ts");
    const version = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;
    const program = ts.createProgram([file], { noLib: true, noEmit: true, skipLibCheck: true, types: [] });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(file)!;
    const fail = (what: string): never => {
        throw new Error(`stripe ${version}: ${file} ${what}; update renderStripeCatalogue`);
    };
    let types: string[] = [];
    const eventInterfaces = new Map<string, ts.InterfaceDeclaration>();
    let eventBase: ts.InterfaceDeclaration | undefined;
    const visit = (node: ts.Node, namespace: string): void => {
        if (ts.isInterfaceDeclaration(node) && namespace === "") {
            if (node.name.text === "EventBase") eventBase = node;
            // `interface PaymentIntentSucceededEvent extends EventBase { type: 'payment_intent.succeeded'; data: ... }`
            const type = node.members.find((m): m is ts.PropertySignature => ts.isPropertySignature(m) && m.name.getText(source) === "type");
            if (type?.type && ts.isLiteralTypeNode(type.type) && ts.isStringLiteral(type.type.literal)) eventInterfaces.set(type.type.literal.text, node);
        }
        if (ts.isTypeAliasDeclaration(node) && `${namespace}${node.name.text}` === "Event.Type" && ts.isUnionTypeNode(node.type)) {
            types = node.type.types.flatMap((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? [t.literal.text] : []);
        }
        if (ts.isModuleDeclaration(node) && node.body && ts.isModuleBlock(node.body)) {
            const inner = `${namespace}${node.name.text}.`;
            node.body.statements.forEach((s) => visit(s, inner));
            return;
        }
        ts.forEachChild(node, (child) => visit(child, namespace));
    };
    visit(source, "");
    if (types.length === 0) fail("has no Event.Type union");
    if (!eventBase) fail("has no interface EventBase");

    // One tree per (type, depth left): the same resource under many events is built, and stored, once.
    const built = new Map<ts.Type, Map<number, { node: Node; array: boolean }>>();
    const open = new Set<ts.Type>();
    const nodeOfType = (type: ts.Type, depth: number): { node: Node; array: boolean } => {
        if (type.isUnion()) {
            let node: Node = { kind: "unknown" };
            let array = false;
            for (const member of type.types) {
                const each = nodeOfType(member, depth);
                node = merge(node, each.node);
                array ||= each.array;
            }
            return { node, array };
        }
        if (checker.isArrayType(type)) {
            return { node: nodeOfType(checker.getTypeArguments(type as ts.TypeReference)[0], depth).node, array: true };
        }
        if (type.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike)) return { node: { kind: "value" }, array: false };
        // null, any, a map of any keys (metadata), a resource already being expanded, or below the depth described: not known.
        if (!(type.flags & ts.TypeFlags.Object) || depth === 0 || open.has(type) || checker.getIndexInfosOfType(type).length > 0) return { node: { kind: "unknown" }, array: false };
        const properties = checker.getPropertiesOfType(type);
        // A class with methods (Stripe's Decimal) arrives in JSON as a string.
        if (properties.some((p) => p.flags & ts.SymbolFlags.Method)) return { node: { kind: "value" }, array: false };
        const cached = built.get(type)?.get(depth);
        if (cached) return cached;
        open.add(type);
        const fields = new Map<string, { node: Node; array: boolean }>();
        for (const property of properties) fields.set(property.name, nodeOfType(checker.getTypeOfSymbol(property), depth - 1));
        open.delete(type);
        const result = { node: fields.size === 0 ? { kind: "unknown" } as Node : { kind: "object", fields } as Node, array: false };
        if (!built.has(type)) built.set(type, new Map());
        built.get(type)!.set(depth, result);
        return result;
    };
    const envelopeFields = (): Map<string, { node: Node; array: boolean }> => {
        const fields = new Map<string, { node: Node; array: boolean }>();
        for (const property of checker.getPropertiesOfType(checker.getTypeAtLocation(eventBase!.name))) {
            fields.set(property.name, property.name === "data" ? { node: dataNode({ kind: "unknown" }), array: false } : nodeOfType(checker.getTypeOfSymbol(property), 2));
        }
        return fields;
    };
    const dataNode = (object: Node): Node => ({ kind: "object", fields: new Map([["object", { node: object, array: false }], ["previous_attributes", { node: object, array: false }]]) });

    const table = new ShapeTable();
    const envelope = envelopeFields();
    let described = 0;
    let paths = 0;
    const events: Record<string, { actions: string[]; payload: number }> = {};
    for (const type of [...types].sort()) {
        const declaration = eventInterfaces.get(type);
        const data = declaration && checker.getPropertyOfType(checker.getTypeAtLocation(declaration.name), "data");
        const object = data && checker.getPropertyOfType(checker.getTypeOfSymbol(data), "object");
        const objectNode = object ? nodeOfType(checker.getTypeOfSymbol(object), STRIPE_OBJECT_DEPTH).node : { kind: "unknown" } as Node;
        if (objectNode.kind === "object") described++;
        const payload: Node = { kind: "object", fields: new Map([...envelope, ["data", { node: dataNode(objectNode), array: false }]]) };
        paths += countPaths(payload);
        events[type] = { actions: [], payload: table.encode(payload) };
    }
    const text = renderModule("STRIPE_EVENTS", `stripe@${version}`, [
        "Every Stripe event type (the detail-type) with the event object's fields (https://docs.stripe.com/api/events/object)",
        `and the fields of its data.object (and data.previous_attributes) from the event's interface, ${STRIPE_OBJECT_DEPTH} levels deep;`,
        "an expandable field is both a value and its object, arrays are looked through (\"lines[]\"), deeper levels and maps are unknown.",
    ], events, table);
    return { file: "stripe-events.ts", text, events: types.length, recorded: 0, described, shapes: table.shapes.length, paths };
}

export const CATALOGUE_RENDERERS = [renderGithubCatalogue, renderStripeCatalogue, renderGithubShapes];

/** The installed package's folder (its exports may not list package.json or the .d.ts files read here). */
function packageRoot(name: string): string {
    let dir = path.dirname(require.resolve(name));
    while (!fs.existsSync(path.join(dir, "package.json")) || (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string }).name !== name) {
        const parent = path.dirname(dir);
        if (parent === dir) throw new Error(`cannot find the folder of the installed package ${name}`);
        dir = parent;
    }
    return dir;
}

function actionOf(example: unknown): string | undefined {
    const action = (example as { action?: unknown }).action;
    return typeof action === "string" ? action : undefined;
}

/** Leaf paths of a tree, as a flat list would hold them (the size the sharing saves). */
function countPaths(node: Node): number {
    if (node.kind !== "object") return 1;
    let total = 0;
    for (const field of node.fields.values()) total += countPaths(field.node);
    return total;
}

if (require.main === module) {
    for (const render of CATALOGUE_RENDERERS) {
        const generated = render();
        fs.writeFileSync(path.join(__dirname, generated.file), generated.text);
        console.log(`providers/catalogue/${generated.file}: ${generated.events} event types` +
            (generated.recorded ? ` (${generated.recorded} with recorded payloads)` : "") +
            (generated.described ? ` (${generated.described} with data.object fields)` : "") +
            `, ${generated.paths} field paths stored as ${generated.shapes} shared shapes, ${Buffer.byteLength(generated.text)} bytes`);
    }
}
