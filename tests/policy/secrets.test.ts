import { webhookSecretNotInPlainConfig } from "../../policy";
import { assertMessages, check, res, T, unknownValue } from "./helpers";

const fn = (variables: Record<string, unknown>) => res(T.fn, "handler", { runtime: "nodejs22.x", environment: { variables } });

describe("policy: webhook secrets", () => {
    it("reports a credential in plain text in a function's environment", async () => {
        assertMessages(await check(webhookSecretNotInPlainConfig, [fn({ GITHUB_WEBHOOK_SECRET: "hunter2", BUS: "b" })]),
            ['Function "handler" has a credential in plain text in environment variable GITHUB_WEBHOOK_SECRET']);
    });
    it("reports a Secrets Manager secret's value copied into the environment, whatever the variable's name", async () => {
        assertMessages(await check(webhookSecretNotInPlainConfig, [res(T.secretVersion, "v", { secretId: unknownValue, secretString: "s3cr3t-value" }), fn({ SIGNATURE_CONFIG: "s3cr3t-value" })]),
            ["has the value of a Secrets Manager secret in environment variable SIGNATURE_CONFIG"]);
    });
    it("passes a secret ARN, an unknown value and ordinary variables", async () => {
        assertMessages(await check(webhookSecretNotInPlainConfig, [fn({
            WEBHOOK_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:gh-AbCdEf",
            TWILIO_AUTH_TOKEN_ARN: unknownValue,
            EVENT_BUS_NAME: "github",
        })]), []);
    });
    it("passes settings about a secret whose names look like credentials (TTLs, grace periods)", async () => {
        assertMessages(await check(webhookSecretNotInPlainConfig, [fn({ EBK_SECRET_TTL_SECONDS: "300", EBK_PREVIOUS_SECRET_GRACE_SECONDS: "3600" })]), []);
        assertMessages(await check(webhookSecretNotInPlainConfig, [fn({ EBK_SECRET_TTL: "300" })], { settingNamePattern: "_SECONDS$" }),
            ["environment variable EBK_SECRET_TTL"]);
    });
    it("takes the variable-name pattern from config", async () => {
        assertMessages(await check(webhookSecretNotInPlainConfig, [fn({ SIGNING_MATERIAL: "abc" })], { secretNamePattern: "MATERIAL" }), ["environment variable SIGNING_MATERIAL"]);
    });
});
