/**
 * The independent evaluator: @cloud-copilot/iam-simulate decides each request from the identity
 * policies of the asking role, the target resource's policy (a KMS key's key policy) and, for
 * sts:AssumeRole, the role's trust policy, as IAM evaluates them together. AGPL-licensed: only
 * tests import it (see tests/iam/license-boundary.test.ts).
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { Document, IamModel } from "./model";
import type { Decision } from "./requests";

export type Verdict = "allow" | "deny";

/** The resource policy that applies to a request on `resource`. */
function resourcePolicyFor(model: IamModel, action: string, resource: string): Document | undefined {
    if (action === "sts:AssumeRole") {
        return model.roles.get(resource)?.trust ?? { Version: "2012-10-17", Statement: [] };
    }
    if (resource.startsWith("arn:aws:s3:::")) {
        return model.resourcePolicies.get(`arn:aws:s3:::${resource.slice("arn:aws:s3:::".length).split("/")[0]}`);
    }
    if (resource.startsWith("arn:aws:logs:")) {
        return undefined;
    }
    return model.resourcePolicies.get(resource);
}

/** The account that owns a resource (a bucket's is the stack's when the stack has it). */
function ownerOf(model: IamModel, resource: string): string {
    if (resource.startsWith("arn:aws:s3:::")) {
        const bucket = `arn:aws:s3:::${resource.slice("arn:aws:s3:::".length).split("/")[0]}`;
        return model.arns.bucket.includes(bucket) || !bucket.includes("-210987654321") ? model.account : "210987654321";
    }
    return resource.split(":")[4] || model.account;
}

/**
 * iam-simulate (0.1.x) knows kms:EncryptionContext:${EncryptionContextKey} but only recognises
 * a key's variable part after a "/" (as in aws:ResourceTag/<tag>), so it drops
 * kms:EncryptionContext:aws:events:event-bus:arn from the request and every condition on it
 * fails as missing. The oracle renames each such key, in the request and in every policy alike,
 * to a String key of the same shape the simulator does match, so the conditions are decided on
 * the values as KMS would decide them.
 */
const ENCRYPTION_CONTEXT = /^kms:encryptioncontext:(.+)$/i;
const STAND_IN = "aws:RequestTag/oracle.kms.EncryptionContext:";

function renamedKey(key: string): string {
    const match = ENCRYPTION_CONTEXT.exec(key);
    return match ? `${STAND_IN}${match[1].toLowerCase()}` : key;
}

function renamedPolicy(policy: Document): Document {
    if (!JSON.stringify(policy).match(/kms:encryptioncontext:/i)) return policy;
    return {
        ...policy,
        Statement: policy.Statement.map((statement: any) => statement.Condition === undefined ? statement : {
            ...statement,
            Condition: Object.fromEntries(Object.entries(statement.Condition as Record<string, Record<string, unknown>>).map(([operator, entries]) =>
                [operator, Object.fromEntries(Object.entries(entries).map(([key, value]) => [renamedKey(key), value]))])),
        }),
    };
}

/** Caches simulations by everything that decides them, so mutated stacks only re-ask what changed. */
export class Evaluator {
    private readonly cache = new Map<string, Verdict>();
    simulations = 0;

    async decide(model: IamModel, decision: Decision): Promise<Verdict> {
        const identityPolicies = (decision.identity ? [{ name: "outside-principal", policy: decision.identity }]
            : decision.roleArn ? (model.roles.get(decision.roleArn)?.identity ?? []) : [])
            .map((p) => ({ name: p.name, policy: renamedPolicy(p.policy) }));
        const found = resourcePolicyFor(model, decision.action, decision.resource);
        const resourcePolicy = found ? renamedPolicy(found) : undefined;
        // A key's tags are part of every request on it (aws:ResourceTag/<tag>).
        const tags = Object.entries(model.keyTags.get(decision.resource) ?? {}).map(([tag, value]) => [`aws:ResourceTag/${tag}`, value]);
        const simulation = {
            request: {
                principal: decision.principal,
                action: decision.action,
                resource: { resource: decision.resource, accountId: ownerOf(model, decision.resource) },
                contextVariables: Object.fromEntries([...tags, ...Object.entries(decision.context).map(([key, value]) => [renamedKey(key), value])]),
            },
            identityPolicies,
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            ...(resourcePolicy ? { resourcePolicy } : {}),
        };
        const cacheKey = JSON.stringify(simulation);
        const cached = this.cache.get(cacheKey);
        if (cached) {
            return cached;
        }
        this.simulations++;
        const result = await runSimulation(simulation, {});
        if (result.resultType === "error") {
            throw new Error(`iam-simulate refused ${decision.principal} ${decision.action} ${decision.resource}: ${JSON.stringify(result.errors)}`);
        }
        // A context key the simulator does not know for the action is dropped, and a condition on it fails: the verdict would be meaningless.
        const ignored = result.resultType === "single" ? result.result.ignoredContextKeys ?? [] : [];
        if (ignored.length > 0) {
            throw new Error(`iam-simulate ignored ${ignored.join(", ")} in ${decision.principal} ${decision.action} ${decision.resource}`);
        }
        const verdict: Verdict = result.overallResult === "Allowed" ? "allow" : "deny";
        this.cache.set(cacheKey, verdict);
        return verdict;
    }
}

export interface Tally {
    decisions: number;
    asExpected: number;
    tooOpen: string[];
    tooClosed: string[];
}

/** Every decision through the evaluator, compared with what delivery needs. */
export async function tally(evaluator: Evaluator, model: IamModel, decisions: readonly Decision[]): Promise<Tally> {
    const out: Tally = { decisions: 0, asExpected: 0, tooOpen: [], tooClosed: [] };
    for (const decision of decisions) {
        const verdict = await evaluator.decide(model, decision);
        out.decisions++;
        const context = Object.entries(decision.context).map(([key, value]) => `${key} ${value}`).join(", ");
        const line = `${decision.why}: ${decision.principal} ${decision.action} ${decision.resource}${context ? ` (${context})` : ""}`;
        if (verdict === decision.expected) out.asExpected++;
        else if (verdict === "allow") out.tooOpen.push(line);
        else out.tooClosed.push(line);
    }
    return out;
}
