/**
 * AWS's published constraints that `@aws-cdk/aws-service-spec`'s database leaves out of the
 * registry schemas it carries: name patterns and lengths, numeric ranges, enumerations the
 * schema keeps as free strings, and the service quotas a document must fit. Taken from each
 * type's CloudFormation registry schema (`aws-cloudformation/aws-cloudformation-resource-providers-*`)
 * and, where a schema is silent, the service's API reference, as cited per type.
 *
 * Paths as in ./registry.ts (`Targets[].Id`); a path in parentheses is an API parameter that
 * CloudFormation does not expose (it generates it), checked because the Pulumi provider sends it.
 * Every path must exist in the registry and every `documented` text must appear in the
 * registry's documentation of that property (tests/constraints/inputs.test.ts checks both), so
 * a typo here cannot silently check nothing.
 */

export interface Limit {
    readonly minLength?: number;
    readonly maxLength?: number;
    readonly pattern?: RegExp;
    readonly values?: readonly (string | number)[];
    readonly min?: number;
    readonly max?: number;
    readonly maxItems?: number;
    /** Map keys: their pattern and length. */
    readonly keyPattern?: RegExp;
    readonly keyMaxLength?: number;
    /** A JSON document's length without whitespace, as IAM, SQS and SNS count it. */
    readonly maxJsonLength?: number;
    /** A rule no single field above says, with its wording. */
    readonly rule?: { readonly says: string; readonly holds: (value: any) => boolean };
    /** Text the registry's own documentation of this property contains (cross-check). */
    readonly documented?: string;
}

export interface TypeLimits {
    readonly source: string;
    readonly properties: Readonly<Record<string, Limit>>;
}

const eventBridgeName = (maxLength: number): Limit => ({ minLength: 1, maxLength, pattern: /^[.\-_A-Za-z0-9]+$/ });
const arn1600: Limit = { minLength: 1, maxLength: 1600 };
const description512: Limit = { maxLength: 512 };
const iamName = (maxLength: number): Limit => ({ minLength: 1, maxLength, pattern: /^[\w+=,.@-]+$/ });
const elbName: Limit = {
    minLength: 1, maxLength: 32, pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
    rule: { says: "must not begin with internal-", holds: (v: string) => !/^internal-/i.test(v) },
};
const httpsEndpoint: Limit = { minLength: 1, maxLength: 2048, pattern: /^((%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@&=+$,A-Za-z0-9])+)([).!';/?:,])?$/ };
const credential: Limit = { minLength: 1, maxLength: 512 };
const lambdaFunctionReference = /^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$/;
const alarmActions: Limit = { maxItems: 5, rule: { says: "each action ARN is at most 1024 characters", holds: (v: string[]) => v.every((a) => a.length <= 1024) } };

export const publishedLimits: Readonly<Record<string, TypeLimits>> = {
    "AWS::Events::EventBus": {
        source: "registry schema AWS::Events::EventBus; EventBridge API CreateEventBus",
        properties: { Name: { minLength: 1, maxLength: 256, pattern: /^[/.\-_A-Za-z0-9]+$/ }, Description: description512, KmsKeyIdentifier: { maxLength: 2048 } },
    },
    "AWS::Events::Rule": {
        source: "registry schema AWS::Events::Rule; EventBridge API PutRule, PutTargets",
        properties: {
            Name: eventBridgeName(64),
            Description: description512,
            EventBusName: { minLength: 1, maxLength: 1600, pattern: /^(arn:aws[\w-]*:events:[a-z]{2}-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/.\-_A-Za-z0-9]+$/ },
            RoleArn: arn1600,
            ScheduleExpression: { maxLength: 256 },
            "Targets[].Id": eventBridgeName(64),
            "Targets[].Arn": arn1600,
            "Targets[].RoleArn": arn1600,
            "Targets[].Input": { maxLength: 8192 },
            "Targets[].InputPath": { maxLength: 256 },
            "Targets[].DeadLetterConfig.Arn": arn1600,
            "Targets[].RetryPolicy.MaximumRetryAttempts": { min: 0, max: 185 },
            "Targets[].RetryPolicy.MaximumEventAgeInSeconds": { min: 60, max: 86_400 },
            "Targets[].InputTransformer.InputTemplate": { minLength: 1, maxLength: 8192 },
            "Targets[].InputTransformer.InputPathsMap": { maxItems: 100, keyPattern: /^[A-Za-z0-9_-]+$/, keyMaxLength: 256 },
            "Targets[].InputTransformer.InputPathsMap{}": { maxLength: 256 },
            "Targets[].HttpParameters.HeaderParameters": { keyPattern: /^[!#$%&'*+\-.^_`|~0-9a-zA-Z]+$/, keyMaxLength: 512 },
            "Targets[].HttpParameters.HeaderParameters{}": { maxLength: 512 },
            "Targets[].HttpParameters.QueryStringParameters": { keyMaxLength: 512 },
            "Targets[].HttpParameters.QueryStringParameters{}": { maxLength: 512 },
        },
    },
    "AWS::Events::Connection": {
        source: "registry schema AWS::Events::Connection; EventBridge API CreateConnection",
        properties: {
            Name: eventBridgeName(64),
            Description: description512,
            KmsKeyIdentifier: { maxLength: 2048 },
            "AuthParameters.ApiKeyAuthParameters.ApiKeyName": { minLength: 1, maxLength: 512, pattern: /^[ \t]*[^\x00-\x1F:\x7F]+([ \t]+[^\x00-\x1F:\x7F]+)*[ \t]*$/ },
            "AuthParameters.ApiKeyAuthParameters.ApiKeyValue": credential,
            "AuthParameters.BasicAuthParameters.Username": credential,
            "AuthParameters.BasicAuthParameters.Password": credential,
            "AuthParameters.OAuthParameters.AuthorizationEndpoint": httpsEndpoint,
            "AuthParameters.OAuthParameters.ClientParameters.ClientID": credential,
            "AuthParameters.OAuthParameters.ClientParameters.ClientSecret": credential,
        },
    },
    "AWS::Events::ApiDestination": {
        source: "registry schema AWS::Events::ApiDestination; EventBridge API CreateApiDestination",
        properties: {
            Name: eventBridgeName(64),
            Description: description512,
            InvocationEndpoint: httpsEndpoint,
            InvocationRateLimitPerSecond: { min: 1, max: 300 },
            ConnectionArn: { minLength: 1, maxLength: 1600, pattern: /^arn:aws([a-z]|-)*:events:([a-z]|\d|-)*:([0-9]{12})?:connection\/[.\-_A-Za-z0-9]+\/[\-A-Za-z0-9]+$/ },
        },
    },
    "AWS::Events::Archive": {
        source: "registry schema AWS::Events::Archive; EventBridge API CreateArchive",
        properties: { ArchiveName: eventBridgeName(48), Description: description512, RetentionDays: { min: 0 }, SourceArn: arn1600 },
    },
    "AWS::Lambda::Function": {
        source: "registry schema AWS::Lambda::Function; Lambda API CreateFunction",
        properties: {
            FunctionName: { minLength: 1, maxLength: 64, pattern: /^[a-zA-Z0-9-_]+$/, documented: "up to 64 characters" },
            Description: { maxLength: 256 },
            Handler: { maxLength: 128, pattern: /^[^\s]+$/ },
            MemorySize: { min: 128, max: 10_240 },
            Timeout: { min: 1, max: 900, documented: "900 seconds" },
            ReservedConcurrentExecutions: { min: 0 },
            Role: { pattern: /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/ },
            Architectures: { maxItems: 1 },
            "Architectures[]": { values: ["x86_64", "arm64"] },
            "Environment.Variables": { keyPattern: /^[a-zA-Z][a-zA-Z0-9_]+$/ },
            "LoggingConfig.LogFormat": { values: ["Text", "JSON"] },
            "LoggingConfig.ApplicationLogLevel": { values: ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"] },
            "LoggingConfig.SystemLogLevel": { values: ["DEBUG", "INFO", "WARN"] },
            "LoggingConfig.LogGroup": { minLength: 1, maxLength: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/ },
            "DeadLetterConfig.TargetArn": { pattern: /^(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()$/ },
            "TracingConfig.Mode": { values: ["Active", "PassThrough"] },
            "EphemeralStorage.Size": { min: 512, max: 10_240 },
        },
    },
    "AWS::Lambda::Permission": {
        source: "registry schema AWS::Lambda::Permission; Lambda API AddPermission (StatementId)",
        properties: {
            Action: { minLength: 1, maxLength: 256, pattern: /^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/ },
            FunctionName: { minLength: 1, maxLength: 140, pattern: lambdaFunctionReference },
            Principal: { minLength: 1, maxLength: 256, pattern: /^[^\s]+$/ },
            SourceArn: { minLength: 12, maxLength: 1024, pattern: /^arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9-])+:([a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*)$/ },
            SourceAccount: { minLength: 12, maxLength: 12, pattern: /^\d{12}$/ },
            "(StatementId)": { minLength: 1, maxLength: 100, pattern: /^([a-zA-Z0-9-_.]+)$/ },
        },
    },
    "AWS::Lambda::Url": {
        source: "registry schema AWS::Lambda::Url",
        properties: {
            TargetFunctionArn: { pattern: lambdaFunctionReference },
            Qualifier: { minLength: 1, maxLength: 128 },
            "Cors.MaxAge": { min: 0, max: 86_400 },
            "Cors.AllowMethods[]": { values: ["GET", "PUT", "HEAD", "POST", "PATCH", "DELETE", "*"] },
            "Cors.AllowOrigins[]": { minLength: 1, maxLength: 253 },
        },
    },
    "AWS::Lambda::EventInvokeConfig": {
        source: "registry schema AWS::Lambda::EventInvokeConfig",
        properties: { MaximumRetryAttempts: { min: 0, max: 2 }, MaximumEventAgeInSeconds: { min: 60, max: 21_600 }, Qualifier: { pattern: /^(|[a-zA-Z0-9$_-]{1,129})$/ } },
    },
    "AWS::SQS::Queue": {
        source: "registry schema AWS::SQS::Queue; SQS API CreateQueue (attributes)",
        properties: {
            QueueName: { minLength: 1, maxLength: 80, pattern: /^[A-Za-z0-9_-]+(\.fifo)?$/ },
            DelaySeconds: { min: 0, max: 900 },
            MaximumMessageSize: { min: 1024, max: 1_048_576 },
            MessageRetentionPeriod: { min: 60, max: 1_209_600, documented: "`1,209,600` seconds" },
            ReceiveMessageWaitTimeSeconds: { min: 0, max: 20 },
            VisibilityTimeout: { min: 0, max: 43_200 },
            KmsDataKeyReusePeriodSeconds: { min: 60, max: 86_400 },
            RedrivePolicy: { rule: { says: "maxReceiveCount is 1–1000", holds: (v) => v.maxReceiveCount === undefined || (v.maxReceiveCount >= 1 && v.maxReceiveCount <= 1000) } },
        },
    },
    "AWS::SQS::QueuePolicy": {
        source: "registry schema AWS::SQS::QueuePolicy; SQS quotas (policy 20,480 bytes)",
        properties: { PolicyDocument: { maxJsonLength: 20_480 } },
    },
    "AWS::SNS::Topic": {
        source: "registry schema AWS::SNS::Topic; SNS API CreateTopic",
        properties: { TopicName: { minLength: 1, maxLength: 256, pattern: /^[A-Za-z0-9_-]+(\.fifo)?$/ }, DisplayName: { maxLength: 100 } },
    },
    "AWS::SNS::TopicPolicy": {
        source: "SNS quotas (topic policy 30,720 bytes)",
        properties: { PolicyDocument: { maxJsonLength: 30_720 } },
    },
    "AWS::IAM::Role": {
        source: "registry schema AWS::IAM::Role; IAM quotas (role trust policy 2,048 characters by default)",
        properties: {
            RoleName: { ...iamName(64), documented: "up to 64 characters" },
            Path: { minLength: 1, maxLength: 512, pattern: /^(\u002F)|(\u002F[\u0021-\u007E]+\u002F)$/ },
            Description: { maxLength: 1000, pattern: /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/ },
            MaxSessionDuration: { min: 3600, max: 43_200 },
            AssumeRolePolicyDocument: { maxJsonLength: 2048 },
            ManagedPolicyArns: { maxItems: 20 },
            "Policies[].PolicyName": iamName(128),
            "Policies[].PolicyDocument": { maxJsonLength: 10_240 },
        },
    },
    "AWS::IAM::RolePolicy": {
        source: "registry schema AWS::IAM::RolePolicy; IAM quotas (inline role policies 10,240 characters)",
        properties: { PolicyName: iamName(128), RoleName: iamName(64), PolicyDocument: { maxJsonLength: 10_240 } },
    },
    "AWS::IAM::ManagedPolicy": {
        source: "registry schema AWS::IAM::ManagedPolicy; IAM quotas (managed policy 6,144 characters)",
        properties: { ManagedPolicyName: iamName(128), Description: { maxLength: 1000 }, PolicyDocument: { maxJsonLength: 6144 } },
    },
    "AWS::IAM::ServiceLinkedRole": {
        source: "registry schema AWS::IAM::ServiceLinkedRole",
        properties: { AWSServiceName: { pattern: /^[\w+=,.@-]+$/ }, CustomSuffix: { minLength: 1, maxLength: 64 }, Description: { maxLength: 1000 } },
    },
    "AWS::SecretsManager::Secret": {
        source: "registry schema AWS::SecretsManager::Secret; Secrets Manager API CreateSecret",
        properties: { Name: { minLength: 1, maxLength: 512, pattern: /^[A-Za-z0-9/_+=.@-]+$/ }, Description: { maxLength: 2048 }, SecretString: { maxLength: 65_536 } },
    },
    "AWS::CloudWatch::Alarm": {
        source: "registry schema AWS::CloudWatch::Alarm; CloudWatch API PutMetricAlarm",
        properties: {
            AlarmName: { minLength: 1, maxLength: 255 },
            AlarmDescription: { maxLength: 1024 },
            ComparisonOperator: { values: ["GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold", "LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "GreaterThanUpperThreshold"] },
            Statistic: { values: ["SampleCount", "Average", "Sum", "Minimum", "Maximum"] },
            TreatMissingData: { values: ["breaching", "notBreaching", "ignore", "missing"] },
            EvaluationPeriods: { min: 1 },
            DatapointsToAlarm: { min: 1 },
            Period: { min: 10, rule: { says: "is 10, 20, 30 or a multiple of 60", holds: (v: number) => [10, 20, 30].includes(v) || v % 60 === 0 } },
            MetricName: { minLength: 1, maxLength: 255 },
            Namespace: { minLength: 1, maxLength: 255, pattern: /^[^:].*$/ },
            AlarmActions: alarmActions,
            OKActions: alarmActions,
            Dimensions: { maxItems: 30 },
            "Dimensions[].Name": { minLength: 1, maxLength: 255 },
            "Dimensions[].Value": { minLength: 1, maxLength: 1024 },
        },
    },
    "AWS::Logs::LogGroup": {
        source: "registry schema AWS::Logs::LogGroup",
        properties: { LogGroupName: { minLength: 1, maxLength: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/ }, KmsKeyId: { maxLength: 256 } },
    },
    "AWS::ElasticLoadBalancingV2::LoadBalancer": {
        source: "registry schema AWS::ElasticLoadBalancingV2::LoadBalancer; ELB API CreateLoadBalancer",
        properties: {
            Name: elbName,
            Type: { values: ["application", "network", "gateway"] },
            Scheme: { values: ["internet-facing", "internal"] },
            "LoadBalancerAttributes[].Key": { maxLength: 256, pattern: /^[a-zA-Z0-9._]+$/ },
            "LoadBalancerAttributes[].Value": { maxLength: 1024 },
        },
    },
    "AWS::ElasticLoadBalancingV2::Listener": {
        source: "registry schema AWS::ElasticLoadBalancingV2::Listener; ELB API CreateListener",
        properties: {
            Port: { min: 1, max: 65_535 },
            Protocol: { values: ["HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE", "QUIC", "TCP_QUIC"] },
            "DefaultActions[].Type": { values: ["forward", "authenticate-oidc", "authenticate-cognito", "redirect", "fixed-response", "jwt-validation"] },
        },
    },
    "AWS::ElasticLoadBalancingV2::TargetGroup": {
        source: "registry schema AWS::ElasticLoadBalancingV2::TargetGroup; ELB API CreateTargetGroup",
        properties: {
            Name: { ...elbName, documented: "maximum of 32 characters" },
            TargetType: { values: ["instance", "ip", "lambda", "alb"] },
            "TargetGroupAttributes[].Key": { maxLength: 256, pattern: /^[a-zA-Z0-9._]+$/ },
            "TargetGroupAttributes[].Value": { maxLength: 1024 },
        },
    },
    "AWS::Route53::RecordSet": {
        source: "registry schema AWS::Route53::RecordSet; Route 53 API ChangeResourceRecordSets",
        properties: {
            Name: { maxLength: 1024 },
            Type: { values: ["A", "AAAA", "CAA", "CNAME", "DS", "HTTPS", "MX", "NAPTR", "NS", "PTR", "SOA", "SPF", "SRV", "SSHFP", "SVCB", "TLSA", "TXT"] },
            TTL: { pattern: /^\d+$/, rule: { says: "is 0–2147483647 seconds", holds: (v: string) => Number(v) <= 2_147_483_647 } },
            HostedZoneId: { maxLength: 32 },
            "ResourceRecords[]": { maxLength: 4000 },
            "AliasTarget.DNSName": { maxLength: 1024 },
            "AliasTarget.HostedZoneId": { maxLength: 32 },
        },
    },
    "AWS::CertificateManager::Certificate": {
        source: "registry schema AWS::CertificateManager::Certificate; ACM API RequestCertificate",
        properties: {
            DomainName: { minLength: 1, maxLength: 253, pattern: /^(\*\.)?(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\.)+((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])$/ },
            ValidationMethod: { values: ["EMAIL", "DNS", "HTTP"] },
        },
    },
    "AWS::S3::Bucket": {
        source: "registry schema AWS::S3::Bucket; S3 bucket naming rules",
        properties: {
            BucketName: {
                minLength: 3, maxLength: 63, pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
                rule: { says: "has no two adjacent periods and is not shaped like an IP address", holds: (v: string) => !v.includes("..") && !/^\d+\.\d+\.\d+\.\d+$/.test(v) },
            },
            "LifecycleConfiguration.Rules": { maxItems: 1000 },
            "LifecycleConfiguration.Rules[].Id": { maxLength: 255 },
            "LifecycleConfiguration.Rules[].Status": { values: ["Enabled", "Disabled"] },
            "LifecycleConfiguration.Rules[].ExpirationInDays": { min: 1 },
            "NotificationConfiguration.LambdaConfigurations[].Event": { pattern: /^s3:[A-Za-z:*]+$/ },
            "NotificationConfiguration.LambdaConfigurations[].Filter.S3Key.Rules[].Name": { values: ["prefix", "suffix"] },
            "NotificationConfiguration.LambdaConfigurations[].Filter.S3Key.Rules[].Value": { maxLength: 1024 },
        },
    },
    "AWS::Scheduler::Schedule": {
        source: "registry schema AWS::Scheduler::Schedule; EventBridge Scheduler API CreateSchedule",
        properties: {
            Name: { minLength: 1, maxLength: 64, pattern: /^[0-9a-zA-Z-_.]+$/ },
            GroupName: { minLength: 1, maxLength: 64, pattern: /^[0-9a-zA-Z-_.]+$/ },
            Description: description512,
            ScheduleExpression: { minLength: 1, maxLength: 256, pattern: /^(at|rate|cron)\(.+\)$/ },
            "FlexibleTimeWindow.Mode": { values: ["OFF", "FLEXIBLE"] },
            "Target.Arn": arn1600,
            "Target.RoleArn": { minLength: 1, maxLength: 1600, pattern: /^arn:aws(-[a-z]+)?:iam::\d{12}:role\/[\w+=,.@\/-]+$/ },
            "Target.Input": { minLength: 1 },
            "Target.RetryPolicy.MaximumRetryAttempts": { min: 0, max: 185 },
            "Target.RetryPolicy.MaximumEventAgeInSeconds": { min: 60, max: 86_400 },
        },
    },
    "AWS::Scheduler::ScheduleGroup": {
        source: "registry schema AWS::Scheduler::ScheduleGroup; EventBridge Scheduler API CreateScheduleGroup",
        properties: { Name: { minLength: 1, maxLength: 64, pattern: /^[0-9a-zA-Z-_.]+$/ } },
    },
    "AWS::StepFunctions::StateMachine": {
        source: "registry schema AWS::StepFunctions::StateMachine",
        properties: { StateMachineName: { minLength: 1, maxLength: 80, pattern: /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\x00-\x1F\x7F-\x9F]+$/ } },
    },
    "AWS::EC2::SecurityGroup": {
        source: "registry schema AWS::EC2::SecurityGroup",
        properties: {
            GroupDescription: { maxLength: 255 },
            GroupName: { maxLength: 255 },
            "SecurityGroupIngress[].FromPort": { min: -1, max: 65_535 },
            "SecurityGroupIngress[].ToPort": { min: -1, max: 65_535 },
            "SecurityGroupIngress[].Description": { maxLength: 255 },
        },
    },
};
