import { checkInputPathsAgainstEmittedEvents, checkPatternAgainstEmittedEvents, EmittedEventsProblem, validatePattern } from "../components/patterns";
import { ingressEmittedEvents } from "../providers/catalogue";
import { busOfRule, sameBus, StackResource, StackView, types, webhookPublishers } from "../stack";
import { KitPolicy, stackPolicy } from "./internal/define";
import { isUnknown, parseJson } from "./values";

/** The rule's name as users wrote it: its SafeRule's, when it has one. */
function ruleName(stack: StackView, rule: StackResource): string {
    const parent = stack.ancestors(rule)[0];
    return parent?.type === types.safeRule ? parent.name : rule.name;
}

/**
 * The messages every ingress of the same source agrees on: with two ingresses of one source on a
 * bus, a field one of them has is no problem.
 */
function agreedMessages(found: readonly { source: string; problems: readonly EmittedEventsProblem[] }[]): Set<string> {
    const agreed = (problem: EmittedEventsProblem, source: string) =>
        found.every((other) => other.source !== source || other.problems.some((p) => p.field === problem.field));
    return new Set(found.flatMap(({ source, problems }) => problems.filter((p) => agreed(p, source)).map((p) => p.message)));
}

/** The JSON paths a target reads: its input transformer's, by name, and its `inputPath`. */
function inputPathsOf(props: Record<string, any>): Record<string, string> {
    const paths: Record<string, string> = {};
    const transformerPaths = props.inputTransformer?.inputPaths;
    if (typeof transformerPaths === "object" && transformerPaths !== null) {
        for (const [name, path] of Object.entries(transformerPaths)) {
            if (typeof path === "string") paths[`<${name}>`] = path;
        }
    }
    if (typeof props.inputPath === "string") paths.inputPath = props.inputPath;
    return paths;
}

export const ruleMatchesIngressEvents: KitPolicy = stackPolicy({
    name: "rule-matches-ingress-events",
    description: "A rule on a bus a WebhookIngress publishes to can match what that ingress emits (its source, a detail-type it sends, detail fields its provider's payloads have), and its targets' input paths read fields those events have.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Use the value or field the message suggests. The provider's body is under detail.payload (detail.payload.action, not detail.action; $.detail.payload.repository.full_name in an input transformer) and the delivery's facts under detail.metadata; docs/event-patterns.md lists what each provider emits.",
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
        if (feeding.length === 0) {
            continue;
        }
        const pattern = parsed.value;
        for (const message of agreedMessages(feeding.map((p) => ({ source: p.emitted.source, problems: checkPatternAgainstEmittedEvents(pattern, p.emitted) })))) {
            report(`Event rule "${ruleName(stack, rule)}": ${message}`, rule.urn);
        }
        for (const target of stack.referencing(rule, types.eventTarget, "rule")) {
            const paths = inputPathsOf(target.props);
            const found = feeding.map((p) => ({ source: p.emitted.source, problems: checkInputPathsAgainstEmittedEvents(pattern, paths, p.emitted) }));
            for (const message of agreedMessages(found)) {
                report(`Event target "${target.name}" of rule "${ruleName(stack, rule)}" reads ${message}`, target.urn);
            }
        }
    }
});

export const ingressEventPolicies: KitPolicy[] = [ruleMatchesIngressEvents];
