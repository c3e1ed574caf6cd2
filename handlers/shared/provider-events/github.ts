/**
 * GitHub: the JSON payload (or the JSON in a form body's `payload=` field), checked against the
 * unsigned X-GitHub-Event for the events whose body has a known shape; `ping` has no event.
 */
import { parseJsonText } from "../body";
import { DeliveryFacts, EventDraft, MalformedError } from "../event-drafts";

/** Top-level fields that every payload of these events has; a mismatch means the header lies. */
const EVENT_SHAPES: Record<string, readonly string[]> = {
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

export function githubEvents(body: Buffer, facts: DeliveryFacts): EventDraft[] {
    const text = facts.bodyFormat === "form" ? new URLSearchParams(body.toString("utf8")).get("payload") : body.toString("utf8");
    if (text === null) throw new MalformedError("a form-encoded GitHub delivery has no payload field");
    const payload = parseJsonText(text);
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
        throw new MalformedError("a GitHub payload must be a JSON object");
    }
    const event = facts.detailType!;
    const missing = (EVENT_SHAPES[event] ?? []).filter((field) => !(field in payload));
    if (missing.length > 0) {
        throw new MalformedError(`X-GitHub-Event is "${event}" but the payload has no ${missing.join(", ")}`);
    }
    // A ping only confirms the hook works; it carries no activity to route.
    if (event === "ping") return [];
    return [{ detailType: event, payload, payloadText: text }];
}
