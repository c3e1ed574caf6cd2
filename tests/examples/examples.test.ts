import * as assert from "assert";
import * as path from "path";
import { planProgram } from "../../cli/eventbridge-kit";
import { readProgram, secretPlaceholder } from "../../cli/program";
import { findingsAt, isSecret, Plan } from "../../testing";

const root = path.resolve(__dirname, "..", "..");
const example = (name: string) => path.join(root, "examples", name);

/** How many resources of each of the given types the plan holds. */
function counts(plan: Plan, types: Record<string, string>): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [label, type] of Object.entries(types)) {
        out[label] = plan.resources.filter((r) => r.type === type).length;
    }
    return out;
}

const T = {
    webhooks: "eventbridge-kit:ingress:WebhookIngress",
    safeRules: "eventbridge-kit:rules:SafeRule",
    buses: "aws:cloudwatch/eventBus:EventBus",
    rules: "aws:cloudwatch/eventRule:EventRule",
    targets: "aws:cloudwatch/eventTarget:EventTarget",
    archives: "aws:cloudwatch/eventArchive:EventArchive",
    stateMachines: "aws:sfn/stateMachine:StateMachine",
    functions: "aws:lambda/function:Function",
    functionUrls: "aws:lambda/functionUrl:FunctionUrl",
    loadBalancers: "aws:lb/loadBalancer:LoadBalancer",
    vpcs: "awsx:ec2:Vpc",
};

/** `webhook → bus`, `bus → rule: summary`, `rule → kind target (dlq)` lines, for exact comparison. */
function routes(plan: Plan): string[] {
    const { webhooks, buses, rules } = plan.routing;
    const busName = (id: string) => buses.find((b) => b.id === id)!.name;
    return [
        ...webhooks.map((w) => `webhook ${w.name} [${w.provider}] ${w.endpoint}${w.via ? ` via ${w.via}` : ""} → ${w.buses.map(busName).join(",")}`),
        ...rules.flatMap((r) => [
            `${busName(r.bus)} → ${r.name}: ${r.summary}`,
            ...r.targets.map((t) => `${r.name} → ${t.kind} ${t.name} (dlq ${t.deadLetterQueue ?? "none"}${t.inputTransformer ? ", input transformer" : ""})`),
        ]),
    ];
}

describe("examples: offline plans", function () {
    this.timeout(120_000);

    it("github-to-stepfunctions: webhook → bus → pull requests to Step Functions, pushes to Lambda, the rest archived", async () => {
        const plan = await planProgram(example("github-to-stepfunctions"), "dev");
        assert.deepStrictEqual(findingsAt(plan.findings, "mandatory"), []);
        assert.deepStrictEqual(counts(plan, T), {
            webhooks: 1, safeRules: 2, buses: 1, rules: 2, targets: 2, archives: 1, stateMachines: 1,
            // The webhook, its durable-acceptance redrive (GitHub never retries) and github-on-push.
            functions: 3, functionUrls: 1, loadBalancers: 0, vpcs: 0,
        });
        assert.deepStrictEqual(routes(plan), [
            "webhook github-webhook [github] function URL → github-dev",
            "github-dev → github-pr-opened: source=github.com detail-type=pull_request detail.payload.action=opened",
            "github-pr-opened → stateMachine github-review (dlq github-pr-opened-dlq)",
            "github-dev → github-push-main: source=github.com detail-type=push detail.payload.ref=refs/heads/main",
            "github-push-main → lambda github-on-push (dlq github-push-main-dlq)",
        ]);
        // The review workflow gets whole pull_request events, which can be 1 MiB; its input takes 256 KiB: said on the target, with the fix.
        assert.deepStrictEqual(plan.routing.rules.map((r) => r.targets.map((t) => t.sizeAdvisory)), [
            ["takes 262144 bytes, github-webhook sends up to 1048576: set its maxEntryBytes 261120 with largeEvents, or an input transformer"], [undefined],
        ]);
        assert.deepStrictEqual(plan.findings.filter((f) => f.policyName === "target-accepts-ingress-event-size").map((f) => [f.enforcementLevel, f.resourceName]),
            [["advisory", "github-pr-opened-target-0"]]);
        assert.deepStrictEqual(plan.routing.buses[0].archives, [{ name: "github-bus-archive-unhandled", retentionDays: 7 }]);
        const archive = plan.resources.find((r) => r.type === T.archives)!;
        assert.deepStrictEqual(JSON.parse(archive.inputs.eventPattern).$or.length, 3);
        assert.match(plan.outputs.webhookUrl, /^https:\/\/[a-z]{32}\.lambda-url\.us-east-1\.on\.aws\/$/, "the function URL, as AWS would give it");
    });

    it("twilio-to-lambda: failed and undelivered statuses to Lambda through an input transformer, every status to an audit queue", async () => {
        const plan = await planProgram(example("twilio-to-lambda"), "dev");
        assert.deepStrictEqual(findingsAt(plan.findings, "mandatory"), []);
        assert.deepStrictEqual(counts(plan, T), {
            webhooks: 1, safeRules: 2, buses: 1, rules: 2, targets: 2, archives: 0, stateMachines: 0,
            functions: 2, functionUrls: 1, loadBalancers: 0, vpcs: 0,
        });
        assert.deepStrictEqual(routes(plan), [
            "webhook twilio-webhook [twilio] function URL → twilio-dev",
            "twilio-dev → twilio-audit: source=twilio.com detail-type=twilio.message.status",
            "twilio-audit → queue twilio-audit (dlq twilio-audit-dlq)",
            "twilio-dev → twilio-failed: source=twilio.com detail-type=twilio.message.status detail.payload.MessageStatus=failed|undelivered",
            "twilio-failed → lambda twilio-on-failed (dlq twilio-failed-dlq, input transformer)",
        ]);
        const target = plan.resources.find((r) => r.name === "twilio-failed-target-0")!;
        assert.deepStrictEqual(target.inputs.inputTransformer.inputPaths, {
            messageSid: "$.detail.payload.MessageSid", status: "$.detail.payload.MessageStatus", errorCode: "$.detail.payload.ErrorCode",
            to: "$.detail.payload.To", deliveryId: "$.detail.metadata.deliveryId",
        });
    });

    it("cross-account: every order to a queue created in the audit account, large orders to its topic by ARN, dead-letter queues at home", async () => {
        const plan = await planProgram(example("cross-account"), "dev");
        assert.deepStrictEqual(plan.findings.map((f) => `${f.enforcementLevel} ${f.policyName}`), []);
        assert.deepStrictEqual(routes(plan), [
            "orders-dev → orders-large-orders: source=com.example.orders detail-type=Order Created detail.total=(>= 10000)",
            "orders-large-orders → topic arn:aws:sns:us-east-1:210987654321:audit-alerts (dlq orders-large-orders-dlq)",
            "orders-dev → orders-orders-to-audit: source=com.example.orders detail-type=Order Created",
            "orders-orders-to-audit → queue orders-audit-inbox (dlq orders-orders-to-audit-dlq)",
        ]);
        const arnOf = (name: string) => plan.resources.find((r) => r.name === name)!.outputs!.arn as string;
        // The inbox and its policy are the audit account's; the rules, their roles and dead-letter queues this one's.
        assert.match(arnOf("orders-audit-inbox"), /^arn:aws:sqs:us-east-1:210987654321:orders-audit-inbox-[0-9a-f]{7}$/);
        for (const home of ["orders-orders-to-audit-dlq", "orders-large-orders-dlq", "orders-orders-to-audit-target-0-role", "orders-large-orders-target-0-role"]) {
            assert.match(arnOf(home), /:123456789012:/, home);
        }
        const inboxPolicy = plan.resources.find((r) => r.name === "orders-orders-to-audit-target-0-queue-policy")!;
        assert.deepStrictEqual(JSON.parse(inboxPolicy.inputs.policy).Statement, [{
            Sid: "AllowRuleordersorderstoaudit", Effect: "Allow", Principal: { AWS: arnOf("orders-orders-to-audit-target-0-role") },
            Action: "sqs:SendMessage", Resource: arnOf("orders-audit-inbox"),
        }]);
        // The topic is not the program's: its statement is an output for the audit account's owner.
        assert.deepStrictEqual(plan.outputs.alertsTopicStatements.map((s: string) => JSON.parse(s)), [{
            Sid: "AllowRuleorderslargeorders", Effect: "Allow", Principal: { AWS: arnOf("orders-large-orders-target-0-role") },
            Action: "sns:Publish", Resource: "arn:aws:sns:us-east-1:210987654321:audit-alerts",
        }]);
    });

    it("bird-to-s3: ALB with a Route 53 alias, batches stored in S3, bounces to the CSV function", async () => {
        const plan = await planProgram(example("bird-to-s3"), "dev");
        assert.deepStrictEqual(findingsAt(plan.findings, "mandatory"), []);
        assert.deepStrictEqual(counts(plan, T), {
            webhooks: 1, safeRules: 1, buses: 1, rules: 1, targets: 1, archives: 0, stateMachines: 0,
            functions: 3, functionUrls: 0, loadBalancers: 1, vpcs: 1,
        });
        assert.deepStrictEqual(routes(plan), [
            "webhook bird-webhook [bird] ALB :443 (bird-events.dev.example.com) via S3 bucket bird-batches → bird-dev",
            "bird-dev → bird-bounces: source=bird.com detail-type=bounce|out_of_band",
            "bird-bounces → lambda bird-bounces-to-csv (dlq bird-bounces-dlq)",
        ]);
        // The VPC comes from awsx as users take it; the load balancer sits in its public subnets.
        const alb = plan.resources.find((r) => r.type === T.loadBalancers)!;
        const vpc = plan.resources.find((r) => r.type === T.vpcs)!;
        assert.deepStrictEqual(alb.inputs.subnets, vpc.outputs!.publicSubnetIds);
        assert.strictEqual(alb.inputs.subnets.length, 2);
        assert.ok(alb.inputs.subnets.every((id: string) => /^subnet-0[0-9a-f]{16}$/.test(id)), String(alb.inputs.subnets));
        assert.ok(alb.dependencies.includes(vpc.urn));
        assert.strictEqual(plan.outputs.webhookUrl, "https://bird-events.dev.example.com/");
    });

    it("the complete stack combines all four examples, and the prod stack differs only in names, retention, alarm actions and endpoints", async () => {
        const dev = await planProgram(root, "dev");
        const prod = await planProgram(root, "prod");
        for (const plan of [dev, prod]) {
            assert.deepStrictEqual(findingsAt(plan.findings, "mandatory"), []);
            // Resolved: no value is unknown, and every IAM and resource policy document is concrete JSON.
            const json = JSON.stringify(plan);
            assert.ok(!json.includes("<unknown"), json.slice(Math.max(0, json.indexOf("<unknown") - 300), json.indexOf("<unknown") + 50));
            const documents = plan.resources.flatMap((r) => [r.inputs.policy, r.inputs.assumeRolePolicy, ...(r.inputs.inlinePolicies ?? []).map((p: any) => p.policy)]
                .filter((d) => d !== undefined).map((d) => ({ name: r.name, statements: JSON.parse(d).Statement })));
            assert.ok(documents.length >= 30, `${documents.length} documents`);
            assert.deepStrictEqual(documents.filter((d) => !Array.isArray(d.statements) || d.statements.length === 0).map((d) => d.name), []);
            assert.deepStrictEqual(counts(plan, { ...T, apiDestinations: "aws:cloudwatch/eventApiDestination:EventApiDestination" }), {
                webhooks: 4, safeRules: 8, buses: 4, rules: 8, targets: 9, archives: 1, stateMachines: 1,
                // Two GitHub webhooks bring a durable-acceptance redrive each.
                functions: 10, functionUrls: 3, loadBalancers: 1, vpcs: 1, apiDestinations: 4,
            });
            assert.deepStrictEqual(plan.routing.edges.filter((e) => e.from.startsWith("rule")).length, 9);
        }
        for (const plan of [dev, prod]) {
            // Every bus is a SafeEventBus: its own key, a dead-letter queue and error logs, and no bus advisory.
            const buses = plan.resources.filter((r) => r.type === T.buses);
            assert.deepStrictEqual(buses.map((b) => [typeof b.inputs.kmsKeyIdentifier, typeof b.inputs.deadLetterConfig?.arn, b.inputs.logConfig]),
                buses.map(() => ["string", "string", { level: "ERROR", includeDetail: "NONE" }]));
            assert.deepStrictEqual(plan.findings.filter((f) => f.policyName.startsWith("event-bus-")), []);
        }
        assert.strictEqual(dev.resources.length, prod.resources.length);
        assert.deepStrictEqual(dev.outputs.busNames, ["dev-github", "dev-twilio", "dev-bird", "dev-github-prs"]);
        assert.deepStrictEqual(prod.outputs.busNames, ["prod-github", "prod-twilio", "prod-bird", "prod-github-prs"]);
        const retention = (plan: Plan) => plan.resources.filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup").map((r) => r.inputs.retentionInDays);
        assert.ok(retention(dev).every((d) => d === 14), String(retention(dev)));
        assert.ok(retention(prod).every((d) => d === 90), String(retention(prod)));
        assert.deepStrictEqual([dev, prod].map((p) => p.routing.buses[0].archives[0].retentionDays), [7, 365]);
        // Only dev keeps the connections' secrets under an AWS owned key (advisory).
        assert.deepStrictEqual([dev, prod].map((p) => p.findings.filter((f) => f.policyName === "connection-kms-key").length), [3, 0]);
        const actions = (plan: Plan) => new Set(plan.resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm").map((r) => JSON.stringify(r.inputs.alarmActions)));
        assert.deepStrictEqual([...actions(dev)], ["[]"]);
        assert.deepStrictEqual([...actions(prod)], ['["arn:aws:sns:us-east-1:123456789012:eventbridge-oncall"]']);
    });

    it("the secrets Pulumi.yaml declares reach the stack only as secret placeholders", async () => {
        const plan = await planProgram(root, "dev");
        const versions = plan.resources.filter((r) => r.type === "aws:secretsmanager/secretVersion:SecretVersion");
        assert.strictEqual(versions.length, 4);
        for (const version of versions) {
            assert.ok(isSecret(version.inputs.secretString), `${version.name} shows its secret`);
        }
        const program = readProgram(root, "dev");
        const declared = ["githubWebhookSecret", "twilioAuthToken", "birdPassword", "chatApiKey", "ciPassword", "trackerClientId", "trackerClientSecret"]
            .map((key) => `eventbridge-kit-complete:${key}`);
        assert.deepStrictEqual([...program.secretKeys].sort(), [...declared].sort());
        for (const key of declared) {
            assert.strictEqual(program.config[key], secretPlaceholder(key));
        }
    });
});
