import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource, RecordingMocks } from "../../testing/mocks";

/** Resource type tokens the rule tests assert on. */
export const T = {
    safeRule: "eventbridge-kit:rules:SafeRule",
    rule: "aws:cloudwatch/eventRule:EventRule",
    target: "aws:cloudwatch/eventTarget:EventTarget",
    permission: "aws:lambda/permission:Permission",
    queue: "aws:sqs/queue:Queue",
    queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
} as const;

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";

export async function installMocks(preview = false): Promise<RecordingMocks> {
    const mocks = new RecordingMocks();
    await mocks.install({ preview });
    return mocks;
}

export function lambdaFunction(name: string): aws.lambda.Function {
    return new aws.lambda.Function(name, {
        role: `arn:aws:iam::${ACCOUNT}:role/${name}-role`,
        runtime: "nodejs22.x",
        handler: "index.handler",
        code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => {};") }),
    });
}

/** A parsed IAM or resource policy statement, with one-or-many fields normalized to lists. */
export interface ParsedStatement {
    Sid?: string;
    Effect: string;
    Principal?: any;
    Action: string[];
    Resource: string[];
    Condition?: Record<string, Record<string, string[]>>;
}

function list(value: unknown): string[] {
    return value === undefined ? [] : Array.isArray(value) ? value : [value as string];
}

/** The statements of a policy document given as JSON text. */
export function statements(policy: unknown): ParsedStatement[] {
    assertString(policy);
    const document = JSON.parse(policy);
    if (document.Version !== "2012-10-17") {
        throw new Error(`policy has Version ${document.Version}`);
    }
    return document.Statement.map((s: any) => ({
        ...s,
        Action: list(s.Action),
        Resource: list(s.Resource),
        ...(s.Condition ? {
            Condition: Object.fromEntries(Object.entries(s.Condition).map(([op, kv]: [string, any]) =>
                [op, Object.fromEntries(Object.entries(kv).map(([k, v]) => [k, list(v)]))])),
        } : {}),
    }));
}

function assertString(value: unknown): asserts value is string {
    if (typeof value !== "string") {
        throw new Error(`expected a JSON policy string, got ${JSON.stringify(value)}`);
    }
}

/** The error an Output fails with (Outputs keep their promise internally). */
export async function failureOf(output: pulumi.Output<unknown>): Promise<Error> {
    try {
        await (output as unknown as { promise(): Promise<unknown> }).promise();
    } catch (err) {
        return err as Error;
    }
    throw new Error("expected the Output to fail, but it resolved");
}

/** Resources of one type, by name, for compact assertions. */
export function names(mocks: RecordingMocks, type: string): string[] {
    return mocks.ofType(type).map((r) => r.name).sort();
}

export function ruleArn(ruleName: string, bus?: string): string {
    return bus ? `arn:aws:events:${REGION}:${ACCOUNT}:rule/${bus}/${ruleName}` : `arn:aws:events:${REGION}:${ACCOUNT}:rule/${ruleName}`;
}

/** Captures pulumi.log.warn messages while `body` runs. */
export async function capturingWarnings<T>(body: () => Promise<T> | T): Promise<{ result: T; warnings: string[] }> {
    const warnings: string[] = [];
    const log = pulumi.log as { warn: (msg: string, ...rest: unknown[]) => Promise<void> };
    const original = log.warn;
    log.warn = (msg: string) => { warnings.push(msg); return Promise.resolve(); };
    try {
        return { result: await body(), warnings };
    } finally {
        log.warn = original;
    }
}

export const prOpened = {
    version: "0", id: "1", source: "github.com", "detail-type": "pull_request", account: ACCOUNT, region: REGION,
    time: "2026-11-22T08:00:00Z", resources: [],
    detail: { action: "opened", number: 42, repository: { full_name: "acme/api" }, pull_request: { title: "Add rules" } },
};
export const prClosed = { ...prOpened, detail: { ...prOpened.detail, action: "closed" } };
export const prPattern = { source: ["github.com"], "detail-type": ["pull_request"], detail: { action: ["opened"] } };

export function only(mocks: RecordingMocks, type: string): RecordedResource {
    const found = mocks.ofType(type);
    if (found.length !== 1) {
        throw new Error(`expected one ${type}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
    }
    return found[0];
}

/** Runs `body` and returns the message it throws with; fails when it throws nothing. */
export function messageOf(body: () => unknown): string {
    try {
        body();
    } catch (err) {
        return (err as Error).message;
    }
    throw new Error("expected an error, but none was thrown");
}
