/**
 * A resolved plan indexed for simulation: resources by URN and by ARN, the rules on each bus, and
 * buses by routing id, name or ARN. One index per plan, built on first use.
 */
import type { Plan, PlannedResource, RoutingBus, RoutingRule } from "./types";

const indexes = new WeakMap<Plan, PlanIndex>();

/** The index of `plan`, built once. */
export function planIndex(plan: Plan): PlanIndex {
    const index = indexes.get(plan) ?? new PlanIndex(plan);
    indexes.set(plan, index);
    return index;
}

/** Resources by URN, and the ARN each has in the resolved plan. */
export class PlanIndex {
    private readonly byUrn = new Map<string, PlannedResource>();

    constructor(readonly plan: Plan) {
        for (const r of plan.resources) {
            this.byUrn.set(r.urn, r);
        }
    }

    private byBus?: Map<string, RoutingRule[]>;

    rulesOn(bus: string): readonly RoutingRule[] {
        if (!this.byBus) {
            this.byBus = new Map();
            for (const rule of this.plan.routing.rules) {
                this.byBus.set(rule.bus, [...(this.byBus.get(rule.bus) ?? []), rule]);
            }
        }
        return this.byBus.get(bus) ?? [];
    }

    resource(urn: string | undefined): PlannedResource | undefined {
        return urn ? this.byUrn.get(urn) : undefined;
    }

    byArn(arn: string, type?: string): PlannedResource | undefined {
        return this.plan.resources.find((r) => r.outputs?.arn === arn && (!type || r.type === type));
    }

    busArn(bus: RoutingBus): string {
        const arn = this.resource(bus.urn)?.outputs?.arn;
        return typeof arn === "string" ? arn : `arn:aws:events:${this.plan.region}:${this.plan.account}:event-bus/${bus.name}`;
    }

    /** A bus by routing id, name or ARN. */
    findBus(key: string): RoutingBus | undefined {
        return this.plan.routing.buses.find((b) => b.id === key || b.name === key || this.busArn(b) === key)
            ?? (key === `arn:aws:events:${this.plan.region}:${this.plan.account}:event-bus/default` ? this.findBus("default") : undefined);
    }
}
