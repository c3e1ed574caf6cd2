/**
 * The type tokens of the resources the stack model, the policies and the plan reason about.
 */
import { COMPONENT_TYPES } from "../providers";

export const types = {
    webhookIngress: COMPONENT_TYPES.webhookIngress,
    safeRule: COMPONENT_TYPES.safeRule,
    apiDestinationTarget: COMPONENT_TYPES.apiDestinationTarget,
    eventBus: "aws:cloudwatch/eventBus:EventBus",
    eventBusPolicy: "aws:cloudwatch/eventBusPolicy:EventBusPolicy",
    eventPermission: "aws:cloudwatch/eventPermission:EventPermission",
    eventRule: "aws:cloudwatch/eventRule:EventRule",
    eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
    eventArchive: "aws:cloudwatch/eventArchive:EventArchive",
    apiDestination: "aws:cloudwatch/eventApiDestination:EventApiDestination",
    connection: "aws:cloudwatch/eventConnection:EventConnection",
    lambdaFunction: "aws:lambda/function:Function",
    lambdaPermission: "aws:lambda/permission:Permission",
    functionUrl: "aws:lambda/functionUrl:FunctionUrl",
    stateMachine: "aws:sfn/stateMachine:StateMachine",
    queue: "aws:sqs/queue:Queue",
    queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
    topic: "aws:sns/topic:Topic",
    kinesisStream: "aws:kinesis/stream:Stream",
    ecsCluster: "aws:ecs/cluster:Cluster",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    logDeliverySource: "aws:cloudwatch/logDeliverySource:LogDeliverySource",
    kmsKey: "aws:kms/key:Key",
    kmsKeyPolicy: "aws:kms/keyPolicy:KeyPolicy",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    managedPolicy: "aws:iam/policy:Policy",
    secret: "aws:secretsmanager/secret:Secret",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
} as const;
