import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { providers, SafeEventBus, SafeRule, targets, WebhookIngress } from "eventbridge-kit";
import { exampleFunction } from "../shared/function";

export interface BirdToS3Args {
    /** The basic-auth credentials configured on the Bird webhook. */
    readonly username: string;
    readonly password: pulumi.Input<string>;
    readonly busName: string;
    /** The host name Bird calls, e.g. `bird-events.example.com`. */
    readonly domainName: string;
    /** The Route 53 hosted zone of `domainName` (gets the alias record and the certificate's validation record). */
    readonly hostedZoneId: string;
    /** Days raw batches and CSV files are kept. */
    readonly batchRetentionDays: number;
    readonly logRetentionDays: number;
    readonly alarmActions: string[];
}

/** One record of a Bird batch as the batch processor puts it on the bus. */
const record = (type: string, extra: object) => ({
    source: "bird.com",
    "detail-type": type,
    detail: {
        metadata: { provider: "bird", deliveryId: "batch-7f3c", batchId: "batch-7f3c", recordIndex: 0 },
        payload: { msys: { message_event: { type, rcpt_to: "someone@example.com", message_id: "0001", ...extra } } },
    },
});

/**
 * Bird (SparkPost) event webhooks → ALB on 443 with a Route 53 alias → each batch stored in S3
 * under its batch id → batch processor → bus → bounce rule → Lambda writing CSV rows to S3.
 */
export function birdToS3(name: string, args: BirdToS3Args) {
    // The load balancer needs public subnets in two zones; no NAT gateway, nothing here is private.
    const vpc = new awsx.ec2.Vpc(`${name}-vpc`, {
        numberOfAvailabilityZones: 2,
        natGateways: { strategy: awsx.ec2.NatGatewayStrategy.None },
        subnetStrategy: awsx.ec2.SubnetAllocationStrategy.Auto,
        subnetSpecs: [{ type: awsx.ec2.SubnetType.Public }],
    });

    const bucket = new aws.s3.Bucket(`${name}-batches`, { forceDestroy: false });
    new aws.s3.BucketPublicAccessBlock(`${name}-batches-private`, {
        bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-batches-encryption`, {
        bucket: bucket.id,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    new aws.s3.BucketLifecycleConfiguration(`${name}-batches-retention`, {
        bucket: bucket.id,
        rules: [{ id: "expire", status: "Enabled", filter: {}, expiration: { days: args.batchRetentionDays } }],
    });

    // A customer managed key, a dead-letter queue for events it cannot encrypt or decrypt, error logs.
    const bus = new SafeEventBus(`${name}-bus`, {
        name: args.busName,
        logging: { level: "ERROR", includeDetail: "NONE", retentionInDays: args.logRetentionDays },
        alarmActions: args.alarmActions,
    });

    const webhook = new WebhookIngress(`${name}-webhook`, {
        provider: providers.bird({ auth: { basic: { username: args.username, password: args.password } } }),
        endpoint: { alb: { vpc: { vpcId: vpc.vpcId, publicSubnetIds: vpc.publicSubnetIds }, domainName: args.domainName, hostedZoneId: args.hostedZoneId } },
        delivery: { s3: { bucket, prefix: "batches/" } },
        eventBus: bus,
        logRetentionDays: args.logRetentionDays,
        alarms: { actions: args.alarmActions },
    });

    const csvPrefix = "bounces-csv/";
    const toCsv = exampleFunction(`${name}-bounces-to-csv`, {
        codeDir: path.join(__dirname, "functions", "bounces-to-csv"),
        description: "Writes each bounce as a CSV row under its batch id",
        logRetentionDays: args.logRetentionDays,
        environment: { CSV_BUCKET: bucket.bucket, CSV_PREFIX: csvPrefix },
        statements: [{ Effect: "Allow", Action: ["s3:PutObject"], Resource: pulumi.interpolate`${bucket.arn}/${csvPrefix}*` }],
    });
    const bounces = new SafeRule(`${name}-bounces`, {
        eventBus: bus,
        description: "Bounces (in-band and out-of-band) become CSV rows",
        pattern: { source: ["bird.com"], "detail-type": ["bounce", "out_of_band"] },
        examples: {
            match: { bounce: record("bounce", { bounce_class: "10" }), outOfBand: record("out_of_band", { bounce_class: "60" }) },
            noMatch: { delivery: record("delivery", {}), click: record("click", {}) },
        },
        targets: [targets.lambda(toCsv.function)],
        retryPolicy: { maximumEventAgeInSeconds: 3600 * 8, maximumRetryAttempts: 50 },
        alarmActions: args.alarmActions,
    });

    return { vpc, bucket, bus, webhook, toCsv, bounces };
}
