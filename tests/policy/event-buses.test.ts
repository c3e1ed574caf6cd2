import { eventBusPolicyPrincipal } from "../../policy";
import { assertMessages, check, res, T, unknownValue } from "./helpers";

const statement = (extra: object) => ({ Sid: "AllowPut", Effect: "Allow", Principal: "*", Action: "events:PutEvents", Resource: "arn:aws:events:us-east-1:123456789012:event-bus/b", ...extra });

describe("policy: event bus policies", () => {
    it("reports `*` with no organization or account condition (policy JSON and EventPermission)", async () => {
        assertMessages(await check(eventBusPolicyPrincipal, [
            res(T.busPolicy, "open", { eventBusName: "b", policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement({})] }) }),
            res(T.busPolicy, "aws-star", { eventBusName: "b", policy: JSON.stringify({ Statement: statement({ Principal: { AWS: "*" } }) }) }),
            res(T.eventPermission, "perm", { principal: "*", statementId: "all" }),
        ]), [
            'Statement "AllowPut" allows events:PutEvents to principal "*" with no organization or account condition',
            'Statement "AllowPut" allows events:PutEvents',
            "lets every AWS account put events on the bus",
        ]);
    });
    it("passes `*` scoped to an organization, named accounts, and unknown documents", async () => {
        assertMessages(await check(eventBusPolicyPrincipal, [
            res(T.busPolicy, "org", { policy: JSON.stringify({ Statement: [statement({ Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } })] }) }),
            res(T.busPolicy, "account", { policy: JSON.stringify({ Statement: [statement({ Principal: { AWS: "arn:aws:iam::111122223333:root" } })] }) }),
            res(T.busPolicy, "unknown", { policy: unknownValue }),
            res(T.eventPermission, "perm", { principal: "*", statementId: "org", condition: { key: "aws:PrincipalOrgID", type: "StringEquals", value: "o-abc" } }),
        ]), []);
    });
});
