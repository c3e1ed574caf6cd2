import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { lintPattern, validateInputTransformer, validatePattern } from "../patterns";
import type { EventPattern, LintLevel, LintRuleId } from "../patterns";
import { Fail, failFor } from "../errors";
import { eventBusArnOf, eventBusNameOf, parseArn } from "../internal/arns";
import { DEFAULT_EVENT_BUS, EventBusComponent, EventBusRef, eventBusNameInput, eventBusRefOf, isEventBusResource } from "../internal/event-bus";
import { MAX_TARGETS_PER_RULE } from "../internal/limits";
import { eventBridgeNameProblem, generateEventBridgeName } from "../internal/names";
import { DeadLetterQueueOption, isDeadLetterQueueOption, ruleDeadLetterQueue } from "./dead-letter";
import { checkEmits, emittedSamples } from "./emits";
import { checkExamples, labelled, LabelledEvent, RenderedExample, renderExamples, RuleExamples } from "./examples";
import { checkLoopsOnceResolved, guardLoops } from "./loop-guard";
import { recordEmitsFunction } from "./program-record";
import { ResolvedRetryPolicy, resolveRetryPolicy, RetryPolicy } from "./retry-policy";
import { createRuntimeGuard, ResolvedRuntimeGuard, resolveRuntimeGuard, RuntimeGuardOptions } from "./runtime-guard";
import { createRuleTargets } from "./rule-targets";
import type { RuleTarget } from "./target";
import { COMPONENT_TYPES } from "../../providers";

const COMPONENT = "SafeRule";

/** How the pattern is linted (see `lintPattern` in eventbridge-kit/patterns). */
export interface SafeRuleLintOptions {
    /**
     * Per-rule levels: `error` fails construction, `warn` logs a warning, `off` silences.
     * @default `DEFAULT_LINT_LEVELS` of eventbridge-kit/patterns (`missing-source` and `match-all` are errors)
     */
    readonly levels?: Partial<Record<LintRuleId, LintLevel | "off">>;
    /**
     * The bus receives events from other accounts: the pattern should pin `account`.
     * @default false
     */
    readonly crossAccount?: boolean;
    /**
     * The bus receives events from other regions: the pattern should pin `region`.
     * @default false
     */
    readonly crossRegion?: boolean;
    /**
     * Longest value list before `long-value-list` suggests `$or` or a prefix.
     * @default 10
     */
    readonly maxValueListLength?: number;
}

/** The arguments of a {@link SafeRule}: its pattern, the events that prove it, its targets and how failures are handled. */
export interface SafeRuleArgs {
    /**
     * The bus the rule listens on: the resource, a SafeEventBus, or its name or ARN.
     * @default the account's default bus
     */
    readonly eventBus?: EventBusRef | EventBusComponent;
    /** The event pattern, typed. Validated with EventBridge's rules before anything is created. */
    readonly pattern: EventPattern;
    /**
     * Events that must match and must not match; checked at construction, so `pulumi preview` fails when a change breaks them.
     * @default none (no events checked; input transformers are then not rendered)
     */
    readonly examples?: RuleExamples;
    /** Up to 5 targets: `targets.lambda(fn)`, `targets.queue(q)`..., or any RuleTarget (e.g. an ApiDestinationTarget). */
    readonly targets: readonly RuleTarget[];
    /**
     * Retries before the dead-letter queue; both fields are always sent.
     * @default EventBridge's: 185 attempts, 86400 s
     */
    readonly retryPolicy?: RetryPolicy;
    /**
     * Where events go once the retry policy gives up: `"create"` (an encrypted standard queue for
     * this rule, with a policy scoped to it and an alarm), an existing standard `aws.sqs.Queue` of
     * this program, or `false` to drop them (logged as a warning, flagged by the policy pack).
     * @default "create"
     */
    readonly deadLetterQueue?: DeadLetterQueueOption;
    /**
     * Alarms on the rule's Invocations and FailedInvocations; `false` turns them off.
     * @default on, with a ceiling of 10000 invocations per 300 s
     */
    readonly runtimeGuard?: RuntimeGuardOptions | false;
    /**
     * Where every alarm of this rule notifies (the dead-letter queue's and the runtime guard's).
     * @default none (the alarms only change state)
     */
    readonly alarmActions?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Acknowledges a loop the loop guard found, saying why it ends.
     * @default none: a loop fails construction
     */
    readonly allowLoop?: string;
    /**
     * How the pattern is linted: levels per lint rule, cross-account and cross-region checks.
     * @default the default levels, neither cross-account nor cross-region
     */
    readonly lint?: SafeRuleLintOptions;
    /**
     * Your account's pattern size quota if it was raised above EventBridge's default.
     * @default 2048
     */
    readonly maxPatternLength?: number;
    /**
     * The EventBridge rule name (1–64 of `A-Za-z0-9._-`).
     * @default generated from the component name plus a hash of project, stack and name: stable per stack
     */
    readonly ruleName?: string;
    /**
     * The rule's description.
     * @default none
     */
    readonly description?: pulumi.Input<string>;
    /**
     * False creates the rule disabled.
     * @default true
     */
    readonly enabled?: boolean;
    /**
     * Tags for the rule.
     * @default none
     */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Everything about a rule that is decided on plain values, before any resource exists. */
interface RulePlan {
    readonly ruleName: string;
    readonly retryPolicy: ResolvedRetryPolicy;
    readonly runtimeGuard?: ResolvedRuntimeGuard;
    readonly matchExamples: LabelledEvent[];
    readonly renderedExamples: RenderedExample[];
    readonly warnings: string[];
}

function checkTargets(targets: readonly RuleTarget[] | undefined, fail: Fail): void {
    if (!Array.isArray(targets) || targets.length === 0) {
        fail("targets", "is empty; a rule without targets matches events and drops them.", "Add at least one target, e.g. targets.lambda(fn).");
    }
    if (targets.length > MAX_TARGETS_PER_RULE) {
        fail("targets", `has ${targets.length} targets; EventBridge allows at most ${MAX_TARGETS_PER_RULE} per rule.`,
            "Split them across two rules with the same pattern, or fan out through one SNS topic or event bus target.");
    }
    targets.forEach((target, index) => {
        if (!target || typeof target.attach !== "function") {
            fail(`targets[${index}]`, "is not a rule target.", "Build targets with targets.lambda(), targets.queue()... or pass an object implementing RuleTarget.");
        }
        const first = targets.findIndex((t) => t.identity === target.identity);
        if (first !== index) {
            fail(`targets[${index}]`, `${target.description} is already targets[${first}]; EventBridge would deliver every event to it twice.`,
                "Remove the duplicate; to send it two different inputs, use two rules.");
        }
    });
}

function checkPattern(pattern: EventPattern, args: SafeRuleArgs, fail: Fail): string[] {
    const problems = validatePattern(pattern, { maxPatternLength: args.maxPatternLength });
    if (problems.length > 0) {
        fail("pattern", `EventBridge would reject it:\n${problems.map((p) => `  - ${p.path}: ${p.message}`).join("\n")}`,
            "\nFix each problem listed (validatePattern from eventbridge-kit/patterns shows the same list).");
    }
    const findings = lintPattern(pattern, { ...args.lint });
    const errors = findings.filter((f) => f.level === "error");
    if (errors.length > 0) {
        fail("pattern", `breaks ${errors.length === 1 ? "a lint rule" : "lint rules"}:\n${errors.map((f) => `  - ${f.path}: ${f.message} (${f.rule})`).join("\n")}`,
            "\nFix the pattern, or lower the rule's level with lint: { levels: { \"<rule>\": \"warn\" } } if it is deliberate.");
    }
    return findings.filter((f) => f.level === "warn").map((f) => `pattern ${f.path}: ${f.message} (${f.rule})`);
}

function checkDeadLetterQueue(option: unknown, fail: Fail): void {
    if (!isDeadLetterQueueOption(option)) {
        fail("deadLetterQueue", `is ${JSON.stringify(option)}.`, "Use \"create\" (the default), an aws.sqs.Queue of this program, or false to drop failed events.");
    }
}

/**
 * The rule's ARN as far as it is known before deployment, for rendering `<aws.events.rule-arn>`
 * in examples: account, region and a bus resource's name show as placeholders.
 */
function illustrativeRuleArn(ruleName: string, bus: EventBusRef | undefined): string {
    const busName = bus === undefined ? DEFAULT_EVENT_BUS : typeof bus === "string" ? eventBusNameOf(bus) : "EVENT_BUS";
    return `arn:aws:events:REGION:ACCOUNT:rule/${busName === DEFAULT_EVENT_BUS ? "" : `${busName}/`}${ruleName}`;
}

/** The arguments with a bus component replaced by the bus inside it. */
type BusResolvedArgs = Omit<SafeRuleArgs, "eventBus"> & { readonly eventBus?: EventBusRef };

/** Validates everything that can be validated on plain values; throws on the first problem. */
function planRule(name: string, args: BusResolvedArgs): RulePlan {
    const fail = failFor(COMPONENT, name);
    const warnings: string[] = [];
    let ruleName: string;
    if (args.ruleName !== undefined) {
        const problem = eventBridgeNameProblem(args.ruleName);
        if (problem) {
            fail("ruleName", `${problem}.`, "Choose a name of 1–64 letters, digits, '.', '-' or '_', or omit ruleName to generate one.");
        }
        ruleName = args.ruleName;
    } else {
        ruleName = generateEventBridgeName(name);
    }
    checkTargets(args.targets, fail);
    warnings.push(...checkPattern(args.pattern, args, fail));
    const matchExamples = labelled(args.examples?.match, "examples.match");
    checkExamples(args.pattern, matchExamples, labelled(args.examples?.noMatch, "examples.noMatch"), fail);
    args.targets.forEach((target, index) => {
        if (!target.inputTransformer) {
            return;
        }
        const problems = validateInputTransformer(target.inputTransformer);
        if (problems.length > 0) {
            fail(`targets[${index}].input`, `(${target.description}) EventBridge would reject the input transformer:\n${problems.map((p) => `  - ${p.path}: ${p.message}`).join("\n")}`,
                "\nFix each problem listed; build transformers with transform({ paths, template }).");
        }
    });
    const renderedExamples = renderExamples(args.targets, matchExamples, { name: ruleName, arn: illustrativeRuleArn(ruleName, args.eventBus) }, fail);
    checkEmits(args.targets, fail);
    warnings.push(...guardLoops(args.pattern, args.eventBus, args.targets, args.allowLoop, fail, matchExamples));
    const retryPolicy = resolveRetryPolicy(args.retryPolicy, fail);
    checkDeadLetterQueue(args.deadLetterQueue, fail);
    if (args.deadLetterQueue === false) {
        warnings.push("deadLetterQueue is false: events that still fail after the retry policy are dropped without a trace.");
    }
    const runtimeGuard = resolveRuntimeGuard(args.runtimeGuard, fail);
    return { ruleName, retryPolicy, runtimeGuard, matchExamples, renderedExamples, warnings };
}

/**
 * What each target declares it publishes, as the offline plan reads it: the bus as an ARN (a
 * name is in the rule's account and region) and the sample events (an `events` function's
 * results for the examples). A function itself cannot be an output: it goes to the program
 * record (./program-record.ts), for simulations in this process.
 */
function emitsRecord(name: string, targets: readonly RuleTarget[], matchExamples: LabelledEvent[], ruleArn: pulumi.Output<string>): object[] {
    return targets.flatMap((target, index) => {
        const emits = target.emits;
        if (!emits) return [];
        const bus = isEventBusResource(emits.bus)
            ? emits.bus.arn
            : pulumi.all([pulumi.output(emits.bus), ruleArn]).apply(([nameOrArn, arn]) => {
                const rule = parseArn(arn);
                return rule ? eventBusArnOf(nameOrArn, rule) : nameOrArn;
            });
        if (typeof emits.events === "function") {
            recordEmitsFunction(`${name}-target-${index}`, emits.events);
        }
        const events = emittedSamples(emits, matchExamples, `targets[${index}]`, failFor(COMPONENT, name));
        return [{ target: index, bus, function: typeof emits.events === "function", events }];
    });
}

/** The rule itself, `${name}-rule`: on the given bus (or the default one), enabled unless told otherwise. */
function createEventRule(
    name: string,
    args: BusResolvedArgs,
    plan: RulePlan,
    eventBusName: pulumi.Output<string>,
    warn: (message: string) => void,
    parent: pulumi.Resource,
): aws.cloudwatch.EventRule {
    // Loops through buses named differently (a resource and its name or ARN, an Output) are
    // checked once those values resolve; the rule waits for that check.
    const loopCheck = checkLoopsOnceResolved(args.pattern, args.eventBus, args.targets, args.allowLoop, failFor(COMPONENT, name), warn, plan.matchExamples);
    const eventPattern = JSON.stringify(args.pattern);
    return new aws.cloudwatch.EventRule(`${name}-rule`, {
        name: plan.ruleName,
        ...(args.eventBus !== undefined ? { eventBusName } : {}),
        eventPattern: loopCheck ? loopCheck.apply(() => eventPattern) : eventPattern,
        description: args.description,
        state: args.enabled === false ? "DISABLED" : "ENABLED",
        tags: args.tags,
    }, { parent });
}

/**
 * An EventBridge rule that cannot be silently wrong: its pattern is validated and linted, its
 * examples are checked, and each target is wired with exactly the permission it needs (a
 * Lambda permission scoped to the rule, a role allowed one action on one ARN, or a queue/topic
 * policy scoped by `aws:SourceArn`), with a full retry policy, a dead-letter queue with a
 * scoped policy and an alarm, a loop guard, and alarms on invocations and failures.
 */
export class SafeRule extends pulumi.ComponentResource {
    /** The EventBridge rule. */
    readonly rule: aws.cloudwatch.EventRule;
    readonly ruleArn: pulumi.Output<string>;
    /** The rule's EventBridge name (known before deployment). */
    readonly ruleName: string;
    /** The queue failed events go to; undefined when `deadLetterQueue: false`. */
    readonly deadLetterQueue?: aws.sqs.Queue;
    /** Its ARN, checked to be usable by this rule (standard queue, same account and region). */
    readonly deadLetterQueueArn?: pulumi.Output<string>;
    /** One EventTarget per target, in the order given. */
    readonly targets: aws.cloudwatch.EventTarget[];
    /** Each target's input transformer rendered for each `examples.match` event, as EventBridge would deliver it. */
    readonly renderedExamples: readonly RenderedExample[];
    /** The alarms this rule created (dead-letter queue depth, invocations ceiling, failed invocations). */
    readonly alarms: aws.cloudwatch.MetricAlarm[];

    constructor(name: string, givenArgs: SafeRuleArgs, opts?: pulumi.ComponentResourceOptions) {
        const args: BusResolvedArgs = { ...givenArgs, eventBus: eventBusRefOf(givenArgs.eventBus) };
        // Everything decidable on plain values is checked before any resource is registered.
        const plan = planRule(name, args);
        super(COMPONENT_TYPES.safeRule, name, {}, opts);
        const warn = (message: string): void => { pulumi.log.warn(`${COMPONENT} "${name}": ${message}`, this); };
        plan.warnings.forEach(warn);

        this.ruleName = plan.ruleName;
        this.renderedExamples = plan.renderedExamples;
        const eventBusName = eventBusNameInput(args.eventBus);
        this.rule = createEventRule(name, args, plan, eventBusName, warn, this);
        this.ruleArn = this.rule.arn;
        this.alarms = [];

        const deadLetter = ruleDeadLetterQueue(name, args.deadLetterQueue, {
            ruleArn: this.ruleArn,
            ruleName: plan.ruleName,
            alarmActions: args.alarmActions,
        }, this);
        this.deadLetterQueue = deadLetter?.queue;
        this.deadLetterQueueArn = deadLetter?.arn;
        if (deadLetter?.alarm) {
            this.alarms.push(deadLetter.alarm);
        }

        this.targets = createRuleTargets({
            name,
            rule: this.rule,
            ruleArn: this.ruleArn,
            busGiven: args.eventBus !== undefined,
            eventBusName,
            targets: args.targets,
            retryPolicy: plan.retryPolicy,
            matchExamples: plan.matchExamples,
            deadLetter,
            warn,
        }, this);

        if (plan.runtimeGuard) {
            const guard = createRuntimeGuard(name, {
                ruleName: plan.ruleName,
                eventBusName,
                guard: plan.runtimeGuard,
                alarmActions: args.alarmActions,
            }, this);
            this.alarms.push(guard.invocations, guard.failedInvocations);
        }

        this.registerOutputs({
            rule: this.rule,
            ruleArn: this.ruleArn,
            deadLetterQueue: this.deadLetterQueue,
            targets: this.targets,
            // Recorded for the offline plan, which follows them through the stack looking for loops.
            matchExamples: plan.matchExamples,
            emits: emitsRecord(name, args.targets, plan.matchExamples, this.ruleArn),
        });
    }
}
