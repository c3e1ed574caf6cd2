import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { SafeRule, targets } from "../../components";
import { plan, Plan, PlannedResource } from "../../testing";
import { ACCOUNT, REGION, lambdaFunction, prPattern } from "./helpers";

/**
 * Misconfigurations from real bug reports against EventBridge modules. Each row builds the
 * broken stack with raw resources and shows the check catches it, then builds the same intent
 * with SafeRule and shows the check finds nothing, in preview and after an update.
 */

const pushPattern = { source: ["github.com"], "detail-type": ["push"] };
const FN_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:notify`;

function of(p: Plan, type: string) {
    return p.resources.filter((r) => r.type === type);
}

/**
 * What a property points at: the resources its value came from (known even at preview, when
 * the value is not), else the value itself.
 */
function source(r: PlannedResource, prop: string): string[] {
    const deps = r.propertyDependencies[prop] ?? [];
    return deps.length > 0 ? [...deps] : [JSON.stringify(r.inputs[prop])];
}

const isLambdaTarget = (p: Plan, t: PlannedResource) =>
    (typeof t.inputs.arn === "string" && t.inputs.arn.startsWith("arn:aws:lambda:"))
    || source(t, "arn").some((urn) => urn.includes("::aws:lambda/function:Function::") || urn.includes("$aws:lambda/function:Function::"));

/** Lambda targets (by name) whose rule has no permission of its own on the function. */
function lambdaTargetsWithoutPermission(p: Plan): string[] {
    const permissions = of(p, "aws:lambda/permission:Permission").filter((x) => x.inputs.principal === "events.amazonaws.com");
    return of(p, "aws:cloudwatch/eventTarget:EventTarget")
        .filter((t) => isLambdaTarget(p, t))
        .filter((t) => {
            const rule = source(t, "rule");
            const fn = source(t, "arn");
            return !permissions.some((x) => source(x, "sourceArn").some((s) => rule.includes(s))
                && (source(x, "function").some((s) => fn.includes(s)) || JSON.stringify(t.inputs.arn) === JSON.stringify(x.inputs.function)));
        })
        .map((t) => t.name);
}

/** Queues with more than one QueuePolicy: only the last one written survives. */
function queuesWithSeveralPolicies(p: Plan): string[] {
    const counts = new Map<string, number>();
    for (const policy of of(p, "aws:sqs/queuePolicy:QueuePolicy")) {
        const queue = source(policy, "queueUrl").join();
        counts.set(queue, (counts.get(queue) ?? 0) + 1);
    }
    return [...counts].filter(([, n]) => n > 1).map(([queue]) => queue);
}

const mandatory = (p: Plan, policyName: string) => p.findings.filter((f) => f.policyName === policyName).map((f) => f.message);

interface Row {
    readonly bug: string;
    readonly raw: () => void;
    readonly safe: () => void;
    /** What finds the bug: a policy of the pack, or a check over the planned resources. */
    readonly detect: (p: Plan) => string[];
}

const rows: Row[] = [
    {
        bug: "Lambda target without a lambda.Permission: EventBridge cannot invoke the function and every event fails",
        raw: () => {
            const rule = new aws.cloudwatch.EventRule("raw", { name: "raw", eventPattern: JSON.stringify(prPattern) });
            new aws.cloudwatch.EventTarget("raw-target", { rule: rule.name, arn: FN_ARN });
        },
        safe: () => { new SafeRule("safe", { pattern: prPattern, targets: [targets.lambda(FN_ARN)] }); },
        detect: lambdaTargetsWithoutPermission,
    },
    {
        bug: "Role on a Lambda target: the deploy fails with \"RoleArn is not supported for target\"",
        raw: () => {
            const rule = new aws.cloudwatch.EventRule("raw", { name: "raw", eventPattern: JSON.stringify(prPattern) });
            const role = new aws.iam.Role("raw-role", { assumeRolePolicy: "{}" });
            new aws.cloudwatch.EventTarget("raw-target", { rule: rule.name, arn: lambdaFunction("notify").arn, roleArn: role.arn });
        },
        safe: () => { new SafeRule("safe", { pattern: prPattern, targets: [targets.lambda(lambdaFunction("notify"))] }); },
        detect: (p) => mandatory(p, "event-target-role"),
    },
    {
        bug: "Step Functions target without a role: EventBridge cannot start the execution",
        raw: () => {
            const rule = new aws.cloudwatch.EventRule("raw", { name: "raw", eventPattern: JSON.stringify(prPattern) });
            const machine = new aws.sfn.StateMachine("flow", { roleArn: `arn:aws:iam::${ACCOUNT}:role/sfn`, definition: "{}" });
            new aws.cloudwatch.EventTarget("raw-target", { rule: rule.name, arn: machine.arn });
        },
        safe: () => {
            const machine = new aws.sfn.StateMachine("flow", { roleArn: `arn:aws:iam::${ACCOUNT}:role/sfn`, definition: "{}" });
            new SafeRule("safe", { pattern: prPattern, targets: [targets.stateMachine(machine)] });
        },
        detect: (p) => mandatory(p, "event-target-role"),
    },
    {
        bug: "Dead-letter queue without a queue policy: failed events are dropped instead of kept",
        raw: () => {
            const rule = new aws.cloudwatch.EventRule("raw", { name: "raw", eventPattern: JSON.stringify(prPattern) });
            const dlq = new aws.sqs.Queue("raw-dlq", { sqsManagedSseEnabled: true });
            new aws.cloudwatch.EventTarget("raw-target", {
                rule: rule.name, arn: FN_ARN, deadLetterConfig: { arn: dlq.arn },
                retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86400 },
            });
        },
        safe: () => { new SafeRule("safe", { pattern: prPattern, targets: [targets.lambda(FN_ARN)] }); },
        detect: (p) => mandatory(p, "event-queue-policy-source-arn"),
    },
    {
        bug: "Retry policy without maximumEventAgeInSeconds: the provider sends 0 and AWS rejects the target",
        raw: () => {
            const rule = new aws.cloudwatch.EventRule("raw", { name: "raw", eventPattern: JSON.stringify(prPattern) });
            new aws.cloudwatch.EventTarget("raw-target", { rule: rule.name, arn: FN_ARN, retryPolicy: { maximumRetryAttempts: 3 } as never });
        },
        safe: () => { new SafeRule("safe", { pattern: prPattern, targets: [targets.lambda(FN_ARN)], retryPolicy: { maximumRetryAttempts: 3 } }); },
        detect: (p) => mandatory(p, "event-target-retry-policy"),
    },
    {
        bug: "Two rules on one function sharing one permission: the second rule's events are refused",
        raw: () => {
            const fn = lambdaFunction("notify");
            const a = new aws.cloudwatch.EventRule("raw-a", { name: "raw-a", eventPattern: JSON.stringify(prPattern) });
            const b = new aws.cloudwatch.EventRule("raw-b", { name: "raw-b", eventPattern: JSON.stringify(pushPattern) });
            new aws.lambda.Permission("raw-permission", { action: "lambda:InvokeFunction", function: fn.name, principal: "events.amazonaws.com", sourceArn: a.arn });
            new aws.cloudwatch.EventTarget("raw-a-target", { rule: a.name, arn: fn.arn });
            new aws.cloudwatch.EventTarget("raw-b-target", { rule: b.name, arn: fn.arn });
        },
        safe: () => {
            const fn = lambdaFunction("notify");
            new SafeRule("a", { pattern: prPattern, targets: [targets.lambda(fn)] });
            new SafeRule("b", { pattern: pushPattern, targets: [targets.lambda(fn)] });
        },
        detect: lambdaTargetsWithoutPermission,
    },
    {
        bug: "Two rules on one queue, each writing its own queue policy: the last write wins and the other rule's events are refused",
        raw: () => {
            const queue = new aws.sqs.Queue("audit", {});
            for (const name of ["raw-a", "raw-b"]) {
                const rule = new aws.cloudwatch.EventRule(name, { name, eventPattern: JSON.stringify(prPattern) });
                new aws.sqs.QueuePolicy(`${name}-policy`, {
                    queueUrl: queue.url,
                    policy: rule.arn.apply((arn) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: "*", Condition: { ArnEquals: { "aws:SourceArn": arn } } }] })),
                });
                new aws.cloudwatch.EventTarget(`${name}-target`, { rule: rule.name, arn: queue.arn });
            }
        },
        safe: () => {
            const queue = new aws.sqs.Queue("audit", {});
            new SafeRule("a", { pattern: prPattern, targets: [targets.queue(queue)] });
            new SafeRule("b", { pattern: pushPattern, targets: [targets.queue(queue)] });
        },
        detect: queuesWithSeveralPolicies,
    },
];

describe("rules/misconfigurations from real bug reports", () => {
    for (const row of rows) {
        describe(row.bug, () => {
            it("is caught in a stack built from raw resources", async () => {
                const result = await plan(row.raw, { preview: false });
                assert.ok(row.detect(result).length > 0, "the check should find the bug in the raw stack");
            });
            for (const preview of [true, false]) {
                it(`cannot happen with SafeRule (${preview ? "preview" : "update"})`, async () => {
                    const result = await plan(row.safe, { preview });
                    assert.deepStrictEqual(row.detect(result), []);
                    assert.deepStrictEqual(result.findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.message), []);
                });
            }
        });
    }
});
