import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SafeEventBus, SafeRule, targets } from "eventbridge-kit";

export interface CrossAccountArgs {
    readonly busName: string;
    /** The role in the audit account this program assumes there (`aws.Provider` assumeRoles). */
    readonly auditDeployRoleArn: string;
    /** A topic of the audit account that this program does not manage. */
    readonly auditAlertsTopicArn: string;
    readonly region: string;
}

const order = (status: string, total: number) => ({
    source: "com.example.orders",
    "detail-type": "Order Created",
    detail: { orderId: "o-1001", status, total },
});

/**
 * Orders on this account's bus go straight to the audit account: every order to a queue this
 * program creates there (with that account's provider), large orders to a topic that account
 * manages itself (its owner applies the statement this program returns).
 */
export function crossAccount(name: string, args: CrossAccountArgs) {
    const bus = new SafeEventBus(`${name}-bus`, { name: args.busName });

    // Everything created in the audit account goes through this provider.
    const audit = new aws.Provider(`${name}-audit-account`, { region: args.region as aws.Region, assumeRoles: [{ roleArn: args.auditDeployRoleArn }] });
    const inbox = new aws.sqs.Queue(`${name}-audit-inbox`, { sqsManagedSseEnabled: true, messageRetentionSeconds: 14 * 24 * 3600 }, { provider: audit });

    const allOrders = new SafeRule(`${name}-orders-to-audit`, {
        eventBus: bus,
        description: "Every order, to the audit account's inbox",
        pattern: { source: ["com.example.orders"], "detail-type": ["Order Created"] },
        examples: { match: { small: order("created", 20) } },
        targets: [targets.crossAccountQueue(inbox, { provider: audit })],
    });

    const alerts = targets.crossAccountTopic(args.auditAlertsTopicArn);
    const largeOrders = new SafeRule(`${name}-large-orders`, {
        eventBus: bus,
        description: "Orders of 10,000 or more, to the audit account's alerts topic",
        pattern: { source: ["com.example.orders"], "detail-type": ["Order Created"], detail: { total: [{ numeric: [">=", 10000] }] } },
        examples: { match: { large: order("created", 12500) }, noMatch: { small: order("created", 20) } },
        targets: [alerts],
    });

    return { bus, audit, inbox, allOrders, largeOrders, alertsTopicStatements: pulumi.all(alerts.resourcePolicyStatements) };
}
