/** Provider drafts to the events every consumer sees: source, detail-type, and `{ metadata, payload }`. */
import type { EventMetadata, ProviderName, VerifiedEvent } from "../shared/events";
import type { DeliveryFacts, EventDraft } from "./providers/types";

export function toVerifiedEvents(
    drafts: readonly EventDraft[],
    provider: ProviderName,
    source: string,
    facts: DeliveryFacts,
    receivedAt: string,
): VerifiedEvent[] {
    return drafts.map((draft) => {
        const metadata: EventMetadata = { provider, deliveryId: facts.deliveryId, receivedAt };
        if (facts.hookId !== undefined) metadata.hookId = facts.hookId;
        if (facts.batchId !== undefined) metadata.batchId = facts.batchId;
        if (draft.recordIndex !== undefined) metadata.recordIndex = draft.recordIndex;
        return { source, detailType: draft.detailType, detail: { metadata, payload: draft.payload } };
    });
}
