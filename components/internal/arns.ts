/** The parts of an ARN: `arn:partition:service:region:account:resource`. */
export interface ArnParts {
    readonly partition: string;
    readonly service: string;
    readonly region: string;
    readonly account: string;
    readonly resource: string;
}

/** Splits an ARN, or returns undefined when the text is not one. */
export function parseArn(arn: string): ArnParts | undefined {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn") {
        return undefined;
    }
    const [, partition, service, region, account, ...resource] = parts;
    return { partition, service, region, account, resource: resource.join(":") };
}

export function isArn(text: string): boolean {
    return parseArn(text) !== undefined;
}

/** The bus name in an event bus ARN (`...:event-bus/<name>`), or the text itself if it is a name. */
export function eventBusNameOf(nameOrArn: string): string {
    const arn = parseArn(nameOrArn);
    return arn && arn.resource.startsWith("event-bus/") ? arn.resource.slice("event-bus/".length) : nameOrArn;
}

/** The ARN of a bus given by name or ARN, in the partition, region and account of `sibling`. */
export function eventBusArnOf(nameOrArn: string, sibling: ArnParts): string {
    if (isArn(nameOrArn)) {
        return nameOrArn;
    }
    return `arn:${sibling.partition}:events:${sibling.region}:${sibling.account}:event-bus/${nameOrArn}`;
}
