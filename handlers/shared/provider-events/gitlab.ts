/** GitLab: one event per delivery, the JSON payload, typed by X-Gitlab-Event ("Push Hook", "Merge Request Hook"...). */
import { parseJsonObject } from "../body";
import { DeliveryFacts, EventDraft } from "../event-drafts";

export function gitlabEvents(body: Buffer, facts: DeliveryFacts): EventDraft[] {
    const text = body.toString("utf8");
    const payload = parseJsonObject(text, "a GitLab webhook payload");
    return [{ detailType: facts.detailType!, payload, payloadText: text }];
}
