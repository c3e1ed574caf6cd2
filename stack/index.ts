/**
 * The stack model: the resources of a planned program, the references between them and how
 * their values read (known, unknown until deployed, secret). Policies, the plan, the routing and
 * the CLI all read a stack through it.
 */
export { types } from "./types";
export { StackView } from "./view";
export type { StackResource } from "./view";
export { actionsForKind, kindOfArn, kindsNeedingRole, targetKind, targetResource } from "./targets";
export type { TargetKind } from "./targets";
export { unknown, secret, isUnknown, isSecret, UnknownValue, SecretValue } from "./values";
export { identityOf, physicalName, callResultOf, providerPlacement, AWS_PROVIDER_TYPE, PLACEHOLDER_ACCOUNT, DEFAULT_REGION } from "./identities";
export type { Identity, Placement } from "./identities";
export { busOfRule, sameBus, webhookPublishers } from "./ingresses";
export type { BusRef, WebhookPublisher } from "./ingresses";
export { targetSizeAdvisories } from "./event-sizes";
export type { TargetSizeAdvisory } from "./event-sizes";
