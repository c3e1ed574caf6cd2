import * as pulumi from "@pulumi/pulumi";

/** The account and region every offline run pretends to be in. */
export const FAKE_ACCOUNT_ID = "123456789012";
export const FAKE_REGION = "us-east-1";

/** One resource a program registered, as the mocks saw it. */
export interface RecordedResource {
    readonly type: string;
    readonly name: string;
    /** The inputs exactly as the program passed them (secrets unwrapped by the mock runtime). */
    readonly inputs: Record<string, any>;
    /** The fake state the mocks answered with (inputs plus arn, id, name...). */
    readonly state: Record<string, any>;
}

/**
 * A fake ARN shaped like the real one for the resource types this package creates, so tests
 * can assert that IAM statements and conditions name exact ARNs.
 */
export function fakeArn(type: string, name: string, inputs: Record<string, any> = {}): string {
    const region = FAKE_REGION;
    const account = FAKE_ACCOUNT_ID;
    const physical = inputs.name ?? name;
    switch (type) {
        case "aws:lambda/function:Function":
            return `arn:aws:lambda:${region}:${account}:function:${physical}`;
        case "aws:sqs/queue:Queue":
            return `arn:aws:sqs:${region}:${account}:${physical}`;
        case "aws:sns/topic:Topic":
            return `arn:aws:sns:${region}:${account}:${physical}`;
        case "aws:sfn/stateMachine:StateMachine":
            return `arn:aws:states:${region}:${account}:stateMachine:${physical}`;
        case "aws:cloudwatch/eventBus:EventBus":
            return `arn:aws:events:${region}:${account}:event-bus/${physical}`;
        case "aws:cloudwatch/eventRule:EventRule": {
            const bus = inputs.eventBusName;
            return bus && bus !== "default"
                ? `arn:aws:events:${region}:${account}:rule/${bus}/${physical}`
                : `arn:aws:events:${region}:${account}:rule/${physical}`;
        }
        case "aws:cloudwatch/eventApiDestination:EventApiDestination":
            return `arn:aws:events:${region}:${account}:api-destination/${physical}/00000000-0000-0000-0000-000000000000`;
        case "aws:cloudwatch/eventConnection:EventConnection":
            return `arn:aws:events:${region}:${account}:connection/${physical}/00000000-0000-0000-0000-000000000000`;
        case "aws:cloudwatch/eventArchive:EventArchive":
            return `arn:aws:events:${region}:${account}:archive/${physical}`;
        case "aws:iam/role:Role":
            return `arn:aws:iam::${account}:role/${physical}`;
        case "aws:iam/policy:Policy":
            return `arn:aws:iam::${account}:policy/${physical}`;
        case "aws:s3/bucket:Bucket":
        case "aws:s3/bucketV2:BucketV2":
            return `arn:aws:s3:::${inputs.bucket ?? physical}`;
        case "aws:secretsmanager/secret:Secret":
            return `arn:aws:secretsmanager:${region}:${account}:secret:${physical}-AbCdEf`;
        case "aws:cloudwatch/logGroup:LogGroup":
            return `arn:aws:logs:${region}:${account}:log-group:${physical}`;
        case "aws:lb/loadBalancer:LoadBalancer":
            return `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/${physical}/50dc6c495c0c9188`;
        case "aws:lb/targetGroup:TargetGroup":
            return `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/${physical}/73e2d6bc24d8a067`;
        case "aws:acm/certificate:Certificate":
            return `arn:aws:acm:${region}:${account}:certificate/${physical}`;
        case "aws:kms/key:Key":
            return `arn:aws:kms:${region}:${account}:key/${physical}`;
        case "aws:scheduler/scheduleGroup:ScheduleGroup":
            return `arn:aws:scheduler:${region}:${account}:schedule-group/${physical}`;
        case "aws:scheduler/schedule:Schedule":
            return `arn:aws:scheduler:${region}:${account}:schedule/${inputs.groupName ?? "default"}/${physical}`;
        default: {
            const [, module] = type.split(":");
            const service = (module ?? "resource").split("/")[0];
            return `arn:aws:${service}:${region}:${account}:${physical}`;
        }
    }
}

/** Extra state real providers compute, so programs that read it see something plausible. */
function computedState(type: string, name: string, inputs: Record<string, any>, arn: string): Record<string, any> {
    const physical = inputs.name ?? name;
    switch (type) {
        case "aws:sqs/queue:Queue":
            return { url: `https://sqs.${FAKE_REGION}.amazonaws.com/${FAKE_ACCOUNT_ID}/${physical}` };
        case "aws:lambda/functionUrl:FunctionUrl":
            return { functionUrl: `https://${name}.lambda-url.${FAKE_REGION}.on.aws/`, urlId: name };
        case "aws:lambda/function:Function":
            return { invokeArn: `arn:aws:apigateway:${FAKE_REGION}:lambda:path/2015-03-31/functions/${arn}/invocations` };
        case "aws:cloudwatch/eventConnection:EventConnection":
            return { secretArn: `arn:aws:secretsmanager:${FAKE_REGION}:${FAKE_ACCOUNT_ID}:secret:events!connection/${physical}-AbCdEf` };
        case "aws:s3/bucket:Bucket":
        case "aws:s3/bucketV2:BucketV2":
            return { bucket: inputs.bucket ?? physical };
        case "aws:acm/certificate:Certificate":
            return {
                domainValidationOptions: [{
                    domainName: inputs.domainName,
                    resourceRecordName: `_0123456789abcdef.${inputs.domainName}.`,
                    resourceRecordType: "CNAME",
                    resourceRecordValue: "_fedcba9876543210.acm-validations.aws.",
                }],
            };
        case "aws:route53/record:Record":
            return { fqdn: String(inputs.name ?? physical).replace(/\.$/, "") };
        case "aws:lb/loadBalancer:LoadBalancer":
            return {
                dnsName: `${physical}-1234567890.${FAKE_REGION}.elb.amazonaws.com`,
                zoneId: "Z35SXDOTRQ7X7K",
                arnSuffix: arn.slice(arn.indexOf(":loadbalancer/") + ":loadbalancer/".length),
            };
        case "aws:lb/targetGroup:TargetGroup":
            return { arnSuffix: arn.slice(arn.lastIndexOf(":") + 1) };
        default:
            return {};
    }
}

/** Answers for the provider functions (data sources) the components call. */
function callResult(token: string, inputs: Record<string, any>): Record<string, any> {
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: FAKE_ACCOUNT_ID, arn: `arn:aws:iam::${FAKE_ACCOUNT_ID}:user/offline`, userId: "OFFLINE" };
        case "aws:index/getRegion:getRegion":
            return { name: FAKE_REGION, region: FAKE_REGION, id: FAKE_REGION };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com" };
        case "aws:cloudwatch/getEventConnection:getEventConnection":
            return {
                ...inputs,
                arn: fakeArn("aws:cloudwatch/eventConnection:EventConnection", inputs.name, inputs),
                secretArn: `arn:aws:secretsmanager:${FAKE_REGION}:${FAKE_ACCOUNT_ID}:secret:events!connection/${inputs.name}-AbCdEf`,
            };
        default:
            return inputs;
    }
}

/**
 * Pulumi mocks that record every resource registered, answering with fake but well-formed
 * state. Call `install()` before constructing resources; read `resources` afterwards.
 */
export class RecordingMocks implements pulumi.runtime.Mocks {
    readonly resources: RecordedResource[] = [];

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
        const inputs = args.inputs ?? {};
        const arn = fakeArn(args.type, args.name, inputs);
        // Some resources take an `arn` input (an EventTarget's target, a TopicPolicy's topic):
        // their state keeps it, as the provider's does.
        const state = { ...inputs, arn: inputs.arn ?? arn, name: inputs.name ?? args.name, ...computedState(args.type, args.name, inputs, arn) };
        this.resources.push({ type: args.type, name: args.name, inputs, state });
        // A new resource arrives with an empty id: answer a stable fake one, as a provider would.
        return { id: args.id || `${args.name}-id`, state };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        return callResult(args.token, args.inputs ?? {});
    }

    /** Make these the mocks for every resource constructed from now on. */
    async install(options: { preview?: boolean; project?: string; stack?: string } = {}): Promise<void> {
        await pulumi.runtime.setMocks(this, options.project ?? "project", options.stack ?? "dev", options.preview ?? false);
    }

    ofType(type: string): RecordedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    named(name: string): RecordedResource {
        const found = this.resources.find((r) => r.name === name);
        if (!found) {
            throw new Error(`no resource named "${name}" was registered; registered: ${this.resources.map((r) => r.name).join(", ")}`);
        }
        return found;
    }
}

/** Resolve an Output in a test or the offline plan (mocks resolve every Output). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => { resolve(v); return v; }));
}

/**
 * Wait until the program has stopped registering resources: registration is asynchronous, so
 * a test must let it settle before reading what the mocks recorded.
 */
export async function settle(mocks: RecordingMocks, quietTicks = 5): Promise<void> {
    let last = -1;
    let quiet = 0;
    while (quiet < quietTicks) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (mocks.resources.length === last) {
            quiet++;
        } else {
            quiet = 0;
            last = mocks.resources.length;
        }
    }
}
