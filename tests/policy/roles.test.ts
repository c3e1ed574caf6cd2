import { eventTargetRoleLeastPrivilege, functionRoleNoFullAccess } from "../../policy";
import { assertMessages, check, res, T, unknownValue, urn } from "./helpers";

const sfnArn = "arn:aws:states:us-east-1:123456789012:stateMachine:review";
const doc = (statement: object) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", ...statement }] });
const target = res(T.target, "t", { rule: "r", arn: sfnArn, roleArn: unknownValue }, { propertyDependencies: { roleArn: [urn(T.role, "target-role")] } });
const role = res(T.role, "target-role", { assumeRolePolicy: doc({ Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" }) });
const rolePolicy = (policy: string, deps: string[] = []) =>
    res(T.rolePolicy, "target-role-policy", { role: unknownValue, policy }, { propertyDependencies: { role: [urn(T.role, "target-role")], policy: deps } });

describe("policy: roles", () => {
    describe("event-target-role-least-privilege", () => {
        it("reports extra actions, wildcard resources and other ARNs", async () => {
            assertMessages(await check(eventTargetRoleLeastPrivilege, [target, role,
                rolePolicy(doc({ Action: ["states:StartExecution", "states:*"], Resource: ["*", "arn:aws:states:us-east-1:123456789012:stateMachine:other"] }))]), [
                '(stateMachine) allows states:*; it needs only states:StartExecution',
                "grants states:StartExecution, states:* on *, arn:aws:states:us-east-1:123456789012:stateMachine:other; it must name only the target's ARN",
            ]);
        });
        it("reports a managed policy attached to a target role", async () => {
            assertMessages(await check(eventTargetRoleLeastPrivilege, [target, role,
                res(T.attachment, "attach", { role: unknownValue, policyArn: "arn:aws:iam::aws:policy/AWSStepFunctionsFullAccess" }, { propertyDependencies: { role: [urn(T.role, "target-role")] } })]),
            ["has managed policy arn:aws:iam::aws:policy/AWSStepFunctionsFullAccess attached"]);
        });
        it("at preview, reports a role shared with another target through the document's dependencies", async () => {
            const findings = await check(eventTargetRoleLeastPrivilege, [
                res(T.sfn, "review", {}), res(T.sfn, "other", {}),
                res(T.target, "t", { arn: unknownValue, roleArn: unknownValue }, { propertyDependencies: { arn: [urn(T.sfn, "review")], roleArn: [urn(T.role, "target-role")] } }),
                role,
                rolePolicy(unknownValue, [urn(T.sfn, "review"), urn(T.sfn, "other")]),
            ]);
            assertMessages(findings, ['Role "target-role" of event target "t" also grants access to "other"; share no role between targets.']);
        });
        it("holds the execution role of a queue in another account to sqs:SendMessage on that queue; passes exactly that", async () => {
            const queueArn = "arn:aws:sqs:us-east-1:210987654321:audit";
            const toQueue = res(T.target, "t", { rule: "r", arn: queueArn, roleArn: unknownValue }, { propertyDependencies: { roleArn: [urn(T.role, "target-role")] } });
            assertMessages(await check(eventTargetRoleLeastPrivilege, [toQueue, role, rolePolicy(doc({ Action: ["sqs:SendMessage", "sqs:DeleteMessage"], Resource: queueArn }))]),
                ["(queue) allows sqs:DeleteMessage; it needs only sqs:SendMessage"]);
            assertMessages(await check(eventTargetRoleLeastPrivilege, [toQueue, role, rolePolicy(doc({ Action: "sqs:SendMessage", Resource: queueArn }))]), []);
        });
        it("passes exactly the target's action on the target's ARN", async () => {
            assertMessages(await check(eventTargetRoleLeastPrivilege, [target, role, rolePolicy(doc({ Action: "states:StartExecution", Resource: sfnArn }))]), []);
        });
    });

    describe("function-role-no-full-access", () => {
        const fn = res(T.fn, "handler", { runtime: "nodejs22.x", role: unknownValue }, { propertyDependencies: { role: [urn(T.role, "fn-role")] } });
        it("reports a FullAccess policy attached to a function role, by attachment or on the role", async () => {
            assertMessages(await check(functionRoleNoFullAccess, [fn,
                res(T.role, "fn-role", { managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] }),
                res(T.attachment, "attach", { role: unknownValue, policyArn: "arn:aws:iam::aws:policy/AmazonEventBridgeFullAccess" }, { propertyDependencies: { role: [urn(T.role, "fn-role")] } }),
            ]), [
                'Managed policy arn:aws:iam::aws:policy/AdministratorAccess is attached to role "fn-role", used by function "handler"',
                "Managed policy arn:aws:iam::aws:policy/AmazonEventBridgeFullAccess is attached",
            ]);
        });
        it("passes the basic execution role policy", async () => {
            assertMessages(await check(functionRoleNoFullAccess, [fn, res(T.role, "fn-role", {}),
                res(T.attachment, "logs", { role: unknownValue, policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" }, { propertyDependencies: { role: [urn(T.role, "fn-role")] } }),
            ]), []);
        });
    });
});
