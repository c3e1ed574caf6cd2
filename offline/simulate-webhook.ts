/**
 * A webhook through the whole stack: a request signed as the provider signs it goes through the
 * real handler (./webhook.ts), and each PutEvents entry it sends is simulated through the buses,
 * rules and targets (./simulate.ts). Above both; the handler bundle itself still loads only on
 * the first simulated request.
 */
import { DEFAULT_EVENT_ID, simulate, SimulatedLoop, SimulateOptions, SimulationTrace } from "./simulate";
import type { Plan, PutEventsEntry, WebhookRequestOptions, WebhookResult } from "./types";
import { webhookDelivery } from "./webhook";

/** A webhook delivery through the real handler, and each entry it put on the bus, simulated. */
export interface WebhookSimulation {
    readonly webhook: WebhookResult;
    /** One trace per PutEvents entry, in the order the handler sent them. */
    readonly traces: readonly SimulationTrace[];
    /** Every loop of every trace. */
    readonly loops: readonly SimulatedLoop[];
}

/**
 * Signs a request as `provider` does (a built-in sample, or `options.body`), sends it through
 * the real webhook handler configured as the plan configures the ingress's Lambda, then
 * simulates every PutEvents entry it sends. Fails when the handler does not answer 200.
 */
export async function simulateWebhook(plan: Plan, provider: string, options: WebhookRequestOptions & SimulateOptions = {}): Promise<WebhookSimulation> {
    const webhook = await webhookDelivery(plan, provider, options);
    if (webhook.status !== 200) {
        throw new Error(`simulate: the ${webhook.ingress} handler answered ${webhook.status} ${webhook.responseBody}; nothing was put on the bus.`);
    }
    const traces: SimulationTrace[] = [];
    for (const [i, entry] of webhook.entries.entries()) {
        traces.push(await simulate(plan, entry as PutEventsEntry, {
            ...options,
            id: options.id ?? eventIdFor(i),
            // EventBridge stamps the time it received the entry: the handler's clock.
            time: options.time ?? new Date(webhook.receivedAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
        }));
    }
    return { webhook, traces, loops: traces.flatMap((t) => t.loops) };
}

function eventIdFor(index: number): string {
    return DEFAULT_EVENT_ID.slice(0, -12) + String(index + 1).padStart(12, "0");
}
