/**
 * What AWS and the Pulumi AWS provider would answer for a new resource, offline: the physical
 * name the provider auto-names it with, its id, its ARN in the service's documented format and
 * the URLs it gets. Deterministic (derived from the type and name), so two plans of the same
 * program compare equal, and realistic, so policies and reviewers read real-looking documents.
 */
import { createHash } from "crypto";

/** The account and region a plan pretends to deploy into. */
export interface Placement {
    readonly account: string;
    readonly region: string;
}

/** AWS's documentation placeholder account, used unless the plan is given another. */
export const PLACEHOLDER_ACCOUNT = "123456789012";
export const DEFAULT_REGION = "us-east-1";

function digest(...parts: string[]): string {
    return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

/** A UUID-shaped value (api destinations, connections, KMS keys, certificates). */
function uuid(seed: string): string {
    const h = digest("uuid", seed);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The input holding the physical name of each auto-named type, when it is not `name`. Types
 * absent from here and from {@link unnamed} are auto-named through `name`.
 */
const nameProperty: Readonly<Record<string, string>> = {
    "aws:s3/bucket:Bucket": "bucket",
    "aws:s3/bucketV2:BucketV2": "bucket",
    "aws:lambda/permission:Permission": "statementId",
    "aws:cloudwatch/eventTarget:EventTarget": "targetId",
    "aws:cloudwatch/metricAlarm:MetricAlarm": "name",
};

/** Types the provider does not name (their identity comes from what they attach to). */
const unnamed = new Set([
    "aws:sqs/queuePolicy:QueuePolicy", "aws:sns/topicPolicy:TopicPolicy", "aws:cloudwatch/eventBusPolicy:EventBusPolicy",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:secretsmanager/secretVersion:SecretVersion",
    "aws:lambda/functionUrl:FunctionUrl", "aws:s3/bucketNotification:BucketNotification", "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
    "aws:route53/record:Record", "aws:lb/listener:Listener", "aws:lb/targetGroupAttachment:TargetGroupAttachment",
    "aws:acm/certificate:Certificate", "aws:acm/certificateValidation:CertificateValidation", "aws:kms/key:Key", "aws:kms/alias:Alias",
    "aws:s3/bucketPolicy:BucketPolicy", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
]);

/**
 * The physical name: the one the program gave, else `<name>-<7 hex>` as the provider auto-names
 * (lower case for buckets, which S3 requires). Undefined for types that have none.
 */
export function physicalName(type: string, name: string, inputs: Record<string, any>): string | undefined {
    if (unnamed.has(type) || type.startsWith("pulumi:") || !type.startsWith("aws:")) {
        return undefined;
    }
    const property = nameProperty[type] ?? "name";
    const given = inputs[property];
    if (typeof given === "string" && given.length > 0) {
        return given;
    }
    const suffix = digest("name", type, name).slice(0, 7);
    // `namePrefix`, `statementIdPrefix`, `bucketPrefix`: the provider completes the prefix.
    const prefix = inputs[property === "name" ? "namePrefix" : `${property}Prefix`];
    if (typeof prefix === "string") {
        return `${prefix}${suffix}`;
    }
    const auto = `${name}-${suffix}`;
    return type.startsWith("aws:s3/") ? auto.toLowerCase() : auto;
}

const ec2IdPrefix: Readonly<Record<string, string>> = {
    Vpc: "vpc", Subnet: "subnet", SecurityGroup: "sg", InternetGateway: "igw", NatGateway: "nat", RouteTable: "rtb", Eip: "eipalloc",
};

/** What the provider answers for a new resource: its id and the state it computes. */
export interface Identity {
    readonly id: string;
    readonly state: Record<string, any>;
}

/** The id, ARN and other computed values of a new resource of `type`, as AWS would report them. */
export function identityOf(type: string, name: string, inputs: Record<string, any>, place: Placement): Identity {
    const { account, region } = place;
    const physical = physicalName(type, name, inputs);
    const named = physical ?? name;
    const arnOf = (service: string, resource: string, inRegion = true) => `arn:aws:${service}:${inRegion ? region : ""}:${service === "s3" ? "" : account}:${resource}`;
    const withName = (state: Record<string, any>) => (physical === undefined ? state : { [nameProperty[type] ?? "name"]: physical, ...state });
    switch (type) {
        case "aws:lambda/function:Function": {
            const arn = arnOf("lambda", `function:${named}`);
            return {
                id: named,
                state: withName({
                    arn, qualifiedArn: `${arn}:$LATEST`, version: "$LATEST",
                    invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
                }),
            };
        }
        case "aws:lambda/functionUrl:FunctionUrl": {
            const urlId = digest("url", name).slice(0, 32).replace(/[0-9]/g, (d) => "abcdefghij"[Number(d)]);
            return { id: String(inputs.functionName ?? name), state: { urlId, functionUrl: `https://${urlId}.lambda-url.${region}.on.aws/`, functionArn: arnOf("lambda", `function:${inputs.functionName ?? name}`) } };
        }
        case "aws:lambda/permission:Permission":
            return { id: named, state: withName({}) };
        case "aws:sqs/queue:Queue": {
            const url = `https://sqs.${region}.amazonaws.com/${account}/${named}`;
            return { id: url, state: withName({ arn: arnOf("sqs", named), url }) };
        }
        case "aws:sqs/queuePolicy:QueuePolicy":
            return { id: String(inputs.queueUrl ?? name), state: {} };
        case "aws:sns/topic:Topic": {
            const arn = arnOf("sns", named);
            return { id: arn, state: withName({ arn }) };
        }
        case "aws:sns/topicPolicy:TopicPolicy":
            return { id: String(inputs.arn ?? name), state: {} };
        case "aws:sfn/stateMachine:StateMachine": {
            const arn = arnOf("states", `stateMachine:${named}`);
            return { id: arn, state: withName({ arn }) };
        }
        case "aws:cloudwatch/eventBus:EventBus":
            return { id: named, state: withName({ arn: arnOf("events", `event-bus/${named}`) }) };
        case "aws:cloudwatch/eventBusPolicy:EventBusPolicy":
            return { id: String(inputs.eventBusName ?? "default"), state: {} };
        case "aws:cloudwatch/eventRule:EventRule": {
            const bus = typeof inputs.eventBusName === "string" && inputs.eventBusName !== "default" ? inputs.eventBusName : undefined;
            // A bus given by ARN is named by its last segment in the rule's ARN.
            const busName = bus?.startsWith("arn:") ? bus.slice(bus.lastIndexOf("/") + 1) : bus;
            return {
                id: busName ? `${busName}/${named}` : named,
                state: withName({ arn: arnOf("events", busName ? `rule/${busName}/${named}` : `rule/${named}`), eventBusName: inputs.eventBusName ?? "default" }),
            };
        }
        case "aws:cloudwatch/eventTarget:EventTarget": {
            const rule = String(inputs.rule ?? "rule");
            const bus = typeof inputs.eventBusName === "string" && inputs.eventBusName !== "default" ? `${inputs.eventBusName}/` : "";
            return { id: `${bus}${rule}/${named}`, state: withName({}) };
        }
        case "aws:cloudwatch/eventApiDestination:EventApiDestination":
            return { id: named, state: withName({ arn: arnOf("events", `api-destination/${named}/${uuid(`${type}/${named}`)}`) }) };
        case "aws:cloudwatch/eventConnection:EventConnection":
            return {
                id: named,
                state: withName({
                    arn: arnOf("events", `connection/${named}/${uuid(`${type}/${named}`)}`),
                    secretArn: arnOf("secretsmanager", `secret:events!connection/${named}/${uuid(`secret/${named}`)}-${digest("s", named).slice(0, 6)}`),
                }),
            };
        case "aws:cloudwatch/eventArchive:EventArchive":
            return { id: named, state: withName({ arn: arnOf("events", `archive/${named}`) }) };
        case "aws:cloudwatch/logGroup:LogGroup":
            return { id: named, state: withName({ arn: arnOf("logs", `log-group:${named}`) }) };
        case "aws:cloudwatch/metricAlarm:MetricAlarm":
            return { id: named, state: withName({ arn: arnOf("cloudwatch", `alarm:${named}`) }) };
        case "aws:iam/role:Role": {
            const path = typeof inputs.path === "string" ? inputs.path : "/";
            return { id: named, state: withName({ arn: `arn:aws:iam::${account}:role${path}${named}`, uniqueId: `AROA${digest("role", named).slice(0, 17).toUpperCase()}` }) };
        }
        case "aws:iam/policy:Policy": {
            const arn = `arn:aws:iam::${account}:policy${typeof inputs.path === "string" ? inputs.path : "/"}${named}`;
            return { id: arn, state: withName({ arn }) };
        }
        case "aws:iam/rolePolicy:RolePolicy":
            return { id: `${inputs.role}:${named}`, state: withName({}) };
        case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
            return { id: `${inputs.role}-${digest("attachment", name).slice(0, 20)}`, state: {} };
        case "aws:s3/bucket:Bucket":
        case "aws:s3/bucketV2:BucketV2":
            return {
                id: named,
                state: withName({ arn: arnOf("s3", named, false), bucketDomainName: `${named}.s3.amazonaws.com`, bucketRegionalDomainName: `${named}.s3.${region}.amazonaws.com`, region }),
            };
        case "aws:secretsmanager/secret:Secret": {
            const arn = arnOf("secretsmanager", `secret:${named}-${digest("secret", named).slice(0, 6)}`);
            return { id: arn, state: withName({ arn }) };
        }
        case "aws:secretsmanager/secretVersion:SecretVersion": {
            const versionId = uuid(`version/${name}`);
            return { id: `${inputs.secretId}|${versionId}`, state: { versionId, arn: inputs.secretId } };
        }
        case "aws:kms/key:Key": {
            const keyId = uuid(`key/${name}`);
            return { id: keyId, state: { keyId, arn: arnOf("kms", `key/${keyId}`) } };
        }
        case "aws:lb/loadBalancer:LoadBalancer": {
            const suffix = `app/${named}/${digest("lb", named).slice(0, 16)}`;
            const arn = arnOf("elasticloadbalancing", `loadbalancer/${suffix}`);
            return { id: arn, state: withName({ arn, arnSuffix: suffix, dnsName: `${named}-${parseInt(digest("dns", named).slice(0, 8), 16)}.${region}.elb.amazonaws.com`, zoneId: "Z35SXDOTRQ7X7K" }) };
        }
        case "aws:lb/targetGroup:TargetGroup": {
            const suffix = `targetgroup/${named}/${digest("tg", named).slice(0, 16)}`;
            const arn = arnOf("elasticloadbalancing", suffix);
            return { id: arn, state: withName({ arn, arnSuffix: suffix }) };
        }
        case "aws:lb/listener:Listener": {
            const arn = arnOf("elasticloadbalancing", `listener/app/${name}/${digest("listener", name).slice(0, 16)}/${digest("l2", name).slice(0, 16)}`);
            return { id: arn, state: { arn } };
        }
        case "aws:acm/certificate:Certificate": {
            const arn = arnOf("acm", `certificate/${uuid(`certificate/${name}`)}`);
            return {
                id: arn,
                state: {
                    arn,
                    domainValidationOptions: [{
                        domainName: inputs.domainName,
                        resourceRecordName: `_${digest("v1", name).slice(0, 32)}.${inputs.domainName}.`,
                        resourceRecordType: "CNAME",
                        resourceRecordValue: `_${digest("v2", name).slice(0, 32)}.acm-validations.aws.`,
                    }],
                },
            };
        }
        case "aws:route53/record:Record":
            return { id: `${inputs.zoneId}_${inputs.name}_${inputs.type}`, state: { fqdn: String(inputs.name ?? name).replace(/\.$/, "") } };
        case "aws:ec2/vpc:Vpc":
        case "aws:ec2/subnet:Subnet":
        case "aws:ec2/securityGroup:SecurityGroup":
        case "aws:ec2/internetGateway:InternetGateway":
        case "aws:ec2/natGateway:NatGateway":
        case "aws:ec2/routeTable:RouteTable":
        case "aws:ec2/eip:Eip": {
            // EC2 ids: a type prefix and 17 hex digits; ARNs name the resource by its id.
            const kind = type.split(":")[2];
            const prefix = ec2IdPrefix[kind];
            const id = `${prefix}-0${digest("ec2", type, name).slice(0, 16)}`;
            const arnKind = kind === "Eip" ? "elastic-ip" : kind.replace(/[A-Z]/g, (c, i) => `${i > 0 ? "-" : ""}${c.toLowerCase()}`);
            return { id, state: { arn: arnOf("ec2", `${arnKind}/${id}`), ...(kind === "Eip" ? { allocationId: id } : {}) } };
        }
        case "awsx:ec2:Vpc": {
            // A remote component: its outputs are what the awsx provider computes.
            const zones = typeof inputs.numberOfAvailabilityZones === "number" ? inputs.numberOfAvailabilityZones : 3;
            const specs: string[] = Array.isArray(inputs.subnetSpecs) ? inputs.subnetSpecs.map((s: any) => String(s?.type).toLowerCase()) : ["public", "private"];
            const subnets = (kind: string) => specs.includes(kind)
                ? Array.from({ length: zones }, (_, i) => `subnet-0${digest("subnet", name, kind, String(i)).slice(0, 16)}`) : [];
            return {
                id: name,
                state: { vpcId: `vpc-0${digest("vpc", name).slice(0, 16)}`, publicSubnetIds: subnets("public"), privateSubnetIds: subnets("private"), isolatedSubnetIds: subnets("isolated") },
            };
        }
        default: {
            // Types this package does not create: an ARN in the common shape, named by the physical name.
            const [, module] = type.split(":");
            const service = (module ?? "resource").split("/")[0];
            return { id: named, state: withName(physical === undefined ? {} : { arn: arnOf(service, named) }) };
        }
    }
}

/** The type of an explicit AWS provider resource (`new aws.Provider(...)`). */
export const AWS_PROVIDER_TYPE = "pulumi:providers:aws";

/** The account in a role ARN (`arn:aws:iam::111122223333:role/x`), if it is one. */
function accountOfRole(value: unknown): string | undefined {
    const arn = typeof value === "object" && value !== null ? (value as { roleArn?: unknown }).roleArn : undefined;
    const match = typeof arn === "string" ? /^arn:[^:]+:iam::(\d{12}):/.exec(arn) : null;
    return match?.[1];
}

/** A provider config value: the engine receives nested values as JSON text. */
function decoded(value: unknown): unknown {
    if (typeof value !== "string") return value;
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/**
 * Where an explicit AWS provider deploys: its `region`, and the account of the role it assumes
 * (the last of `assumeRoles`, or `assumeRole`) or its single `allowedAccountIds` entry; the
 * rest from `fallback` (the stack's placement).
 */
export function providerPlacement(inputs: Record<string, any>, fallback: Placement): Placement {
    const region = typeof inputs.region === "string" && inputs.region !== "" ? inputs.region : fallback.region;
    const roles = decoded(inputs.assumeRoles);
    const lastRole = Array.isArray(roles) ? roles[roles.length - 1] : decoded(inputs.assumeRole);
    const allowed = decoded(inputs.allowedAccountIds);
    const account = accountOfRole(lastRole)
        ?? (Array.isArray(allowed) && allowed.length === 1 && typeof allowed[0] === "string" ? allowed[0] : undefined)
        ?? fallback.account;
    return { account, region };
}

/** Answers for the provider functions (data sources) programs call, in the same placement. */
export function callResultOf(token: string, inputs: Record<string, any>, place: Placement): Record<string, any> {
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: place.account, arn: `arn:aws:iam::${place.account}:user/offline-plan`, userId: "AIDAOFFLINEPLAN", id: place.account };
        case "aws:index/getRegion:getRegion":
            return { name: place.region, region: place.region, id: place.region, endpoint: `ec2.${place.region}.amazonaws.com` };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
        case "aws:cloudwatch/getEventConnection:getEventConnection": {
            const identity = identityOf("aws:cloudwatch/eventConnection:EventConnection", inputs.name, inputs, place);
            return { ...inputs, ...identity.state };
        }
        default:
            return inputs;
    }
}
