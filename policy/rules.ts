import { lintPattern, validatePattern } from "../components/patterns";
import { KitPolicy, resourcePolicy, stackPolicy } from "./internal/define";
import { types } from "../stack";
import { isUnknown, parseJson } from "./values";

/** The rule's pattern as an object; undefined when the rule has none or it is unknown/invalid. */
function patternOf(props: Record<string, any>): object | undefined {
    const parsed = parseJson(props.eventPattern);
    return !isUnknown(parsed) && parsed.ok && parsed.value && typeof parsed.value === "object" ? parsed.value : undefined;
}

export const eventRulePatternValid: KitPolicy = resourcePolicy({
    name: "event-rule-pattern-valid",
    description: "An event rule's pattern is valid JSON that EventBridge accepts (checked with EventBridge's own pattern rules).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Fix the pattern so it passes validatePattern from eventbridge-kit/patterns, or build the rule with SafeRule, which validates the pattern before anything is created.",
    resourceTypes: [types.eventRule],
}, (props, report) => {
    if (props.eventPattern === undefined) {
        if (props.scheduleExpression === undefined) {
            report("The rule has neither an eventPattern nor a scheduleExpression; EventBridge rejects it.");
        }
        return;
    }
    const parsed = parseJson(props.eventPattern);
    if (isUnknown(parsed)) {
        return;
    }
    if (!parsed.ok) {
        report(`eventPattern is not valid JSON: ${parsed.error}.`);
        return;
    }
    for (const problem of validatePattern(parsed.value)) {
        report(`eventPattern ${problem.path}: ${problem.message}`);
    }
});

export const eventRulePatternScoped: KitPolicy = resourcePolicy({
    name: "event-rule-pattern-scoped",
    description: "An event rule's pattern names its source and is not match-all, so new event types do not start matching later.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Scope the pattern by `source` and `detail-type` (and add content filters); never use an empty or prefix-only pattern that matches everything on the bus.",
    resourceTypes: [types.eventRule],
}, (props, report) => {
    const pattern = patternOf(props);
    if (!pattern || validatePattern(pattern).length > 0) {
        return;
    }
    for (const finding of lintPattern(pattern)) {
        if (finding.level === "error") {
            report(`eventPattern ${finding.path}: ${finding.message} (${finding.rule})`);
        }
    }
});

/** @deprecated Use {@link eventRulePatternScoped}: the export is named after its rule. */
export const eventRulePatternLint = eventRulePatternScoped;

interface PatternAdviceConfig {
    maxValueListLength: number;
}

export const eventRulePatternAdvice: KitPolicy = resourcePolicy<PatternAdviceConfig>({
    name: "event-rule-pattern-advice",
    description: "An event rule's pattern follows EventBridge's advice: scoped by detail-type, content filters rather than bare `exists`, `$or` rather than long value lists.",
    enforcementLevel: "advisory",
    severity: "low",
    remediationSteps: "Apply the suggestion in the message; lintPattern from eventbridge-kit/patterns shows the same findings locally.",
    configSchema: {
        properties: {
            maxValueListLength: { type: "integer", minimum: 1, default: 10, description: "Longest value list before suggesting `$or` or a prefix." },
        },
    },
    resourceTypes: [types.eventRule],
}, (props, report, config) => {
    const pattern = patternOf(props);
    if (!pattern || validatePattern(pattern).length > 0) {
        return;
    }
    for (const finding of lintPattern(pattern, { maxValueListLength: config.maxValueListLength })) {
        if (finding.level === "warn") {
            report(`eventPattern ${finding.path}: ${finding.message} (${finding.rule})`);
        }
    }
});

export const eventRuleHasTarget: KitPolicy = stackPolicy({
    name: "event-rule-has-target",
    description: "Every event rule has at least one target; a rule without targets matches events and drops them.",
    enforcementLevel: "advisory",
    severity: "low",
    remediationSteps: "Add a target to the rule (SafeRule requires at least one), or delete the rule.",
}, (stack, report) => {
    for (const rule of stack.ofType(types.eventRule)) {
        if (stack.referencing(rule, types.eventTarget, "rule").length === 0) {
            report(`Event rule "${rule.name}" has no target: the events it matches go nowhere.`, rule.urn);
        }
    }
});

export const rulePolicies: KitPolicy[] = [eventRulePatternValid, eventRulePatternScoped, eventRulePatternAdvice, eventRuleHasTarget];
