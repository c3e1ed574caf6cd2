import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { generateEventBridgeName } from "../internal/names";
import { BusLogLevel, ResolvedLogging } from "./args";

/** The log types each level sends: every level includes the ones below it. */
export const LOG_TYPES_BY_LEVEL: Readonly<Record<BusLogLevel, readonly string[]>> = {
    ERROR: ["ERROR_LOGS"],
    INFO: ["ERROR_LOGS", "INFO_LOGS"],
    TRACE: ["ERROR_LOGS", "INFO_LOGS", "TRACE_LOGS"],
};

export interface BusLogging {
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly destination: aws.cloudwatch.LogDeliveryDestination;
    readonly sources: aws.cloudwatch.LogDeliverySource[];
    readonly deliveries: aws.cloudwatch.LogDelivery[];
}

/** Delivery source and destination names: 1–60 of `A-Za-z0-9_-`. */
function deliveryName(resourceName: string): string {
    return generateEventBridgeName(resourceName, 60).replace(/\./g, "-");
}

/**
 * The bus's logs in CloudWatch Logs through the log-delivery resources: a log group under
 * `/aws/vendedlogs/` (where CloudWatch keeps one resource policy for all vended logs instead of
 * one per group), one destination, and one source and delivery per log type the level sends.
 * Deliveries are created one after another: CloudWatch Logs rejects concurrent changes to
 * deliveries of one destination.
 */
export function createBusLogging(name: string, busName: string, busArn: pulumi.Input<string>, logging: ResolvedLogging,
    tags: SafeTags, parent: pulumi.Resource): BusLogging {
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
        name: `/aws/vendedlogs/events/event-bus/${busName}`,
        retentionInDays: logging.retentionInDays,
        tags,
    }, { parent });
    const destination = new aws.cloudwatch.LogDeliveryDestination(`${name}-log-destination`, {
        name: deliveryName(`${name}-logs`),
        deliveryDestinationConfiguration: { destinationResourceArn: logGroup.arn },
        tags,
    }, { parent });
    const sources: aws.cloudwatch.LogDeliverySource[] = [];
    const deliveries: aws.cloudwatch.LogDelivery[] = [];
    for (const logType of LOG_TYPES_BY_LEVEL[logging.level]) {
        const role = logType.toLowerCase().replace("_logs", "");
        const source = new aws.cloudwatch.LogDeliverySource(`${name}-log-source-${role}`, {
            name: deliveryName(`${name}-${role}-logs`),
            logType,
            resourceArn: busArn,
            tags,
        }, { parent });
        const previous = deliveries[deliveries.length - 1];
        const delivery = new aws.cloudwatch.LogDelivery(`${name}-log-delivery-${role}`, {
            deliverySourceName: source.name,
            deliveryDestinationArn: destination.arn,
            tags,
        }, { parent, dependsOn: previous ? [previous] : [] });
        sources.push(source);
        deliveries.push(delivery);
    }
    return { logGroup, destination, sources, deliveries };
}

export type SafeTags = pulumi.Input<Record<string, pulumi.Input<string>>> | undefined;
