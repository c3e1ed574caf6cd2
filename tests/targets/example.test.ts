import * as assert from "assert";
import * as path from "path";
import { planProgram } from "../../cli/eventbridge-kit";
import { findingsAt, isSecret, plan as runPlan } from "../../testing";

const example = path.resolve(__dirname, "..", "..", "examples", "api-destinations");

describe("examples/api-destinations: offline plan of the dev stack", function () {
    this.timeout(120_000);

    it("webhook → bus → chat (API key) and CI (basic) for pull requests, the tracker (OAuth, one shared connection) for opened and merged ones", async () => {
        const plan = await planProgram(example, "dev");
        assert.deepStrictEqual(findingsAt(plan.findings, "mandatory"), []);
        const ofType = (type: string) => plan.resources.filter((r) => r.type === type);
        assert.strictEqual(ofType("eventbridge-kit:rules:SafeRule").length, 3);
        assert.strictEqual(ofType("eventbridge-kit:targets:ApiDestinationTarget").length, 4);
        assert.strictEqual(ofType("eventbridge-kit:targets:ApiDestinationConnection").length, 1);
        assert.strictEqual(ofType("aws:cloudwatch/eventApiDestination:EventApiDestination").length, 4);
        assert.deepStrictEqual(ofType("aws:cloudwatch/eventConnection:EventConnection").map((c) => [c.name, c.inputs.authorizationType]), [
            ["prs-chat-connection", "API_KEY"],
            ["prs-ci-connection", "BASIC"],
            ["prs-tracker", "OAUTH_CLIENT_CREDENTIALS"],
        ]);
        const routes = plan.routing.rules.flatMap((r) => r.targets.map((t) => `${r.name} → ${t.kind} ${t.name}${t.inputTransformer ? " (input transformer)" : ""}`));
        assert.deepStrictEqual(routes, [
            "prs-pr-merged → apiDestination prs-tracker-changes (input transformer)",
            "prs-pr-opened → apiDestination prs-tracker-reviews (input transformer)",
            "prs-pull-requests → apiDestination prs-chat (input transformer)",
            "prs-pull-requests → apiDestination prs-ci",
        ]);
        const ciTarget = ofType("aws:cloudwatch/eventTarget:EventTarget").find((t) => t.name === "prs-pull-requests-target-1")!;
        assert.deepStrictEqual(ciTarget.inputs.httpTarget, { headerParameters: { "X-GitHub-Delivery": "$.detail.metadata.deliveryId" }, queryStringParameters: { source: "eventbridge" } });
        const tracker = ofType("aws:cloudwatch/eventConnection:EventConnection").find((c) => c.name === "prs-tracker")!;
        const oauth = tracker.inputs.authParameters.oauth;
        assert.strictEqual(oauth.authorizationEndpoint, "https://login.example.com/oauth2/token");
        assert.ok(isSecret(oauth.clientParameters.clientSecret), "the client secret is a secret");
        assert.ok(!isSecret(oauth.authorizationEndpoint), "the endpoint is plain");
        assert.ok(!JSON.stringify(plan.resources.map((r) => r.inputs)).includes("offline-placeholder-for"), "no configured secret appears in plain text");
        assert.match(plan.outputs.webhookUrl, /^https:\/\/[a-z]{32}\.lambda-url\.us-east-1\.on\.aws\/$/);
        assert.deepStrictEqual(plan.findings.filter((f) => f.policyName === "connection-kms-key").length, 3, "without a key, each connection gets the advisory");
    });

    it("encrypts every connection's secret with the configured KMS key", async () => {
        const kmsKeyArn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        // The stack imports "eventbridge-kit" by name: the workspace link to this package's build.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { apiDestinations } = require(path.join(example, "stack.ts")) as typeof import("../../examples/api-destinations/stack");
        const plan = await runPlan(() => {
            apiDestinations("prs", {
                githubWebhookSecret: "s",
                busName: "prs",
                chat: { webhookUrl: "https://hooks.example.com/services/T000/B000", apiKey: "k", rateLimitPerSecond: 5 },
                ci: { endpoint: "https://ci.example.com/hooks", username: "u", password: "p" },
                tracker: { tokenEndpoint: "https://login.example.com/token", apiUrl: "https://tracker.example.com/api", clientId: "i", clientSecret: "c" },
                connectionsKmsKeyArn: kmsKeyArn,
                expectedPullRequestsPerSecond: 2,
                logRetentionDays: 14,
                alarmActions: [],
            });
        });
        const connections = plan.resources.filter((r) => r.type === "aws:cloudwatch/eventConnection:EventConnection");
        assert.deepStrictEqual(connections.map((c) => c.inputs.kmsKeyIdentifier), [kmsKeyArn, kmsKeyArn, kmsKeyArn]);
        assert.deepStrictEqual(plan.findings, []);
    });
});
