import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** A small Lambda function of an example: its code folder, its own role and a log group with retention. */
export interface ExampleFunctionArgs {
    /** Folder holding index.js (handler `index.handler`). */
    readonly codeDir: string;
    readonly description: string;
    readonly logRetentionDays: number;
    readonly environment?: Record<string, pulumi.Input<string>>;
    /** Statements the function needs beyond writing its logs. */
    readonly statements?: pulumi.Input<aws.iam.PolicyStatement>[];
    readonly timeoutSeconds?: number;
    /** Caps concurrency so a flood of events cannot run up the bill. */
    readonly reservedConcurrency?: number;
}

export interface ExampleFunction {
    readonly function: aws.lambda.Function;
    readonly role: aws.iam.Role;
    readonly logGroup: aws.cloudwatch.LogGroup;
}

export function exampleFunction(name: string, args: ExampleFunctionArgs, opts?: pulumi.CustomResourceOptions): ExampleFunction {
    const role = new aws.iam.Role(`${name}-role`, {
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
    }, opts);
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, { retentionInDays: args.logRetentionDays }, opts);
    new aws.iam.RolePolicy(`${name}-policy`, {
        role: role.id,
        policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: pulumi.interpolate`${logGroup.arn}:*` },
                ...(args.statements ?? []),
            ],
        }),
    }, opts);
    const fn = new aws.lambda.Function(name, {
        description: args.description,
        role: role.arn,
        runtime: "nodejs22.x",
        architectures: ["arm64"],
        handler: "index.handler",
        code: new pulumi.asset.FileArchive(args.codeDir),
        timeout: args.timeoutSeconds ?? 10,
        memorySize: 256,
        reservedConcurrentExecutions: args.reservedConcurrency ?? 5,
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
        environment: args.environment ? { variables: args.environment } : undefined,
    }, opts);
    return { function: fn, role, logGroup };
}

/** The alarm actions config: a list of ARNs, or none. */
export function alarmActionsFrom(config: pulumi.Config): string[] {
    return config.getObject<string[]>("alarmActions") ?? [];
}
