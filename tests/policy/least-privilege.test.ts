import { iamLeastPrivilege as policy } from "../../policy";
import { assertMessages, check, res, T } from "./helpers";

const document = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const busArn = "arn:aws:events:us-east-1:123456789012:event-bus/orders";

describe("policy: least privilege for every IAM statement", () => {
    it("reports `*` and `service:*` actions, NotAction, `*` resources for scopable actions and AWS managed FullAccess, naming the statement", async () => {
        assertMessages(await check(policy, [
            res(T.rolePolicy, "admin", { role: "r", policy: document({ Sid: "Everything", Effect: "Allow", Action: "*", Resource: "*" }) }),
            res(T.role, "fn-role", {
                assumeRolePolicy: document({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }),
                inlinePolicies: [{ name: "events", policy: document(
                    { Effect: "Allow", Action: "events:PutEvents", Resource: busArn },
                    { Sid: "AllSqs", Effect: "Allow", Action: ["sqs:*"], Resource: "arn:aws:sqs:us-east-1:123456789012:q" },
                ) }],
                managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonSQSFullAccess"],
            }),
            res("aws:iam/policy:Policy", "managed", { policy: document({ Effect: "Allow", NotAction: "iam:*", Resource: busArn }, { Effect: "Allow", Action: ["events:PutEvents", "xray:PutTraceSegments"], Resource: "*" }) }),
            res(T.attachment, "attach", { role: "r", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }),
        ]), [
            'policy statement 1 ("Everything") allows every action (*); list the actions it needs.',
            'policy statement 1 ("Everything") allows * on every resource ("*")',
            "AWS managed policy arn:aws:iam::aws:policy/AmazonSQSFullAccess is attached",
            'inline policy "events" statement 2 ("AllSqs") allows every action (sqs:*)',
            "policy statement 1 allows everything but iam:* (NotAction)",
            'policy statement 2 allows events:PutEvents on every resource ("*"), though it supports resource-level permissions; name the ARNs.',
            "AWS managed policy arn:aws:iam::aws:policy/AdministratorAccess is attached",
        ]);
    });

    it("passes named actions on named ARNs, `*` for actions without resource-level permissions, Deny statements, trust policies and narrow managed policies", async () => {
        assertMessages(await check(policy, [
            res(T.role, "fn-role", {
                assumeRolePolicy: document({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }),
                inlinePolicies: [{ name: "ok", policy: document(
                    { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*" },
                    { Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
                    { Effect: "Deny", Action: "*", Resource: "*" },
                ) }],
                managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
            }),
            res(T.attachment, "customer", { role: "r", policyArn: "arn:aws:iam::123456789012:policy/TeamFullAccess" }),
        ]), []);
    });

    it("takes the actions allowed on `*` from the configuration", async () => {
        const resources = [res(T.rolePolicy, "p", { role: "r", policy: document({ Effect: "Allow", Action: "ssm:GetParameter", Resource: "*" }) })];
        assertMessages(await check(policy, resources), ["allows ssm:GetParameter on every resource"]);
        assertMessages(await check(policy, resources, { actionsWithoutResourceLevelPermissions: ["ssm:GetParameter"] }), []);
    });
});
