import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { ApiDestinationConnection, auth } from "../../components/targets";
import { RecordingMocks, settle, valueOf } from "../../testing/mocks";
import { outputError, thrown, TOKEN } from "./support";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const KEY = "aws:kms/key:Key";
const CONNECTION = "aws:cloudwatch/eventConnection:EventConnection";
const policy = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const grant = { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ["kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"], Resource: "*" };

async function fresh(preview = false): Promise<RecordingMocks> {
    const mocks = new RecordingMocks();
    await mocks.install({ preview });
    return mocks;
}

const connectionOf = (mocks: RecordingMocks, name: string) => mocks.ofType(CONNECTION).find((c) => c.name === name)!;

describe("targets/connection keys", () => {
    for (const preview of [false, true]) {
        it(`kmsKey "create": a tagged, rotated key whose policy grants the account only through Secrets Manager for connection secrets (${preview ? "preview" : "update"})`, async () => {
            const mocks = await fresh(preview);
            const connection = new ApiDestinationConnection("chat", { auth: auth.apiKey("Authorization", TOKEN), kmsKey: "create" });
            await settle(mocks);
            const key = mocks.ofType(KEY);
            assert.deepStrictEqual(key.map((k) => k.name), ["chat-key"]);
            const inputs = key[0].inputs;
            assert.deepStrictEqual(inputs.tags, { EventBridgeApiDestinations: "true" });
            assert.strictEqual(inputs.enableKeyRotation, true);
            const tagged = { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com`, "aws:ResourceTag/EventBridgeApiDestinations": "true" };
            assert.deepStrictEqual(JSON.parse(inputs.policy).Statement, [
                { Sid: "AllowAccountAdministration", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
                { Sid: "AllowEventBridgeConnectionsDescribeKey", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:DescribeKey", Resource: "*", Condition: { StringEquals: tagged } },
                {
                    Sid: "AllowEventBridgeConnectionSecrets", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: "*",
                    Condition: { StringEquals: tagged, StringLike: { "kms:EncryptionContext:SecretARN": `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:events!connection/*` } },
                },
            ]);
            assert.strictEqual(connectionOf(mocks, "chat").inputs.kmsKeyIdentifier, key[0].state.arn);
            assert.ok(connection.kmsKey);
        });
    }

    it("a key of this program with the tag and the grants is used", async () => {
        const mocks = await fresh();
        const key = new aws.kms.Key("mine", { tags: { EventBridgeApiDestinations: "true" }, policy: policy({ ...grant, Principal: { AWS: ACCOUNT } }) });
        new ApiDestinationConnection("chat", { auth: auth.apiKey("Authorization", TOKEN), kmsKey: key });
        await settle(mocks);
        assert.strictEqual(connectionOf(mocks, "chat").inputs.kmsKeyIdentifier, await valueOf(key.arn));
        assert.strictEqual(mocks.ofType(KEY).length, 1, "no second key");
    });

    it("a key without the EventBridgeApiDestinations tag fails the update, naming the tag", async () => {
        await fresh();
        const key = new aws.kms.Key("untagged", { policy: policy(grant) });
        const connection = new ApiDestinationConnection("chat", { auth: auth.apiKey("Authorization", TOKEN), kmsKey: key });
        const error = await outputError(connection.kmsKeyArn!);
        assert.ok(error?.message.includes("ApiDestinationConnection \"chat\": kmsKey: arn:aws:kms:"), error?.message);
        assert.ok(error!.message.includes("lacks the tag EventBridgeApiDestinations=true"), error!.message);
    });

    it("a key whose policy lacks the grants fails the update, naming the missing statement", async () => {
        await fresh();
        const key = new aws.kms.Key("narrow", { tags: { EventBridgeApiDestinations: "true" }, policy: policy({ ...grant, Action: "kms:Decrypt" }) });
        const connection = new ApiDestinationConnection("chat", { auth: auth.apiKey("Authorization", TOKEN), kmsKey: key });
        const error = await outputError(connection.kmsKeyArn!);
        assert.ok(error?.message.includes(`AllowEventBridgeConnectionSecrets: Allow AWS arn:aws:iam::${ACCOUNT}:root kms:DescribeKey, kms:GenerateDataKey, kms:Decrypt`), error?.message);
    });

    it("kmsKey: refuses another value and kmsKey together with kmsKeyArn, before any resource; each alone passes", async () => {
        const mocks = await fresh();
        const base = { auth: auth.apiKey("Authorization", TOKEN) };
        assert.match(thrown(() => new ApiDestinationConnection("a", { ...base, kmsKey: "yes" as any })), /^ApiDestinationConnection "a": kmsKey: is "yes"\./);
        assert.match(thrown(() => new ApiDestinationConnection("b", { ...base, kmsKey: "create", kmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/k` })),
            /^ApiDestinationConnection "b": kmsKey: is given together with kmsKeyArn/);
        await settle(mocks);
        assert.strictEqual(mocks.resources.length, 0);
        new ApiDestinationConnection("c", { ...base, kmsKey: "create" });
        new ApiDestinationConnection("d", { ...base, kmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/k` });
        await settle(mocks);
        assert.deepStrictEqual(mocks.ofType(CONNECTION).map((c) => c.inputs.kmsKeyIdentifier !== undefined), [true, true]);
    });
});
