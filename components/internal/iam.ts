/**
 * IAM and resource-policy documents as typed values. Pure functions on plain strings: callers
 * build them inside `apply` once ARNs are known, then serialize with {@link policyJson}.
 */

export type OneOrMore<T> = T | T[];

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: { Service: OneOrMore<string> } | { AWS: OneOrMore<string> };
    Action: OneOrMore<string>;
    Resource?: OneOrMore<string>;
    Condition?: Record<string, Record<string, OneOrMore<string>>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

export function policyJson(document: PolicyDocument): string {
    return JSON.stringify(document);
}

/** A single value stays a string; several become a list (what IAM shows back). */
function oneOrMore(values: readonly string[]): OneOrMore<string> {
    return values.length === 1 ? values[0] : [...values];
}

/** Identity-policy statement: these actions on these resources, nothing else. */
export function allowStatement(actions: readonly string[], resources: readonly string[], sid?: string): PolicyStatement {
    return { ...(sid ? { Sid: sid } : {}), Effect: "Allow", Action: oneOrMore(actions), Resource: oneOrMore(resources) };
}

/** Who may assume a role, and from where (confused-deputy protection). */
export interface ServiceTrust {
    readonly service: string;
    /** `aws:SourceArn`: the resource that acts through the role (e.g. the rule). */
    readonly sourceArn?: string;
    /** `aws:SourceAccount`: the account that resource lives in. */
    readonly sourceAccount?: string;
}

function sourceConditions(sourceArns: readonly string[], sourceAccount?: string): PolicyStatement["Condition"] {
    const condition: NonNullable<PolicyStatement["Condition"]> = {};
    if (sourceArns.length > 0) {
        condition.ArnEquals = { "aws:SourceArn": oneOrMore(sourceArns) };
    }
    if (sourceAccount) {
        condition.StringEquals = { "aws:SourceAccount": sourceAccount };
    }
    return Object.keys(condition).length > 0 ? condition : undefined;
}

/** A role trust policy letting one service assume the role, only on behalf of `sourceArn`. */
export function serviceAssumeRolePolicy(trust: ServiceTrust): PolicyDocument {
    const condition = sourceConditions(trust.sourceArn ? [trust.sourceArn] : [], trust.sourceAccount);
    return policyDocument({
        Effect: "Allow",
        Principal: { Service: trust.service },
        Action: "sts:AssumeRole",
        ...(condition ? { Condition: condition } : {}),
    });
}

/**
 * Resource-policy statement letting a service perform `actions` on `resource`, only when the
 * request comes from one of `sourceArns` (e.g. `sqs:SendMessage` for a list of rules).
 */
export function serviceResourceStatement(args: {
    sid: string;
    service: string;
    actions: readonly string[];
    resource: string;
    sourceArns: readonly string[];
}): PolicyStatement {
    if (args.sourceArns.length === 0) {
        throw new Error(`resource policy statement "${args.sid}" needs at least one aws:SourceArn; an unscoped service grant lets any account's resources use ${args.resource}`);
    }
    return {
        Sid: args.sid,
        Effect: "Allow",
        Principal: { Service: args.service },
        Action: oneOrMore(args.actions),
        Resource: args.resource,
        Condition: sourceConditions(args.sourceArns),
    };
}
