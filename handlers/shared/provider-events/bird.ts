/**
 * Bird (SparkPost events): a JSON array of records, one event per record typed by its `type`
 * (else its category), with its position in the batch; a record with an empty `msys` (the test
 * batch) has no event.
 */
import { parseJson } from "../body";
import { EventDraft, isValidDetailType, MalformedError } from "../event-drafts";

export function birdEvents(body: Buffer): EventDraft[] {
    const records = parseJson(body);
    if (!Array.isArray(records) || records.length === 0) {
        throw new MalformedError("a Bird batch must be a non-empty JSON array of event records");
    }
    const drafts: EventDraft[] = [];
    records.forEach((record, recordIndex) => {
        const msys = typeof record === "object" && record !== null ? (record as { msys?: unknown }).msys : undefined;
        if (typeof msys !== "object" || msys === null || Array.isArray(msys)) {
            throw new MalformedError(`record ${recordIndex} of the Bird batch has no msys object`);
        }
        const categories = Object.keys(msys);
        if (categories.length === 0) return; // test record
        const category = categories[0];
        const type = (msys as Record<string, { type?: unknown } | undefined>)[category]?.type;
        drafts.push({ detailType: isValidDetailType(type) ? type : category, payload: record, recordIndex });
    });
    return drafts;
}
