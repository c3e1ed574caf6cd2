/**
 * WebhookIngress's `githubRedelivery`: the scheduled function that asks GitHub to redeliver
 * failed deliveries, under mocks in update and preview mode (exact resources, inputs and IAM
 * statements), and its validation (each rule with a failing and a passing case).
 */
import * as assert from "assert";
import { generateKeyPairSync } from "crypto";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { providers, WebhookIngress, WebhookIngressArgs } from "../../components/ingress";
import { GithubRedeliveryArgs } from "../../components/ingress/args";
import { ComponentConfigError } from "../../components/errors";
import { RecordingMocks, settle, valueOf } from "../../testing/mocks";
import { archiveContents, deploy, environmentOf, inventory, isWireSecret, statementsOf, T, busNameOf, defaultBusResources } from "./helpers";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const ROOT = path.resolve(__dirname, "../..");
const PRIVATE_KEY = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const EXISTING = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:github-app-Xy12Zw`;
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const S = {
    scheduleGroup: "aws:scheduler/scheduleGroup:ScheduleGroup",
    schedule: "aws:scheduler/schedule:Schedule",
    invokeConfig: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
};

/** What `githubRedelivery` adds to a GitHub ingress named `name`, beyond the credentials secret. */
function redeliveryResources(name: string): string[] {
    return [
        `${T.logGroup} ${name}-redelivery-logs`,
        `${T.role} ${name}-redelivery-role`,
        `${T.rolePolicy} ${name}-redelivery-role-policy`,
        `${T.fn} ${name}-redelivery`,
        `${S.invokeConfig} ${name}-redelivery-invoke-config`,
        `${S.scheduleGroup} ${name}-redelivery-schedules`,
        `${T.role} ${name}-redelivery-schedule-role`,
        `${T.rolePolicy} ${name}-redelivery-schedule-role-policy`,
        `${S.schedule} ${name}-redelivery-schedule`,
        `${T.alarm} ${name}-redelivery-errors`,
    ];
}

const ingressOf = (githubRedelivery: GithubRedeliveryArgs, extra: Partial<WebhookIngressArgs> = {}): WebhookIngressArgs => ({
    provider: providers.github(),
    secret: { value: pulumi.secret("webhook-secret") },
    githubRedelivery,
    ...extra,
});

for (const preview of [false, true]) {
    describe(`ingress/WebhookIngress githubRedelivery (${preview ? "preview" : "update"})`, () => {
        describe("a GitHub App's webhook, credentials stored by the component", () => {
            let ingress: WebhookIngress;
            let mocks: RecordingMocks;
            before(async () => {
                mocks = await deploy(preview, () => {
                    // Durable acceptance off, to see what redelivery adds alone (tests/ingress/durable-acceptance.test.ts has both).
                    ingress = new WebhookIngress("gh", ingressOf({ hook: "app", credentials: { app: { appId: 123456, privateKey: pulumi.secret(PRIVATE_KEY) } } }, { durableAcceptance: false }));
                });
            });

            it("adds exactly the credentials secret, the function with its log group and role, the schedule with its group and role, and the errors alarm", () => {
                const webhookOnly = [
                    `${T.ingress} gh`, ...defaultBusResources("gh-bus"), `${T.secret} gh-secret`, `${T.secretVersion} gh-secret-value`,
                    `${T.logGroup} gh-webhook-logs`, `${T.role} gh-webhook-role`, `${T.rolePolicy} gh-webhook-role-policy`, `${T.fn} gh-webhook`,
                    `${T.alarm} gh-webhook-5xx`, `${T.alarm} gh-webhook-errors`, `${T.alarm} gh-webhook-signature-failures`, `${T.alarm} gh-webhook-throttles`,
                    `${T.url} gh-url`, `${T.permission} gh-url-invoke-url`, `${T.permission} gh-url-invoke-function`,
                ];
                assert.deepStrictEqual(inventory(mocks), [
                    ...webhookOnly,
                    `${T.secret} gh-redelivery-credentials`, `${T.secretVersion} gh-redelivery-credentials-value`,
                    ...redeliveryResources("gh"),
                ].sort());
                assert.deepStrictEqual(mocks.named("gh").inputs, {}, "the component's own inputs carry nothing");
                // No invoke permission on the function: EventBridge Scheduler calls it through its role.
                assert.strictEqual(mocks.ofType(T.permission).length, 2);
            });

            it("runs the github-redelivery bundle on nodejs22.x, 60 s, one run at a time, no retry of a failed run", async () => {
                const fn = mocks.named("gh-redelivery").inputs;
                assert.deepStrictEqual(
                    [fn.runtime, fn.architectures, fn.handler, fn.timeout, fn.memorySize, fn.reservedConcurrentExecutions, fn.role, fn.loggingConfig],
                    ["nodejs22.x", ["arm64"], "index.handler", 60, 256, 1, `arn:aws:iam::${ACCOUNT}:role/gh-redelivery-role`, { logFormat: "Text", logGroup: "gh-redelivery-logs" }],
                );
                assert.deepStrictEqual(await archiveContents(fn.code), {
                    "index.js": { path: path.join(ROOT, "handlers", "dist", "github-redelivery", "index.js"), text: undefined },
                });
                assert.deepStrictEqual(mocks.named("gh-redelivery-logs").inputs, { namePrefix: "/aws/lambda/gh-redelivery-", retentionInDays: 30 });
                assert.deepStrictEqual(mocks.named("gh-redelivery-invoke-config").inputs, { functionName: "gh-redelivery", maximumRetryAttempts: 0 });
            });

            it("configures the function with the secret's ARN, the hook and the API URL, never the credentials", () => {
                assert.deepStrictEqual(environmentOf(mocks, "gh-redelivery"), {
                    EBK_SECRET_ARN: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:gh-redelivery-credentials-AbCdEf`,
                    EBK_GITHUB_HOOK: '{"kind":"app"}',
                    EBK_GITHUB_API_URL: "https://api.github.com",
                    EBK_REDELIVERY_MAX_PAGES: "20",
                    EBK_LOG_LEVEL: "info",
                });
            });

            it("stores the App's id and key as one secret JSON value, and nowhere else", () => {
                const version = mocks.named("gh-redelivery-credentials-value").inputs;
                assert.ok(isWireSecret(version.secretString));
                assert.deepStrictEqual(JSON.parse(version.secretString.value), { appId: "123456", privateKey: PRIVATE_KEY });
                assert.strictEqual(version.secretId, "gh-redelivery-credentials-id");
                for (const resource of mocks.resources.filter((r) => r.name !== "gh-redelivery-credentials-value")) {
                    assert.ok(!JSON.stringify(resource.inputs).includes("PRIVATE KEY"), `${resource.name} does not carry the key`);
                }
            });

            it("lets the function write its logs and read that secret, and nothing else", () => {
                assert.deepStrictEqual(JSON.parse(mocks.named("gh-redelivery-role").inputs.assumeRolePolicy).Statement, [
                    { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
                ]);
                assert.deepStrictEqual(statementsOf(mocks, "gh-redelivery-role-policy"), [
                    { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:gh-redelivery-logs:*` },
                    { Sid: "ReadGithubCredentials", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:gh-redelivery-credentials-AbCdEf` },
                ]);
                // The webhook handler still reads only its own signing secret.
                assert.deepStrictEqual(statementsOf(mocks, "gh-webhook-role-policy").map((s) => s.Resource),
                    [`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:gh-webhook-logs:*`, `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:gh-secret-AbCdEf`, `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${busNameOf(mocks, "gh-bus")}`]);
            });

            it("runs every 5 minutes from its own schedule group, through a role that may invoke only this function, trusted for that group only", () => {
                assert.deepStrictEqual(mocks.named("gh-redelivery-schedules").inputs, {});
                const groupArn = `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule-group/gh-redelivery-schedules`;
                assert.deepStrictEqual(JSON.parse(mocks.named("gh-redelivery-schedule-role").inputs.assumeRolePolicy).Statement, [{
                    Effect: "Allow", Principal: { Service: "scheduler.amazonaws.com" }, Action: "sts:AssumeRole",
                    Condition: { ArnEquals: { "aws:SourceArn": groupArn }, StringEquals: { "aws:SourceAccount": ACCOUNT } },
                }]);
                assert.deepStrictEqual(statementsOf(mocks, "gh-redelivery-schedule-role-policy"), [
                    { Sid: "RunRedelivery", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:gh-redelivery` },
                ]);
                assert.deepStrictEqual(mocks.named("gh-redelivery-schedule").inputs, {
                    description: 'Asks GitHub to redeliver failed deliveries of "gh"',
                    groupName: "gh-redelivery-schedules",
                    scheduleExpression: "rate(5 minutes)",
                    flexibleTimeWindow: { mode: "OFF" },
                    target: {
                        arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:gh-redelivery`,
                        roleArn: `arn:aws:iam::${ACCOUNT}:role/gh-redelivery-schedule-role`,
                        retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 },
                    },
                });
            });

            it("alarms on the function's errors with the ingress's alarm actions (none by default)", () => {
                assert.deepStrictEqual(mocks.named("gh-redelivery-errors").inputs, {
                    alarmDescription: 'The GitHub redelivery function of "gh" failed (GitHub unreachable or refusing its credentials, or a timeout): failed deliveries are not being redelivered; check its logs.',
                    namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: "gh-redelivery" }, statistic: "Sum",
                    period: 300, evaluationPeriods: 1, threshold: 0, comparisonOperator: "GreaterThanThreshold",
                    treatMissingData: "notBreaching", alarmActions: [], okActions: [],
                });
            });

            it("exposes the function and the schedule", async () => {
                assert.strictEqual(await valueOf(ingress.redeliveryFunction!.name), "gh-redelivery");
                assert.strictEqual(await valueOf(ingress.redeliverySchedule!.scheduleExpression), "rate(5 minutes)");
                assert.strictEqual(ingress.alarms.length, 5, "the webhook's four alarms and the redelivery function's");
                assert.strictEqual(await valueOf(ingress.alarms[4].metricName), "Errors");
                assert.deepStrictEqual(await valueOf(ingress.alarms[4].dimensions), { FunctionName: "gh-redelivery" });
            });
        });

        it("a repository hook with a token: the token alone as the secret, the repository hook in the environment", async () => {
            const mocks = await deploy(preview, () => {
                new WebhookIngress("repo", ingressOf({ hook: { repository: "acme/app", hookId: 42 }, credentials: { token: pulumi.secret("github_pat_11AAAA") } }));
            });
            assert.strictEqual(mocks.named("repo-redelivery-credentials-value").inputs.secretString.value, "github_pat_11AAAA");
            assert.strictEqual(environmentOf(mocks, "repo-redelivery").EBK_GITHUB_HOOK, '{"kind":"repository","owner":"acme","repo":"app","hookId":42}');
        });

        it("an organization hook from an existing secret with a customer-managed key: no secret created, decrypt only via Secrets Manager; schedule, API URL, pages and alarm actions as given", async () => {
            const mocks = await deploy(preview, () => {
                new WebhookIngress("org", ingressOf({
                    hook: { organization: "acme", hookId: 7 },
                    credentials: { secretArn: EXISTING, kmsKeyArn: KEY_ARN },
                    schedule: "rate(1 minute)",
                    apiUrl: "https://github.example.com/api/v3/",
                    maxPages: 5,
                }, { alarms: { actions: ["arn:aws:sns:us-east-1:123456789012:ops"] }, logLevel: "debug" }));
            });
            assert.deepStrictEqual(inventory(mocks).filter((r) => r.includes("redelivery")), redeliveryResources("org").sort());
            assert.deepStrictEqual(statementsOf(mocks, "org-redelivery-role-policy").slice(1), [
                { Sid: "ReadGithubCredentials", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: EXISTING },
                { Sid: "DecryptGithubCredentials", Effect: "Allow", Action: "kms:Decrypt", Resource: KEY_ARN, Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` } } },
            ]);
            assert.deepStrictEqual(environmentOf(mocks, "org-redelivery"), {
                EBK_SECRET_ARN: EXISTING,
                EBK_GITHUB_HOOK: '{"kind":"organization","org":"acme","hookId":7}',
                EBK_GITHUB_API_URL: "https://github.example.com/api/v3",
                EBK_REDELIVERY_MAX_PAGES: "5",
                EBK_LOG_LEVEL: "debug",
            });
            assert.strictEqual(mocks.named("org-redelivery-schedule").inputs.scheduleExpression, "rate(1 minute)");
            assert.deepStrictEqual(mocks.named("org-redelivery-errors").inputs.alarmActions, ["arn:aws:sns:us-east-1:123456789012:ops"]);
        });

        it("without githubRedelivery, or with alarms: false, creates none of it (or no alarm)", async () => {
            const plain = await deploy(preview, () => {
                new WebhookIngress("plain", { provider: providers.github(), secret: { value: "s" } });
            });
            assert.deepStrictEqual(inventory(plain).filter((r) => r.includes("redelivery")), []);
            const quiet = await deploy(preview, () => {
                new WebhookIngress("quiet", ingressOf({ hook: "app", credentials: { secretArn: EXISTING } }, { alarms: false }));
            });
            assert.deepStrictEqual(inventory(quiet).filter((r) => r.includes("redelivery")), redeliveryResources("quiet").filter((r) => !r.includes("errors")).sort());
        });
    });
}

describe("ingress/WebhookIngress githubRedelivery validation", () => {
    const app = (): GithubRedeliveryArgs => ({ hook: "app", credentials: { app: { appId: "123", privateKey: PRIVATE_KEY } } });
    const repo = (): GithubRedeliveryArgs => ({ hook: { repository: "acme/app", hookId: 1 }, credentials: { token: "ghp_x" } });
    interface Case {
        readonly name: string;
        readonly bad: () => WebhookIngressArgs;
        readonly message: string[];
        readonly good: () => WebhookIngressArgs;
    }
    const cases: Case[] = [
        {
            name: "a provider other than GitHub",
            bad: () => ({ provider: providers.stripe(), secret: { value: "whsec_1" }, githubRedelivery: app() }),
            message: ["githubRedelivery: is set, but the provider is stripe", "providers.github()"],
            good: () => ingressOf(app()),
        },
        {
            name: "a missing hook",
            bad: () => ingressOf({ credentials: { token: "t" } } as never),
            message: ["githubRedelivery.hook: is missing", "hook: \"app\""],
            good: () => ingressOf(repo()),
        },
        {
            name: "a repository not as owner/repo",
            bad: () => ingressOf({ hook: { repository: "https://github.com/acme/app", hookId: 1 }, credentials: { token: "t" } }),
            message: ["githubRedelivery.hook.repository:", "is not a repository as \"owner/repo\"", "\"acme/app\""],
            good: () => ingressOf(repo()),
        },
        {
            name: "a hook id that is not a positive whole number",
            bad: () => ingressOf({ hook: { organization: "acme", hookId: 0 }, credentials: { token: "t" } }),
            message: ["githubRedelivery.hook.hookId: 0 is not a webhook id", "settings/hooks/<id>"],
            good: () => ingressOf({ hook: { organization: "acme", hookId: 9 }, credentials: { token: "t" } }),
        },
        {
            name: "an organization login with a slash",
            bad: () => ingressOf({ hook: { organization: "acme/app", hookId: 1 }, credentials: { token: "t" } }),
            message: ["githubRedelivery.hook.organization:", "is not an organization login"],
            good: () => ingressOf({ hook: { organization: "acme", hookId: 1 }, credentials: { token: "t" } }),
        },
        {
            name: "a token for the App's hook",
            bad: () => ingressOf({ hook: "app", credentials: { token: "ghp_x" } }),
            message: ["githubRedelivery.credentials.token: is given for hook \"app\"", "only for the App's JWT", "credentials: { app: { appId, privateKey"],
            good: () => ingressOf(app()),
        },
        {
            name: "App credentials for a repository hook",
            bad: () => ingressOf({ hook: { repository: "acme/app", hookId: 1 }, credentials: { app: { appId: 1, privateKey: PRIVATE_KEY } } }),
            message: ["githubRedelivery.credentials.app: is given for a repository webhook", "credentials: { token"],
            good: () => ingressOf(repo()),
        },
        {
            name: "both a token and a secret ARN",
            bad: () => ingressOf({ hook: { repository: "acme/app", hookId: 1 }, credentials: { token: "t", secretArn: EXISTING } as never }),
            message: ["githubRedelivery.credentials: has token and secretArn: give exactly one."],
            good: () => ingressOf({ hook: { repository: "acme/app", hookId: 1 }, credentials: { secretArn: EXISTING } }),
        },
        {
            name: "a private key that is not PEM (the key's fingerprint, say)",
            bad: () => ingressOf({ hook: "app", credentials: { app: { appId: 1, privateKey: "SHA256:abc" } } }),
            message: ["githubRedelivery.credentials.app.privateKey: is not a PEM private key", "pulumi config set --secret githubAppPrivateKey < key.pem"],
            good: () => ingressOf(app()),
        },
        {
            name: "an App id that is the App's name",
            bad: () => ingressOf({ hook: "app", credentials: { app: { appId: "my-app", privateKey: PRIVATE_KEY } } }),
            message: ["githubRedelivery.credentials.app.appId: \"my-app\" is neither an App ID", "App's settings page"],
            good: () => ingressOf(app()),
        },
        {
            name: "a partial secret ARN",
            bad: () => ingressOf({ hook: "app", credentials: { secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:github-app" } }),
            message: ["githubRedelivery.credentials.secretArn:", "six characters after its name"],
            good: () => ingressOf({ hook: "app", credentials: { secretArn: EXISTING } }),
        },
        {
            name: "a schedule less often than daily",
            bad: () => ingressOf({ ...repo(), schedule: "rate(3 days)" }),
            message: ["githubRedelivery.schedule: \"rate(3 days)\" is not a schedule from once a minute to once a day", "3-day window", "\"rate(5 minutes)\""],
            good: () => ingressOf({ ...repo(), schedule: "rate(1 day)" }),
        },
        {
            name: "a schedule whose unit disagrees with its number (EventBridge Scheduler refuses it)",
            bad: () => ingressOf({ ...repo(), schedule: "rate(1 minutes)" }),
            message: ["githubRedelivery.schedule: \"rate(1 minutes)\""],
            good: () => ingressOf({ ...repo(), schedule: "cron(0/10 * * * ? *)" }),
        },
        {
            name: "an API URL over http",
            bad: () => ingressOf({ ...repo(), apiUrl: "http://github.example.com/api/v3" }),
            message: ["githubRedelivery.apiUrl: \"http://github.example.com/api/v3\" is not an https URL", "sends its GitHub credentials there"],
            good: () => ingressOf({ ...repo(), apiUrl: "https://github.example.com/api/v3" }),
        },
        {
            name: "too many pages per run",
            bad: () => ingressOf({ ...repo(), maxPages: 500 }),
            message: ["githubRedelivery.maxPages: 500 is not a whole number from 1 to 100."],
            good: () => ingressOf({ ...repo(), maxPages: 100 }),
        },
    ];

    let mocks: RecordingMocks;
    beforeEach(async () => {
        mocks = new RecordingMocks();
        await mocks.install({ preview: false });
    });

    for (const c of cases) {
        it(`${c.name}: fails naming the component, the field, the rule and the fix; corrected, it passes`, async () => {
            assert.throws(() => new WebhookIngress("hooks", c.bad()), (err: unknown) => {
                assert.ok(err instanceof ComponentConfigError, String(err));
                assert.ok(err.message.startsWith("WebhookIngress \"hooks\": "), err.message);
                for (const part of c.message) assert.ok(err.message.includes(part), `${JSON.stringify(part)} in ${err.message}`);
                return true;
            });
            assert.strictEqual(mocks.resources.length, 0, "nothing registered");
            new WebhookIngress("hooks", c.good());
            await settle(mocks);
            assert.ok(mocks.resources.some((r) => r.name === "hooks-redelivery"));
        });
    }

    it("a component name too long for the schedule role's generated name fails; one character shorter passes", async () => {
        const long = "a".repeat(64 - 8 - "-redelivery-schedule-role".length + 1);
        assert.throws(() => new WebhookIngress(long, ingressOf(repo())), /name: .* would exceed AWS's limit of 64\. Use a component name of at most 31 characters with githubRedelivery\./);
        new WebhookIngress(long.slice(1), ingressOf(repo()));
        await settle(mocks);
    });

    it("a private key known only at deploy time is checked when it resolves, fails the update with the same message, and is never stored", async () => {
        const failures: unknown[] = [];
        const onRejection = (reason: unknown) => { failures.push(reason); };
        process.on("unhandledRejection", onRejection);
        try {
            new WebhookIngress("late", ingressOf({ hook: "app", credentials: { app: { appId: 1, privateKey: pulumi.secret(pulumi.output("not a key")) } } }));
            await settle(mocks);
            await new Promise((resolve) => setTimeout(resolve, 50));
        } finally {
            process.off("unhandledRejection", onRejection);
        }
        const messages = failures.map((f) => (f instanceof Error ? f.message : String(f)));
        assert.ok(messages.some((m) => m.includes("WebhookIngress \"late\": githubRedelivery.credentials.app.privateKey: is not a PEM private key")), messages.join("\n"));
        assert.strictEqual(mocks.resources.some((r) => r.name === "late-redelivery-credentials-value"), false);
    });
});
