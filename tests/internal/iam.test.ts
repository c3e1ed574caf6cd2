import * as assert from "assert";
import { allowStatement, policyDocument, policyJson, serviceAssumeRolePolicy, serviceResourceStatement } from "../../components/internal/iam";

const RULE = "arn:aws:events:us-east-1:123456789012:rule/orders";

describe("internal/iam", () => {
    it("builds a trust policy for one service, limited to one source and account", () => {
        assert.deepStrictEqual(serviceAssumeRolePolicy({ service: "events.amazonaws.com", sourceArn: RULE, sourceAccount: "123456789012" }), {
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { ArnEquals: { "aws:SourceArn": RULE }, StringEquals: { "aws:SourceAccount": "123456789012" } },
            }],
        });
        assert.deepStrictEqual(serviceAssumeRolePolicy({ service: "lambda.amazonaws.com" }).Statement[0].Condition, undefined);
    });

    it("builds an identity statement of exact actions on exact resources", () => {
        assert.deepStrictEqual(allowStatement(["states:StartExecution"], ["arn:aws:states:us-east-1:123456789012:stateMachine:flow"]), {
            Effect: "Allow", Action: "states:StartExecution", Resource: "arn:aws:states:us-east-1:123456789012:stateMachine:flow",
        });
        assert.deepStrictEqual(allowStatement(["a:B", "a:C"], ["r1", "r2"], "Both"), { Sid: "Both", Effect: "Allow", Action: ["a:B", "a:C"], Resource: ["r1", "r2"] });
    });

    it("builds a resource statement scoped by aws:SourceArn, and refuses an unscoped one", () => {
        const statement = serviceResourceStatement({ sid: "S", service: "events.amazonaws.com", actions: ["sqs:SendMessage"], resource: "arn:q", sourceArns: [RULE, `${RULE}2`] });
        assert.deepStrictEqual(statement.Condition, { ArnEquals: { "aws:SourceArn": [RULE, `${RULE}2`] } });
        assert.throws(() => serviceResourceStatement({ sid: "S", service: "events.amazonaws.com", actions: ["sqs:SendMessage"], resource: "arn:q", sourceArns: [] }),
            /resource policy statement "S" needs at least one aws:SourceArn/);
    });

    it("serializes documents as JSON", () => {
        assert.strictEqual(policyJson(policyDocument(allowStatement(["x:Y"], ["*"]))), "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"x:Y\",\"Resource\":\"*\"}]}");
    });
});
