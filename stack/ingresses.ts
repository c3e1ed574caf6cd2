/**
 * Which buses each WebhookIngress publishes to, and how its handler is configured: read from the
 * environment the component gives its functions (EBK_PROVIDER, EBK_EVENT_BUS_NAME...), the same
 * variables the handlers read, so a stack is judged by what it will actually run.
 */
import { contractVariables, EnvName } from "../providers";
import { IngressEventSettings, ingressSettingsFromEnvironment } from "../providers/catalogue";

/** The variable that names the bus a handler puts events on. */
const BUS_VARIABLE: EnvName = "EBK_EVENT_BUS_NAME";
import { types } from "./types";
import type { StackResource, StackView } from "./view";

/** A bus: the resource in the stack, or its name (the default bus, or one outside the stack). */
export type BusRef = StackResource | string;

export interface WebhookPublisher {
    /** The WebhookIngress component. */
    readonly ingress: StackResource;
    /** Its handler's settings; undefined when its functions carry no known EBK_PROVIDER. */
    readonly settings?: IngressEventSettings;
    /** The buses its events go to (none known: its bus exists only after deployment, or it stores raw deliveries only). */
    readonly buses: readonly BusRef[];
}

/** The bus name in an event bus ARN or name (`arn:...:event-bus/orders` → `orders`). */
function busNameOf(value: string): string {
    const marker = value.indexOf(":event-bus/");
    return marker === -1 ? value : value.slice(marker + ":event-bus/".length);
}

/** Every WebhookIngress of the stack, with its settings and buses. */
export function webhookPublishers(stack: StackView): WebhookPublisher[] {
    return stack.ofType(types.webhookIngress).map((ingress) => {
        const functions = stack.resources.filter((r) => r.type === types.lambdaFunction && stack.ancestors(r).includes(ingress));
        const variables: Record<string, unknown> = {};
        const buses = new Set<BusRef>();
        for (const fn of functions) {
            const environment = fn.props.environment?.variables;
            if (typeof environment !== "object" || environment === null) continue;
            Object.assign(variables, environment);
            if (!(BUS_VARIABLE in environment)) continue;
            const referenced = stack.referenced(fn, `environment.variables.${BUS_VARIABLE}`, [types.eventBus]);
            referenced.forEach((bus) => buses.add(bus));
            const value = contractVariables(environment)[BUS_VARIABLE];
            if (referenced.length === 0 && typeof value === "string") {
                buses.add(busByName(stack, busNameOf(value)));
            }
        }
        return { ingress, settings: ingressSettingsFromEnvironment(variables), buses: [...buses] };
    });
}

function busByName(stack: StackView, name: string): BusRef {
    return stack.ofType(types.eventBus).find((bus) => bus.props.name === name) ?? name;
}

/** The bus a rule listens on; undefined when it is known only after deployment. */
export function busOfRule(stack: StackView, rule: StackResource): BusRef | undefined {
    const referenced = stack.referenced(rule, "eventBusName", [types.eventBus])[0];
    if (referenced) return referenced;
    const name = rule.props.eventBusName;
    if (name === undefined) return "default";
    return typeof name === "string" ? busByName(stack, busNameOf(name)) : undefined;
}

/** The same bus: the same resource, or the same name. */
export function sameBus(a: BusRef, b: BusRef): boolean {
    const nameOf = (bus: BusRef) => (typeof bus === "string" ? bus : typeof bus.props.name === "string" ? bus.props.name : undefined);
    return a === b || (nameOf(a) !== undefined && nameOf(a) === nameOf(b));
}
