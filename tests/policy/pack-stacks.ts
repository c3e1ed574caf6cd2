/**
 * Stacks for the policy pack's protocol test, as the offline plan hands them to the policies,
 * and variants of them with unknown and secret values placed anywhere.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { StackValidationPolicy, UnknownValueError } from "@pulumi/policy";
import { providers, WebhookIngress } from "../../components";
import type { PolicyInputResource } from "../../offline/policy-runner";
import { unknownValue } from "../../offline/policy-runner";

/**
 * A stack policy that records the resources exactly as the policy runner presents them:
 * properties in wire form (unknowns as the engine's sentinel, read back from the error the
 * engine's proxy throws; secrets revealed, as the engine reveals them), parents and references
 * by URN.
 */
export function recorder(into: PolicyInputResource[]): StackValidationPolicy {
    return {
        name: "record-resources",
        description: "Records the resources the policies are given.",
        enforcementLevel: "advisory",
        validateStack: (args) => {
            for (const r of args.resources) {
                into.push({
                    type: r.type,
                    name: r.name,
                    urn: r.urn,
                    props: unproxied(r.props),
                    parent: r.opts.parent,
                    dependencies: r.dependencies.map((d) => d.urn),
                    propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([key, deps]) => [key, deps.map((d) => d.urn)])),
                });
            }
        },
    };
}

function unproxied(value: any): any {
    if (value === null || typeof value !== "object") {
        return value;
    }
    const read = (key: string | number) => {
        try {
            return unproxied(value[key]);
        } catch (err) {
            if (err instanceof UnknownValueError) {
                return (err as unknown as { unknownTypeSentinel: string }).unknownTypeSentinel;
            }
            throw err;
        }
    };
    return Array.isArray(value) ? value.map((_, i) => read(i)) : Object.fromEntries(Object.keys(value).map((key) => [key, read(key)]));
}

/**
 * Raw aws resources breaking every policy of the pack, and one API destination that only a
 * pack configured below the default rate ceiling flags; a GitHub WebhookIngress on the bus, for
 * the rule that names a field its events do not have, and whose state machine target takes less than its events.
 */
export function unsafeStack(): void {
    const code = new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200 });") });
    const bus = new aws.cloudwatch.EventBus("orders", { name: "orders" });
    new aws.cloudwatch.EventBusPolicy("orders-open", {
        eventBusName: bus.name,
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "Anyone", Effect: "Allow", Principal: "*", Action: "events:PutEvents", Resource: "arn:aws:events:us-east-1:123456789012:event-bus/orders" }],
        }),
    });

    // A function with a FullAccess policy, its secret in plain text, public to anyone.
    const functionRole = new aws.iam.Role("handler-role", {
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    });
    new aws.iam.RolePolicyAttachment("handler-full-access", { role: functionRole.name, policyArn: "arn:aws:iam::aws:policy/AmazonEventBridgeFullAccess" });
    const handler = new aws.lambda.Function("handler", {
        role: functionRole.arn,
        runtime: "nodejs22.x",
        handler: "index.handler",
        code,
        environment: { variables: { GITHUB_WEBHOOK_SECRET: "plain-text-secret", EVENT_BUS_NAME: "orders" } },
    });
    new aws.lambda.FunctionUrl("handler-url", { functionName: handler.name, authorizationType: "NONE", cors: { allowOrigins: ["*"] } });
    new aws.lambda.Permission("handler-public", { function: handler.name, action: "lambda:InvokeFunction", principal: "*" });

    // Rules: no source; invalid; without detail-type; without a target.
    const anything = new aws.cloudwatch.EventRule("anything", { eventBusName: bus.name, eventPattern: JSON.stringify({ "detail-type": ["OrderPlaced"] }) });
    new aws.cloudwatch.EventTarget("anything-to-handler", { rule: anything.name, eventBusName: bus.name, arn: handler.arn, roleArn: functionRole.arn });
    new aws.lambda.Permission("handler-from-events", { function: handler.name, action: "lambda:InvokeFunction", principal: "events.amazonaws.com" });
    new aws.cloudwatch.EventRule("malformed", { eventBusName: bus.name, eventPattern: JSON.stringify({ source: "shop" }) });
    new WebhookIngress("github", { provider: providers.github(), eventBus: bus, secret: { value: pulumi.secret("webhook-secret") } });
    const prOpened = new aws.cloudwatch.EventRule("pr-opened", {
        eventBusName: bus.name,
        eventPattern: JSON.stringify({ source: ["github.com"], "detail-type": ["pull_request"], detail: { action: ["opened"] } }),
    });

    // A dead-letter queue unencrypted and open to any rule; another one FIFO.
    const dlq = new aws.sqs.Queue("orders-dlq", { sqsManagedSseEnabled: false });
    new aws.sqs.QueuePolicy("orders-dlq-policy", {
        queueUrl: dlq.url,
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: "*" }] }),
    });
    const shipped = new aws.cloudwatch.EventRule("shipped", { eventBusName: bus.name, eventPattern: JSON.stringify({ source: ["shop"] }) });
    const fifoDlq = new aws.sqs.Queue("shipped-dlq", { name: "shipped-dlq.fifo", fifoQueue: true, sqsManagedSseEnabled: true });
    new aws.sqs.QueuePolicy("shipped-dlq-policy", {
        queueUrl: fifoDlq.url,
        policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: fifoDlq.arn, Condition: { ArnEquals: { "aws:SourceArn": shipped.arn } } }],
        }),
    });

    // A state machine target whose role may do anything to any state machine.
    const machine = new aws.sfn.StateMachine("fulfil", { roleArn: "arn:aws:iam::123456789012:role/fulfil", definition: JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Succeed" } } }) });
    const targetRole = new aws.iam.Role("shipped-target-role", {
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    });
    new aws.iam.RolePolicy("shipped-target-role-policy", {
        role: targetRole.id,
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "states:*", Resource: "*" }] }),
    });
    new aws.cloudwatch.EventTarget("shipped-to-fulfil", {
        rule: shipped.name,
        eventBusName: bus.name,
        arn: machine.arn,
        roleArn: targetRole.arn,
        deadLetterConfig: { arn: fifoDlq.arn },
        retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 10 },
    });

    // The handler invoked for pr-opened by a permission pinned to shipped, a rule that does not deliver to it.
    new aws.lambda.Permission("handler-from-shipped", { function: handler.name, action: "lambda:InvokeFunction", principal: "events.amazonaws.com", sourceArn: shipped.arn });
    new aws.cloudwatch.EventTarget("pr-opened-to-handler", { rule: prOpened.name, eventBusName: bus.name, arn: handler.arn });

    // GitHub's events, inline up to 1 MiB, whole to a state machine whose input holds 256 KiB.
    new aws.cloudwatch.EventTarget("pr-opened-to-fulfil", {
        rule: prOpened.name,
        eventBusName: bus.name,
        arn: machine.arn,
        roleArn: targetRole.arn,
        deadLetterConfig: { arn: dlq.arn },
        retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 10 },
    });

    // A plain-HTTP API destination with no rate limit, behind an OAuth connection over HTTP.
    const connection = new aws.cloudwatch.EventConnection("partner", {
        authorizationType: "OAUTH_CLIENT_CREDENTIALS",
        authParameters: {
            oauth: {
                authorizationEndpoint: "http://auth.partner.example.com/token",
                httpMethod: "POST",
                clientParameters: { clientId: "orders", clientSecret: pulumi.secret("client-secret") },
                oauthHttpParameters: {},
            },
        },
    });
    const destination = new aws.cloudwatch.EventApiDestination("partner", { connectionArn: connection.arn, invocationEndpoint: "http://partner.example.com/events", httpMethod: "POST" });
    const placed = new aws.cloudwatch.EventRule("placed", { eventBusName: bus.name, eventPattern: JSON.stringify({ source: ["shop"], "detail-type": ["OrderPlaced"] }) });
    new aws.cloudwatch.EventTarget("placed-to-partner", {
        rule: placed.name,
        eventBusName: bus.name,
        arn: destination.arn,
        deadLetterConfig: { arn: dlq.arn },
        retryPolicy: { maximumEventAgeInSeconds: 30, maximumRetryAttempts: 200 },
    });
    // A bus encrypted with a key whose (default) policy grants EventBridge nothing.
    const auditKey = new aws.kms.Key("audit-key", { description: "audit events" });
    new aws.cloudwatch.EventBus("audit", { name: "audit", kmsKeyIdentifier: auditKey.arn });

    // Another account's queue opened to this account's rule without aws:SourceAccount.
    new aws.sqs.QueuePolicy("inbox-policy", {
        queueUrl: "https://sqs.us-east-1.amazonaws.com/210987654321/inbox",
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:210987654321:inbox",
                Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:events:us-east-1:123456789012:rule/orders/placed" } },
            }],
        }),
    });

    // Within the default ceiling (300 per second), above a ceiling configured at 50.
    new aws.cloudwatch.EventApiDestination("partner-fast", { connectionArn: connection.arn, invocationEndpoint: "https://partner.example.com/events", httpMethod: "POST", invocationRateLimitPerSecond: 100 });
}

const sig = pulumi.runtime.specialSigKey;

/** Resources as the in-process runner gets them, and as the engine sends them over the wire. */
export interface Obscured {
    readonly runner: PolicyInputResource[];
    readonly wire: PolicyInputResource[];
}

/**
 * The stack with values replaced by unknowns (for both) or wrapped as secrets (on the wire
 * only: the engine reveals secrets to policies), at any depth, chosen by a seeded generator.
 * Assets and archives are whole values, as in the engine.
 */
export function obscure(resources: readonly PolicyInputResource[], seed: number, unknownShare: number, secretShare: number): Obscured {
    const random = mulberry32(seed);
    const visit = (value: unknown): { runner: unknown; wire: unknown } => {
        if (random() < unknownShare) {
            return { runner: unknownValue, wire: unknownValue };
        }
        let runner = value;
        let wire = value;
        const special = value !== null && typeof value === "object" && sig in value;
        if (Array.isArray(value)) {
            const items = value.map(visit);
            runner = items.map((i) => i.runner);
            wire = items.map((i) => i.wire);
        } else if (value !== null && typeof value === "object" && !special) {
            const entries = Object.entries(value).map(([key, v]) => [key, visit(v)] as const);
            runner = Object.fromEntries(entries.map(([key, v]) => [key, v.runner]));
            wire = Object.fromEntries(entries.map(([key, v]) => [key, v.wire]));
        }
        return { runner, wire: random() < secretShare ? { [sig]: pulumi.runtime.specialSecretSig, value: wire } : wire };
    };
    const runner: PolicyInputResource[] = [];
    const wire: PolicyInputResource[] = [];
    for (const resource of resources) {
        const props = Object.entries(resource.props).map(([key, value]) => [key, visit(value)] as const);
        runner.push({ ...resource, props: Object.fromEntries(props.map(([key, v]) => [key, v.runner])) });
        wire.push({ ...resource, props: Object.fromEntries(props.map(([key, v]) => [key, v.wire])) });
    }
    return { runner, wire };
}

function mulberry32(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
