import * as pulumi from "@pulumi/pulumi";
import { matchesPattern } from "../patterns";
import type { EventPattern } from "../patterns";
import type { Fail } from "../errors";
import { decidedOnPlainValues, describeEventBus, EventBusRef, sameEventBus, sameEventBusResolved } from "../internal/event-bus";
import { emittedSamples } from "./emits";
import type { LabelledEvent } from "./examples";
import { isKnownPublisherTo } from "./program-record";
import type { RuleTarget } from "./target";

/** What identifies a sample event in a message: its source and detail-type. */
function describeEvent(event: object): string {
    const e = event as Record<string, unknown>;
    const parts = [["source", e.source], ["detail-type", e["detail-type"]]]
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k} ${JSON.stringify(v)}`);
    return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

/** A way a target would make the rule trigger itself if `bus` is the rule's bus. */
interface PossibleLoop {
    readonly bus: EventBusRef;
    explain(ruleBus: string): string;
}

/**
 * Every loop each target would close if the bus it publishes to were the rule's. An `emits`
 * function is judged on what it returns for the rule's `examples.match` events.
 */
function possibleLoops(pattern: EventPattern, targets: readonly RuleTarget[], matchExamples: readonly LabelledEvent[], fail: Fail): PossibleLoop[] {
    const loops: PossibleLoop[] = [];
    targets.forEach((target, index) => {
        const who = `targets[${index}] (${target.description})`;
        if (target.kind === "eventBus") {
            loops.push({
                bus: target.identity as EventBusRef,
                explain: (ruleBus) => `${who} forwards every matched event to ${ruleBus}, the bus this rule listens on; the forwarded event matches the rule again, forever`,
            });
        }
        const emits = target.emits;
        if (!emits) return;
        for (const { label, event } of emittedSamples(emits, matchExamples, `targets[${index}]`, fail)) {
            if (matchesPattern(pattern, event)) {
                loops.push({
                    bus: emits.bus,
                    explain: (ruleBus) => `${who} publishes to ${ruleBus}, the bus this rule listens on, and its ${label}${describeEvent(event)} matches this rule's pattern: each delivery triggers the rule again`,
                });
            }
        }
    });
    return loops;
}

/** Each way a target certainly makes the rule trigger itself, judged on plain values. */
export function findLoops(pattern: EventPattern, ruleBus: EventBusRef | undefined, targets: readonly RuleTarget[], matchExamples: readonly LabelledEvent[], fail: Fail): string[] {
    return possibleLoops(pattern, targets, matchExamples, fail).filter((loop) => sameEventBus(loop.bus, ruleBus)).map((loop) => loop.explain(describeEventBus(ruleBus)));
}

function refuseLoops(loops: string[], fail: Fail): never {
    return fail("targets", `the rule would trigger itself: ${loops.join("; ")}. An event loop runs until throttled and is billed per event.`,
        "Narrow the pattern so it excludes what the target publishes (e.g. by source or detail-type), publish to another bus, or set allowLoop: \"<why the loop ends>\" if it is bounded.");
}

/**
 * Refuses a rule that triggers itself unless `allowLoop` explains why the loop ends; returns
 * warnings for what it cannot decide (a target known to publish to this bus that declares
 * nothing, an `allowLoop` with no loop to allow). Buses it cannot compare on plain values (a
 * resource and a name, an Output) are left to `checkLoopsOnceResolved`.
 */
export function guardLoops(
    pattern: EventPattern, ruleBus: EventBusRef | undefined, targets: readonly RuleTarget[], allowLoop: string | undefined, fail: Fail,
    matchExamples: readonly LabelledEvent[] = [],
): string[] {
    if (allowLoop !== undefined && allowLoop.trim() === "") {
        fail("allowLoop", "is empty.", "Give the reason the loop ends (e.g. \"the function only re-publishes events with detail.retry < 3\"), or remove allowLoop.");
    }
    const warnings: string[] = [];
    const loops = findLoops(pattern, ruleBus, targets, matchExamples, fail);
    if (loops.length > 0 && allowLoop === undefined) {
        refuseLoops(loops, fail);
    }
    const undecided = possibleLoops(pattern, targets, matchExamples, fail).some((loop) => !decidedOnPlainValues(loop.bus, ruleBus));
    if (loops.length === 0 && !undecided && allowLoop !== undefined) {
        warnings.push(noLoopToAllow(allowLoop));
    }
    targets.forEach((target, index) => {
        if (!target.emits && isKnownPublisherTo(target.identity, ruleBus)) {
            warnings.push(`targets[${index}] (${target.description}) can publish to ${describeEventBus(ruleBus)}, the bus this rule listens on, but declares no emits; declare what it publishes (emits: { bus, events }) so the loop guard can check it.`);
        }
    });
    return warnings;
}

function noLoopToAllow(allowLoop: string): string {
    return `allowLoop is set ("${allowLoop}") but no target loops back into this rule; remove allowLoop so a future loop is caught.`;
}

/**
 * The loops `guardLoops` could not decide, checked once the buses' names and ARNs are known:
 * fails (in apply, so the update stops before the rule is created) when one closes and
 * allowLoop is unset. Undefined when there is nothing left to check.
 */
export function checkLoopsOnceResolved(
    pattern: EventPattern, ruleBus: EventBusRef | undefined, targets: readonly RuleTarget[], allowLoop: string | undefined, fail: Fail, warn: (message: string) => void,
    matchExamples: readonly LabelledEvent[] = [],
): pulumi.Output<true> | undefined {
    const undecided = possibleLoops(pattern, targets, matchExamples, fail).filter((loop) => !decidedOnPlainValues(loop.bus, ruleBus));
    if (undecided.length === 0) {
        return undefined;
    }
    const certain = findLoops(pattern, ruleBus, targets, matchExamples, fail).length > 0;
    return pulumi.all(undecided.map((loop) => sameEventBusResolved(loop.bus, ruleBus))).apply((resolved) => {
        const loops = undecided.flatMap((loop, i) => (resolved[i].same ? [loop.explain(describeEventBus(resolved[i].name))] : []));
        if (loops.length > 0 && allowLoop === undefined) {
            refuseLoops(loops, fail);
        }
        if (loops.length === 0 && !certain && allowLoop !== undefined) {
            warn(noLoopToAllow(allowLoop));
        }
        return true as const;
    });
}
