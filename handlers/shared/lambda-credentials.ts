/**
 * The credential provider bundled into the handlers in place of the SDK's default chain.
 *
 * Lambda hands a function its role's credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
 * AWS_SESSION_TOKEN. The default chain (ini files, SSO, IMDS, web identity, login, process) can
 * never apply there and would add about 100 KB of code to every bundle and to every cold start, so
 * handlers/build.mjs aliases `@aws-sdk/credential-provider-node` to this module. The SDK still
 * signs every request (SigV4); only where the credentials come from changes.
 */
interface LambdaCredentials {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
}

export function defaultProvider(): () => Promise<LambdaCredentials> {
    return async () => {
        const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
        const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
        if (!accessKeyId || !secretAccessKey) {
            throw new Error(
                "AWS credentials are not in the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY); " +
                "this handler bundle only runs on AWS Lambda, which sets them from the function's role",
            );
        }
        return { accessKeyId, secretAccessKey, sessionToken: process.env.AWS_SESSION_TOKEN };
    };
}
