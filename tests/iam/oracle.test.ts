/**
 * Least privilege, decided by an independent IAM evaluator (@cloud-copilot/iam-simulate). For
 * the root stack (dev and prod), every TypeScript example and random stacks, the run-time
 * requests are rebuilt from the resolved plan's routing and functions (tests/iam/requests.ts)
 * and the evaluator decides each from identity, resource and trust policies together: allowed
 * exactly where delivery needs it, denied everywhere else. Then mutated stacks: the kit's own
 * least-privilege policies must reach the evaluator's verdict on each.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as fc from "fast-check";
import { planProgram } from "../../cli/eventbridge-kit";
import {
    eventQueuePolicyScoped, eventsSourceArnMatchesRules, eventsSourceArnPinned, eventTargetRoleLeastPrivilege, iamLeastPrivilege, lambdaPermissionSourceArn,
} from "../../policy";
import { plan, Plan } from "../../testing";
import { PolicyInputResource, runPolicies } from "../../offline/policy-runner";
import { Evaluator, tally, Tally } from "./evaluate";
import { generatedProgram, generatedStacks, TARGET_KINDS } from "./generated-stack";
import { buildModel, ModelResource } from "./model";
import { decisionsOf } from "./requests";

const root = path.resolve(__dirname, "..", "..");

/** The TypeScript programs: the root project per stack config, and each nodejs example. */
const programs: { label: string; dir: string; stack: string }[] = [
    { label: "root stack (dev)", dir: root, stack: "dev" },
    { label: "root stack (prod)", dir: root, stack: "prod" },
    ...fs.readdirSync(path.join(root, "examples")).sort()
        .filter((name) => /^runtime:\s*nodejs\s*$/m.test(readIfExists(path.join(root, "examples", name, "Pulumi.yaml"))))
        .map((name) => ({ label: `examples/${name}`, dir: path.join(root, "examples", name), stack: "dev" })),
];

function readIfExists(file: string): string {
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
}

/** What IAM sees of a planned resource: its inputs with what the provider computed merged in. */
function modelResources(result: Plan): ModelResource[] {
    return result.resources.filter((r) => r.custom).map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: { ...r.inputs, ...(r.outputs ?? {}) } }));
}

/** The same resources as the policy engine receives them after an update. */
function policyInputs(result: Plan, resources: readonly ModelResource[]): PolicyInputResource[] {
    const planned = new Map(result.resources.map((r) => [r.urn, r]));
    return resources.map((r) => ({
        type: r.type, name: r.name, urn: r.urn, props: r.props,
        parent: planned.get(r.urn)!.parent, dependencies: planned.get(r.urn)!.dependencies, propertyDependencies: planned.get(r.urn)!.propertyDependencies,
    }));
}

const RANDOM_STACKS = 25;
const evaluator = new Evaluator();
const totals = { programs: 0, decisions: 0, allowed: 0, tooOpen: 0, tooClosed: 0 };

function record(t: Tally, allowed: number): void {
    totals.programs++;
    totals.decisions += t.decisions;
    totals.allowed += allowed;
    totals.tooOpen += t.tooOpen.length;
    totals.tooClosed += t.tooClosed.length;
}

async function decide(result: Plan): Promise<{ tally: Tally; allowed: number; denied: number }> {
    const model = buildModel(modelResources(result), result);
    const decisions = decisionsOf(model);
    const outcome = await tally(evaluator, model, decisions);
    return { tally: outcome, allowed: decisions.filter((d) => d.expected === "allow").length, denied: decisions.filter((d) => d.expected === "deny").length };
}

describe("iam: an independent evaluator allows exactly what delivery needs", function () {
    this.timeout(900_000);
    const plans = new Map<string, Plan>();

    it("finds the root project's two stacks and the TypeScript examples", () => {
        assert.deepStrictEqual(programs.map((p) => p.label), [
            "root stack (dev)", "root stack (prod)",
            "examples/api-destinations", "examples/bird-to-s3", "examples/github-to-stepfunctions", "examples/twilio-to-lambda",
        ]);
    });

    for (const program of programs) {
        it(`${program.label}: every delivery and function need allowed, everything around it denied`, async () => {
            const result = await planProgram(program.dir, program.stack, { policies: [], loopCheck: false });
            plans.set(program.label, result);
            const { tally: t, allowed, denied } = await decide(result);
            record(t, allowed);
            assert.ok(allowed >= 4 && denied >= 2 * allowed, `${allowed} allowed and ${denied} denied requests: too few to mean anything`);
            assert.deepStrictEqual(t.tooOpen, [], "too open");
            assert.deepStrictEqual(t.tooClosed, [], "too closed");
        });
    }

    it("random stacks: SafeRules with random target kinds, shared targets and dead-letter queues", async () => {
        const seen = new Set<string>();
        await fc.assert(fc.asyncProperty(generatedStacks, async (stack) => {
            stack.rules.forEach((r) => r.targets.forEach(([kind, i]) => seen.add(`${kind}${i}`)));
            stack.rules.forEach((r) => seen.add(`dead-letter ${r.deadLetterQueue}`));
            const result = await plan(generatedProgram(stack), { policies: [], loopCheck: false });
            const { tally: t, allowed } = await decide(result);
            record(t, allowed);
            assert.ok(allowed >= 1);
            assert.deepStrictEqual(t.tooOpen, [], `too open in ${JSON.stringify(stack)}`);
            assert.deepStrictEqual(t.tooClosed, [], `too closed in ${JSON.stringify(stack)}`);
        }), { numRuns: RANDOM_STACKS, seed: 424242 });
        assert.deepStrictEqual([...seen].sort(), [...TARGET_KINDS.flatMap((k) => [`${k}0`, `${k}1`]), "dead-letter create", "dead-letter false", "dead-letter shared"].sort(),
            "the random stacks cover every target kind and dead-letter choice");
    });

    it("reports its decision count: 0 too open, 0 too closed", () => {
        console.log(`      iam oracle: ${totals.decisions} decisions over ${totals.programs} stacks (${totals.allowed} allowed where delivery needs it), ${totals.tooOpen} too open, ${totals.tooClosed} too closed; ${evaluator.simulations} simulations`);
        assert.ok(totals.programs >= programs.length + RANDOM_STACKS, `${totals.programs} stacks decided`);
        assert.ok(totals.decisions > 1000, `${totals.decisions} decisions`);
        assert.deepStrictEqual([totals.tooOpen, totals.tooClosed], [0, 0]);
    });

    describe("mutated stacks: the kit's least-privilege policies reach the evaluator's verdict", () => {
        /** The policies that judge IAM statements, trusts and EventBridge grants. */
        const kitPolicies = [iamLeastPrivilege, eventTargetRoleLeastPrivilege, eventsSourceArnPinned, eventsSourceArnMatchesRules, lambdaPermissionSourceArn, eventQueuePolicyScoped];
        type Mutation = { name: string; apply: (resources: ModelResource[]) => void };
        const byName = (resources: ModelResource[], name: string) => {
            const found = resources.find((r) => r.name === name);
            if (!found) throw new Error(`no resource ${name}`);
            return found;
        };
        const editJson = (resource: ModelResource, prop: string, edit: (document: any) => void) => {
            const document = JSON.parse(resource.props[prop]);
            edit(document);
            resource.props[prop] = JSON.stringify(document);
        };
        const ruleArn = (resources: ModelResource[], safeRule: string) => byName(resources, `${safeRule}-rule`).props.arn as string;
        const mutations: Mutation[] = [
            { name: "nothing changed", apply: () => undefined },
            { name: "a target role's Resource widened to *", apply: (rs) => editJson(byName(rs, "github-pr-opened-target-0-role-policy"), "policy", (d) => { d.Statement[0].Resource = "*"; }) },
            { name: "a target role's action widened to states:*", apply: (rs) => editJson(byName(rs, "github-pr-opened-target-0-role-policy"), "policy", (d) => { d.Statement[0].Action = "states:*"; }) },
            { name: "an API destination role pointed at another destination", apply: (rs) => editJson(byName(rs, "prs-pr-opened-target-0-role-policy"), "policy", (d) => { d.Statement[0].Resource = byName(rs, "prs-tracker-changes-destination").props.arn; }) },
            { name: "a webhook's PutEvents widened to *", apply: (rs) => editJson(byName(rs, "github-webhook-webhook-role-policy"), "policy", (d) => { d.Statement.find((s: any) => s.Sid === "PutEventsOnBus").Resource = "*"; }) },
            { name: "a webhook's GetSecretValue widened to *", apply: (rs) => editJson(byName(rs, "twilio-webhook-webhook-role-policy"), "policy", (d) => { d.Statement.find((s: any) => s.Sid === "ReadSigningSecret").Resource = "*"; }) },
            { name: "an API destination role's trust condition dropped", apply: (rs) => editJson(byName(rs, "prs-pull-requests-target-0-role"), "assumeRolePolicy", (d) => { delete d.Statement[0].Condition; }) },
            { name: "an API destination role trusted for rule/* again", apply: (rs) => editJson(byName(rs, "prs-pull-requests-target-1-role"), "assumeRolePolicy", (d) => { d.Statement[0].Condition.ArnEquals["aws:SourceArn"] = "arn:aws:events:us-east-1:123456789012:rule/*"; }) },
            { name: "a state machine role's trust pointed at another rule", apply: (rs) => editJson(byName(rs, "github-pr-opened-target-0-role"), "assumeRolePolicy", (d) => { d.Statement[0].Condition.ArnEquals["aws:SourceArn"] = ruleArn(rs, "github-push-main"); }) },
            { name: "a dead-letter queue policy's condition dropped", apply: (rs) => editJson(byName(rs, "twilio-audit-dlq-policy"), "policy", (d) => { delete d.Statement[0].Condition; }) },
            { name: "a dead-letter queue policy pointed at another rule", apply: (rs) => editJson(byName(rs, "bird-bounces-dlq-policy"), "policy", (d) => { d.Statement[0].Condition.ArnEquals["aws:SourceArn"] = ruleArn(rs, "twilio-failed"); }) },
            { name: "a Lambda permission's sourceArn dropped", apply: (rs) => { delete byName(rs, "github-push-main-target-0-permission").props.sourceArn; } },
            { name: "a Lambda permission pointed at another rule", apply: (rs) => { byName(rs, "twilio-failed-target-0-permission").props.sourceArn = ruleArn(rs, "twilio-audit"); } },
            { name: "a Lambda permission's sourceArn widened to rule/*", apply: (rs) => { byName(rs, "bird-bounces-target-0-permission").props.sourceArn = "arn:aws:events:us-east-1:123456789012:rule/*"; } },
        ];

        for (const mutation of mutations) {
            it(mutation.name, async () => {
                const result = plans.get("root stack (dev)") ?? await planProgram(root, "dev", { policies: [], loopCheck: false });
                plans.set("root stack (dev)", result);
                const resources: ModelResource[] = JSON.parse(JSON.stringify(modelResources(result)));
                mutation.apply(resources);
                const model = buildModel(resources, result);
                const t = await tally(evaluator, model, decisionsOf(model));
                const findings = await runPolicies(policyInputs(result, resources), { policies: kitPolicies, stack: result.stack, project: result.project });
                const evaluatorSays = t.tooOpen.length + t.tooClosed.length === 0 ? "tight" : `not tight (${t.tooOpen.length} too open, ${t.tooClosed.length} too closed)`;
                const kitSays = findings.length === 0 ? "tight" : `not tight (${findings.map((f) => `${f.policyName} ${f.resourceName}`).join(", ")})`;
                console.log(`        evaluator: ${evaluatorSays}; kit: ${kitSays}`);
                assert.strictEqual(kitSays.split(" (")[0], evaluatorSays.split(" (")[0], `the evaluator says ${evaluatorSays}; the kit says ${kitSays}`);
                if (mutation.name !== "nothing changed") {
                    assert.notStrictEqual(evaluatorSays, "tight", "the mutation changes what IAM allows");
                }
            });
        }
    });
});
