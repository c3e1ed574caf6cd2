import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { generateEventBridgeName } from "../internal/names";
import { AlarmMetric } from "./alarms";
import { AlbEndpointArgs, DEFAULTS } from "./args";

/** Load balancers and target groups take names of at most 32 characters. */
const MAX_ELB_NAME_LENGTH = 32;

/**
 * A stable name for a load balancer or target group (A-Za-z0-9 and "-", at most 32, not starting
 * with "internal-"). Auto-naming adds 8 random characters, which would leave the component name
 * only 17; these resources are never replaced (every input that would force it is fixed here),
 * so a fixed name is safe.
 */
function elbName(base: string): string {
    return generateEventBridgeName(base, MAX_ELB_NAME_LENGTH).replace(/[._]/g, "-").replace(/^internal-/i, "int-");
}

export interface FunctionUrlEndpoint {
    readonly url: pulumi.Output<string>;
    /** The endpoint's 5xx answers. */
    readonly serverErrors: AlarmMetric;
    readonly functionUrl: aws.lambda.FunctionUrl;
    readonly permissions: aws.lambda.Permission[];
}

/**
 * A public function URL (auth NONE: the handler authenticates every request by its signature)
 * with the two permissions AWS requires for public URLs since October 2025: without
 * `lambda:InvokeFunction` restricted to calls via the URL, every request gets 403.
 * Resources: `${name}-url`, `${name}-url-invoke-url`, `${name}-url-invoke-function`.
 */
export function createFunctionUrl(name: string, fn: aws.lambda.Function, parent: pulumi.Resource): FunctionUrlEndpoint {
    const invokeUrl = new aws.lambda.Permission(`${name}-url-invoke-url`, {
        function: fn.name,
        action: "lambda:InvokeFunctionUrl",
        principal: "*",
        functionUrlAuthType: "NONE",
    }, { parent });
    const invokeFunction = new aws.lambda.Permission(`${name}-url-invoke-function`, {
        function: fn.name,
        action: "lambda:InvokeFunction",
        principal: "*",
        invokedViaFunctionUrl: true,
    }, { parent });
    const functionUrl = new aws.lambda.FunctionUrl(`${name}-url`, {
        functionName: fn.name,
        authorizationType: "NONE",
        invokeMode: "BUFFERED",
    }, { parent, dependsOn: [invokeUrl, invokeFunction] });
    return {
        url: functionUrl.functionUrl,
        serverErrors: { namespace: "AWS/Lambda", metricName: "Url5xxCount", dimensions: { FunctionName: fn.name } },
        functionUrl,
        permissions: [invokeUrl, invokeFunction],
    };
}

export interface AlbEndpoint {
    readonly url: pulumi.Output<string>;
    /** The 5xx answers of the function behind the load balancer. */
    readonly serverErrors: AlarmMetric;
    readonly loadBalancer: aws.lb.LoadBalancer;
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly targetGroup: aws.lb.TargetGroup;
    readonly listener: aws.lb.Listener;
    readonly permission: aws.lambda.Permission;
    readonly certificate?: aws.acm.Certificate;
    readonly aliasRecord?: aws.route53.Record;
}

/**
 * An internet-facing Application Load Balancer in front of the function, as in AWS's Bird guide:
 * HTTPS on 443 only (no plain-HTTP listener, security group open on 443 only), a Lambda target
 * group with multi-value headers (repeated query parameters reach the verifier intact), the
 * permission for that target group alone, and optionally an ACM certificate validated by DNS and
 * a Route 53 alias for the domain. Resources are named `${name}-alb-*`.
 */
export function createAlbEndpoint(name: string, fn: aws.lambda.Function, args: AlbEndpointArgs, parent: pulumi.Resource): AlbEndpoint {
    const { securityGroup, loadBalancer } = createLoadBalancer(name, args, parent);
    const { targetGroup, permission } = createLambdaTargetGroup(name, fn, parent);
    const aliasRecord = args.hostedZoneId !== undefined
        ? new aws.route53.Record(`${name}-alb-alias`, {
            zoneId: args.hostedZoneId,
            name: args.domainName,
            type: "A",
            aliases: [{ name: loadBalancer.dnsName, zoneId: loadBalancer.zoneId, evaluateTargetHealth: false }],
        }, { parent })
        : undefined;
    const { certificate, certificateArn } = listenerCertificate(name, args, parent);
    const listener = new aws.lb.Listener(`${name}-alb-https`, {
        loadBalancerArn: loadBalancer.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: args.sslPolicy ?? DEFAULTS.sslPolicy,
        certificateArn,
        defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
    }, { parent });

    return {
        url: pulumi.output(`https://${args.domainName}/`),
        serverErrors: {
            namespace: "AWS/ApplicationELB",
            metricName: "HTTPCode_Target_5XX_Count",
            dimensions: { LoadBalancer: loadBalancer.arnSuffix, TargetGroup: targetGroup.arnSuffix },
        },
        loadBalancer,
        securityGroup,
        targetGroup,
        listener,
        permission,
        certificate,
        aliasRecord,
    };
}

/** The internet-facing load balancer and its security group, open on 443 only. */
function createLoadBalancer(name: string, args: AlbEndpointArgs, parent: pulumi.Resource): { securityGroup: aws.ec2.SecurityGroup; loadBalancer: aws.lb.LoadBalancer } {
    const securityGroup = new aws.ec2.SecurityGroup(`${name}-alb-sg`, {
        description: `HTTPS from anywhere to the ${name} webhook load balancer`,
        vpcId: args.vpc.vpcId,
        ingress: [{
            description: "HTTPS",
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrBlocks: ["0.0.0.0/0"],
            ipv6CidrBlocks: ["::/0"],
        }],
        // No egress: a load balancer invokes Lambda targets through the Lambda service, not the VPC.
        egress: [],
    }, { parent });
    const loadBalancer = new aws.lb.LoadBalancer(`${name}-alb`, {
        name: elbName(`${name}-alb`),
        loadBalancerType: "application",
        internal: false,
        subnets: args.vpc.publicSubnetIds,
        securityGroups: [securityGroup.id],
        dropInvalidHeaderFields: true,
    }, { parent });
    return { securityGroup, loadBalancer };
}

/** The Lambda target group, the permission for it alone, and the function attached once permitted. */
function createLambdaTargetGroup(name: string, fn: aws.lambda.Function, parent: pulumi.Resource): { targetGroup: aws.lb.TargetGroup; permission: aws.lambda.Permission } {
    const targetGroup = new aws.lb.TargetGroup(`${name}-alb-tg`, {
        name: elbName(`${name}-alb-tg`),
        targetType: "lambda",
        lambdaMultiValueHeadersEnabled: true,
    }, { parent });
    const permission = new aws.lambda.Permission(`${name}-alb-invoke`, {
        function: fn.name,
        action: "lambda:InvokeFunction",
        principal: "elasticloadbalancing.amazonaws.com",
        sourceArn: targetGroup.arn,
    }, { parent });
    new aws.lb.TargetGroupAttachment(`${name}-alb-target`, {
        targetGroupArn: targetGroup.arn,
        targetId: fn.arn,
    }, { parent, dependsOn: [permission] });
    return { targetGroup, permission };
}

/** The certificate given, or a new one validated by DNS in the hosted zone. */
function listenerCertificate(name: string, args: AlbEndpointArgs, parent: pulumi.Resource): { certificate?: aws.acm.Certificate; certificateArn: pulumi.Input<string> } {
    if (args.certificateArn !== undefined) {
        return { certificateArn: args.certificateArn };
    }
    // Validation checks already ensured hostedZoneId is set when no certificate is given.
    const certificate = new aws.acm.Certificate(`${name}-alb-cert`, {
        domainName: args.domainName,
        validationMethod: "DNS",
    }, { parent });
    // One domain has exactly one validation record.
    const option = certificate.domainValidationOptions.apply((options) => options[0]);
    const validationRecord = new aws.route53.Record(`${name}-alb-cert-validation`, {
        zoneId: args.hostedZoneId!,
        name: option.resourceRecordName,
        type: option.resourceRecordType,
        records: [option.resourceRecordValue],
        ttl: 60,
        allowOverwrite: true,
    }, { parent });
    const validation = new aws.acm.CertificateValidation(`${name}-alb-cert-validated`, {
        certificateArn: certificate.arn,
        validationRecordFqdns: [validationRecord.fqdn],
    }, { parent });
    return { certificate, certificateArn: validation.certificateArn };
}
