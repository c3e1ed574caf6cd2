import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { WebhookSecretArgs } from "./args";
import { WebhookProvider } from "./providers";

export interface ResolvedSecret {
    readonly arn: pulumi.Output<string>;
    /** The customer-managed key the secret is encrypted with, if any. */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /** The secret and its value, when the component stores the value. */
    readonly secret?: aws.secretsmanager.Secret;
    readonly version?: aws.secretsmanager.SecretVersion;
}

/**
 * The Secrets Manager secret the handler reads: an existing one by ARN, or `${name}-secret` with
 * the value (or the provider's credentials) as its current version. The value is wrapped in
 * `pulumi.secret`, so it is encrypted in the state and never shown in a diff.
 */
export function resolveSecret(
    name: string,
    provider: WebhookProvider,
    args: WebhookSecretArgs | undefined,
    fail: (field: string, problem: string, fix: string) => never,
    parent: pulumi.Resource,
): ResolvedSecret {
    if (args !== undefined && "secretArn" in args) {
        return { arn: pulumi.output(args.secretArn), kmsKeyArn: args.kmsKeyArn };
    }
    const value = provider.credentials ?? pulumi.output((args as { value: pulumi.Input<string> }).value).apply((text) => {
        // Values only known at deploy time (config secrets) are checked here, with the same message.
        const problem = typeof text !== "string" || text.length === 0
            ? "is empty: every signature would fail."
            : provider.secretProblem?.(text);
        if (problem) {
            fail("secret.value", problem, "Set it with `pulumi config set --secret` and pass cfg.requireSecret(...).");
        }
        return text;
    });
    const kmsKeyArn = args?.kmsKeyArn;
    const secret = new aws.secretsmanager.Secret(`${name}-secret`, {
        description: `Signing secret of the ${provider.name} webhook "${name}"`,
        kmsKeyId: kmsKeyArn,
    }, { parent });
    const version = new aws.secretsmanager.SecretVersion(`${name}-secret-value`, {
        secretId: secret.id,
        secretString: pulumi.secret(value),
    }, {
        parent,
        // A new value becomes AWSCURRENT and the old one AWSPREVIOUS, which the handler keeps
        // accepting for a grace period. Deleting a version resource removes its staging labels,
        // which could take AWSPREVIOUS away mid-rotation; old versions are left to Secrets
        // Manager, which retires unlabelled ones itself (and deleting the secret removes them all).
        retainOnDelete: true,
    });
    return { arn: secret.arn, kmsKeyArn, secret, version };
}
