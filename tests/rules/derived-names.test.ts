// The physical names the provider derives from a SafeRule's or ApiDestinationTarget's name:
// within AWS's limits and character sets whatever the component is called (see also
// tests/constraints/inputs.test.ts, which checks every input of generated stacks).
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ApiDestinationTarget, auth, SafeRule, targets } from "../../components";
import { settle } from "../../testing/mocks";
import { installMocks, prPattern, T } from "./helpers";

const machineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:review";
const functionArn = "arn:aws:lambda:us-east-1:123456789012:function:notify";

describe("rules: names derived from a component's name", () => {
    it("leaves Pulumi's auto-names alone while they fit: no name prefix on any child", async () => {
        const mocks = await installMocks();
        new SafeRule("opened", { pattern: prPattern, targets: [targets.stateMachine(machineArn), targets.lambda(functionArn)] });
        await settle(mocks);
        assert.strictEqual(mocks.named("opened-dlq").inputs.namePrefix, undefined);
        assert.strictEqual(mocks.named("opened-target-0-role").inputs.namePrefix, undefined);
        assert.strictEqual(mocks.named("opened-target-0-role-policy").inputs.namePrefix, undefined);
        assert.strictEqual(mocks.named("opened-target-1-permission").inputs.statementIdPrefix, undefined);
    });

    it("gives a long-named rule's queue, role and permission a prefix the provider completes within 80, 64 and 100 characters", async () => {
        const mocks = await installMocks();
        const name = "pull-requests-opened-on-the-main-repository-for-the-review-workflow-eu-west"; // 75 characters
        new SafeRule(name, { pattern: prPattern, targets: [targets.stateMachine(machineArn), targets.lambda(functionArn)] });
        await settle(mocks);
        // `${name}-dlq` + 8 would be 87; SQS allows 80: 53 characters and "-", then 26 from the provider.
        assert.strictEqual(mocks.named(`${name}-dlq`).inputs.namePrefix, "pull-requests-opened-on-the-main-repository-for-the-r-");
        // Roles: 37 + "-" + 26 = 64.
        assert.strictEqual(mocks.named(`${name}-target-0-role`).inputs.namePrefix, "pull-requests-opened-on-the-main-repo-");
        assert.strictEqual(mocks.named(`${name}-target-0-role-policy`).inputs.namePrefix, undefined, "96 + 8 characters fit in 128");
        // Statement ids: `${name}-target-1-permission` + 8 is 103; 73 + "-" + 26 = 100.
        assert.strictEqual(mocks.named(`${name}-target-1-permission`).inputs.statementIdPrefix,
            "pull-requests-opened-on-the-main-repository-for-the-review-workflow-eu-we-");
    });

    it("replaces the characters each service rejects in a rule named with spaces and slashes", async () => {
        const mocks = await installMocks();
        const name = "orders/created v2";
        new SafeRule(name, { pattern: prPattern, targets: [targets.stateMachine(machineArn), targets.lambda(functionArn)] });
        await settle(mocks);
        assert.strictEqual(mocks.named(`${name}-dlq`).inputs.namePrefix, "orders-created-v2-dlq-");
        assert.strictEqual(mocks.named(`${name}-target-0-role`).inputs.namePrefix, "orders-created-v2-target-0-role-");
        assert.strictEqual(mocks.named(`${name}-target-0-role-policy`).inputs.namePrefix, "orders-created-v2-target-0-role-policy-");
        assert.strictEqual(mocks.named(`${name}-target-1-permission`).inputs.statementIdPrefix, "orders-created-v2-target-1-permission-");
        // The rule itself is named by the kit, as before.
        assert.match(mocks.ofType(T.rule)[0].inputs.name, /^orders-created-v2-[0-9a-f]{8}$/);
    });

    it("gives the role a long-named rule adds for its API destination target a prefix within IAM's 64 characters", async () => {
        const mocks = await installMocks();
        const destination = new ApiDestinationTarget("tracker", { endpoint: "https://tracker.example.com/api", method: "POST", rateLimitPerSecond: 1, connection: auth.apiKey("Authorization", pulumi.secret("token")) });
        const name = "pull-requests-merged-to-tracke"; // 30: `${name}-target-0-role` + 8 = 52 fits
        const longer = "pull-requests-merged-on-the-main-repository-to-the-tracker"; // 58: 80 would not
        for (const n of [name, longer]) {
            new SafeRule(n, { pattern: prPattern, targets: [destination] });
        }
        await settle(mocks);
        assert.strictEqual(mocks.named(`${name}-target-0-role`).inputs.namePrefix, undefined);
        assert.strictEqual(mocks.named(`${longer}-target-0-role`).inputs.namePrefix, "pull-requests-merged-on-the-main-repo-");
        assert.strictEqual(mocks.named(`${longer}-target-0-role-policy`).inputs.namePrefix, undefined, "87 + 8 characters fit in 128");
        // One role per rule (each trusted for its rule only), none on the destination itself.
        assert.strictEqual(mocks.ofType(T.role).length, 2);
    });
});
