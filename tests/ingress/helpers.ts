import * as pulumi from "@pulumi/pulumi";
import { RecordingMocks, settle } from "../../testing/mocks";

/** Resource types WebhookIngress creates. */
export const T = {
    ingress: "eventbridge-kit:ingress:WebhookIngress",
    bus: "aws:cloudwatch/eventBus:EventBus",
    secret: "aws:secretsmanager/secret:Secret",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    fn: "aws:lambda/function:Function",
    permission: "aws:lambda/permission:Permission",
    url: "aws:lambda/functionUrl:FunctionUrl",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    queue: "aws:sqs/queue:Queue",
    notification: "aws:s3/bucketNotification:BucketNotification",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    attachment: "aws:lb/targetGroupAttachment:TargetGroupAttachment",
    listener: "aws:lb/listener:Listener",
    certificate: "aws:acm/certificate:Certificate",
    certificateValidation: "aws:acm/certificateValidation:CertificateValidation",
    record: "aws:route53/record:Record",
} as const;

/** What the SafeEventBus WebhookIngress creates when given no bus holds, with its defaults. */
export function defaultBusResources(busName: string): string[] {
    return [
        `eventbridge-kit:bus:SafeEventBus ${busName}`,
        `${T.bus} ${busName}`,
        `aws:kms/key:Key ${busName}-key`,
        `${T.queue} ${busName}-dlq`,
        `aws:sqs/queuePolicy:QueuePolicy ${busName}-dlq-policy`,
        `${T.alarm} ${busName}-dlq-alarm`,
        `${T.logGroup} ${busName}-logs`,
        `aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination ${busName}-log-destination`,
        `aws:cloudwatch/logDeliverySource:LogDeliverySource ${busName}-log-source-error`,
        `aws:cloudwatch/logDelivery:LogDelivery ${busName}-log-delivery-error`,
    ];
}

/** The physical name of the bus resource `busName` (not the SafeEventBus of the same name around it). */
export function busNameOf(mocks: RecordingMocks, busName: string): string {
    return mocks.resources.find((r) => r.type === T.bus && r.name === busName)!.inputs.name;
}

/** Runs `program` under fresh recording mocks, in preview or update mode, and waits for it to settle. */
export async function deploy(preview: boolean, program: () => void): Promise<RecordingMocks> {
    const mocks = new RecordingMocks();
    await mocks.install({ preview });
    program();
    await settle(mocks);
    return mocks;
}

/** `type name` of every resource, sorted, for exact comparisons. */
export function inventory(mocks: RecordingMocks): string[] {
    return mocks.resources.map((r) => `${r.type} ${r.name}`).sort();
}

export interface Statement {
    Sid?: string;
    Effect: string;
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string>>;
}

export function statementsOf(mocks: RecordingMocks, policyName: string): Statement[] {
    return JSON.parse(mocks.named(policyName).inputs.policy).Statement;
}

export function environmentOf(mocks: RecordingMocks, functionName: string): Record<string, string> {
    return mocks.named(functionName).inputs.environment.variables;
}

/** The wire form of a secret value, as the engine receives it. */
export function isWireSecret(value: unknown): boolean {
    return typeof value === "object" && value !== null
        && (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig;
}

/** Every file name in a code archive input, with its path (file assets) or text (string assets). */
export async function archiveContents(archive: pulumi.asset.AssetArchive): Promise<Record<string, { path?: string; text?: string }>> {
    const assets = await archive.assets;
    const out: Record<string, { path?: string; text?: string }> = {};
    for (const [name, asset] of Object.entries(assets)) {
        const a = asset as unknown as { path?: Promise<string>; text?: Promise<string> };
        out[name] = { path: a.path ? await a.path : undefined, text: a.text ? await a.text : undefined };
    }
    return out;
}
