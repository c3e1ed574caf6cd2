/**
 * Which deliveries the redelivery function asks GitHub for (handlers/github-redelivery/select.ts),
 * case by case and as properties over random lists of attempts.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { DeliveryAttempt, deliveriesToRedeliver } from "../../handlers/github-redelivery/select";

const NOW = Date.parse("2026-12-07T12:00:00Z");
const window = { oldestMs: NOW - 3 * 86_400_000, newestMs: NOW - 30_000 };
let id = 1;
const at = (guid: string, secondsAgo: number, status_code: number, redelivery = false): DeliveryAttempt =>
    ({ id: id++, guid, delivered_at: new Date(NOW - secondsAgo * 1000).toISOString(), redelivery, status_code, event: "push" });
const guids = (attempts: DeliveryAttempt[], asked: string[] = []) => deliveriesToRedeliver(attempts, window, new Set(asked)).map((c) => c.attempt.guid);

describe("handlers/github-redelivery: choosing what to redeliver", () => {
    it("every non-2xx counts as failed: 0 (timeout), 3xx, 4xx, 5xx; 2xx never", () => {
        assert.deepStrictEqual(guids([at("t", 60, 0), at("r", 70, 301), at("c", 80, 429), at("s", 90, 503), at("ok", 100, 204), at("ok2", 110, 200)]), ["s", "c", "r", "t"]);
    });

    it("leaves an event with any successful or redelivered attempt, one asked for already, one outside the window, one still settling", () => {
        assert.deepStrictEqual(guids([
            at("fixed", 60, 200, true), at("fixed", 120, 500),
            at("asked", 60, 500, true), at("asked", 120, 500),
            at("here", 600, 500),
            at("remembered", 600, 500),
            at("old", 3 * 86_400 + 1, 500),
            at("edge", 3 * 86_400, 500),
            at("settling", 10, 500),
        ], ["remembered"]), ["edge", "here"]);
    });

    it("asks by the event's newest attempt and counts its failed attempts", () => {
        const newer = at("g", 100, 502);
        const [choice] = deliveriesToRedeliver([newer, at("g", 200, 500)], window, new Set());
        assert.deepStrictEqual([choice.attempt, choice.failedAttempts], [newer, 2]);
    });

    it("property: each event at most once; none with a 2xx or a redelivery; all chosen are in the window; every unchosen failure has a reason", () => {
        const attemptArb = fc.record({
            guid: fc.constantFrom("a", "b", "c", "d", "e"),
            secondsAgo: fc.integer({ min: 0, max: 4 * 86_400 }),
            status_code: fc.constantFrom(0, 200, 201, 302, 404, 429, 500, 503),
            redelivery: fc.boolean(),
        });
        fc.assert(fc.property(fc.array(attemptArb, { maxLength: 30 }), fc.subarray(["a", "b", "c", "d", "e"]), (specs, asked) => {
            const attempts = specs.map((s) => at(s.guid, s.secondsAgo, s.status_code, s.redelivery));
            const chosen = guids(attempts, asked);
            assert.strictEqual(new Set(chosen).size, chosen.length);
            for (const guid of new Set(attempts.map((a) => a.guid))) {
                const group = attempts.filter((a) => a.guid === guid);
                const times = group.map((a) => Date.parse(a.delivered_at));
                const eligible = !asked.includes(guid) && group.every((a) => a.status_code < 200 || a.status_code >= 300) && group.every((a) => !a.redelivery)
                    && Math.min(...times) >= window.oldestMs && Math.max(...times) <= window.newestMs;
                assert.strictEqual(chosen.includes(guid), eligible, guid);
            }
        }), { numRuns: 500 });
    });
});
