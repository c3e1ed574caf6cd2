import { KitPolicy, stackPolicy } from "./internal/define";
import { types } from "../stack";
import { isUnknown } from "./values";

interface SecretsConfig {
    secretNamePattern: string;
    settingNamePattern: string;
}

export const webhookSecretNotInPlainConfig: KitPolicy = stackPolicy<SecretsConfig>({
    name: "webhook-secret-not-in-plain-config",
    description: "Webhook signing secrets and credentials live in Secrets Manager: functions get the secret's ARN, never the value in an environment variable.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Store the value in a Secrets Manager secret (from `pulumi config set --secret`), pass the function only the secret's ARN, and read it at run time with GetSecretValue (WebhookIngress does this and caches it).",
    configSchema: {
        properties: {
            secretNamePattern: {
                type: "string",
                default: "(SECRET|TOKEN|PASSWORD|SIGNING_KEY|API_KEY|PRIVATE_KEY)",
                description: "Case-insensitive regular expression for environment variable names that hold credentials.",
            },
            settingNamePattern: {
                type: "string",
                // Settings about a secret (EBK_SECRET_TTL_SECONDS, WEBHOOK_SECRET_ARN) match the
                // credential pattern by name but hold no credential.
                default: "(_ARN|_NAME|_ID|_SECONDS|_MS|_TTL|_ENABLED|_STAGE)$",
                description: "Case-insensitive regular expression for variable names that are settings, not credentials, even when they match secretNamePattern.",
            },
        },
    },
}, (stack, report, config) => {
    const secretName = new RegExp(config.secretNamePattern, "i");
    const settingName = new RegExp(config.settingNamePattern, "i");
    const secretValues = new Set(stack.ofType(types.secretVersion)
        .map((v) => v.props.secretString)
        .filter((v): v is string => typeof v === "string" && v.length > 0));
    for (const fn of stack.ofType(types.lambdaFunction)) {
        const variables = fn.props.environment?.variables;
        if (!variables || typeof variables !== "object" || isUnknown(variables)) {
            continue;
        }
        for (const [key, value] of Object.entries(variables)) {
            if (typeof value !== "string") {
                continue;
            }
            if (secretValues.has(value)) {
                report(`Function "${fn.name}" has the value of a Secrets Manager secret in environment variable ${key}: anyone who can read the function's configuration can read the secret.`, fn.urn);
            } else if (secretName.test(key) && !settingName.test(key) && !value.startsWith("arn:") && value !== "") {
                report(`Function "${fn.name}" has a credential in plain text in environment variable ${key}; pass a Secrets Manager secret ARN instead.`, fn.urn);
            }
        }
    }
});

export const secretPolicies: KitPolicy[] = [webhookSecretNotInPlainConfig];
