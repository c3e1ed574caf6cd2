import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { eventBusNameOf, isArn } from "./arns";
import { logicalName } from "./names";

/** An event bus: the resource, or its name or ARN. Omitted means the account's default bus. */
export type EventBusRef = aws.cloudwatch.EventBus | string;

export const DEFAULT_EVENT_BUS = "default";

/** The value for an `eventBusName` input (EventBridge takes a name or an ARN). */
export function eventBusNameInput(bus: EventBusRef | undefined): pulumi.Output<string> {
    if (bus === undefined) {
        return pulumi.output(DEFAULT_EVENT_BUS);
    }
    return typeof bus === "string" ? pulumi.output(bus) : bus.name;
}

/** For messages: `bus "orders"`, `the default bus`. */
export function describeEventBus(bus: EventBusRef | undefined): string {
    if (bus === undefined || bus === DEFAULT_EVENT_BUS) {
        return "the default bus";
    }
    return typeof bus === "string" ? `bus "${bus}"` : `bus "${logicalName(bus)}"`;
}

/**
 * Whether two references certainly name the same bus, judged on plain values: the same
 * resource object, or names/ARNs that agree (a name matches an ARN with that bus name; two
 * ARNs must be equal). A resource and a string are never judged the same, since the
 * resource's name is only known at deploy time: refer to a bus the same way everywhere.
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
