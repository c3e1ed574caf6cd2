/**
 * The loop check `plan` runs by default: every rule's `examples.match` events, and every sample
 * delivery of every WebhookIngress's provider (through the real handler), simulated through the
 * resolved plan. A loop found from several starts is reported once, with all of them.
 */
import { webhookSamples } from "./samples";
import { simulate, SimulatedLoop } from "./simulate";
import { simulateWebhook } from "./simulate-webhook";
import type { LoopStep, Plan, PlanLoop } from "./types";

export interface LoopCheck {
    readonly loops: readonly PlanLoop[];
    /** Starts that could not be followed, and why (an example without a source, a sample the handler refused...). */
    readonly skipped: readonly string[];
}

/** The fixed clock of the check: loops do not depend on the time, and plans must compare equal. */
const TIME = "2026-11-30T08:00:00Z";

export async function checkLoops(plan: Plan): Promise<LoopCheck> {
    const found = new Map<string, { cycle: readonly LoopStep[]; text: string; startedBy: string[] }>();
    const skipped: string[] = [];
    const add = (loops: readonly SimulatedLoop[], start: string) => {
        for (const loop of loops) {
            const cycle = canonical(loop.cycle);
            const key = cycle.map((step) => `${step.kind}:${step.id}`).join(" ");
            const entry = found.get(key) ?? { cycle, text: cycle.map((step) => step.name).join(" → "), startedBy: [] };
            if (!entry.startedBy.includes(start)) entry.startedBy.push(start);
            found.set(key, entry);
        }
    };
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    for (const rule of plan.routing.rules) {
        const component = byUrn.get(byUrn.get(rule.urn)?.parent ?? "");
        const examples: unknown = component?.outputs?.matchExamples;
        if (!Array.isArray(examples)) continue;
        for (const { label, event } of examples as { label: string; event: object }[]) {
            const start = `rule ${rule.name} ${label}`;
            try {
                add((await simulate(plan, event as never, { bus: rule.bus, time: TIME, explain: false })).loops, start);
            } catch (err) {
                skipped.push(`${start}: ${(err as Error).message}`);
            }
        }
    }
    const samples = webhookSamples as Record<string, Record<string, unknown>>;
    for (const webhook of plan.routing.webhooks) {
        const provider = webhook.provider;
        if (!provider || !samples[provider]) continue;
        for (const sample of Object.keys(samples[provider])) {
            const start = `webhook ${webhook.name} ${provider}:${sample}`;
            try {
                add((await simulateWebhook(plan, provider, { sample, ingress: webhook.name, explain: false })).loops, start);
            } catch (err) {
                skipped.push(`${start}: ${(err as Error).message}`);
            }
        }
    }
    return { loops: [...found.values()], skipped };
}

/**
 * One way to write a cycle however it was entered: rotated to start at the bus with the
 * smallest routing id (a → b → a and b → a → b are one loop).
 */
function canonical(cycle: readonly LoopStep[]): readonly LoopStep[] {
    const ring = cycle.slice(0, -1);
    let best = 0;
    ring.forEach((step, i) => {
        if (step.kind === "bus" && step.id < ring[best].id) best = i;
    });
    const rotated = [...ring.slice(best), ...ring.slice(0, best)];
    return [...rotated, rotated[0]];
}
