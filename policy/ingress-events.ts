import { checkPatternAgainstEmittedEvents, EmittedEventsProblem, validatePattern } from "../components/patterns";
import { ingressEmittedEvents } from "../providers/catalogue";
import { busOfRule, sameBus, StackResource, StackView, types, webhookPublishers } from "../stack";
import { KitPolicy, stackPolicy } from "./internal/define";
import { isUnknown, parseJson } from "./internal/values";

/** The rule's name as users wrote it: its SafeRule's, when it has one. */
function ruleName(stack: StackView, rule: StackResource): string {
    const parent = stack.ancestors(rule)[0];
    return parent?.type === types.safeRule ? parent.name : rule.name;
}

export const ruleMatchesIngressEvents: KitPolicy = stackPolicy({
    name: "rule-matches-ingress-events",
    description: "A rule on a bus a WebhookIngress publishes to can match what that ingress emits: its source, a detail-type it sends, and detail fields its provider's payloads have.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Use the value or field the message suggests. The provider's body is under detail.payload (detail.payload.action, not detail.action) and the delivery's facts under detail.metadata; docs/event-patterns.md lists what each provider emits.",
}, (stack, report) => {
    const publishers = webhookPublishers(stack).flatMap((publisher) => {
        const emitted = publisher.settings && ingressEmittedEvents(publisher.settings, `WebhookIngress "${publisher.ingress.name}"`);
        return emitted ? [{ ...publisher, emitted }] : [];
    });
    if (publishers.length === 0) {
        return;
    }
    for (const rule of stack.ofType(types.eventRule)) {
        const parsed = parseJson(rule.props.eventPattern);
        if (isUnknown(parsed) || !parsed.ok || typeof parsed.value !== "object" || parsed.value === null || validatePattern(parsed.value).length > 0) {
            continue;
        }
        const bus = busOfRule(stack, rule);
        const feeding = bus === undefined ? [] : publishers.filter((p) => p.buses.some((b) => sameBus(b, bus)));
        const found = feeding.map((p) => ({ source: p.emitted.source, problems: checkPatternAgainstEmittedEvents(parsed.value, p.emitted) }));
        // Two ingresses of the same source on one bus: a field one of them has is no problem.
        const agreed = (problem: EmittedEventsProblem, source: string) =>
            found.every((other) => other.source !== source || other.problems.some((p) => p.field === problem.field));
        const messages = new Set(found.flatMap(({ source, problems }) => problems.filter((p) => agreed(p, source)).map((p) => p.message)));
        for (const message of messages) {
            report(`Event rule "${ruleName(stack, rule)}": ${message}`, rule.urn);
        }
    }
});

export const ingressEventPolicies: KitPolicy[] = [ruleMatchesIngressEvents];
