import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { RuleTargetContext } from "../../components/rules/target";
import { RecordingMocks } from "../../testing/mocks";

export const TOKEN = "plain-chat-token-1234";
export const ENDPOINT = "https://hooks.example.com/services/T000/B000";

/** A pull_request "opened" event in EventBridge's envelope, shared by the attach and delivery tests. */
export const prOpened = {
    version: "0",
    id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": "pull_request",
    source: "github.com",
    account: "123456789012",
    time: "2026-11-22T08:00:00Z",
    region: "us-east-1",
    resources: [],
    detail: { action: "opened", number: 42, repository: { full_name: "acme/api", name: "api" }, pull_request: { title: "Add retries" } },
};

/** Fresh mocks for one test, in normal or preview mode. */
export async function freshMocks(preview = false): Promise<RecordingMocks> {
    const mocks = new RecordingMocks();
    await mocks.install({ preview });
    return mocks;
}

/** A RuleTargetContext as SafeRule builds it, with the warnings it receives collected. */
export function ruleContext(overrides: Partial<RuleTargetContext> = {}): RuleTargetContext & { warnings: string[] } {
    const parent = new pulumi.ComponentResource("test:index:Rule", "rule-parent");
    const rule = new aws.cloudwatch.EventRule("rule", { eventPattern: JSON.stringify({ source: ["github.com"] }) }, { parent });
    const warnings: string[] = [];
    return {
        ruleName: "pr-rule",
        index: 0,
        parent,
        rule,
        ruleArn: rule.arn,
        eventBusName: pulumi.output("default"),
        maximumEventAgeInSeconds: 86_400,
        maximumRetryAttempts: 185,
        hasDeadLetterQueue: true,
        matchExamples: [],
        warn: (message: string) => { warnings.push(message); },
        ...overrides,
        warnings,
    };
}

/** The error an Output fails with (an apply that throws), or undefined when it resolves. */
export async function outputError(output: pulumi.Output<unknown>): Promise<Error | undefined> {
    try {
        await (output as unknown as { promise(): Promise<unknown> }).promise();
        return undefined;
    } catch (err) {
        return err as Error;
    }
}

/** Runs `fn` and returns the message it throws (fails the test when it does not throw). */
export function thrown(fn: () => unknown): string {
    try {
        fn();
    } catch (err) {
        return (err as Error).message;
    }
    throw new Error("expected an error, but none was thrown");
}

/** A policy document's statements, parsed from its JSON. */
export function statements(json: string): any[] {
    return JSON.parse(json).Statement;
}

/**
 * Mock inputs with Pulumi's secret wrappers removed. A property holding any secret is sent to
 * the engine as one secret (the whole property), which the recording mocks keep as is.
 */
export function revealed(value: any): any {
    if (Array.isArray(value)) {
        return value.map(revealed);
    }
    if (value && typeof value === "object") {
        if (value[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) {
            return revealed(value.value);
        }
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revealed(v)]));
    }
    return value;
}

/** Whether a recorded input is wrapped as a secret. */
export function isSecretInput(value: any): boolean {
    return !!value && typeof value === "object" && value[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig;
}
