import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EventBusRef } from "../internal/event-bus";
import type { InputTransformer } from "../patterns";

/**
 * The contract between SafeRule and anything that can be a rule target.
 *
 * A target is built once (by a builder such as `targets.lambda(fn)` or by a component such as
 * ApiDestinationTarget) and attached to each rule that uses it. Attaching is where the per-rule
 * wiring happens: a Lambda permission scoped to that rule, a queue policy statement with that
 * rule's ARN, a role, checks that need the rule's retry window. SafeRule owns the
 * `aws.cloudwatch.EventTarget` itself (retry policy, dead-letter config), so every target gets
 * those right the same way.
 */
export interface RuleTarget {
    /** What sort of target this is: decides which checks SafeRule and the policy pack apply. */
    readonly kind: RuleTargetKind;
    /** Human-readable, for error messages: e.g. `lambda function "notify"`. */
    readonly description: string;
    /**
     * The object that identifies the destination (the resource, or its ARN when given as a
     * string). SafeRule rejects the same identity twice in one rule.
     */
    readonly identity: unknown;
    /** Events this target publishes, for SafeRule's loop guard. */
    readonly emits?: EmittedEvents;
    /**
     * A target in another account, reached with the rule's execution role (so a Lambda target
     * carries a role, which AWS requires across accounts and refuses within one).
     * @default false
     */
    readonly crossAccount?: boolean;
    /**
     * The target's input transformer as plain values, when it has one. SafeRule validates it,
     * renders it against the rule's `examples.match` events (see `SafeRule.renderedExamples`)
     * and, when `attach` returns no `inputTransformer` of its own, puts it on the EventTarget.
     */
    readonly inputTransformer?: InputTransformer;
    /**
     * Wire this target to one rule. Called once per rule, at construction (never inside an
     * `apply`). Resources created here are children of `context.parent` and named
     * `${context.ruleName}-...`. Throws when the target cannot work with this rule.
     */
    attach(context: RuleTargetContext): RuleTargetWiring;
}

/** The kinds of rule target; each gets its own checks in SafeRule and the policy pack. */
export type RuleTargetKind = "lambda" | "stateMachine" | "queue" | "topic" | "eventBus" | "apiDestination";

/**
 * What a target declares it publishes: where, and samples of what. A declaration only: the
 * target's permissions do not change (the function or state machine needs its own
 * `events:PutEvents`). SafeRule's loop guard, `plan` and `simulate` follow these events onto `bus`.
 */
export interface EmittedEvents {
    /** The bus it publishes to: a bus resource, or its name or ARN (plain or an Output); a name means the rule's account and region. */
    readonly bus: EventBusRef;
    /**
     * What it publishes (full EventBridge envelopes: source, detail-type, detail…): sample
     * events, or a function of each event the rule delivers to it (the matched event, before
     * any input transformer) returning the events it puts for that one (`[]` for none).
     */
    readonly events: readonly object[] | ((event: object) => readonly object[]);
}

/** What SafeRule tells a target when wiring it to one rule. */
export interface RuleTargetContext {
    /** The SafeRule's name: children are named `${ruleName}-<role>`. */
    readonly ruleName: string;
    /** This target's position in the rule's target list (0-based): used in names and target ids. */
    readonly index: number;
    /** The SafeRule component: the parent of every resource created for this rule. */
    readonly parent: pulumi.Resource;
    /** The EventBridge rule itself. */
    readonly rule: aws.cloudwatch.EventRule;
    /** The rule's ARN: the `aws:SourceArn` / `sourceArn` that scopes permissions and policies to this rule. */
    readonly ruleArn: pulumi.Output<string>;
    /** The name of the bus the rule listens on. */
    readonly eventBusName: pulumi.Output<string>;
    /** The rule's retry window in seconds (its retry policy's maximum event age). */
    readonly maximumEventAgeInSeconds: number;
    /** The rule's retry policy's maximum number of attempts. */
    readonly maximumRetryAttempts: number;
    /** False only when the user explicitly turned the rule's dead-letter queue off. */
    readonly hasDeadLetterQueue: boolean;
    /** The rule's `examples.match` events, for offline checks such as rendering transformers. */
    readonly matchExamples: readonly object[];
    /** Report a warning against the rule (pulumi.log.warn on the SafeRule). */
    readonly warn: (message: string) => void;
}

/** The target-specific inputs of the `aws.cloudwatch.EventTarget` SafeRule creates. */
export interface RuleTargetWiring {
    /** The target's ARN (function, state machine, queue, topic, bus or API destination). */
    readonly arn: pulumi.Input<string>;
    /** Omitted for Lambda, SQS and SNS targets: those are authorized by resource policies. */
    readonly roleArn?: pulumi.Input<string>;
    /** The input transformer, when the target builds its own rather than using `RuleTarget.inputTransformer`. */
    readonly inputTransformer?: aws.types.input.cloudwatch.EventTargetInputTransformer;
    /** A constant JSON input instead of the event. */
    readonly input?: pulumi.Input<string>;
    /** Header, query-string and path parameters of an API destination target. */
    readonly httpTarget?: aws.types.input.cloudwatch.EventTargetHttpTarget;
    /** An Output when it depends on the queue (e.g. a message group only for FIFO queues). */
    readonly sqsTarget?: pulumi.Input<aws.types.input.cloudwatch.EventTargetSqsTarget | undefined>;
    /** Resources the EventTarget must wait for (permissions, resource policies). */
    readonly dependsOn?: pulumi.Resource[];
}
