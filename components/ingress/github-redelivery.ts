import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GITHUB_API_URL, GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY, GithubHookTarget } from "../../providers/github-redelivery";
import { parseArn } from "../internal/arns";
import { Fail } from "../errors";
import { allowStatement, policyDocument, policyJson, PolicyStatement, serviceAssumeRolePolicy } from "../internal/iam";
import { AccountContext } from "../internal/account";
import { createAlarm } from "./alarms";
import type { GithubRedeliveryArgs, GithubRedeliveryCredentialsArgs, GithubRedeliveryHookArgs, ResolvedSettings, WebhookAlarmArgs } from "./args";
import { handlerArchive } from "./handler-archive";
import { createHandlerFunction } from "./handler-function";

export const REDELIVERY_DEFAULTS = {
    schedule: "rate(5 minutes)",
    maxPages: 20,
    /** Room for 25 redeliveries a second apart, and the listing. */
    timeoutSeconds: 60,
} as const;

/** `githubRedelivery` after validation. */
export interface ResolvedRedelivery {
    readonly args: GithubRedeliveryArgs;
    readonly hook: GithubHookTarget;
    readonly schedule: string;
    readonly apiUrl: string;
    readonly maxPages: number;
}

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const REPOSITORY = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/;
const ORGANIZATION = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$/;

/** Pulumi adds 8 characters to generated names; IAM role names hold 64. */
const ROOM_FOR_ROLE_NAME = 64 - 8;

/** Checks `githubRedelivery` on plain values, before anything is registered. */
export function resolveRedelivery(name: string, providerName: string, args: GithubRedeliveryArgs | undefined, fail: Fail): ResolvedRedelivery | undefined {
    if (args === undefined) return undefined;
    if (providerName !== "github") {
        fail("githubRedelivery", `is set, but the provider is ${providerName}: only GitHub deliveries can be redelivered through its API.`, "Remove githubRedelivery, or use provider: providers.github().");
    }
    if (typeof args !== "object" || args === null) {
        fail("githubRedelivery", `${JSON.stringify(args)} is not a redelivery setting.`, "Pass { hook, credentials }, e.g. { hook: \"app\", credentials: { app: { appId, privateKey } } }.");
    }
    const hook = resolveHook(args.hook, fail);
    checkCredentials(hook, args.credentials, fail);
    const schedule = args.schedule ?? REDELIVERY_DEFAULTS.schedule;
    const rate = typeof schedule === "string" ? RATE.exec(schedule) : null;
    const minutes = rate ? Number(rate[1]) * (rate[2].startsWith("minute") ? 1 : rate[2].startsWith("hour") ? 60 : 1440) : undefined;
    const singular = rate && (Number(rate[1]) === 1) === !rate[2].endsWith("s");
    if (typeof schedule !== "string" || (rate ? !singular || minutes! < 1 || minutes! > 1440 : !/^cron\(.+\)$/.test(schedule))) {
        fail("githubRedelivery.schedule", `${JSON.stringify(args.schedule)} is not a schedule from once a minute to once a day: failed deliveries must be asked for well inside GitHub's 3-day window.`,
            "Use e.g. \"rate(5 minutes)\" (1 minute, but 5 minutes: the unit agrees with the number) or a \"cron(...)\" expression, or leave it out.");
    }
    const apiUrl = args.apiUrl ?? GITHUB_API_URL;
    if (typeof apiUrl !== "string" || !/^https:\/\/[^/?#]+(\/[^?#]*)?$/.test(apiUrl)) {
        fail("githubRedelivery.apiUrl", `${JSON.stringify(args.apiUrl)} is not an https URL: the function sends its GitHub credentials there.`,
            "Use \"https://api.github.com\" (default) or your GitHub Enterprise Server's \"https://<host>/api/v3\".");
    }
    const maxPages = args.maxPages ?? REDELIVERY_DEFAULTS.maxPages;
    if (!Number.isInteger(maxPages) || maxPages < 1 || maxPages > 100) {
        fail("githubRedelivery.maxPages", `${JSON.stringify(args.maxPages)} is not a whole number from 1 to 100.`, "Use e.g. 20, or leave it out.");
    }
    const longest = `${name}-redelivery-schedule-role`;
    if (longest.length > ROOM_FOR_ROLE_NAME) {
        fail("name", `"${name}" is ${name.length} characters: the generated name of role "${longest}" (plus 8 random characters) would exceed AWS's limit of 64.`,
            `Use a component name of at most ${name.length - (longest.length - ROOM_FOR_ROLE_NAME)} characters with githubRedelivery.`);
    }
    return { args, hook, schedule, apiUrl: apiUrl.replace(/\/+$/, ""), maxPages };
}

function resolveHook(hook: GithubRedeliveryHookArgs | undefined, fail: Fail): GithubHookTarget {
    const fix = "Use hook: \"app\" (the GitHub App's webhook), { repository: \"owner/repo\", hookId } or { organization: \"my-org\", hookId }.";
    if (hook === "app") return { kind: "app" };
    if (typeof hook !== "object" || hook === null) {
        fail("githubRedelivery.hook", hook === undefined ? "is missing: the function must know which webhook's deliveries to read." : `${JSON.stringify(hook)} is not a webhook.`, fix);
    }
    const given = hook as Record<string, unknown>;
    if (!Number.isInteger(given.hookId) || (given.hookId as number) < 1) {
        fail("githubRedelivery.hook.hookId", `${JSON.stringify(given.hookId)} is not a webhook id (a positive whole number).`, "Copy it from the webhook's settings URL, .../settings/hooks/<id>.");
    }
    if ("repository" in given && !("organization" in given)) {
        if (typeof given.repository !== "string" || !REPOSITORY.test(given.repository)) {
            fail("githubRedelivery.hook.repository", `${JSON.stringify(given.repository)} is not a repository as "owner/repo".`, "Use e.g. \"acme/app\".");
        }
        const [owner, repo] = (given.repository as string).split("/");
        return { kind: "repository", owner, repo, hookId: given.hookId as number };
    }
    if ("organization" in given && !("repository" in given)) {
        if (typeof given.organization !== "string" || !ORGANIZATION.test(given.organization)) {
            fail("githubRedelivery.hook.organization", `${JSON.stringify(given.organization)} is not an organization login.`, "Use the login as in github.com/<login>, e.g. \"acme\".");
        }
        return { kind: "organization", org: given.organization as string, hookId: given.hookId as number };
    }
    return fail("githubRedelivery.hook", "must name either a repository or an organization.", fix);
}

function checkCredentials(hook: GithubHookTarget, credentials: GithubRedeliveryCredentialsArgs | undefined, fail: Fail): void {
    const forApp = hook.kind === "app";
    const fix = forApp
        ? "The App's webhook is read with the App's own JWT: pass credentials: { app: { appId, privateKey: cfg.requireSecret(\"githubAppPrivateKey\") } } or { secretArn } of a secret holding {\"appId\",\"privateKey\"}."
        : `A ${hook.kind} webhook is read with a token allowed to manage it: pass credentials: { token: cfg.requireSecret("githubToken") } or { secretArn } of a secret holding the token.`;
    if (typeof credentials !== "object" || credentials === null) {
        fail("githubRedelivery.credentials", "is missing.", fix);
    }
    const given = credentials as Record<string, unknown>;
    const kinds = ["app", "token", "secretArn"].filter((k) => given[k] !== undefined);
    if (kinds.length !== 1) {
        fail("githubRedelivery.credentials", kinds.length === 0 ? "has none of app, token and secretArn." : `has ${kinds.join(" and ")}: give exactly one.`, fix);
    }
    if (kinds[0] === "token" && forApp) {
        fail("githubRedelivery.credentials.token", "is given for hook \"app\": GitHub lists an App's webhook deliveries only for the App's JWT, never for a token.", fix);
    }
    if (kinds[0] === "app" && !forApp) {
        fail("githubRedelivery.credentials.app", `is given for a ${hook.kind} webhook: an App's JWT cannot manage it.`, fix);
    }
    if (kinds[0] === "token" && typeof given.token === "string" && given.token.trim() === "") {
        fail("githubRedelivery.credentials.token", "is empty.", fix);
    }
    if (kinds[0] === "app") {
        const app = given.app as Record<string, unknown>;
        const appId = typeof app?.appId === "number" ? String(app.appId) : app?.appId;
        if (typeof appId === "string" && !GITHUB_APP_ID.test(appId)) {
            fail("githubRedelivery.credentials.app.appId", `${JSON.stringify(app.appId)} is neither an App ID (digits) nor a client ID (Iv…).`, "Copy the App ID from the App's settings page.");
        }
        if (app?.appId === undefined || app?.privateKey === undefined) {
            fail("githubRedelivery.credentials.app", "needs both appId and privateKey.", fix);
        }
        if (typeof app.privateKey === "string" && !GITHUB_APP_PRIVATE_KEY.test(app.privateKey)) {
            fail("githubRedelivery.credentials.app.privateKey", "is not a PEM private key (-----BEGIN RSA PRIVATE KEY----- ... -----END RSA PRIVATE KEY-----).",
                "Generate a private key in the App's settings and pass the whole .pem file's text, e.g. with `pulumi config set --secret githubAppPrivateKey < key.pem`.");
        }
    }
    if (kinds[0] === "secretArn" && typeof given.secretArn === "string") {
        const arn = parseArn(given.secretArn);
        if (!arn || arn.service !== "secretsmanager" || !/^secret:.+-[A-Za-z0-9]{6}$/.test(arn.resource)) {
            fail("githubRedelivery.credentials.secretArn", `"${given.secretArn}" is not the full ARN of a Secrets Manager secret.`,
                "Copy the secret's ARN, including the six characters after its name: the function's permission names exactly that ARN.");
        }
    }
    if (typeof given.kmsKeyArn === "string" && parseArn(given.kmsKeyArn)?.service !== "kms") {
        fail("githubRedelivery.credentials.kmsKeyArn", `"${given.kmsKeyArn}" is not a KMS key ARN.`, "Use arn:aws:kms:<region>:<account>:key/<id>.");
    }
}

export interface GithubRedelivery {
    readonly function: aws.lambda.Function;
    readonly secretArn: pulumi.Output<string>;
    readonly schedule: aws.scheduler.Schedule;
    readonly alarms: aws.cloudwatch.MetricAlarm[];
}

/**
 * The redelivery function and what runs it: `${name}-redelivery-credentials` (when the component
 * stores the credentials), the function `${name}-redelivery` (its log group, role and policy:
 * reading that secret only), at most one run at a time and no automatic retry of a failed run
 * (the next scheduled run is the retry), the schedule group and schedule
 * `${name}-redelivery-schedule*` with a role that may invoke only this function and is trusted by
 * EventBridge Scheduler for that schedule group only, and the errors alarm.
 */
export function createGithubRedelivery(name: string, redelivery: ResolvedRedelivery, context: {
    readonly settings: ResolvedSettings;
    readonly account: () => pulumi.Output<AccountContext>;
    readonly alarms?: WebhookAlarmArgs;
    readonly logLevel: "info" | "debug";
    readonly fail: Fail;
}, parent: pulumi.Resource): GithubRedelivery {
    const credentials = redelivery.args.credentials;
    const secret = credentialsSecret(name, credentials, context.fail, parent);
    const statements = credentialsStatements(secret.arn, credentials.kmsKeyArn, context.account);
    const fn = createHandlerFunction(`${name}-redelivery`, {
        description: `Asks GitHub to redeliver failed deliveries of "${name}"`,
        code: handlerArchive("github-redelivery"),
        environment: {
            EBK_SECRET_ARN: secret.arn,
            EBK_GITHUB_HOOK: JSON.stringify(redelivery.hook),
            EBK_GITHUB_API_URL: redelivery.apiUrl,
            EBK_REDELIVERY_MAX_PAGES: String(redelivery.maxPages),
            EBK_LOG_LEVEL: context.logLevel,
        },
        timeoutSeconds: REDELIVERY_DEFAULTS.timeoutSeconds,
        memorySize: context.settings.memorySize,
        architecture: context.settings.architecture,
        // One run at a time: two would ask for the same deliveries.
        reservedConcurrency: 1,
        logRetentionDays: context.settings.logRetentionDays,
        statements,
        dependsOn: secret.version ? [secret.version] : [],
    }, parent).function;
    // A failed run is not repeated at once (Lambda retries asynchronous invocations twice by default).
    new aws.lambda.FunctionEventInvokeConfig(`${name}-redelivery-invoke-config`, {
        functionName: fn.name,
        maximumRetryAttempts: 0,
    }, { parent });

    const schedule = createRedeliverySchedule(name, fn, redelivery.schedule, context.account, parent);
    const alarms = context.alarms
        ? [createAlarm(`${name}-redelivery-errors`, {
            description: `The GitHub redelivery function of "${name}" failed (GitHub unreachable or refusing its credentials, or a timeout): failed deliveries are not being redelivered; check its logs.`,
            namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: fn.name }, statistic: "Sum",
        }, context.alarms, parent)]
        : [];
    return { function: fn, secretArn: secret.arn, schedule, alarms };
}

/** Reading the credentials' secret only and, for a customer-managed key, decrypting with it through Secrets Manager in this region. */
function credentialsStatements(secretArn: pulumi.Output<string>, kmsKeyArn: pulumi.Input<string> | undefined, account: () => pulumi.Output<AccountContext>): pulumi.Output<PolicyStatement[]> {
    return kmsKeyArn === undefined
        ? secretArn.apply((arn) => [allowStatement(["secretsmanager:GetSecretValue"], [arn], "ReadGithubCredentials")])
        : pulumi.all([secretArn, kmsKeyArn, account()]).apply(([arn, keyArn, ctx]) => [
            allowStatement(["secretsmanager:GetSecretValue"], [arn], "ReadGithubCredentials"),
            { ...allowStatement(["kms:Decrypt"], [keyArn], "DecryptGithubCredentials"), Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${ctx.region}.amazonaws.com` } } },
        ]);
}

/** The schedule group and the schedule, run through a role that may invoke only this function and that only Scheduler, for this group, can assume. */
function createRedeliverySchedule(
    name: string,
    fn: aws.lambda.Function,
    expression: string,
    account: () => pulumi.Output<AccountContext>,
    parent: pulumi.Resource,
): aws.scheduler.Schedule {
    const group = new aws.scheduler.ScheduleGroup(`${name}-redelivery-schedules`, {}, { parent });
    const role = new aws.iam.Role(`${name}-redelivery-schedule-role`, {
        description: `Lets EventBridge Scheduler run the GitHub redelivery function of "${name}"`,
        assumeRolePolicy: pulumi.all([group.arn, account()]).apply(([groupArn, ctx]) =>
            policyJson(serviceAssumeRolePolicy({ service: "scheduler.amazonaws.com", sourceArn: groupArn, sourceAccount: ctx.accountId }))),
    }, { parent });
    const rolePolicy = new aws.iam.RolePolicy(`${name}-redelivery-schedule-role-policy`, {
        role: role.id,
        policy: fn.arn.apply((arn) => policyJson(policyDocument(allowStatement(["lambda:InvokeFunction"], [arn], "RunRedelivery")))),
    }, { parent });
    return new aws.scheduler.Schedule(`${name}-redelivery-schedule`, {
        description: `Asks GitHub to redeliver failed deliveries of "${name}"`,
        groupName: group.name,
        scheduleExpression: expression,
        flexibleTimeWindow: { mode: "OFF" },
        target: {
            arn: fn.arn,
            roleArn: role.arn,
            // A run that cannot start (the previous one still running) is skipped, not queued.
            retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 },
        },
    }, { parent, dependsOn: [rolePolicy] });
}

/** The existing secret, or `${name}-redelivery-credentials` holding the App's JSON or the token. */
function credentialsSecret(name: string, credentials: GithubRedeliveryCredentialsArgs, fail: Fail, parent: pulumi.Resource): { arn: pulumi.Output<string>; version?: aws.secretsmanager.SecretVersion } {
    if ("secretArn" in credentials) {
        return { arn: pulumi.output(credentials.secretArn) };
    }
    // Values known only at deploy time (config secrets) are checked here, with the constructor's messages.
    const value = "app" in credentials
        ? pulumi.all([credentials.app.appId, credentials.app.privateKey]).apply(([appId, privateKey]) => {
            checkCredentials({ kind: "app" }, { app: { appId, privateKey } }, fail);
            return JSON.stringify({ appId: String(appId), privateKey });
        })
        : pulumi.output(credentials.token).apply((token) => {
            checkCredentials({ kind: "repository", owner: "-", repo: "-", hookId: 1 }, { token }, fail);
            return token.trim();
        });
    const secret = new aws.secretsmanager.Secret(`${name}-redelivery-credentials`, {
        description: `GitHub credentials of the redelivery function of "${name}"`,
        kmsKeyId: credentials.kmsKeyArn,
    }, { parent });
    const version = new aws.secretsmanager.SecretVersion(`${name}-redelivery-credentials-value`, {
        secretId: secret.id,
        secretString: pulumi.secret(value),
    }, { parent });
    return { arn: secret.arn, version };
}
