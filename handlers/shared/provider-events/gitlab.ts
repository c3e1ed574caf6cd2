/** GitLab: one event per delivery, the JSON payload, typed by X-Gitlab-Event ("Push Hook", "Merge Request Hook"...). */
import { parseJsonText } from "../body";
import { DeliveryFacts, EventDraft, MalformedError } from "../event-drafts";

export function gitlabEvents(body: Buffer, facts: DeliveryFacts): EventDraft[] {
    const text = body.toString("utf8");
    const payload = parseJsonText(text);
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
        throw new MalformedError("a GitLab webhook payload must be a JSON object");
    }
    return [{ detailType: facts.detailType!, payload, payloadText: text }];
}
