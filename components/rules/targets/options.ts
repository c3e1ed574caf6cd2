import type { InputTransformer } from "../../patterns";
import type { EmittedEvents, RuleTargetContext } from "../target";

/** Options every target builder takes. */
export interface TargetOptions {
    /**
     * What the target receives instead of the whole event: build it with `transform({ paths, template })`.
     * @default the whole event
     */
    readonly input?: InputTransformer;
}

/** Options of targets that can publish events themselves (functions, state machines, buses). */
export interface PublishingTargetOptions extends TargetOptions {
    /**
     * Where and what the target publishes, so SafeRule can refuse a rule that triggers itself.
     * @default nothing declared (a bus target that is the rule's own bus is still checked)
     */
    readonly emits?: EmittedEvents;
}

/** The name prefix of the resources a target creates for one rule: `${rule}-target-${index}`. */
export function targetResourceName(context: RuleTargetContext): string {
    return `${context.ruleName}-target-${context.index}`;
}
