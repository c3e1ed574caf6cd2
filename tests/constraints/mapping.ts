/**
 * Pulumi AWS inputs → CloudFormation properties, one entry per resource type a planned stack
 * holds. Every input a plan shows must be named here (mapped, or skipped with the reason), and
 * every type too: ./check.ts fails on anything unnamed, so a new input or resource type the kit
 * starts to create cannot go unchecked.
 *
 * A field is the CloudFormation property path the input becomes (relative to `at`, or from the
 * resource's root with a leading `/`), optionally with a conversion of the value. Objects nested
 * inside an input match their CloudFormation definition's properties case-insensitively
 * (`retryPolicy.maximumRetryAttempts` → `RetryPolicy.MaximumRetryAttempts`); conversions
 * handle the shapes that differ.
 */
import { isSecret } from "../../stack";

export type Field = string | readonly [path: string, convert: (value: any) => unknown] | { readonly skip: string };

export interface TypeMapping {
    /** The CloudFormation type whose schema holds the constraints; null when CloudFormation has no counterpart. */
    readonly cfn: string | null;
    /** Why there is no counterpart (cfn null). */
    readonly reason?: string;
    /** Where this resource's properties sit inside the CloudFormation type (an event target is one of a rule's `Targets`). */
    readonly at?: string;
    /** The input the provider auto-names when the program leaves it out: its physical name is checked. */
    readonly autoName?: string;
    readonly inputs: Readonly<Record<string, Field>>;
}

/** A conversion that leaves a secret (never shown, never checked) as it is. */
const keepSecret = (convert: (value: any) => unknown) => (value: any) => (isSecret(value) ? value : convert(value));
const json = keepSecret((value) => (typeof value === "string" ? JSON.parse(value) : value));
const list = (value: unknown) => [value];
const tagList = keepSecret((tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value })));
const attributes = (key: string) => (value: unknown) => [{ Key: key, Value: String(value) }];

export const mappings: Readonly<Record<string, TypeMapping>> = {
    "aws:cloudwatch/eventBus:EventBus": {
        cfn: "AWS::Events::EventBus",
        inputs: { name: "Name", description: "Description", kmsKeyIdentifier: "KmsKeyIdentifier", deadLetterConfig: "DeadLetterConfig", eventSourceName: "EventSourceName", logConfig: "LogConfig" },
    },
    "aws:cloudwatch/eventRule:EventRule": {
        cfn: "AWS::Events::Rule",
        autoName: "name",
        inputs: {
            name: "Name", description: "Description", eventBusName: "EventBusName", eventPattern: "EventPattern",
            state: "State", roleArn: "RoleArn", scheduleExpression: "ScheduleExpression",
        },
    },
    "aws:cloudwatch/eventTarget:EventTarget": {
        cfn: "AWS::Events::Rule",
        at: "Targets[]",
        autoName: "targetId",
        inputs: {
            rule: "/Name", eventBusName: "/EventBusName",
            targetId: "Id", arn: "Arn", roleArn: "RoleArn", input: "Input", inputPath: "InputPath",
            deadLetterConfig: "DeadLetterConfig", retryPolicy: "RetryPolicy",
            inputTransformer: ["InputTransformer", (t) => ({ InputPathsMap: t.inputPaths, InputTemplate: t.inputTemplate })],
            httpTarget: "HttpParameters", sqsTarget: "SqsParameters",
        },
    },
    "aws:cloudwatch/eventConnection:EventConnection": {
        cfn: "AWS::Events::Connection",
        autoName: "name",
        inputs: {
            name: "Name", description: "Description", authorizationType: "AuthorizationType", kmsKeyIdentifier: "KmsKeyIdentifier",
            authParameters: ["AuthParameters", (a) => ({
                ApiKeyAuthParameters: a.apiKey && { ApiKeyName: a.apiKey.key, ApiKeyValue: a.apiKey.value },
                BasicAuthParameters: a.basic,
                OAuthParameters: a.oauth && {
                    AuthorizationEndpoint: a.oauth.authorizationEndpoint, HttpMethod: a.oauth.httpMethod,
                    ClientParameters: a.oauth.clientParameters && { ClientID: a.oauth.clientParameters.clientId, ClientSecret: a.oauth.clientParameters.clientSecret },
                    OAuthHttpParameters: a.oauth.oauthHttpParameters && connectionParameters(a.oauth.oauthHttpParameters),
                },
                InvocationHttpParameters: a.invocationHttpParameters && connectionParameters(a.invocationHttpParameters),
            })],
        },
    },
    "aws:cloudwatch/eventApiDestination:EventApiDestination": {
        cfn: "AWS::Events::ApiDestination",
        autoName: "name",
        inputs: {
            name: "Name", description: "Description", connectionArn: "ConnectionArn", httpMethod: "HttpMethod",
            invocationEndpoint: "InvocationEndpoint", invocationRateLimitPerSecond: "InvocationRateLimitPerSecond",
        },
    },
    "aws:cloudwatch/eventArchive:EventArchive": {
        cfn: "AWS::Events::Archive",
        autoName: "name",
        inputs: { name: "ArchiveName", description: "Description", eventSourceArn: "SourceArn", eventPattern: ["EventPattern", json], retentionDays: "RetentionDays", kmsKeyIdentifier: "KmsKeyIdentifier" },
    },
    "aws:cloudwatch/eventBusPolicy:EventBusPolicy": {
        cfn: "AWS::Events::EventBusPolicy",
        inputs: {
            eventBusName: "EventBusName",
            policy: { skip: "a whole policy document (the API's PutPermission Policy); CloudFormation's EventBusPolicy holds one Statement" },
        },
    },
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": {
        cfn: "AWS::Logs::DeliveryDestination",
        inputs: {
            name: "Name", tags: ["Tags", tagList], outputFormat: "OutputFormat",
            deliveryDestinationConfiguration: ["DestinationResourceArn", (c) => c.destinationResourceArn],
        },
    },
    "aws:cloudwatch/logDeliverySource:LogDeliverySource": {
        cfn: "AWS::Logs::DeliverySource",
        inputs: { name: "Name", logType: "LogType", resourceArn: "ResourceArn", tags: ["Tags", tagList] },
    },
    "aws:cloudwatch/logDelivery:LogDelivery": {
        cfn: "AWS::Logs::Delivery",
        inputs: { deliverySourceName: "DeliverySourceName", deliveryDestinationArn: "DeliveryDestinationArn", tags: ["Tags", tagList] },
    },
    "aws:kms/key:Key": {
        cfn: "AWS::KMS::Key",
        inputs: {
            description: "Description", enableKeyRotation: "EnableKeyRotation", deletionWindowInDays: "PendingWindowInDays",
            policy: ["KeyPolicy", json], keyUsage: "KeyUsage", customerMasterKeySpec: "KeySpec", tags: ["Tags", tagList],
        },
    },
    "aws:vpclattice/resourceGateway:ResourceGateway": {
        cfn: "AWS::VpcLattice::ResourceGateway",
        autoName: "name",
        inputs: {
            name: "Name", vpcId: "VpcIdentifier", subnetIds: "SubnetIds", securityGroupIds: "SecurityGroupIds",
            ipAddressType: "IpAddressType", tags: ["Tags", tagList],
        },
    },
    "aws:vpclattice/resourceConfiguration:ResourceConfiguration": {
        cfn: "AWS::VpcLattice::ResourceConfiguration",
        autoName: "name",
        inputs: {
            name: "Name", resourceGatewayIdentifier: "ResourceGatewayId", type: "ResourceConfigurationType", protocol: "ProtocolType",
            portRanges: "PortRanges", tags: ["Tags", tagList],
            resourceConfigurationDefinition: ["ResourceConfigurationDefinition", (d) => d.ipResource
                ? { IpResource: d.ipResource.ipAddress }
                : { DnsResource: { DomainName: d.dnsResource.domainName, IpAddressType: d.dnsResource.ipAddressType } }],
        },
    },
    "aws:lambda/function:Function": {
        cfn: "AWS::Lambda::Function",
        autoName: "name",
        inputs: {
            name: "FunctionName", role: "Role", runtime: "Runtime", handler: "Handler", architectures: "Architectures",
            description: "Description", memorySize: "MemorySize", timeout: "Timeout", reservedConcurrentExecutions: "ReservedConcurrentExecutions",
            environment: "Environment", loggingConfig: "LoggingConfig", deadLetterConfig: "DeadLetterConfig", kmsKeyArn: "KmsKeyArn",
            tracingConfig: "TracingConfig", ephemeralStorage: "EphemeralStorage", layers: "Layers",
            code: ["Code", () => ({ ZipFile: "archive" })],
            sourceCodeHash: { skip: "the provider's diff key, not sent to Lambda" },
            publish: { skip: "versions are CloudFormation's AWS::Lambda::Version" },
        },
    },
    "aws:lambda/permission:Permission": {
        cfn: "AWS::Lambda::Permission",
        autoName: "statementId",
        inputs: {
            action: "Action", function: "FunctionName", principal: "Principal", sourceArn: "SourceArn", sourceAccount: "SourceAccount",
            functionUrlAuthType: "FunctionUrlAuthType", invokedViaFunctionUrl: "InvokedViaFunctionUrl", principalOrgId: "PrincipalOrgID",
            statementId: "(StatementId)",
        },
    },
    "aws:lambda/functionUrl:FunctionUrl": {
        cfn: "AWS::Lambda::Url",
        inputs: { functionName: "TargetFunctionArn", authorizationType: "AuthType", invokeMode: "InvokeMode", qualifier: "Qualifier", cors: "Cors" },
    },
    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig": {
        cfn: "AWS::Lambda::EventInvokeConfig",
        inputs: { functionName: "FunctionName", qualifier: "Qualifier", maximumRetryAttempts: "MaximumRetryAttempts", maximumEventAgeInSeconds: "MaximumEventAgeInSeconds", destinationConfig: "DestinationConfig" },
    },
    "aws:sqs/queue:Queue": {
        cfn: "AWS::SQS::Queue",
        autoName: "name",
        inputs: {
            name: "QueueName", messageRetentionSeconds: "MessageRetentionPeriod", visibilityTimeoutSeconds: "VisibilityTimeout",
            sqsManagedSseEnabled: "SqsManagedSseEnabled", kmsMasterKeyId: "KmsMasterKeyId", kmsDataKeyReusePeriodSeconds: "KmsDataKeyReusePeriodSeconds",
            delaySeconds: "DelaySeconds", maxMessageSize: "MaximumMessageSize", receiveWaitTimeSeconds: "ReceiveMessageWaitTimeSeconds",
            redrivePolicy: ["RedrivePolicy", json], fifoQueue: "FifoQueue",
        },
    },
    "aws:sqs/queuePolicy:QueuePolicy": { cfn: "AWS::SQS::QueuePolicy", inputs: { queueUrl: ["Queues", list], policy: ["PolicyDocument", json] } },
    "aws:sns/topic:Topic": {
        cfn: "AWS::SNS::Topic",
        autoName: "name",
        inputs: { name: "TopicName", displayName: "DisplayName", kmsMasterKeyId: "KmsMasterKeyId", fifoTopic: "FifoTopic" },
    },
    "aws:sns/topicPolicy:TopicPolicy": { cfn: "AWS::SNS::TopicPolicy", inputs: { arn: ["Topics", list], policy: ["PolicyDocument", json] } },
    "aws:iam/role:Role": {
        cfn: "AWS::IAM::Role",
        autoName: "name",
        inputs: {
            name: "RoleName", assumeRolePolicy: ["AssumeRolePolicyDocument", json], description: "Description", path: "Path",
            maxSessionDuration: "MaxSessionDuration", managedPolicyArns: "ManagedPolicyArns", permissionsBoundary: "PermissionsBoundary",
            inlinePolicies: ["Policies", (ps: any[]) => ps.map((p) => ({ PolicyName: p.name, PolicyDocument: json(p.policy) }))],
        },
    },
    "aws:iam/rolePolicy:RolePolicy": {
        cfn: "AWS::IAM::RolePolicy",
        autoName: "name",
        inputs: { name: "PolicyName", role: "RoleName", policy: ["PolicyDocument", json] },
    },
    "aws:iam/policy:Policy": {
        cfn: "AWS::IAM::ManagedPolicy",
        autoName: "name",
        inputs: { name: "ManagedPolicyName", description: "Description", path: "Path", policy: ["PolicyDocument", json] },
    },
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": {
        cfn: "AWS::IAM::ServiceLinkedRole",
        inputs: { awsServiceName: "AWSServiceName", customSuffix: "CustomSuffix", description: "Description" },
    },
    "aws:secretsmanager/secret:Secret": {
        cfn: "AWS::SecretsManager::Secret",
        autoName: "name",
        inputs: { name: "Name", description: "Description", kmsKeyId: "KmsKeyId", recoveryWindowInDays: { skip: "a deletion setting, not part of the secret's template" } },
    },
    "aws:secretsmanager/secretVersion:SecretVersion": {
        cfn: "AWS::SecretsManager::Secret",
        inputs: { secretId: { skip: "the secret the version belongs to (checked there)" }, secretString: "SecretString" },
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        cfn: "AWS::CloudWatch::Alarm",
        autoName: "name",
        inputs: {
            name: "AlarmName", alarmDescription: "AlarmDescription", alarmActions: "AlarmActions", okActions: "OKActions",
            insufficientDataActions: "InsufficientDataActions", comparisonOperator: "ComparisonOperator", evaluationPeriods: "EvaluationPeriods",
            datapointsToAlarm: "DatapointsToAlarm", metricName: "MetricName", namespace: "Namespace", period: "Period", statistic: "Statistic",
            threshold: "Threshold", treatMissingData: "TreatMissingData", actionsEnabled: "ActionsEnabled",
            dimensions: ["Dimensions", (d: Record<string, string>) => Object.entries(d).map(([Name, Value]) => ({ Name, Value }))],
        },
    },
    "aws:cloudwatch/logGroup:LogGroup": {
        cfn: "AWS::Logs::LogGroup",
        autoName: "name",
        inputs: { name: "LogGroupName", retentionInDays: "RetentionInDays", kmsKeyId: "KmsKeyId", logGroupClass: "LogGroupClass" },
    },
    "aws:lb/loadBalancer:LoadBalancer": {
        cfn: "AWS::ElasticLoadBalancingV2::LoadBalancer",
        autoName: "name",
        inputs: {
            name: "Name", loadBalancerType: "Type", securityGroups: "SecurityGroups", subnets: "Subnets",
            internal: ["Scheme", (internal: boolean) => (internal ? "internal" : "internet-facing")],
            dropInvalidHeaderFields: ["LoadBalancerAttributes", attributes("routing.http.drop_invalid_header_fields.enabled")],
        },
    },
    "aws:lb/listener:Listener": {
        cfn: "AWS::ElasticLoadBalancingV2::Listener",
        inputs: {
            loadBalancerArn: "LoadBalancerArn", port: "Port", protocol: "Protocol", sslPolicy: "SslPolicy", defaultActions: "DefaultActions",
            certificateArn: ["Certificates", (arn: string) => [{ CertificateArn: arn }]],
        },
    },
    "aws:lb/targetGroup:TargetGroup": {
        cfn: "AWS::ElasticLoadBalancingV2::TargetGroup",
        autoName: "name",
        inputs: {
            name: "Name", targetType: "TargetType", port: "Port", protocol: "Protocol", vpcId: "VpcId",
            lambdaMultiValueHeadersEnabled: ["TargetGroupAttributes", attributes("lambda.multi_value_headers.enabled")],
        },
    },
    "aws:lb/targetGroupAttachment:TargetGroupAttachment": {
        cfn: "AWS::ElasticLoadBalancingV2::TargetGroup",
        at: "Targets[]",
        inputs: { targetId: "Id", port: "Port", targetGroupArn: { skip: "the target group it joins (checked there)" } },
    },
    "aws:ec2/securityGroup:SecurityGroup": {
        cfn: "AWS::EC2::SecurityGroup",
        autoName: "name",
        inputs: {
            name: "GroupName", description: "GroupDescription", vpcId: "VpcId",
            ingress: ["SecurityGroupIngress", (rules: any[]) => rules.flatMap(securityGroupRules)],
            egress: ["SecurityGroupEgress", (rules: any[]) => rules.flatMap(securityGroupRules)],
        },
    },
    "aws:route53/record:Record": {
        cfn: "AWS::Route53::RecordSet",
        inputs: {
            name: "Name", type: "Type", zoneId: "HostedZoneId", records: "ResourceRecords", ttl: ["TTL", String],
            aliases: ["AliasTarget", ([a]: any[]) => ({ DNSName: a.name, HostedZoneId: a.zoneId, EvaluateTargetHealth: a.evaluateTargetHealth })],
            allowOverwrite: { skip: "the provider's UPSERT switch, not a record property" },
        },
    },
    "aws:acm/certificate:Certificate": {
        cfn: "AWS::CertificateManager::Certificate",
        inputs: { domainName: "DomainName", validationMethod: "ValidationMethod", subjectAlternativeNames: "SubjectAlternativeNames", keyAlgorithm: "KeyAlgorithm" },
    },
    "aws:acm/certificateValidation:CertificateValidation": {
        cfn: null,
        reason: "a wait for DNS validation (CloudFormation's AWS::CertificateManager::Certificate waits itself); nothing is sent to ACM",
        inputs: { certificateArn: { skip: "waited on" }, validationRecordFqdns: { skip: "waited on" } },
    },
    "aws:s3/bucket:Bucket": {
        cfn: "AWS::S3::Bucket",
        autoName: "bucket",
        inputs: { bucket: "BucketName", forceDestroy: { skip: "a deletion setting of the provider" } },
    },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
        cfn: "AWS::S3::Bucket",
        at: "PublicAccessBlockConfiguration",
        inputs: { bucket: "/BucketName", blockPublicAcls: "BlockPublicAcls", blockPublicPolicy: "BlockPublicPolicy", ignorePublicAcls: "IgnorePublicAcls", restrictPublicBuckets: "RestrictPublicBuckets" },
    },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
        cfn: "AWS::S3::Bucket",
        at: "BucketEncryption",
        inputs: {
            bucket: "/BucketName",
            rules: ["ServerSideEncryptionConfiguration", (rules: any[]) => rules.map((r) => ({ ServerSideEncryptionByDefault: r.applyServerSideEncryptionByDefault, BucketKeyEnabled: r.bucketKeyEnabled }))],
        },
    },
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": {
        cfn: "AWS::S3::Bucket",
        at: "LifecycleConfiguration",
        inputs: {
            bucket: "/BucketName",
            rules: ["Rules", (rules: any[]) => rules.map((r) => ({ Id: r.id, Status: r.status, ExpirationInDays: r.expiration?.days, Prefix: r.filter?.prefix }))],
        },
    },
    "aws:s3/bucketNotification:BucketNotification": {
        cfn: "AWS::S3::Bucket",
        at: "NotificationConfiguration",
        inputs: {
            bucket: "/BucketName",
            lambdaFunctions: ["LambdaConfigurations", (fns: any[]) => fns.flatMap((f) => f.events.map((event: string) => ({
                Event: event, Function: f.lambdaFunctionArn,
                Filter: f.filterPrefix || f.filterSuffix ? {
                    S3Key: { Rules: [...(f.filterPrefix ? [{ Name: "prefix", Value: f.filterPrefix }] : []), ...(f.filterSuffix ? [{ Name: "suffix", Value: f.filterSuffix }] : [])] },
                } : undefined,
            })))],
            eventbridge: ["EventBridgeConfiguration", (on: boolean) => ({ EventBridgeEnabled: on })],
        },
    },
    "aws:scheduler/schedule:Schedule": {
        cfn: "AWS::Scheduler::Schedule",
        autoName: "name",
        inputs: {
            name: "Name", groupName: "GroupName", description: "Description", state: "State", kmsKeyArn: "KmsKeyArn",
            scheduleExpression: "ScheduleExpression", scheduleExpressionTimezone: "ScheduleExpressionTimezone",
            startDate: "StartDate", endDate: "EndDate", flexibleTimeWindow: "FlexibleTimeWindow", target: "Target",
        },
    },
    "aws:scheduler/scheduleGroup:ScheduleGroup": {
        cfn: "AWS::Scheduler::ScheduleGroup",
        autoName: "name",
        inputs: { name: "Name" },
    },
    "aws:sfn/stateMachine:StateMachine": {
        cfn: "AWS::StepFunctions::StateMachine",
        autoName: "name",
        inputs: { name: "StateMachineName", definition: "DefinitionString", roleArn: "RoleArn", type: "StateMachineType", loggingConfiguration: "LoggingConfiguration" },
    },
};

function connectionParameters(p: any): unknown {
    const pairs = (list: any[] | undefined) => list?.map((x) => ({ Key: x.key, Value: x.value, IsValueSecret: x.isValueSecret }));
    return { HeaderParameters: pairs(p.headers), QueryStringParameters: pairs(p.queryStrings), BodyParameters: pairs(p.bodies) };
}

/** A Pulumi rule lists CIDR blocks; CloudFormation has one rule per CIDR. */
function securityGroupRules(rule: any): unknown[] {
    const base = { IpProtocol: rule.protocol, FromPort: rule.fromPort, ToPort: rule.toPort, Description: rule.description };
    return [
        ...(rule.cidrBlocks ?? []).map((CidrIp: string) => ({ ...base, CidrIp })),
        ...(rule.ipv6CidrBlocks ?? []).map((CidrIpv6: string) => ({ ...base, CidrIpv6 })),
    ];
}
