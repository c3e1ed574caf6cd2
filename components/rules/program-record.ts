/**
 * What a program declares that exists only as JavaScript values, and so cannot travel in
 * registered outputs (the engine serializes those: a function is dropped, a resource becomes its
 * URN). Everything that can be data is data: the bus a handler puts events on is in its
 * environment (EBK_EVENT_BUS_NAME, which the stack model reads), what a target emits is in its
 * SafeRule's registered `emits` (the bus, sample events, whether a function declared them).
 *
 * - Publishers: a WebhookIngress marks each function it grants events:PutEvents on its bus (the
 *   handler, the batch processor, the redrive function), on the function resource itself, so
 *   SafeRule's loop guard can warn at construction, before any output is known, about a target
 *   that publishes to the rule's bus but declares no `emits`. A mark, not a record: it lives and
 *   goes with the resource.
 * - `emits.events` functions: the one record kept per program run, by EventTarget name, so a
 *   plan made in this process can give them to `simulate`, which calls them on the event it
 *   simulates. Unavoidable, as the plan sees nothing of the program but its registrations. Kept
 *   on the engine connection (`pulumi.runtime.getMonitor()`: one per `pulumi up`, per
 *   `setMocks`, per offline plan), so it goes with the run and the next program starts empty.
 *
 * Both under registered symbols, so a program that loads another copy of this package (the
 * CLI from source, the program from dist/) marks and records where the plan's copy reads.
 */
import * as pulumi from "@pulumi/pulumi";
import { EventBusRef, sameEventBus } from "../internal/event-bus";

/** What a target's `emits.events` function is: the events it puts for each event it is delivered. */
export type EmitsFunction = (event: object) => readonly object[];

const PUBLISHES_TO = Symbol.for("eventbridge-kit.publishes-to");
const RUN_RECORD = Symbol.for("eventbridge-kit.program-record");

type Marked = { [PUBLISHES_TO]?: EventBusRef[] };
interface RunRecord {
    readonly emitsFunctions: Map<string, EmitsFunction>;
}

/** Marks `publisher` (a function a component created) as holding events:PutEvents on `bus`. */
export function recordEventPublisher(publisher: object, bus: EventBusRef): void {
    const buses = (publisher as Marked)[PUBLISHES_TO];
    if (buses) {
        buses.push(bus);
    } else {
        // Not enumerable: nothing that walks the resource's properties sees it.
        Object.defineProperty(publisher, PUBLISHES_TO, { value: [bus], enumerable: false });
    }
}

/** Whether `publisher` is marked as holding events:PutEvents on `bus`. */
export function isKnownPublisherTo(publisher: unknown, bus: EventBusRef | undefined): boolean {
    if (typeof publisher !== "object" || publisher === null) {
        return false;
    }
    return ((publisher as Marked)[PUBLISHES_TO] ?? []).some((b) => sameEventBus(b, bus));
}

/** Where the record goes when no engine is connected (nothing can be registered then). */
const noEngine = {};

function runRecord(): RunRecord {
    const run = (pulumi.runtime.getMonitor() ?? noEngine) as Record<symbol, RunRecord | undefined>;
    return (run[RUN_RECORD] ??= { emitsFunctions: new Map() });
}

/** Records, for this run, the `emits.events` function of the EventTarget named `eventTarget`. */
export function recordEmitsFunction(eventTarget: string, events: EmitsFunction): void {
    runRecord().emitsFunctions.set(eventTarget, events);
}

/** The `emits.events` functions this run's program declared, by EventTarget name. */
export function emitsFunctions(): ReadonlyMap<string, EmitsFunction> {
    return runRecord().emitsFunctions;
}
