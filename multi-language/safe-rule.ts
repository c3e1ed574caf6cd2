import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ApiDestinationTarget as ApiDestinationTargetComponent, SafeRule as SafeRuleComponent, targets } from "../components";
import type {
    ApiDestinationTargetArgs as ApiDestinationComponentArgs, EventPattern, RetryPolicy, RuleTarget, RuntimeGuardOptions, SafeRuleArgs as ComponentArgs,
} from "../components";
import { Fail, failFor } from "../components/errors";
import { ApiDestinationTargetArgs, apiDestinationTargetArgs } from "./api-destination-target";
import { built, defined, InputTransformerShape, inputTransformer, onlyMember, plainValue } from "./shapes";

/** One target of the rule: set exactly one destination (`lambda`, `lambdaArn`, `stateMachine`, ...), and optionally `input`. */
export interface RuleTargetShape {
    /**
     * A Lambda function: invoked through a permission scoped to this rule, never a role.
     * @default none
     */
    readonly lambda?: aws.lambda.Function;
    /**
     * A Lambda function by ARN (e.g. in another stack).
     * @default none
     */
    readonly lambdaArn?: string;
    /**
     * A Step Functions state machine: started through a role allowed `states:StartExecution` on it only.
     * @default none
     */
    readonly stateMachine?: aws.sfn.StateMachine;
    /**
     * A Step Functions state machine by ARN.
     * @default none
     */
    readonly stateMachineArn?: string;
    /**
     * An SQS queue: its policy lets EventBridge send only for the rules that target it.
     * @default none
     */
    readonly queue?: aws.sqs.Queue;
    /**
     * Required for FIFO queues (and only allowed for them): the message group of every event.
     * @default none (right for standard queues)
     */
    readonly messageGroupId?: pulumi.Input<string>;
    /**
     * An SNS topic: its policy lets EventBridge publish only for the rules that target it.
     * @default none
     */
    readonly topic?: aws.sns.Topic;
    /**
     * Another event bus: events are put on it through a role allowed `events:PutEvents` on it only.
     * @default none
     */
    readonly eventBus?: aws.cloudwatch.EventBus;
    /**
     * Another event bus by ARN (e.g. in another account).
     * @default none
     */
    readonly eventBusArn?: string;
    /**
     * An HTTPS endpoint: an API destination, its connection and its role are created for this target.
     * @default none
     */
    readonly apiDestination?: ApiDestinationTargetArgs;
    /**
     * What the target receives instead of the whole event: values picked from the event, put into a template.
     * @default the whole event
     */
    readonly input?: InputTransformerShape;
}

/** Events that must match and must not match, checked before anything is deployed. */
export interface RuleExamplesShape {
    /**
     * Events the pattern must match (full EventBridge envelopes); each input transformer is rendered for each of them.
     * @default none
     */
    readonly match?: { [field: string]: any }[];
    /**
     * Events the pattern must not match.
     * @default none
     */
    readonly noMatch?: { [field: string]: any }[];
}

/** How the pattern is linted. */
export interface RuleLintShape {
    /**
     * Per-rule levels, e.g. `{ "long-value-list": "off" }`: `error` fails construction, `warn` logs a warning, `off` silences.
     * @default `missing-source` and `match-all` are errors, the rest warnings
     */
    readonly levels?: { [rule: string]: string };
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

/** Where events go once the retry policy gives up. */
export interface DeadLetterQueueShape {
    /**
     * False drops them (logged as a warning, flagged by the policy pack).
     * @default true: an encrypted standard queue for this rule, with a policy scoped to it and an alarm
     */
    readonly enabled?: boolean;
    /**
     * An existing standard queue of this program instead of a new one (its policy then lists every rule using it).
     * @default a new queue
     */
    readonly queue?: aws.sqs.Queue;
}

/** Alarms on the rule's Invocations and FailedInvocations. */
export interface RuntimeGuardShape extends RuntimeGuardOptions {
    /**
     * False creates neither alarm.
     * @default true
     */
    readonly enabled?: boolean;
}

/** The arguments of a SafeRule: its pattern, the events that prove it, its targets and how failures are handled. */
export interface SafeRuleArgs {
    /**
     * The bus the rule listens on.
     * @default the account's default bus, unless `eventBusName` is set
     */
    readonly eventBus?: aws.cloudwatch.EventBus;
    /**
     * The bus the rule listens on, by name or ARN (instead of `eventBus`); a literal, so the loop guard can compare it.
     * @default the account's default bus, unless `eventBus` is set
     */
    readonly eventBusName?: string;
    /**
     * The event pattern as an object, validated with EventBridge's rules before anything is created. Or give `patternJson`.
     * @default none: one of `pattern` and `patternJson` is required
     */
    readonly pattern?: { [field: string]: any };
    /**
     * The event pattern as JSON text (instead of `pattern`).
     * @default none
     */
    readonly patternJson?: string;
    /**
     * Events that must match and must not match; checked at construction, so `pulumi preview` fails when a change breaks them.
     * @default none (no events checked; input transformers are then not rendered)
     */
    readonly examples?: RuleExamplesShape;
    /** Up to 5 targets, each with exactly one destination. */
    readonly targets: RuleTargetShape[];
    /**
     * Retries before the dead-letter queue; both fields are always sent.
     * @default EventBridge's: 185 attempts, 86400 s
     */
    readonly retryPolicy?: RetryPolicy;
    /**
     * Where events go once the retry policy gives up.
     * @default a new encrypted queue for this rule, with a policy scoped to it and an alarm
     */
    readonly deadLetterQueue?: DeadLetterQueueShape;
    /**
     * Alarms on the rule's Invocations and FailedInvocations.
     * @default on, with a ceiling of 10000 invocations per 300 s
     */
    readonly runtimeGuard?: RuntimeGuardShape;
    /**
     * Where every alarm of this rule notifies (the dead-letter queue's and the runtime guard's).
     * @default none (the alarms only change state)
     */
    readonly alarmActions?: pulumi.Input<string>[];
    /**
     * Acknowledges a loop the loop guard found, saying why it ends.
     * @default none: a loop fails construction
     */
    readonly allowLoop?: string;
    /**
     * How the pattern is linted: levels per lint rule, cross-account and cross-region checks.
     * @default the default levels, neither cross-account nor cross-region
     */
    readonly lint?: RuleLintShape;
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
    readonly tags?: { [key: string]: pulumi.Input<string> };
}

const DESTINATIONS = ["lambda", "lambdaArn", "stateMachine", "stateMachineArn", "queue", "topic", "eventBus", "eventBusArn", "apiDestination"] as const;

function pattern(args: SafeRuleArgs, fail: Fail): EventPattern {
    const given = onlyMember(args, "pattern", ["pattern", "patternJson"], fail);
    if (given === "pattern") {
        return plainValue(args.pattern, "pattern", fail) as EventPattern;
    }
    const text = plainValue(args.patternJson!, "patternJson", fail);
    try {
        return JSON.parse(text) as EventPattern;
    } catch (error) {
        return fail("patternJson", `is not JSON: ${(error as Error).message}.`, "Give the pattern as JSON text, e.g. {\"source\":[\"github.com\"]}, or as an object in pattern.");
    }
}

/** An API destination target to create with the rule, from its checked arguments. */
interface PlannedApiDestination {
    readonly apiDestination: ApiDestinationComponentArgs;
}

/** A target built by the TypeScript API's builders, or the arguments of an API destination target the rule creates. */
type PlannedTarget = RuleTarget | PlannedApiDestination;

function target(name: string, shape: RuleTargetShape, field: string, fail: Fail): PlannedTarget {
    const destination = onlyMember(shape, field, DESTINATIONS, fail);
    const input = inputTransformer(plainValue(shape.input, `${field}.input`, fail), `${field}.input`, fail);
    const options = input !== undefined ? { input } : {};
    return built(field, fail, (): PlannedTarget => {
        switch (destination) {
            case "lambda":
            case "lambdaArn":
                return targets.lambda((shape.lambda ?? shape.lambdaArn)!, options);
            case "stateMachine":
            case "stateMachineArn":
                return targets.stateMachine((shape.stateMachine ?? shape.stateMachineArn)!, options);
            case "queue":
                return targets.queue(shape.queue!, { ...options, ...(shape.messageGroupId !== undefined ? { messageGroupId: shape.messageGroupId } : {}) });
            case "topic":
                return targets.topic(shape.topic!, options);
            case "eventBus":
            case "eventBusArn":
                return targets.eventBus((shape.eventBus ?? shape.eventBusArn)!, options);
            case "apiDestination":
                if (input !== undefined) {
                    fail(`${field}.input`, "is set beside apiDestination.", `Put the transformer in ${field}.apiDestination.input.`);
                }
                return { apiDestination: apiDestinationTargetArgs(name, shape.apiDestination!, "SafeRule", `${field}.apiDestination.`) };
        }
    });
}

/**
 * The TypeScript API's arguments for the same configuration: the one implementation both front
 * doors share. A target given as `apiDestination` is planned here and created with the rule.
 */
export function safeRuleArgs(name: string, args: SafeRuleArgs): Omit<ComponentArgs, "targets"> & { readonly targets: PlannedTarget[] } {
    const fail = failFor("SafeRule", name);
    if (args.eventBus !== undefined && args.eventBusName !== undefined) {
        fail("eventBus", "and eventBusName are both set.", "Set one of them (or neither, for the default bus).");
    }
    const shapes = plainValue(args.targets, "targets", fail);
    if (!Array.isArray(shapes)) {
        fail("targets", "is not a list.", "Give a list of targets, each with one destination, e.g. [{ lambda: fn }].");
    }
    const deadLetter = plainValue(args.deadLetterQueue, "deadLetterQueue", fail);
    const guard = plainValue(args.runtimeGuard, "runtimeGuard", fail);
    return defined({
        eventBus: args.eventBus ?? args.eventBusName,
        pattern: pattern(args, fail),
        examples: plainValue(args.examples, "examples", fail),
        targets: shapes.map((shape, index) => target(name, shape, `targets[${index}]`, fail)),
        retryPolicy: args.retryPolicy,
        deadLetterQueue: deadLetter === undefined ? undefined : deadLetter.enabled === false ? false : (deadLetter.queue ?? "create"),
        runtimeGuard: guard === undefined ? undefined : guard.enabled === false ? false : defined({ invocationsCeiling: guard.invocationsCeiling, periodSeconds: guard.periodSeconds }),
        alarmActions: args.alarmActions,
        allowLoop: args.allowLoop,
        lint: plainValue(args.lint, "lint", fail) as ComponentArgs["lint"],
        maxPatternLength: args.maxPatternLength,
        ruleName: args.ruleName,
        description: args.description,
        enabled: args.enabled,
        tags: args.tags,
    });
}

/**
 * An EventBridge rule that cannot be silently wrong: its pattern is validated and linted, its
 * examples are checked, and each target is wired with exactly the permission it needs, with a
 * full retry policy, a dead-letter queue with a scoped policy and an alarm, a loop guard, and
 * alarms on invocations and failures. The multi-language front door of eventbridge-kit's SafeRule.
 */
export class SafeRule extends pulumi.ComponentResource {
    /** The EventBridge rule's ARN. */
    public readonly ruleArn: pulumi.Output<string>;
    /** The rule's EventBridge name. */
    public readonly ruleName: pulumi.Output<string>;
    /** The ARN of the queue failed events go to; unset when the dead-letter queue is turned off. */
    public readonly deadLetterQueueArn: pulumi.Output<string | undefined>;

    constructor(name: string, args: SafeRuleArgs, opts?: pulumi.ComponentResourceOptions) {
        const { targets: planned, ...ruleArgs } = safeRuleArgs(name, args);
        super("eventbridge-kit:index:SafeRule", name, {}, opts);
        const ruleTargets = planned.map((t, index) => "apiDestination" in t
            ? new ApiDestinationTargetComponent(`${name}-target-${index}`, t.apiDestination, { parent: this })
            : t);
        const rule = new SafeRuleComponent(name, { ...ruleArgs, targets: ruleTargets }, { parent: this });
        this.ruleArn = rule.ruleArn;
        this.ruleName = pulumi.output(rule.ruleName);
        this.deadLetterQueueArn = pulumi.output(rule.deadLetterQueueArn);
        this.registerOutputs({ ruleArn: this.ruleArn, ruleName: this.ruleName, deadLetterQueueArn: this.deadLetterQueueArn });
    }
}
