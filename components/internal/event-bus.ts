import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { eventBusNameOf, isArn } from "./arns";
import { logicalName } from "./names";

/**
 * An event bus: the resource, or its name or ARN (plain, or an Output such as a stack
 * reference's). Omitted means the account's default bus; a name means a bus in the account and
 * region of whatever refers to it.
 */
export type EventBusRef = aws.cloudwatch.EventBus | pulumi.Input<string>;

export const DEFAULT_EVENT_BUS = "default";

/**
 * A component that wraps a bus (SafeEventBus): wherever a bus is taken, the bus inside is used,
 * so two references to one component are the same bus.
 */
export interface EventBusComponent {
    /** The bus the component wraps. */
    readonly eventBus: aws.cloudwatch.EventBus;
}

/** The bus a reference or a bus component stands for. */
export function eventBusRefOf(bus: EventBusRef | EventBusComponent | undefined): EventBusRef | undefined {
    if (typeof bus === "object" && bus !== null && !pulumi.Output.isInstance(bus) && !isEventBusResource(bus)
        && "eventBus" in bus && isEventBusResource((bus as EventBusComponent).eventBus)) {
        return (bus as EventBusComponent).eventBus;
    }
    return bus as EventBusRef | undefined;
}

/** The value for an `eventBusName` input (EventBridge takes a name or an ARN). */
export function eventBusNameInput(bus: EventBusRef | undefined): pulumi.Output<string> {
    if (bus === undefined) {
        return pulumi.output(DEFAULT_EVENT_BUS);
    }
    return isEventBusResource(bus) ? bus.name : pulumi.output(bus);
}

export function isEventBusResource(bus: unknown): bus is aws.cloudwatch.EventBus {
    return aws.cloudwatch.EventBus.isInstance(bus);
}

/** For messages: `bus "orders"`, `the default bus`. */
export function describeEventBus(bus: EventBusRef | undefined): string {
    if (bus === undefined || bus === DEFAULT_EVENT_BUS) {
        return "the default bus";
    }
    if (typeof bus === "string") {
        return `bus "${bus}"`;
    }
    return isEventBusResource(bus) ? `bus "${logicalName(bus)}"` : "the bus given as an Output";
}

/**
 * Whether two references certainly name the same bus, judged on plain values: the same
 * resource object, or names/ARNs that agree (a name matches an ARN with that bus name; two
 * ARNs must be equal). Anything else is undecided here (see `decidedOnPlainValues`) and
 * compared once deployed values are known (`sameEventBusResolved`).
 */
export function sameEventBus(a: EventBusRef | undefined, b: EventBusRef | undefined): boolean {
    const left = a ?? DEFAULT_EVENT_BUS;
    const right = b ?? DEFAULT_EVENT_BUS;
    if (typeof left !== "string" || typeof right !== "string") {
        return left === right;
    }
    if (isArn(left) && isArn(right)) {
        return left === right;
    }
    return eventBusNameOf(left) === eventBusNameOf(right);
}

/** Whether `sameEventBus` is the final answer: both are plain names/ARNs, or the same object. */
export function decidedOnPlainValues(a: EventBusRef | undefined, b: EventBusRef | undefined): boolean {
    const left = a ?? DEFAULT_EVENT_BUS;
    const right = b ?? DEFAULT_EVENT_BUS;
    return left === right || (typeof left === "string" && typeof right === "string");
}

interface ResolvedBus {
    readonly name: string;
    readonly arn?: string;
}

function resolvedBus(bus: EventBusRef | undefined): pulumi.Output<ResolvedBus> {
    if (isEventBusResource(bus)) {
        return pulumi.all([bus.name, bus.arn]).apply(([name, arn]): ResolvedBus => ({ name, arn }));
    }
    return pulumi.output(bus ?? DEFAULT_EVENT_BUS).apply((text): ResolvedBus => (isArn(text) ? { name: eventBusNameOf(text), arn: text } : { name: text }));
}

/**
 * Whether two references name the same bus once deployed values are known: a resource, a name
 * and an ARN resolve to one identity (two ARNs compare whole; otherwise the bus names, a name
 * meaning the bus in the referrer's own account and region).
 */
export function sameEventBusResolved(a: EventBusRef | undefined, b: EventBusRef | undefined): pulumi.Output<{ same: boolean; name: string }> {
    return pulumi.all([resolvedBus(a), resolvedBus(b)]).apply(([left, right]) => ({
        same: left.arn !== undefined && right.arn !== undefined ? left.arn === right.arn : left.name === right.name,
        name: right.name,
    }));
}
