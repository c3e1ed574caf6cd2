import * as pulumi from "@pulumi/pulumi";
import { transform } from "../components";
import type { InputTransformer } from "../components";
import { ComponentConfigError } from "../components/errors";
import type { Fail } from "../components/errors";

/** What a target receives instead of the whole event: values picked from the event, put into a template. */
export interface InputTransformerShape {
    /**
     * Names for values picked from the event by JSON path, e.g. `{ repo: "$.detail.payload.repository.full_name" }`.
     * @default none
     */
    readonly paths?: { [name: string]: string };
    /** The text the target receives; `<name>` is replaced by the value picked for that name. */
    readonly template: string;
}

/**
 * The value of a field that decides what is created: it must be known when the program runs,
 * so an Output (a value known only after deployment) is refused with the fix.
 */
export function plainValue<T>(value: T, field: string, fail: Fail): T {
    if (pulumi.Output.isInstance(value)) {
        fail(field, "is only known after deployment, but it decides what is created.", "Pass a literal value (not another resource's output).");
    }
    return value;
}

/** The one member of a tagged object that is set, or a failure naming the choices. */
export function onlyMember<T extends object, K extends keyof T & string>(shape: T | undefined, field: string, choices: readonly K[], fail: Fail): K {
    const set = choices.filter((key) => shape?.[key] !== undefined);
    if (set.length !== 1) {
        fail(field, set.length === 0 ? "has none of its choices set." : `has ${set.join(" and ")} set; only one is allowed.`,
            `Set exactly one of ${choices.join(", ")}.`);
    }
    return set[0];
}

/** The input transformer, checked as `transform` checks it, with the error on the given field. */
export function inputTransformer(shape: InputTransformerShape | undefined, field: string, fail: Fail): InputTransformer | undefined {
    if (shape === undefined) {
        return undefined;
    }
    try {
        return transform({ paths: shape.paths, template: shape.template });
    } catch (error) {
        return fail(field, (error as Error).message, "Fix the paths or the template.");
    }
}

/** Keeps only the fields that are set, so defaults stay the component's own. */
export function defined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Runs a builder of the TypeScript API, reporting what it throws against `field` (a front-door failure passes as it is). */
export function built<T>(field: string, fail: Fail, build: () => T): T {
    try {
        return build();
    } catch (error) {
        if (error instanceof ComponentConfigError) {
            throw error;
        }
        return fail(field, (error as Error).message);
    }
}
