import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { eventBusArnOf, eventBusNameOf } from "../internal/arns";
import { generateEventBridgeName } from "../internal/names";
import { AccountContext } from "../internal/account";
import { SafeEventBus } from "../bus/safe-event-bus";
import { EventBusLike } from "./args";

export interface ResolvedEventBus {
    readonly name: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
    /** The bus the component created, when none was given. */
    readonly created?: aws.cloudwatch.EventBus;
    /** The SafeEventBus holding it. */
    readonly component?: SafeEventBus;
}

/**
 * The bus events are put on: the one given (resource, name or ARN), or a new SafeEventBus
 * `${name}-bus` with its defaults (its own key, dead-letter queue and error logs) when none is.
 * A name is turned into an ARN in the stack's own account and region, so the function's
 * permission names exactly that bus.
 */
export function resolveEventBus(
    name: string,
    given: EventBusLike | pulumi.Input<string> | undefined,
    account: () => pulumi.Output<AccountContext>,
    parent: pulumi.Resource,
    alarmActions?: pulumi.Input<pulumi.Input<string>[]>,
): ResolvedEventBus {
    if (given === undefined) {
        const component = new SafeEventBus(`${name}-bus`, { name: generateEventBridgeName(name), alarmActions }, { parent });
        return { name: component.name, arn: component.arn, created: component.eventBus, component };
    }
    if (typeof given === "string" || pulumi.Output.isInstance(given)) {
        const text = pulumi.output(given as pulumi.Input<string>);
        return {
            name: text.apply(eventBusNameOf),
            arn: pulumi.all([text, account()]).apply(([nameOrArn, ctx]) => eventBusArnOf(nameOrArn, {
                partition: ctx.partition, service: "events", region: ctx.region, account: ctx.accountId, resource: "",
            })),
        };
    }
    const bus = given as EventBusLike;
    return { name: pulumi.output(bus.name), arn: pulumi.output(bus.arn) };
}
