/**
 * Errors raised while constructing a component: they name the component, the field, the rule
 * broken and the fix, so a failing `pulumi preview` says what to change.
 */
export class ComponentConfigError extends Error {
    constructor(
        readonly component: string,
        readonly resourceName: string,
        readonly field: string,
        problem: string,
        fix?: string,
    ) {
        super(`${component} "${resourceName}": ${field}: ${problem}${fix ? ` ${fix}` : ""}`);
        this.name = "ComponentConfigError";
    }
}

/** A function that raises {@link ComponentConfigError}s for one component instance. */
export type Fail = (field: string, problem: string, fix?: string) => never;

/** Binds the component and resource name, so call sites only say what is wrong. */
export function failFor(component: string, resourceName: string): Fail {
    return (field, problem, fix) => {
        throw new ComponentConfigError(component, resourceName, field, problem, fix);
    };
}
