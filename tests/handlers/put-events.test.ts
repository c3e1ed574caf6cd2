/**
 * putEventsReliably on its own: an entry counts as delivered only when a PutEvents answer
 * confirmed it (an EventId and no ErrorCode, in a result list as long as the call), whatever
 * FailedEntryCount says and however little time is left.
 */
import * as assert from "assert";
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { Deadline } from "../../handlers/shared/deadline";
import { Logger } from "../../handlers/shared/log";
import { putEventsReliably } from "../../handlers/shared/put-events";
import { mocks, putEventsEntries, resetMocks, testClock } from "./support";

const entries: PutEventsRequestEntry[] = Array.from({ length: 3 }, (_, i) => ({ EventBusName: "bus", Source: "test", DetailType: "t", Detail: `{"i":${i}}` }));

function run(budgetMs: number) {
    const clock = testClock();
    return putEventsReliably(entries, {
        client: new EventBridgeClient({ region: "us-east-1" }),
        deadline: Deadline.within(budgetMs, clock.now),
        log: new Logger({}, "info", () => undefined),
        sleep: clock.sleep,
        random: () => 0.5,
    });
}

const confirmAll = (input: { Entries: PutEventsRequestEntry[] }) => ({
    FailedEntryCount: 0,
    Entries: input.Entries.map((_, i) => ({ EventId: `ok-${i}` })),
});

/** The first call gets `first`; every later call confirms every entry. */
function firstAnswerThenConfirmed(first: object): void {
    mocks.eventBridge.on(PutEventsCommand).resolvesOnce(first).callsFake(confirmAll);
}

function thenAllConfirmed(): void {
    mocks.eventBridge.on(PutEventsCommand).callsFake(confirmAll);
}

describe("handlers/shared/put-events", () => {
    beforeEach(() => resetMocks());

    it("fails every entry, with no call made, when the budget is spent before the first attempt", async () => {
        thenAllConfirmed();
        const result = await run(0);
        assert.deepStrictEqual([result.delivered, result.calls, result.failed.map((f) => f.entry)], [0, 0, entries]);
        assert.deepStrictEqual([...new Set(result.failed.map((f) => f.errorCode))], ["DeadlineExceeded"]);
        assert.strictEqual(putEventsEntries().length, 0);
    });

    it("does not trust FailedEntryCount: 0 when an entry has no EventId or has an ErrorCode", async () => {
        for (const unconfirmed of [{}, { EventId: "e-1", ErrorCode: "InternalFailure", ErrorMessage: "x" }]) {
            resetMocks();
            firstAnswerThenConfirmed({ FailedEntryCount: 0, Entries: [{ EventId: "a" }, unconfirmed, { EventId: "c" }] });
            const result = await run(5000);
            assert.deepStrictEqual([result.delivered, result.failed], [3, []]);
            assert.deepStrictEqual(putEventsEntries(), [entries, [entries[1]]], JSON.stringify(unconfirmed));
        }
    });

    it("fails the whole call when the result list is not as long as the entries", async () => {
        for (const results of [[{ EventId: "a" }, { EventId: "b" }], [{ EventId: "a" }, { EventId: "b" }, { EventId: "c" }, { EventId: "d" }]]) {
            resetMocks();
            firstAnswerThenConfirmed({ FailedEntryCount: 0, Entries: results });
            const result = await run(5000);
            assert.deepStrictEqual([result.delivered, result.failed], [3, []]);
            assert.deepStrictEqual(putEventsEntries(), [entries, entries], `${results.length} results`);
        }
        resetMocks();
        mocks.eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "a" }] });
        const never = await run(2000);
        assert.deepStrictEqual([never.delivered, never.failed.map((f) => [f.entry, f.errorCode])], [0, entries.map((e) => [e, "ResultCountMismatch"])]);
    });

    it("reports the last error of each entry still unconfirmed at the deadline, and the confirmed ones as delivered", async () => {
        mocks.eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => ({
            FailedEntryCount: 1,
            Entries: input.Entries.map((e) => (e.Detail === '{"i":2}' ? { ErrorCode: "ThrottlingException", ErrorMessage: "slow" } : { EventId: "x" })),
        }));
        const result = await run(3000);
        assert.deepStrictEqual([result.delivered, result.failed.map((f) => [f.entry, f.errorCode])], [2, [[entries[2], "ThrottlingException"]]]);
        assert.ok(result.calls > 2, "retried until the deadline");
    });
});
