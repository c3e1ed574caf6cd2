/**
 * How the offline plan shows values it cannot or must not print: a value that only exists
 * after deployment, and a secret.
 */
export class UnknownValue {
    toString(): string { return "<unknown until deployed>"; }
    toJSON(): string { return this.toString(); }
}

export class SecretValue {
    toString(): string { return "<secret>"; }
    toJSON(): string { return this.toString(); }
}

/** A value that only exists after deployment (an ARN, a generated name...). */
export const unknown: UnknownValue = Object.freeze(new UnknownValue());
/** A secret value: the plan never shows it. */
export const secret: SecretValue = Object.freeze(new SecretValue());

export function isUnknown(value: unknown): value is UnknownValue {
    return value instanceof UnknownValue;
}

export function isSecret(value: unknown): value is SecretValue {
    return value instanceof SecretValue;
}
