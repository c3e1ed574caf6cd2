/**
 * The `emits.events` functions a plan carries for `simulate`: functions are not data (they
 * cannot be printed, compared or saved), so the plan holds them out of sight of JSON and deep
 * equality, as a property that is not enumerable. A plan read back from JSON has none, and
 * `simulate` falls back to the sample events its SafeRules registered.
 */
import type { EmitsFunction } from "../components/rules/program-record";
import type { Plan } from "./types";

const CARRIED = Symbol.for("eventbridge-kit.plan-emits-functions");

/** Gives `plan` the functions, by the URN of the EventTarget each belongs to. */
export function carryEmitsFunctions(plan: Plan, byTargetUrn: ReadonlyMap<string, EmitsFunction>): void {
    Object.defineProperty(plan, CARRIED, { value: byTargetUrn, enumerable: false });
}

/** The functions `plan` carries, by EventTarget URN (none for a plan made elsewhere). */
export function emitsFunctionsOf(plan: Plan): ReadonlyMap<string, EmitsFunction> {
    return (plan as Plan & { readonly [CARRIED]?: ReadonlyMap<string, EmitsFunction> })[CARRIED] ?? new Map();
}
