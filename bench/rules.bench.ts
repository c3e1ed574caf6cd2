/**
 * SafeRule construction cost: a stack of 1, 100 and 1000 rules built under the recording mocks
 * (validation, lint, examples, loop guard, and every resource registered: rule, target, Lambda
 * permission, dead-letter queue with policy and alarm, runtime-guard alarms).
 *
 * Reported per rule, with the heap the stack holds once built. The goal: per-rule cost does not
 * grow with the number of rules, i.e. the 1000/100 per-rule time ratio stays at or below 1.2.
 *
 * Baseline, measured in the same run: the same eight resources per rule created directly,
 * without SafeRule. Most of the cost is the Pulumi runtime registering resources; the baseline
 * shows how much of it, and how much of any growth with stack size, is Pulumi's own.
 *
 * Pulumi records a stack trace for every internal promise; under ts-node each trace is
 * rewritten through source maps, which costs more than everything else together. The bench
 * formats traces as compiled JavaScript does (V8's default) while it runs, so the figures
 * measure resource construction rather than source-map lookups.
 */
import * as v8 from "v8";
import * as vm from "vm";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EventPattern, SafeRule, targets } from "../components";
import { RecordingMocks, settle } from "../testing/mocks";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

interface Measurement {
    readonly count: number;
    readonly ms: number;
    readonly heapBytes: number;
    readonly resources: number;
}

const pattern = (i: number): EventPattern => ({ source: ["shop.orders"], "detail-type": [`order.step-${i}`], detail: { amount: [{ numeric: [">", 0] }] } });

function handler(): aws.lambda.Function {
    return new aws.lambda.Function("handler", {
        role: "arn:aws:iam::123456789012:role/handler",
        runtime: "nodejs22.x",
        handler: "index.handler",
        code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => {};") }),
    });
}

/** `count` SafeRules on one bus, all sending to one function. */
function safeRules(count: number): void {
    const bus = new aws.cloudwatch.EventBus("orders", {});
    const fn = handler();
    for (let i = 0; i < count; i++) {
        const detailType = `order.step-${i}`;
        new SafeRule(`rule-${i}`, {
            eventBus: bus,
            pattern: pattern(i),
            examples: {
                match: [{ source: "shop.orders", "detail-type": detailType, detail: { amount: 12 } }],
                noMatch: [{ source: "shop.orders", "detail-type": detailType, detail: { amount: 0 } }],
            },
            targets: [targets.lambda(fn)],
            retryPolicy: { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 3600 },
        });
    }
}

/** The same resources per rule, created directly: no component, no checks. */
function rawRules(count: number): void {
    const bus = new aws.cloudwatch.EventBus("orders", {});
    const fn = handler();
    for (let i = 0; i < count; i++) {
        const name = `rule-${i}`;
        const rule = new aws.cloudwatch.EventRule(`${name}-rule`, { name, eventBusName: bus.name, eventPattern: JSON.stringify(pattern(i)) });
        const dlq = new aws.sqs.Queue(`${name}-dlq`, { sqsManagedSseEnabled: true, messageRetentionSeconds: 1_209_600 });
        const policy = new aws.sqs.QueuePolicy(`${name}-dlq-policy`, {
            queueUrl: dlq.url,
            policy: pulumi.all([dlq.arn, rule.arn]).apply(([q, r]) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: q, Condition: { ArnEquals: { "aws:SourceArn": r } } }] })),
        });
        const permission = new aws.lambda.Permission(`${name}-permission`, { action: "lambda:InvokeFunction", function: fn.name, principal: "events.amazonaws.com", sourceArn: rule.arn });
        new aws.cloudwatch.EventTarget(`${name}-target`, {
            rule: rule.name, eventBusName: bus.name, arn: fn.arn, deadLetterConfig: { arn: dlq.arn },
            retryPolicy: { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 3600 },
        }, { dependsOn: [permission, policy] });
        for (const metric of ["ApproximateNumberOfMessagesVisible", "Invocations", "FailedInvocations"]) {
            new aws.cloudwatch.MetricAlarm(`${name}-${metric}`, {
                namespace: metric.startsWith("Approx") ? "AWS/SQS" : "AWS/Events", metricName: metric, statistic: "Sum", period: 300,
                evaluationPeriods: 1, threshold: 0, comparisonOperator: "GreaterThanThreshold",
            });
        }
    }
}

/** Builds a stack and waits until every resource is registered. */
async function measure(build: (count: number) => void, count: number, stack: string): Promise<Measurement> {
    const mocks = new RecordingMocks();
    await mocks.install({ project: "bench", stack });
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const start = process.hrtime.bigint();
    build(count);
    await settle(mocks, 3);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    gc();
    return { count, ms, heapBytes: process.memoryUsage().heapUsed - heapBefore, resources: mocks.resources.length };
}

const perRule = (m: Measurement) => m.ms / m.count;

function print(label: string, m: Measurement): void {
    // One rule's heap is below the collector's noise: only larger stacks give a meaningful figure.
    const heap = m.count >= 100 ? (m.heapBytes / m.count / 1024).toFixed(1) : "n/a";
    console.log(`${label.padEnd(9)}${String(m.count).padStart(6)}  ${m.ms.toFixed(0).padStart(8)}  ${perRule(m).toFixed(2).padStart(7)}  ${heap.padStart(12)}  ${String(m.resources).padStart(9)}`);
}

export async function run(): Promise<void> {
    const errors = Error as { prepareStackTrace?: unknown };
    const formatStackTrace = errors.prepareStackTrace;
    errors.prepareStackTrace = undefined;
    try {
        await measure(safeRules, 100, "warm-up-safe"); // JIT and the Pulumi runtime
        await measure(rawRules, 100, "warm-up-raw");
        console.log("stack     rules  total ms  ms/rule  heap KB/rule  resources");
        const safe = [];
        for (const count of [1, 100, 1000]) {
            safe.push(await measure(safeRules, count, `safe-${count}`));
            print("SafeRule", safe[safe.length - 1]);
        }
        const raw = [];
        for (const count of [100, 1000]) {
            raw.push(await measure(rawRules, count, `raw-${count}`));
            print("raw", raw[raw.length - 1]);
        }
        const ratio = perRule(safe[2]) / perRule(safe[1]);
        const rawRatio = perRule(raw[1]) / perRule(raw[0]);
        console.log(`SafeRule per-rule time ratio 1000/100: ${ratio.toFixed(2)} (goal ≤ 1.2: ${ratio <= 1.2 ? "met" : "NOT met"})`);
        console.log(`baseline (raw resources) per-rule time ratio 1000/100: ${rawRatio.toFixed(2)}`);
        console.log(`SafeRule cost over raw resources: ×${(perRule(safe[1]) / perRule(raw[0])).toFixed(2)} at 100 rules, ×${(perRule(safe[2]) / perRule(raw[1])).toFixed(2)} at 1000`);
    } finally {
        errors.prepareStackTrace = formatStackTrace;
    }
}
