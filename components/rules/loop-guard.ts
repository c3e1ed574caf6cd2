import { matchesPattern } from "../patterns";
import type { EventPattern } from "../patterns";
import type { Fail } from "../internal/errors";
import { describeEventBus, EventBusRef, sameEventBus } from "../internal/event-bus";
import { isKnownPublisherTo } from "../internal/publishers";
import type { RuleTarget } from "./target";

/** What identifies a sample event in a message: its source and detail-type. */
function describeEvent(event: object): string {
    const e = event as Record<string, unknown>;
    const parts = [["source", e.source], ["detail-type", e["detail-type"]]]
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k} ${JSON.stringify(v)}`);
    return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

/** Each way a target makes the rule trigger itself, explained. */
export function findLoops(pattern: EventPattern, ruleBus: EventBusRef | undefined, targets: readonly RuleTarget[]): string[] {
    const loops: string[] = [];
    targets.forEach((target, index) => {
        const who = `targets[${index}] (${target.description})`;
        if (target.kind === "eventBus" && sameEventBus(target.identity as EventBusRef, ruleBus)) {
            loops.push(`${who} forwards every matched event to ${describeEventBus(ruleBus)}, the bus this rule listens on; the forwarded event matches the rule again, forever`);
        }
        const emits = target.emits;
        if (emits && sameEventBus(emits.bus, ruleBus)) {
            emits.events.forEach((event, i) => {
                if (matchesPattern(pattern, event)) {
                    loops.push(`${who} publishes to ${describeEventBus(ruleBus)}, the bus this rule listens on, and its emits.events[${i}]${describeEvent(event)} matches this rule's pattern: each delivery triggers the rule again`);
                }
            });
        }
    });
    return loops;
}

/**
 * Refuses a rule that triggers itself unless `allowLoop` explains why the loop ends; returns
 * warnings for what it cannot decide (a target known to publish to this bus that declares
 * nothing, an `allowLoop` with no loop to allow).
 */
export function guardLoops(pattern: EventPattern, ruleBus: EventBusRef | undefined, targets: readonly RuleTarget[], allowLoop: string | undefined, fail: Fail): string[] {
    if (allowLoop !== undefined && allowLoop.trim() === "") {
        fail("allowLoop", "is empty.", "Give the reason the loop ends (e.g. \"the function only re-publishes events with detail.retry < 3\"), or remove allowLoop.");
    }
    const warnings: string[] = [];
    const loops = findLoops(pattern, ruleBus, targets);
    if (loops.length > 0 && allowLoop === undefined) {
        fail("targets", `the rule would trigger itself: ${loops.join("; ")}. An event loop runs until throttled and is billed per event.`,
            "Narrow the pattern so it excludes what the target publishes (e.g. by source or detail-type), publish to another bus, or set allowLoop: \"<why the loop ends>\" if it is bounded.");
    }
    if (loops.length === 0 && allowLoop !== undefined) {
        warnings.push(`allowLoop is set ("${allowLoop}") but no target loops back into this rule; remove allowLoop so a future loop is caught.`);
    }
    targets.forEach((target, index) => {
        if (!target.emits && isKnownPublisherTo(target.identity, ruleBus)) {
            warnings.push(`targets[${index}] (${target.description}) can publish to ${describeEventBus(ruleBus)}, the bus this rule listens on, but declares no emits; declare what it publishes (emits: { bus, events }) so the loop guard can check it.`);
        }
    });
    return warnings;
}
