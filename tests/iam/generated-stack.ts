/**
 * Random stacks for the IAM oracle: a few SafeRules on one or two buses, each with targets of
 * random kinds drawn from shared pools (so one function, queue, destination or dead-letter
 * queue serves several rules, the cases shared policies get wrong).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as fc from "fast-check";
import { ApiDestinationTarget, auth, RuleTarget, SafeRule, targets } from "../../components";

export const TARGET_KINDS = ["lambda", "queue", "topic", "stateMachine", "eventBus", "apiDestination"] as const;
export type TargetKind = typeof TARGET_KINDS[number];

export interface GeneratedRule {
    readonly bus: number;
    /** [kind, which member of that kind's pool], distinct within a rule. */
    readonly targets: readonly (readonly [TargetKind, number])[];
    /** "create" (the default), "shared" (one queue of the program for every such rule) or false. */
    readonly deadLetterQueue: "create" | "shared" | false;
}

export interface GeneratedStack {
    readonly buses: number;
    readonly rules: readonly GeneratedRule[];
}

const target = fc.tuple(fc.constantFrom(...TARGET_KINDS), fc.integer({ min: 0, max: 1 }));

export const generatedStacks: fc.Arbitrary<GeneratedStack> = fc.integer({ min: 1, max: 2 }).chain((buses) => fc.record({
    buses: fc.constant(buses),
    rules: fc.array(fc.record({
        bus: fc.integer({ min: 0, max: buses - 1 }),
        targets: fc.uniqueArray(target, { minLength: 1, maxLength: 4, selector: ([kind, i]) => `${kind}${i}` }),
        deadLetterQueue: fc.constantFrom<"create" | "shared" | false>("create", "create", "shared", false),
    }), { minLength: 1, maxLength: 4 }),
}));

const code = new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => undefined;") });

function lambdaRole(name: string): aws.iam.Role {
    return new aws.iam.Role(name, {
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    });
}

/** The Pulumi program of a generated stack. */
export function generatedProgram(stack: GeneratedStack): () => void {
    return () => {
        const buses = Array.from({ length: stack.buses }, (_, i) => new aws.cloudwatch.EventBus(`gen-bus-${i}`, { name: `gen-bus-${i}` }));
        // The bus targets publish to: no rule listens there, so no rule triggers itself.
        const sink = new aws.cloudwatch.EventBus("gen-sink", { name: "gen-sink" });
        const pools = new Map<string, RuleTarget>();
        const make = (kind: TargetKind, i: number): RuleTarget => {
            const key = `${kind}${i}`;
            const known = pools.get(key);
            if (known) return known;
            let made: RuleTarget;
            switch (kind) {
                case "lambda":
                    made = targets.lambda(new aws.lambda.Function(`gen-fn-${i}`, { role: lambdaRole(`gen-fn-${i}-role`).arn, runtime: "nodejs22.x", handler: "index.handler", code }));
                    break;
                case "queue":
                    made = targets.queue(new aws.sqs.Queue(`gen-queue-${i}`, { sqsManagedSseEnabled: true }));
                    break;
                case "topic":
                    made = targets.topic(new aws.sns.Topic(`gen-topic-${i}`));
                    break;
                case "stateMachine": {
                    const role = new aws.iam.Role(`gen-machine-${i}-role`, {
                        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
                    });
                    made = targets.stateMachine(new aws.sfn.StateMachine(`gen-machine-${i}`, { roleArn: role.arn, definition: JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Succeed" } } }) }));
                    break;
                }
                case "eventBus":
                    made = targets.eventBus(i === 0 ? sink : "gen-named-sink");
                    break;
                case "apiDestination":
                    made = new ApiDestinationTarget(`gen-api-${i}`, {
                        endpoint: `https://hooks${i}.example.com/services`,
                        method: "POST",
                        rateLimitPerSecond: 5,
                        connection: auth.apiKey("Authorization", pulumi.secret(`token-${i}`)),
                    });
                    break;
            }
            pools.set(key, made);
            return made;
        };
        const sharedDeadLetterQueue = stack.rules.some((r) => r.deadLetterQueue === "shared")
            ? new aws.sqs.Queue("gen-shared-dlq", { sqsManagedSseEnabled: true, messageRetentionSeconds: 1209600 })
            : undefined;
        stack.rules.forEach((rule, index) => {
            new SafeRule(`gen-rule-${index}`, {
                eventBus: buses[rule.bus],
                pattern: { source: [`gen.rule${index}`], "detail-type": ["generated"] },
                targets: rule.targets.map(([kind, i]) => make(kind, i)),
                deadLetterQueue: rule.deadLetterQueue === "shared" ? sharedDeadLetterQueue : rule.deadLetterQueue,
                runtimeGuard: false,
            });
        });
    };
}
