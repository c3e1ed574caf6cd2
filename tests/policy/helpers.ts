import * as assert from "assert";
import type { KitPolicy } from "../../policy";
import { PolicyInputResource, runPolicies, unknownValue, urnOf } from "../../offline/policy-runner";
import type { Finding } from "../../offline/types";

export { unknownValue };

/** A fabricated resource as the engine presents it; `links` name other resources by name. */
export function res(type: string, name: string, props: Record<string, any>, links: {
    parent?: string;
    propertyDependencies?: Record<string, string[]>;
} = {}): PolicyInputResource {
    const deps = links.propertyDependencies ?? {};
    return {
        type,
        name,
        urn: urnOf(type, name),
        props,
        parent: links.parent,
        dependencies: Object.values(deps).flat(),
        propertyDependencies: deps,
    };
}

/** Runs one policy over the resources the way the engine does; returns its findings. */
export async function check(policy: KitPolicy, resources: PolicyInputResource[], config?: Record<string, unknown>): Promise<Finding[]> {
    return runPolicies(resources, { policies: [policy], config: config ? { [policy.name]: config } : undefined });
}

/** Asserts exactly these messages (each by a distinctive part), in order. */
export function assertMessages(findings: Finding[], parts: (string | RegExp)[]): void {
    assert.strictEqual(findings.length, parts.length, `expected ${parts.length} finding(s), got:\n${findings.map((f) => `  - ${f.message}`).join("\n")}`);
    findings.forEach((f, i) => {
        const part = parts[i];
        assert.ok(typeof part === "string" ? f.message.includes(part) : part.test(f.message), `finding ${i}: "${f.message}" does not contain ${String(part)}`);
    });
}

export const T = {
    rule: "aws:cloudwatch/eventRule:EventRule",
    target: "aws:cloudwatch/eventTarget:EventTarget",
    bus: "aws:cloudwatch/eventBus:EventBus",
    busPolicy: "aws:cloudwatch/eventBusPolicy:EventBusPolicy",
    eventPermission: "aws:cloudwatch/eventPermission:EventPermission",
    fn: "aws:lambda/function:Function",
    permission: "aws:lambda/permission:Permission",
    url: "aws:lambda/functionUrl:FunctionUrl",
    sfn: "aws:sfn/stateMachine:StateMachine",
    queue: "aws:sqs/queue:Queue",
    queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
    apiDestination: "aws:cloudwatch/eventApiDestination:EventApiDestination",
    connection: "aws:cloudwatch/eventConnection:EventConnection",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
    ingress: "eventbridge-kit:ingress:WebhookIngress",
};

/** The URN `res` gives a resource, for `parent` and property dependencies. */
export function urn(type: string, name: string): string {
    return urnOf(type, name);
}
