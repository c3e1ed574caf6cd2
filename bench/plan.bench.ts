/**
 * Offline plan cost.
 *
 * - The complete example (root program, dev stack): wall time of a whole plan (program under
 *   preview mocks, policy pack, routing) and the heap it leaves in use.
 * - A generated stack: one bus, one shared Lambda function and 200 SafeRules with distinct
 *   patterns, each with its dead-letter queue, alarms and permission.
 * - The policy pack's per-resource cost: the pack run, as the engine runs it, over the generated
 *   stack's resources (resource policies and stack policies timed apart).
 * - Scale: generated stacks of 100 and 1,000 rules, each planned once in this process. Goals:
 *   live heap at most 50 KB per resource (the peak of the heap in use, sampled after forced
 *   garbage collections, above what was in use before), and time per resource at 1,000 rules
 *   at most 1.2x that at 100 rules.
 * - The loop check `plan` runs by default (every rule's examples and webhook samples followed
 *   through the stack), on the complete example and on 300 generated rules with one example
 *   each, against the plan without it. Goal: at most 10% of the plan's time.
 * Each figure is the median of several runs in this process, after one warm-up run.
 */
import * as v8 from "v8";
import * as vm from "vm";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { planProgram } from "../cli/eventbridge-kit";
import { SafeRule, targets } from "../components";
import { isSecret, isUnknown, plan, Plan, PolicyInputResource, runPolicies, unknownValue } from "../testing";
import { checkLoops } from "../offline/loop-check";
import { policies } from "../policy";

const root = path.resolve(__dirname, "..");

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

async function measure(label: string, runs: number, once: () => Promise<Plan>): Promise<{ ms: number; resources: number }> {
    await once(); // warm-up: module loading and JIT
    const times: number[] = [];
    let last: Plan | undefined;
    let heapDelta = 0;
    for (let i = 0; i < runs; i++) {
        global.gc?.();
        const heapBefore = process.memoryUsage().heapUsed;
        const start = process.hrtime.bigint();
        last = await once();
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
        heapDelta = Math.max(heapDelta, process.memoryUsage().heapUsed - heapBefore);
    }
    const ms = median(times);
    const resources = last!.resources.length;
    console.log(`${label}: ${resources} resources, ${last!.findings.length} findings — median ${ms.toFixed(0)} ms over ${runs} runs ` +
        `(${(ms / resources).toFixed(2)} ms/resource), heap +${(heapDelta / 2 ** 20).toFixed(1)} MiB, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
    return { ms, resources };
}

/** One bus, one function, `count` rules matching distinct order types (with `examples`: one matching event each). */
export function generatedStack(count: number, examples = false): () => void {
    return () => {
        const bus = new aws.cloudwatch.EventBus("bench-bus", { name: "bench" });
        const role = new aws.iam.Role("bench-fn-role", {
            assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
        });
        const fn = new aws.lambda.Function("bench-fn", {
            role: role.arn, runtime: "nodejs22.x", handler: "index.handler",
            code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => undefined;") }),
        });
        for (let i = 0; i < count; i++) {
            new SafeRule(`bench-rule-${i}`, {
                eventBus: bus,
                pattern: { source: ["com.example.orders"], "detail-type": [`Order${i}`], detail: { amount: [{ numeric: [">", i] }] } },
                ...(examples ? { examples: { match: [{ source: "com.example.orders", "detail-type": `Order${i}`, detail: { amount: i + 1 } }] } } : {}),
                targets: [targets.lambda(fn)],
                retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 10 },
            });
        }
    };
}

/** The plan's resources back in the engine's wire form (unknowns as the engine's sentinel). */
function policyInputs(result: Plan): PolicyInputResource[] {
    const wire = (value: any): any => {
        if (isUnknown(value)) return unknownValue;
        if (isSecret(value)) return "secret";
        if (Array.isArray(value)) return value.map(wire);
        if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wire(v)]));
        return value;
    };
    return result.resources.map((r) => ({ ...r, props: wire(r.inputs) }));
}

async function timePolicies(label: string, resources: PolicyInputResource[], selected: typeof policies, runs = 5): Promise<void> {
    await runPolicies(resources, { policies: selected });
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
        const start = process.hrtime.bigint();
        await runPolicies(resources, { policies: selected });
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const ms = median(times);
    console.log(`${label}: ${selected.length} policies over ${resources.length} resources — median ${ms.toFixed(1)} ms = ${((ms * 1000) / resources.length).toFixed(0)} µs per resource`);
}

/** A garbage collection on demand, without starting node with --expose-gc. */
function collector(): () => void {
    v8.setFlagsFromString("--expose-gc");
    return vm.runInNewContext("gc") as () => void;
}

/** Plans `rules` generated rules once: time per resource, and the peak of live heap per resource. */
async function scale(rules: number, gc: () => void): Promise<{ msPerResource: number; liveKbPerResource: number; resources: number }> {
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    // What the plan holds, not what it has allocated and not yet collected.
    const sampler = setInterval(() => { gc(); peak = Math.max(peak, process.memoryUsage().heapUsed); }, 500);
    const start = process.hrtime.bigint();
    const result = await plan(generatedStack(rules), { project: "bench" });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    clearInterval(sampler);
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    const resources = result.resources.length;
    const figures = { msPerResource: ms / resources, liveKbPerResource: (peak - before) / 1024 / resources, resources };
    console.log(`scale, ${rules} rules: ${resources} resources in ${(ms / 1000).toFixed(1)} s = ${figures.msPerResource.toFixed(2)} ms/resource; ` +
        `live heap peak +${((peak - before) / 2 ** 20).toFixed(1)} MiB = ${figures.liveKbPerResource.toFixed(1)} KB/resource; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
    return figures;
}

/** The scale goals alone (`npm run bench -- plan` runs them after the other plan figures). */
export async function runScale(): Promise<void> {
    const gc = collector();
    await scale(20, gc); // warm-up: module loading and JIT
    const small = await scale(100, gc);
    const large = await scale(1000, gc);
    const ratio = large.msPerResource / small.msPerResource;
    const heapOk = Math.max(small.liveKbPerResource, large.liveKbPerResource) <= 50;
    console.log(`scale goals: live heap <= 50 KB/resource: ${heapOk ? "met" : "NOT met"}; ` +
        `time per resource at 1,000 rules / at 100 rules = ${ratio.toFixed(2)} (goal <= 1.2): ${ratio <= 1.2 ? "met" : "NOT met"}`);
}

/** The loop check's time against the plan's without it (median of `runs`). */
async function timeLoopCheck(label: string, runs: number, once: () => Promise<Plan>): Promise<void> {
    const planned = await once();
    await checkLoops(planned); // warm-up: the webhook handler bundle loads once
    const planTimes: number[] = [];
    const checkTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
        let start = process.hrtime.bigint();
        const result = await once();
        planTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
        start = process.hrtime.bigint();
        await checkLoops(result);
        checkTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const ratio = median(checkTimes) / median(planTimes);
    console.log(`loop check, ${label}: median ${median(checkTimes).toFixed(0)} ms vs the plan's ${median(planTimes).toFixed(0)} ms = ${(ratio * 100).toFixed(1)}% ` +
        `(goal <= 10%): ${ratio <= 0.1 ? "met" : "NOT met"}`);
}

export async function run(): Promise<void> {
    await timeLoopCheck("complete example (dev)", 3, () => planProgram(root, "dev", { loopCheck: false }));
    await timeLoopCheck("300 generated rules with an example each", 3, () => plan(generatedStack(300, true), { project: "bench", policies: [], loopCheck: false }));
    await measure("complete example (dev)", 3, () => planProgram(root, "dev"));
    await measure("generated stack, 200 rules", 3, () => plan(generatedStack(200), { project: "bench" }));
    const generated = policyInputs(await plan(generatedStack(200), { project: "bench", policies: [] }));
    await timePolicies("policy pack, all policies", generated, policies);
    await timePolicies("policy pack, resource policies", generated, policies.filter((p) => "validateResource" in p));
    await timePolicies("policy pack, stack policies", generated, policies.filter((p) => "validateStack" in p));
    await runScale();
}
