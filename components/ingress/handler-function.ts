import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { allowStatement, policyDocument, policyJson, PolicyStatement, serviceAssumeRolePolicy } from "../internal/iam";

export interface HandlerFunctionArgs {
    readonly description: string;
    readonly code: pulumi.asset.Archive;
    readonly environment: Record<string, pulumi.Input<string>>;
    readonly timeoutSeconds: number;
    readonly memorySize: number;
    readonly architecture: "arm64" | "x86_64";
    /** Executions reserved for (and capped at) this function; undefined reserves none. */
    readonly reservedConcurrency?: number;
    readonly logRetentionDays: number;
    /** Everything the function may do besides writing its own logs, with exact ARNs. */
    readonly statements: pulumi.Input<PolicyStatement[]>;
    /** Where failed asynchronous invocations go (the function's role is allowed to send there). */
    readonly deadLetterQueueArn?: pulumi.Input<string>;
    /** What must exist before the function runs (e.g. the secret's value). */
    readonly dependsOn?: pulumi.Resource[];
}

export interface HandlerFunction {
    readonly function: aws.lambda.Function;
    readonly role: aws.iam.Role;
    readonly rolePolicy: aws.iam.RolePolicy;
    readonly logGroup: aws.cloudwatch.LogGroup;
}

/**
 * One Lambda function running a bundled handler, with what it needs and nothing more: its own
 * log group (created first, so Lambda never creates one that keeps logs forever), its own role
 * trusted by Lambda only, and one inline policy with exact ARNs (no managed policy, which would
 * grant logs on every group). Resources: `${name}-logs`, `${name}-role`, `${name}-role-policy`
 * and `${name}`, children of `parent`.
 */
export function createHandlerFunction(name: string, args: HandlerFunctionArgs, parent: pulumi.Resource): HandlerFunction {
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
        namePrefix: `/aws/lambda/${name}-`,
        retentionInDays: args.logRetentionDays,
    }, { parent });
    const role = new aws.iam.Role(`${name}-role`, {
        description: args.description,
        assumeRolePolicy: policyJson(serviceAssumeRolePolicy({ service: "lambda.amazonaws.com" })),
    }, { parent });
    const rolePolicy = new aws.iam.RolePolicy(`${name}-role-policy`, {
        role: role.id,
        policy: pulumi.all([logGroup.arn, args.statements]).apply(([logGroupArn, statements]) => policyJson(policyDocument(
            allowStatement(["logs:CreateLogStream", "logs:PutLogEvents"], [`${logGroupArn}:*`], "WriteOwnLogs"),
            ...statements,
        ))),
    }, { parent });
    const fn = new aws.lambda.Function(name, {
        description: args.description,
        runtime: aws.lambda.Runtime.NodeJS22dX,
        architectures: [args.architecture],
        handler: "index.handler",
        code: args.code,
        role: role.arn,
        timeout: args.timeoutSeconds,
        memorySize: args.memorySize,
        reservedConcurrentExecutions: args.reservedConcurrency,
        environment: { variables: args.environment },
        // The handlers write structured JSON themselves; Text keeps each line as they wrote it.
        loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
        deadLetterConfig: args.deadLetterQueueArn ? { targetArn: args.deadLetterQueueArn } : undefined,
    }, { parent, dependsOn: [rolePolicy, logGroup, ...(args.dependsOn ?? [])] });
    return { function: fn, role, rolePolicy, logGroup };
}
