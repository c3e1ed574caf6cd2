import { sameEventBus } from "../../internal/event-bus";

/**
 * The buses a Step Functions definition publishes to with the EventBridge `putEvents`
 * integration: `default` for entries without `EventBusName`, `*` for a bus chosen at run time.
 * Walks every state, including Parallel branches and Map processors.
 */
export function busesPublishedBy(definition: string): string[] {
    let parsed: unknown;
    try {
        parsed = JSON.parse(definition);
    } catch {
        return [];
    }
    const buses: string[] = [];
    const visit = (machine: unknown): void => {
        const states = (machine as { States?: Record<string, Record<string, unknown>> } | undefined)?.States;
        for (const state of Object.values(states ?? {})) {
            if (typeof state.Resource === "string" && state.Resource.startsWith("arn:aws:states:::events:putEvents")) {
                const params = (state.Parameters ?? state.Arguments) as { Entries?: unknown } | undefined;
                const entries = Array.isArray(params?.Entries) ? params!.Entries as Record<string, unknown>[] : [];
                if (entries.length === 0) {
                    buses.push("*");
                }
                for (const entry of entries) {
                    const name = entry.EventBusName;
                    if (name === undefined && entry["EventBusName.$"] === undefined) {
                        buses.push("default");
                    } else if (typeof name === "string" && !name.startsWith("{%")) {
                        buses.push(name);
                    } else {
                        buses.push("*"); // chosen at run time (JSONPath or JSONata)
                    }
                }
            }
            for (const branch of (state.Branches as unknown[] | undefined) ?? []) {
                visit(branch);
            }
            visit(state.ItemProcessor ?? state.Iterator);
        }
    };
    visit(parsed);
    return buses;
}

/** Whether a definition can publish to `bus` (a name or ARN). */
export function definitionPublishesTo(definition: string, bus: string): boolean {
    return busesPublishedBy(definition).some((b) => b === "*" || sameEventBus(b, bus));
}
