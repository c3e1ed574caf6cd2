/**
 * The offline engine's plain data: a plan and its resources, findings, routing, loops, the
 * PutEvents entries events start from, and what a simulated webhook request takes and gives.
 * Every module of the engine (and the CLI, and users' tests) reads these; this module imports
 * only types, from the layers below, so it sits under all of them.
 */
import type {
    EnforcementLevel, PolicyPackConfig, ResourceValidationPolicy, Severity, StackValidationPolicy,
} from "@pulumi/policy/policy";
import type { ProviderName, SenderAuthentication } from "../providers";

// A plan

/** One resource the program would create, as a preview shows it. */
export interface PlannedResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    /** URN of the parent (a component, or the stack when absent). */
    readonly parent?: string;
    /** False for component resources. */
    readonly custom: boolean;
    /**
     * The inputs as the program passed them. A value that only exists after deployment (in a
     * `preview` plan) is `unknown`, a secret is `secret`; archives show as `{ archive: ... }`
     * (its path, URI or file count), with `bundle` when it is one of this package's handler
     * bundles (`webhook`, `webhook-s3`, `batch-processor`) and, for a WebhookIngress with a hook,
     * the bundled hook's code as `"hook.js"` (what `simulate` runs).
     */
    readonly inputs: Record<string, any>;
    /**
     * For components: the outputs they registered (same conventions as inputs). For resources
     * in a resolved plan: what the provider computes (id, ARN, auto-named physical name, URLs).
     */
    readonly outputs?: Record<string, any>;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

export interface PlanOptions {
    /** The Pulumi project name (config keys without a namespace belong to it). Default "project". */
    readonly project?: string;
    /** Default "dev". */
    readonly stack?: string;
    /** Stack configuration: `key` or `namespace:key` to a value (non-strings are JSON-encoded). */
    readonly config?: Record<string, unknown>;
    /** Config keys whose values are secrets. */
    readonly secretKeys?: readonly string[];
    /**
     * False (default): a resolved plan. The program runs as an update under mocks that answer
     * every resource as AWS would (auto-named physical names, ids, ARNs in each service's format,
     * in `account` and the stack's `aws:region`), so every apply resolves and every policy
     * document is concrete. True: only what `pulumi preview` can know; the rest is unknown.
     */
    readonly preview?: boolean;
    /** The account ARNs are placed in (default 123456789012, AWS's documentation placeholder). */
    readonly account?: string;
    /**
     * Keep stack traces (default false). Pulumi captures one for every promise it creates, which
     * is most of a large plan's allocations and time; without them, errors the program throws
     * keep their messages but not their frames.
     */
    readonly stackTraces?: boolean;
    /** Policies to run; default the whole eventbridge-kit pack. */
    readonly policies?: readonly AnyPolicy[];
    /** Per-policy enforcement levels and configuration, as in a policy pack config file. */
    readonly policyConfig?: PolicyPackConfig;
    /**
     * Look for loops between buses (see {@link Plan.loops}); false skips it, e.g. when you
     * simulate the events yourself. Resolved plans only.
     * @default true
     */
    readonly loopCheck?: boolean;
}

export interface Plan {
    readonly project: string;
    readonly stack: string;
    readonly preview: boolean;
    /** Where the resolved plan places resources (the stack's aws:region, the given account). */
    readonly account: string;
    readonly region: string;
    readonly resources: readonly PlannedResource[];
    /** The policy pack's findings, in pack order. */
    readonly findings: readonly Finding[];
    /** Webhook endpoints → buses → rules → targets. */
    readonly routing: RoutingGraph;
    /** What the program exported (stack outputs). */
    readonly outputs: Record<string, any>;
    /** Warnings the program and its components logged. */
    readonly warnings: readonly string[];
    /**
     * Loops between buses: every rule's `examples.match` events and every built-in sample of
     * each WebhookIngress's provider (through the real handler) are simulated through the
     * stack, following event-bus targets and targets that declare `emits`. Empty in a preview
     * plan (the ARNs targets are given are unknown there) or with `loopCheck: false`.
     */
    readonly loops: readonly PlanLoop[];
    /** What the loop check could not follow, and why (e.g. a sample the ingress's handler refused). */
    readonly loopCheckSkipped: readonly string[];
}

// Policy findings

/** One violation reported by a policy. */
export interface Finding {
    readonly policyName: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly severity?: Severity;
    readonly description: string;
    readonly message: string;
    readonly remediationSteps?: string;
    /** The resource the violation is about (absent for stack-wide findings). */
    readonly urn?: string;
    readonly resourceType?: string;
    readonly resourceName?: string;
}

/** Any policy of a CrossGuard pack (resource or stack validation). */
export type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

// Routing: webhook endpoints → buses → rules → targets

/** A public endpoint that turns requests into events. */
export interface RoutingWebhook {
    readonly id: string;
    readonly name: string;
    readonly urn: string;
    /** github, twilio, stripe, bird, hmac, standardWebhooks, slack, shopify, gitlab, when the component says so. */
    readonly provider?: string;
    /** How the sender's requests are authenticated, when the provider is known (e.g. GitLab's shared token, not a signature). */
    readonly authentication?: SenderAuthentication;
    /** "function URL", "ALB :443"... */
    readonly endpoint: string;
    /** Where requests are stored before they become events (the Bird flow). */
    readonly via?: string;
    /** Ids of the buses it publishes to. */
    readonly buses: readonly string[];
    /** The GitHub redelivery function (WebhookIngress `githubRedelivery`), when the ingress has one. */
    readonly redelivery?: RoutingRedelivery;
    /** Durable acceptance: where entries PutEvents did not confirm go, and the function that redrives them to the bus. */
    readonly durable?: RoutingDurablePath;
}

/** A scheduled function that asks GitHub to redeliver the ingress's failed deliveries. */
export interface RoutingRedelivery {
    /** The function's resource name. */
    readonly function: string;
    /** Its schedule expression, when known. */
    readonly schedule?: string;
    /** Which webhook: "GitHub App", "repository acme/app hook 42", "organization acme hook 7". */
    readonly hook?: string;
}

export interface RoutingBus {
    readonly id: string;
    /** The bus name: its physical name when set, else its resource name; "default" for the default bus. */
    readonly name: string;
    readonly urn?: string;
    readonly archives: readonly { name: string; retentionDays?: number }[];
}

export interface RoutingTarget {
    readonly id: string;
    /** The destination's name (function, state machine, queue, API destination...). */
    readonly name: string;
    readonly urn: string;
    readonly kind: string;
    readonly deadLetterQueue?: string;
    readonly inputTransformer: boolean;
    /** When an ingress on the rule's bus can send a larger event than the target accepts: what it accepts and the fix. */
    readonly sizeAdvisory?: string;
}

export interface RoutingRule {
    readonly id: string;
    /** The SafeRule's name, or the rule resource's. */
    readonly name: string;
    readonly urn: string;
    readonly bus: string;
    /** The event pattern; "unknown" when it only exists after deployment. */
    readonly pattern?: object | "unknown";
    /** One line: `source=github.com detail-type=push detail.payload.ref=refs/heads/main`. */
    readonly summary: string;
    readonly targets: readonly RoutingTarget[];
}

export interface RoutingEdge {
    readonly from: string;
    readonly to: string;
    readonly label?: string;
}

/** Webhook endpoints → buses → rules → targets, derived from the planned resources. */
export interface RoutingGraph {
    readonly webhooks: readonly RoutingWebhook[];
    readonly buses: readonly RoutingBus[];
    readonly rules: readonly RoutingRule[];
    readonly edges: readonly RoutingEdge[];
}

export interface RoutingDurablePath {
    /** The store's bucket (resource name). */
    readonly store: string;
    /** The redrive function (resource name). */
    readonly redrive: string;
    readonly deadLetterQueue?: string;
    /** The sweep's schedule expression, e.g. `rate(5 minutes)`. */
    readonly sweep?: string;
}

// Events and loops

/** An entry as given to PutEvents (what a producer, or the webhook handler, sends). */
export interface PutEventsEntry {
    readonly Source?: string;
    readonly DetailType?: string;
    /** The detail as JSON text. */
    readonly Detail?: string;
    /** Bus name or ARN; the default bus when absent. */
    readonly EventBusName?: string;
    readonly Resources?: readonly string[];
    readonly Time?: string | Date;
}

/** A step of a loop: a bus, a rule, or a target that publishes (declared `emits`) back onto a bus. */
export interface LoopStep {
    readonly kind: "bus" | "rule" | "target";
    readonly id: string;
    readonly name: string;
}

/** A cycle between buses, and what started it. */
export interface PlanLoop {
    /** Starts and ends on the same bus: bus → rule (→ publishing target) → bus … */
    readonly cycle: readonly LoopStep[];
    /** `bus-a → a-to-b → bus-b → b-to-a → bus-a`. */
    readonly text: string;
    /** What sent the event round: `rule a-to-b examples.match[0]`, `webhook github-webhook github:push`. */
    readonly startedBy: readonly string[];
}

// Simulated webhook requests

/** One delivery: the body as the provider sends it, and for GitHub (or a typed hmac ingress) its event type. */
export interface WebhookSample {
    /** GitHub: the `X-GitHub-Event`; Shopify: the topic; GitLab: the `X-Gitlab-Event`; hmac: the value of the ingress's detail-type header. */
    readonly event?: string;
    /** GitHub's JSON payload, Stripe's event object, Twilio's form fields, a Bird batch (an array of records), an hmac JSON body. */
    readonly body: Record<string, unknown> | Record<string, unknown>[];
}

export type SimulatedProvider = ProviderName;

export interface WebhookRequestOptions {
    /** A built-in sample of the provider, by name (see {@link webhookSamples}); default its first. */
    readonly sample?: string;
    /** GitHub: the `X-GitHub-Event` to send `body` as; hmac: the value of the ingress's detail-type header. */
    readonly event?: string;
    /** Your own delivery instead of a sample: GitHub's JSON payload, Stripe's event object, Twilio's form fields, a Bird batch (array), an hmac JSON body. */
    readonly body?: WebhookSample["body"];
    /** The ingress to use when the stack has several for the provider (its WebhookIngress name). */
    readonly ingress?: string;
    /** The secret's text on both sides (default a fixed test secret: it never leaves the process; Bird basic auth: `{"username", "password"}` JSON). */
    readonly secret?: string;
    /** The clock the handler and the signature use (default 2026-11-30T08:00:00Z). */
    readonly now?: number;
    /**
     * EventBridge confirms nothing while the webhook handler runs (an outage): shows the durable
     * path of an ingress with durable acceptance (the entries stored, then sent on by the real
     * redrive function once PutEvents is back), and the 503 of one without.
     */
    readonly outage?: boolean;
}

/** An object the handlers wrote to the in-memory S3. */
export interface StoredObject {
    readonly bucket: string;
    readonly key: string;
    /** The bytes as UTF-8 text. */
    readonly body: string;
    /** S3 user metadata (a raw delivery's provider, batch id, receivedAt...). */
    readonly metadata?: Record<string, string>;
}

/** What the ingress answered and put on the bus. */
export interface WebhookResult {
    readonly provider: SimulatedProvider;
    /** The WebhookIngress the request went to. */
    readonly ingress: string;
    /** How the request reached the handler: a function URL (payload format 2.0) or the ingress's load balancer (an ALB target event). */
    readonly endpoint: "functionUrl" | "alb";
    /** The handler's HTTP status (200 once every entry is on the bus, or the raw delivery in S3). */
    readonly status: number;
    readonly responseBody: string;
    /**
     * The PutEvents entries, exactly as sent: by the webhook handler, or with S3 delivery (Bird)
     * by the batch processor run on the stored delivery, one entry per record.
     */
    readonly entries: readonly PutEventsEntry[];
    /** Objects written to S3: the raw delivery (S3 delivery), and events too large for one entry (`largeEvents`). */
    readonly objects: readonly StoredObject[];
    /** With S3 delivery: the batch processor's run over the stored delivery (absent when the ingress emits no events). */
    readonly batchProcessor?: { readonly batches: number; readonly events: number; readonly putEventsCalls: number };
    /** The handler's clock when it received the request (ms since the epoch). */
    readonly receivedAt: number;
    /**
     * With `outage` and durable acceptance: the objects the webhook stored in the durable store,
     * and the redrive function's run over them once PutEvents is back (it put `entries` on the bus).
     */
    readonly durable?: { readonly redrive: string; readonly stored: readonly string[]; readonly run: DurableRedriveRun };
    /**
     * The ingress's hook (WebhookIngress `hook`), absent when it has none: `simulated: ...` when
     * its bundled hook.js, from the plan's code archive, ran in the function that runs it when
     * deployed (the webhook handler, or the batch processor with S3 delivery); `not simulated:
     * <why>` when it could not run (the handler code is the program's own `handlerArchive`, or
     * the hook's code is not in the plan), and the events went through without it.
     */
    readonly hook?: string;
    /**
     * The ingress's GitHub redelivery function (WebhookIngress `githubRedelivery`), absent when it
     * has none: not run by the simulation (it talks to GitHub), shown because it brings back the
     * deliveries the handler answered with an error or never saw.
     */
    readonly redelivery?: RoutingRedelivery;
}

/** What the durable-acceptance redrive function did with the objects it was notified of. */
export interface DurableRedriveRun {
    readonly objects: number;
    readonly delivered: number;
    readonly completed: number;
    readonly deadLettered: number;
    readonly remaining: number;
}
