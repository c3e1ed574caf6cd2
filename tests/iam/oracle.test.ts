/**
 * Least privilege, decided by an independent IAM evaluator (@cloud-copilot/iam-simulate). For
 * the root stack (dev and prod), every TypeScript example, stacks of the features the examples
 * leave out (tests/iam/feature-stacks.ts: SafeEventBus archives and bus policies, cross-account
 * targets, connection keys) and random stacks, the run-time requests are rebuilt from the
 * resolved plan's routing, buses, archives, connections and functions (tests/iam/requests.ts)
 * and the evaluator decides each from identity, resource, key and trust policies together:
 * allowed exactly where delivery needs it, denied everywhere else. Then mutated stacks: the
 * kit's own least-privilege policies must reach the evaluator's verdict on each; and widened
 * key, bus, dead-letter and cross-account statements the evaluator must find too open.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as fc from "fast-check";
import { planProgram } from "../../cli/eventbridge-kit";
import {
    crossAccountTargetSourceAccount, eventBusKeyPolicyUsable, eventBusPolicyNoPublicPrincipal, lambdaPermissionNoPublicPrincipal, resourcePolicyNoUnscopedPublicPrincipal,
    eventQueuePolicySourceArn, eventsSourceArnMatchesRules, eventsSourceArnPinned, eventTargetRoleLeastPrivilege, iamLeastPrivilege, lambdaPermissionEventsSourceArn,
} from "../../policy";
import { plan, Plan } from "../../testing";
import { PolicyInputResource, runPolicies } from "../../offline/policy-runner";
import { Evaluator, tally, Tally } from "./evaluate";
import { featureStacks, RULE_ACCOUNT } from "./feature-stacks";
import { generatedProgram, generatedStacks, TARGET_KINDS } from "./generated-stack";
import { buildModel, IamModel, ModelResource } from "./model";
import { Decision, decisionsOf, Intent, OTHER_ACCOUNT } from "./requests";

const root = path.resolve(__dirname, "..", "..");

/** The TypeScript programs: the root project per stack config, and each nodejs example. */
/**
 * What another account's owner applies by hand for a program: a statement the program returns
 * (for a target it names only by ARN) and cannot write itself.
 */
const appliedByOwner: Readonly<Record<string, (result: Plan) => ModelResource[]>> = {
    "examples/cross-account": (result) => [{
        type: "aws:sns/topicPolicy:TopicPolicy", name: "audit-alerts-owner-policy", urn: "urn:pulumi:audit::owner::aws:sns/topicPolicy:TopicPolicy::audit-alerts",
        props: { arn: "arn:aws:sns:us-east-1:210987654321:audit-alerts", policy: JSON.stringify({ Version: "2012-10-17", Statement: result.outputs.alertsTopicStatements.map((t: string) => JSON.parse(t)) }) },
    }],
};

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

/** The same resources as the policy engine receives them after an update (one a mutation adds has the relations of its original). */
function policyInputs(result: Plan, resources: readonly ModelResource[]): PolicyInputResource[] {
    const planned = new Map(result.resources.map((r) => [r.urn, r]));
    return resources.map((r) => {
        const source = planned.get(r.urn) ?? planned.get(r.urn.replace(/-direct$/, ""))!;
        return { type: r.type, name: r.name, urn: r.urn, props: r.props, parent: source.parent, dependencies: source.dependencies, propertyDependencies: source.propertyDependencies };
    });
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

async function decide(result: Plan, intent: Intent = {}, applied: readonly ModelResource[] = []): Promise<{ tally: Tally; allowed: number; denied: number; model: IamModel; decisions: Decision[] }> {
    const model = buildModel([...modelResources(result), ...applied], result);
    const decisions = decisionsOf(model, intent);
    const outcome = await tally(evaluator, model, decisions);
    return { tally: outcome, allowed: decisions.filter((d) => d.expected === "allow").length, denied: decisions.filter((d) => d.expected === "deny").length, model, decisions };
}

/** Each bus on a key of the plan is asked to encrypt with it, and its dead-letter queue to take its events. */
function assertBusesDecided(model: IamModel, decisions: readonly Decision[]): void {
    const allowed = (action: string, resource: string, source: string) =>
        decisions.some((d) => d.expected === "allow" && d.action === action && d.resource === resource && d.context["aws:SourceArn"] === source);
    for (const bus of model.buses) {
        if (bus.keyArn) assert.ok(allowed("kms:GenerateDataKey", bus.keyArn, bus.arn), `bus ${bus.name}: its key is decided`);
        if (bus.deadLetterQueueArn) assert.ok(allowed("sqs:SendMessage", bus.deadLetterQueueArn, bus.arn), `bus ${bus.name}: its dead-letter queue is decided`);
    }
}

describe("iam: an independent evaluator allows exactly what delivery needs", function () {
    this.timeout(900_000);
    const plans = new Map<string, Plan>();

    it("finds the root project's two stacks and the TypeScript examples", () => {
        assert.deepStrictEqual(programs.map((p) => p.label), [
            "root stack (dev)", "root stack (prod)",
            "examples/api-destinations", "examples/bird-to-s3", "examples/cross-account", "examples/github-to-stepfunctions", "examples/twilio-to-lambda",
        ]);
    });

    for (const program of programs) {
        it(`${program.label}: every delivery and function need allowed, everything around it denied`, async () => {
            const result = await planProgram(program.dir, program.stack, { policies: [], loopCheck: false });
            plans.set(program.label, result);
            const { tally: t, allowed, denied, model, decisions } = await decide(result, {}, appliedByOwner[program.label]?.(result));
            record(t, allowed);
            assert.ok(allowed >= 4 && denied >= 2 * allowed, `${allowed} allowed and ${denied} denied requests: too few to mean anything`);
            // Every example puts its events on a SafeEventBus: its key and dead-letter queue are judged too.
            assert.ok(model.buses.some((b) => b.keyArn && b.deadLetterQueueArn), "a SafeEventBus with its key and dead-letter queue");
            assertBusesDecided(model, decisions);
            assert.deepStrictEqual(t.tooOpen, [], "too open");
            assert.deepStrictEqual(t.tooClosed, [], "too closed");
        });
    }

    for (const stack of featureStacks) {
        it(`${stack.label}: every need allowed, everything around it denied`, async () => {
            const result = await plan(stack.program, { policies: [], loopCheck: false });
            plans.set(stack.label, result);
            const { tally: t, allowed, denied, model, decisions } = await decide(result, stack.intent);
            record(t, allowed);
            assert.ok(allowed >= 10 && denied >= 3 * allowed, `${allowed} allowed and ${denied} denied requests: too few to mean anything`);
            assertBusesDecided(model, decisions);
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
        assert.ok(totals.programs >= programs.length + featureStacks.length + RANDOM_STACKS, `${totals.programs} stacks decided`);
        assert.ok(totals.decisions > 1000, `${totals.decisions} decisions`);
        assert.deepStrictEqual([totals.tooOpen, totals.tooClosed], [0, 0]);
    });

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
    /** A statement of a policy document by its Sid. */
    const sid = (document: any, name: string) => {
        const found = document.Statement.find((st: any) => st.Sid === name);
        if (!found) throw new Error(`no statement ${name}`);
        return found;
    };

    describe("mutated stacks: the kit's least-privilege policies reach the evaluator's verdict", () => {
        /** The policies that judge IAM statements, trusts and EventBridge grants. */
        const kitPolicies = [iamLeastPrivilege, eventTargetRoleLeastPrivilege, eventsSourceArnPinned, eventsSourceArnMatchesRules, lambdaPermissionEventsSourceArn, eventQueuePolicySourceArn];
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

    describe("mutated feature stacks: every widened key, bus, dead-letter and cross-account statement is too open", () => {
        /** The kit's policies over these statements: their findings are printed next to the evaluator's, for comparison. */
        const kitPolicies = [iamLeastPrivilege, eventTargetRoleLeastPrivilege, eventsSourceArnPinned, eventsSourceArnMatchesRules, lambdaPermissionEventsSourceArn, eventQueuePolicySourceArn,
            eventBusPolicyNoPublicPrincipal, eventBusKeyPolicyUsable, crossAccountTargetSourceAccount, resourcePolicyNoUnscopedPublicPrincipal, lambdaPermissionNoPublicPrincipal];
        const [buses, crossAccount, connectionKeys] = featureStacks;
        const key = "kms:EncryptionContext:aws:events:event-bus:arn";
        const mutations: (Mutation & { stack: typeof buses; expect?: "tight" })[] = [
            { stack: buses, name: "a bus key: the encryption context condition dropped", apply: (rs) => editJson(byName(rs, "audit-key"), "policy", (d) => { delete sid(d, "AllowEventBridgeEncryptBusEvents").Condition.StringEquals[key]; }) },
            { stack: buses, name: "a bus key: aws:SourceArn dropped", apply: (rs) => editJson(byName(rs, "audit-key"), "policy", (d) => { delete sid(d, "AllowEventBridgeEncryptBusEvents").Condition.ArnEquals; }) },
            { stack: buses, name: "a bus key: every condition dropped", apply: (rs) => editJson(byName(rs, "audit-key"), "policy", (d) => { delete sid(d, "AllowEventBridgeEncryptBusEvents").Condition; }) },
            {
                stack: buses, name: "a bus key: the encryption context wildcarded to event-bus/*", apply: (rs) => editJson(byName(rs, "audit-key"), "policy", (d) => {
                    const condition = sid(d, "AllowEventBridgeEncryptBusEvents").Condition;
                    delete condition.StringEquals[key];
                    condition.StringLike = { [key]: `arn:aws:events:us-east-1:${RULE_ACCOUNT}:event-bus/*` };
                }),
            },
            { stack: buses, name: "a bus key: its actions widened to kms:*", apply: (rs) => editJson(byName(rs, "audit-key"), "policy", (d) => { sid(d, "AllowEventBridgeEncryptBusEvents").Action = "kms:*"; }) },
            { stack: buses, name: "a bus key: DescribeKey without aws:SourceAccount", apply: (rs) => editJson(byName(rs, "audit-key"), "policy", (d) => { delete sid(d, "AllowEventBridgeDescribeKey").Condition; }) },
            { stack: buses, name: "an archive key statement without the encryption context (as the kit wrote it before)", apply: (rs) => editJson(byName(rs, "orders-key"), "policy", (d) => { delete sid(d, "AllowEventBridgeEncryptArchives").Condition.StringEquals[key]; }) },
            { stack: buses, name: "an archive key statement without aws:SourceArn", apply: (rs) => editJson(byName(rs, "orders-key"), "policy", (d) => { delete sid(d, "AllowEventBridgeEncryptArchives").Condition.ArnEquals; }) },
            { stack: buses, name: "a KeyPolicy resource's conditions dropped", apply: (rs) => editJson(byName(rs, "billing-key-policy"), "policy", (d) => { delete sid(d, "Use").Condition; }) },
            { stack: buses, name: "a bus dead-letter queue policy's condition dropped", apply: (rs) => editJson(byName(rs, "orders-dlq-policy"), "policy", (d) => { delete d.Statement[0].Condition; }) },
            { stack: buses, name: "a bus dead-letter queue policy wildcarded to event-bus/*", apply: (rs) => editJson(byName(rs, "orders-dlq-policy"), "policy", (d) => { d.Statement[0].Condition = { ArnLike: { "aws:SourceArn": `arn:aws:events:us-east-1:${RULE_ACCOUNT}:event-bus/*` } }; }) },
            { stack: buses, name: "a bus policy's organization condition dropped", apply: (rs) => editJson(byName(rs, "orders-policy"), "policy", (d) => { delete sid(d, "AllowOrganizationPutEvents").Condition; }) },
            { stack: buses, name: "a bus policy's accounts widened to every account", apply: (rs) => editJson(byName(rs, "orders-policy"), "policy", (d) => { sid(d, "AllowAccountsPutEvents").Principal = { AWS: "*" }; }) },
            { stack: buses, name: "a bus policy's action widened to events:*", apply: (rs) => editJson(byName(rs, "orders-policy"), "policy", (d) => { sid(d, "AllowAccountsPutEvents").Action = "events:*"; }) },
            { stack: crossAccount, name: "a cross-account Lambda permission for the rule's whole account", apply: (rs) => { byName(rs, "ship-created-target-0-permission").props.principal = RULE_ACCOUNT; } },
            {
                stack: crossAccount, name: "a cross-account function also granted to events.amazonaws.com with no source", apply: (rs) => {
                    const permission = byName(rs, "ship-created-target-0-permission");
                    rs.push({ ...permission, name: `${permission.name}-direct`, urn: `${permission.urn}-direct`, props: { ...permission.props, principal: "events.amazonaws.com", statementId: "direct" } });
                },
            },
            { stack: crossAccount, name: "a cross-account queue policy open to every principal", apply: (rs) => editJson(byName(rs, "ship-cancelled-target-1-queue-policy"), "policy", (d) => { d.Statement[0].Principal = "*"; }) },
            { stack: crossAccount, name: "a cross-account topic policy for the rule's whole account", apply: (rs) => editJson(byName(rs, "ship-created-target-1-topic-policy"), "policy", (d) => { d.Statement[0].Principal = { AWS: `arn:aws:iam::${RULE_ACCOUNT}:root` }; }) },
            { stack: crossAccount, name: "a returned statement applied for the rule's whole account", apply: (rs) => editJson(byName(rs, "audit-by-hand-policy"), "policy", (d) => { d.Statement[0].Principal = { AWS: RULE_ACCOUNT }; }) },
            { stack: crossAccount, name: "a cross-account execution role's trust condition dropped", apply: (rs) => editJson(byName(rs, "ship-created-target-0-role"), "assumeRolePolicy", (d) => { delete d.Statement[0].Condition; }) },
            { stack: crossAccount, name: "a cross-account execution role's Resource widened to *", apply: (rs) => editJson(byName(rs, "ship-cancelled-target-1-role-policy"), "policy", (d) => { d.Statement[0].Resource = "*"; }) },
            { stack: connectionKeys, name: "a connection key's grant open to every principal", apply: (rs) => editJson(byName(rs, "chat-key"), "policy", (d) => { sid(d, "AllowEventBridgeConnectionSecrets").Principal = { AWS: "*" }; }) },
            { stack: connectionKeys, name: "a connection key's DescribeKey granted to another account", apply: (rs) => editJson(byName(rs, "chat-key"), "policy", (d) => { sid(d, "AllowEventBridgeConnectionsDescribeKey").Principal = { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }; }) },
            {
                // The administration statement (AWS's default key policy) lets the account's IAM policies decide
                // every use of the key; the connection statements grant the same account nothing more.
                stack: connectionKeys, name: "a connection key's Secrets Manager conditions dropped: nothing changes, the administration statement already lets the account's IAM decide", expect: "tight",
                apply: (rs) => editJson(byName(rs, "chat-key"), "policy", (d) => { delete sid(d, "AllowEventBridgeConnectionSecrets").Condition; delete sid(d, "AllowEventBridgeConnectionsDescribeKey").Condition; }),
            },
        ];

        for (const mutation of mutations) {
            it(`${mutation.stack.label.replace(/^feature: /, "")}: ${mutation.name}`, async () => {
                const result = plans.get(mutation.stack.label) ?? await plan(mutation.stack.program, { policies: [], loopCheck: false });
                plans.set(mutation.stack.label, result);
                const original = modelResources(result);
                const resources: ModelResource[] = JSON.parse(JSON.stringify(original));
                mutation.apply(resources);
                const model = buildModel(resources, result);
                const t = await tally(evaluator, model, decisionsOf(model, mutation.stack.intent));
                const run = (rs: ModelResource[]) => runPolicies(policyInputs(result, rs), { policies: kitPolicies, stack: result.stack, project: result.project });
                const before = new Set((await run(original)).map((f) => `${f.policyName} ${f.resourceName}`));
                const added = (await run(resources)).map((f) => `${f.policyName} ${f.resourceName}`).filter((f) => !before.has(f));
                const evaluatorSays = t.tooOpen.length + t.tooClosed.length === 0 ? "tight" : `not tight (${t.tooOpen.length} too open, ${t.tooClosed.length} too closed)`;
                console.log(`        evaluator: ${evaluatorSays}; kit: ${added.length === 0 ? "no new finding" : [...new Set(added)].join(", ")}`);
                if (mutation.expect === "tight") {
                    assert.strictEqual(evaluatorSays, "tight");
                } else {
                    assert.ok(t.tooOpen.length > 0, `the evaluator says ${evaluatorSays}: the widened statement allows nothing more`);
                    assert.deepStrictEqual(t.tooClosed, [], "a widening closes nothing");
                }
            });
        }
    });
});
