import { explainMatch, matchesPattern, renderInputTransformer } from "../patterns";
import type { EventPattern } from "../patterns";
import type { Fail } from "../errors";
import type { RuleTarget } from "./target";

/** Sample events: a list, or a record whose keys name them in messages. */
export type ExampleEvents = readonly object[] | Readonly<Record<string, object>>;

/** Events the pattern must match and must not match, checked before anything is deployed. */
export interface RuleExamples {
    /**
     * Events the pattern must match; each input transformer is rendered for each of them.
     * @default none
     */
    readonly match?: ExampleEvents;
    /**
     * Events the pattern must not match.
     * @default none
     */
    readonly noMatch?: ExampleEvents;
}

export interface LabelledEvent {
    /** Where it came from, e.g. `examples.match[0]` or `examples.match.prOpened`. */
    readonly label: string;
    readonly event: object;
}

/** One target's input as EventBridge would deliver it for one `examples.match` event. */
export interface RenderedExample {
    /** The target's position in `targets`. */
    readonly target: number;
    /** The example it was rendered from, e.g. `examples.match.prOpened`. */
    readonly example: string;
    /** The text the target would receive. */
    readonly output: string;
}

export function labelled(events: ExampleEvents | undefined, field: string): LabelledEvent[] {
    if (events === undefined) {
        return [];
    }
    if (Array.isArray(events)) {
        return events.map((event, i) => ({ label: `${field}[${i}]`, event }));
    }
    return Object.entries(events).map(([key, event]) => ({ label: `${field}.${key}`, event }));
}

function decidingField(pattern: EventPattern, event: object): string {
    const why = explainMatch(pattern, event);
    const where = why.path ? `at ${why.path}` : "";
    return [where, why.reason].filter(Boolean).join(": ") || "no field explanation available";
}

/**
 * Every `match` event must match and every `noMatch` event must not; the first that breaks
 * this fails, naming the example and the field that decided.
 */
export function checkExamples(pattern: EventPattern, match: LabelledEvent[], noMatch: LabelledEvent[], fail: Fail): void {
    for (const { label, event } of match) {
        if (!matchesPattern(pattern, event)) {
            fail(label, `does not match the pattern (${decidingField(pattern, event)}).`,
                "Fix the pattern so this event matches, or move the event to examples.noMatch if it should not.");
        }
    }
    for (const { label, event } of noMatch) {
        if (matchesPattern(pattern, event)) {
            fail(label, `matches the pattern but must not (${decidingField(pattern, event)}).`,
                "Narrow the pattern so this event is excluded, or move the event to examples.match if it should match.");
        }
    }
}

/**
 * Renders each target's input transformer against each `match` event, as EventBridge would.
 * `ruleArn` stands in for `<aws.events.rule-arn>`: the account and region are only known at
 * deploy time, so it may hold placeholders for them.
 */
export function renderExamples(targets: readonly RuleTarget[], match: LabelledEvent[], rule: { name: string; arn: string }, fail: Fail): RenderedExample[] {
    const rendered: RenderedExample[] = [];
    targets.forEach((target, index) => {
        if (!target.inputTransformer) {
            return;
        }
        for (const { label, event } of match) {
            let output: string;
            try {
                output = renderInputTransformer(target.inputTransformer, event, { ruleName: rule.name, ruleArn: rule.arn });
            } catch (err) {
                return fail(`targets[${index}].input`, `cannot be rendered for ${label} (${target.description}): ${(err as Error).message}`,
                    "Fix the transformer's paths or template so every matching event renders.");
            }
            rendered.push({ target: index, example: label, output });
        }
    });
    return rendered;
}
