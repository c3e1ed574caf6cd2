/**
 * GitHub: the JSON payload (or the JSON in a form body's one `payload=` field), checked against
 * the unsigned X-GitHub-Event with the table of every event GitHub documents (generated from its
 * OpenAPI webhook schemas): the body must have every field that event always has, and no field
 * only other events have. So a captured body cannot be replayed under another event name (a
 * `create` as `delete`, a `push` as `workflow_dispatch`), and a name GitHub does not document is
 * refused. `ping` has no event.
 */
import { GITHUB_EVENT_TABLE } from "../../../providers";
import { parseJsonObject } from "../body";
import { DeliveryFacts, EventDraft, MalformedError } from "../event-drafts";

interface EventShape {
    /** Fields every body of the event has (those that tell it apart from the others). */
    required: readonly string[];
    /** The distinctive fields its bodies may have. */
    allowed: ReadonlySet<string>;
}

/** Fields some event always has: one of these in a body whose event may not have it means the header lies. */
const DISTINCTIVE_FIELDS: readonly string[] = GITHUB_EVENT_TABLE.distinctive.split(" ");
const DISTINCTIVE = new Set(DISTINCTIVE_FIELDS);

const EVENTS = new Map<string, EventShape>(
    Object.entries(GITHUB_EVENT_TABLE.events).map(([name, encoded]) => {
        const [required, allowed] = encoded.split("|");
        return [name, {
            required: required ? required.split(" ") : [],
            allowed: new Set(allowed ? allowed.split(" ").map((index) => DISTINCTIVE_FIELDS[parseInt(index, 36)]) : []),
        }];
    }),
);

/** Every event name GitHub documents. */
export const GITHUB_EVENT_NAMES: readonly string[] = [...EVENTS.keys()];

/** Why the body cannot be an `event` payload, or undefined when it can. */
export function githubEventContradiction(event: string, payload: object): string | undefined {
    const shape = EVENTS.get(event);
    if (!shape) return `X-GitHub-Event "${event}" is not an event GitHub documents`;
    const missing = shape.required.filter((field) => !Object.hasOwn(payload, field));
    if (missing.length > 0) return `X-GitHub-Event is "${event}" but the payload has no ${missing.join(", ")}`;
    const foreign = Object.keys(payload).filter((field) => DISTINCTIVE.has(field) && !shape.allowed.has(field));
    if (foreign.length > 0) return `X-GitHub-Event is "${event}" but the payload has ${foreign.join(", ")}, which that event never has`;
    return undefined;
}

export function githubEvents(body: Buffer, facts: DeliveryFacts): EventDraft[] {
    const text = facts.bodyFormat === "form" ? formPayload(body) : body.toString("utf8");
    const payload = parseJsonObject(text, "a GitHub payload");
    const event = facts.detailType!;
    const contradiction = githubEventContradiction(event, payload);
    if (contradiction) throw new MalformedError(contradiction);
    // A ping only confirms the hook works; it carries no activity to route.
    if (event === "ping") return [];
    return [{ detailType: event, payload, payloadText: text }];
}

/** GitHub's form body is exactly one field, `payload`, holding the JSON; anything else is not GitHub's. */
function formPayload(body: Buffer): string {
    const fields = [...new URLSearchParams(body.toString("utf8"))];
    if (fields.length !== 1 || fields[0][0] !== "payload") {
        throw new MalformedError("a form-encoded GitHub delivery must be exactly one payload field");
    }
    return fields[0][1];
}
