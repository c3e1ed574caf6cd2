/**
 * Typed builders for SafeRule targets: `targets.lambda(fn)`, `targets.stateMachine(machine)`,
 * `targets.queue(queue, { messageGroupId })`, `targets.topic(topic)`, `targets.eventBus(bus)`.
 * Each returns a RuleTarget that wires itself to every rule it is given to.
 */
export { lambda } from "./lambda";
export { stateMachine } from "./state-machine";
export { queue } from "./queue";
export type { QueueTargetOptions } from "./queue";
export { topic } from "./topic";
export { eventBus } from "./event-bus";
export { crossAccountLambda, crossAccountQueue, crossAccountTopic } from "./cross-account";
export type { CrossAccountTarget, CrossAccountTargetOptions } from "./cross-account";
export type { TargetOptions, PublishingTargetOptions } from "./options";
