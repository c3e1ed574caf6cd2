/** JSON paths that locate a problem or a field, e.g. `$.detail.state[0]` or `$["my key"]`. */

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** The path of `key` inside the object at `parent`. */
export function childPath(parent: string, key: string): string {
    return PLAIN_KEY.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/** The path of element `index` of the array at `parent`. */
export function indexPath(parent: string, index: number): string {
    return `${parent}[${index}]`;
}

/** The path of a flattened event field name (`detail.state` → `$.detail.state`). */
export function fieldPath(name: string): string {
    return name.split(".").reduce(childPath, "$");
}
