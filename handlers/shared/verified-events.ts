/** Provider drafts to the events every consumer sees: source, detail-type, and `{ metadata, payload }`. */
import type { DeliveryFacts, EventDraft } from "./event-drafts";
import { EventMetadata, ProviderName, rememberPayloadText, VerifiedEvent } from "./events";

export function toVerifiedEvents(
    drafts: readonly EventDraft[],
    provider: ProviderName,
    source: string,
    facts: DeliveryFacts,
    receivedAt: string,
    /** False when a hook will see (and may change) the events. */
    reusePayloadText: boolean,
): VerifiedEvent[] {
    return drafts.map((draft) => {
        if (reusePayloadText && draft.payloadText !== undefined) rememberPayloadText(draft.payload, draft.payloadText);
        const metadata: EventMetadata = { provider, deliveryId: facts.deliveryId, receivedAt };
        if (facts.hookId !== undefined) metadata.hookId = facts.hookId;
        if (facts.batchId !== undefined) metadata.batchId = facts.batchId;
        if (draft.recordIndex !== undefined) metadata.recordIndex = draft.recordIndex;
        if (facts.shopDomain !== undefined) metadata.shopDomain = facts.shopDomain;
        if (facts.retryNum !== undefined) metadata.retryNum = facts.retryNum;
        return { source, detailType: draft.detailType, detail: { metadata, payload: draft.payload } };
    });
}
