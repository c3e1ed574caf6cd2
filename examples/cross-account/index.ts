import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { crossAccount } from "./stack";

const config = new pulumi.Config();
const stack = crossAccount("orders", {
    busName: `orders-${pulumi.getStack()}`,
    auditDeployRoleArn: config.require("auditDeployRoleArn"),
    auditAlertsTopicArn: config.require("auditAlertsTopicArn"),
    region: aws.config.region ?? "us-east-1",
});

export const busName = stack.bus.name;
export const auditInboxUrl = stack.inbox.url;
/** For the audit account's owner: add these statements to the alerts topic's policy. */
export const alertsTopicStatements = stack.alertsTopicStatements;
