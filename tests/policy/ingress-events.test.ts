import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { providers, SafeRule, targets, WebhookIngress } from "../../components";
import { ruleMatchesIngressEvents } from "../../policy";
import { plan } from "../../testing";
import { assertMessages, check, res, T, unknownValue, urn } from "./helpers";

const BUS_ARN = "arn:aws:events:us-east-1:123456789012:event-bus/hooks";

/** A WebhookIngress as the component builds it: the handler function, its environment naming the bus. */
function ingress(name: string, provider: string, extra: Record<string, unknown> = {}, busName = "hooks") {
    return [
        res(T.ingress, name, {}),
        res(T.fn, `${name}-webhook`, {
            environment: { variables: { EBK_PROVIDER: provider, EBK_PROVIDER_OPTIONS: "{}", EBK_EVENT_BUS_NAME: `arn:aws:events:us-east-1:123456789012:event-bus/${busName}`, ...extra } },
        }, { parent: urn(T.ingress, name), propertyDependencies: busName === "hooks" ? { environment: [urn(T.bus, "hooks")] } : {} }),
    ];
}

function rule(name: string, pattern: unknown, busName: string | typeof unknownValue = "hooks") {
    return res(T.rule, name, { eventBusName: busName, eventPattern: JSON.stringify(pattern) }, { propertyDependencies: busName === "hooks" ? { eventBusName: [urn(T.bus, "hooks")] } : {} });
}

const bus = res(T.bus, "hooks", { name: "hooks", arn: BUS_ARN });

describe("policy: rule-matches-ingress-events", () => {
    it("reports a field the provider's payloads never have, with the field meant (mandatory by default)", async () => {
        const findings = await check(ruleMatchesIngressEvents, [bus, ...ingress("github", "github"),
            rule("pr-opened", { source: ["github.com"], "detail-type": ["pull_request"], detail: { action: ["opened"] } })]);
        assertMessages(findings, [
            'Event rule "pr-opened": detail.action: no pull_request event from WebhookIngress "github" (github) has this field, so the rule never matches; did you mean detail.payload.action?',
        ]);
        assert.strictEqual(findings[0].message, 'Event rule "pr-opened": detail.action: no pull_request event from WebhookIngress "github" (github) has this field, so the rule never matches; did you mean detail.payload.action?');
        assert.strictEqual(findings[0].enforcementLevel, "mandatory");
        assert.strictEqual(findings[0].resourceName, "pr-opened");
    });

    it("reports a typo in a field, a detail-type the ingress never sends and a source one slip away", async () => {
        const findings = await check(ruleMatchesIngressEvents, [bus, ...ingress("github", "github"),
            rule("merged", { source: ["github.com"], "detail-type": ["pull_request"], detail: { payload: { pull_request: { mergd: [true] } } } }),
            rule("typo-type", { source: ["github.com"], "detail-type": ["pull_requests"] }),
            rule("inherited-name", { source: ["github.com"], "detail-type": ["constructor"] }),
            rule("bare-source", { source: ["github"], "detail-type": ["push"] })]);
        assert.deepStrictEqual(findings.map((f) => f.message).sort(), [
            'Event rule "bare-source": source: WebhookIngress "github" (github) emits source "github.com", never "github", so the rule never matches its events; did you mean "github.com"?',
            'Event rule "inherited-name": detail-type: WebhookIngress "github" (github) never emits detail-type "constructor", so the rule never matches it; it emits "branch_protection_configuration", "branch_protection_rule", "check_run", "check_suite", "code_scanning_alert", "commit_comment", "create", "custom_property", … (65 in all).',
            'Event rule "merged": detail.payload.pull_request.mergd: no pull_request event from WebhookIngress "github" (github) has this field, so the rule never matches; did you mean detail.payload.pull_request.merged?',
            'Event rule "typo-type": detail-type: WebhookIngress "github" (github) never emits detail-type "pull_requests", so the rule never matches it; did you mean "pull_request"?',
        ]);
    });

    it("checks each $or branch and reads prefix, anything-but and exists matchers", async () => {
        const findings = await check(ruleMatchesIngressEvents, [bus, ...ingress("github", "github"),
            rule("either", { source: ["github.com"], $or: [
                { "detail-type": ["push"], detail: { payload: { ref: [{ prefix: "refs/heads/" }] } } },
                { "detail-type": ["issues"], detail: { payload: { issue: { stat: [{ "anything-but": "open" }] } } } },
            ] }),
            rule("reviews", { source: ["github.com"], "detail-type": [{ prefix: "pull_request_review" }], detail: { payload: { review: { state: ["approved"] }, sender: { login: [{ exists: true }] } } } }),
            rule("unmerged", { source: ["github.com"], "detail-type": ["pull_request"], detail: { payload: { pull_request: { merged_at: [{ exists: false }], mergd_by: [{ exists: false }] } } } })]);
        assertMessages(findings, [
            'Event rule "either": detail.payload.issue.stat: no issues event from WebhookIngress "github" (github) has this field, so the rule never matches; did you mean detail.payload.issue.state?',
            'Event rule "unmerged": detail.payload.pull_request.mergd_by: no pull_request event from WebhookIngress "github" (github) has this field, so `exists: false` holds for every event and filters nothing; did you mean detail.payload.pull_request.merged_by?',
        ]);
    });

    it("passes rules that match what the ingress emits, rules of other sources on the bus, and rules on other buses", async () => {
        const findings = await check(ruleMatchesIngressEvents, [bus, res(T.bus, "other", { name: "other" }), ...ingress("github", "github"), ...ingress("sms", "twilio", {}, "hooks"),
            rule("pr", { source: ["github.com"], "detail-type": ["pull_request"], detail: { payload: { action: ["opened"], pull_request: { merged: [true] } }, metadata: { hookId: [{ exists: true }] } } }),
            rule("push-commits", { source: ["github.com"], "detail-type": ["push"], detail: { payload: { commits: { author: { email: [{ suffix: "@example.com" }] } } } } }),
            rule("failed-sms", { source: ["twilio.com"], "detail-type": ["twilio.message.status"], detail: { payload: { MessageStatus: ["failed"] } } }),
            rule("stream", { source: ["twilio.com"], "detail-type": ["com.twilio.messaging.message.delivered"], detail: { payload: { data: { messageSid: [{ exists: true }] } } } }),
            rule("orders", { source: ["com.example.orders"], detail: { action: ["placed"] } }),
            rule("elsewhere", { source: ["github.com"], detail: { action: ["opened"] } }, "other"),
            rule("unknown-bus", { source: ["github.com"], detail: { action: ["opened"] } }, unknownValue)]);
        assertMessages(findings, []);
    });

    it("reports a target's input transformer path or inputPath that the rule's events do not have", async () => {
        const prRule = rule("pr-to-chat", { source: ["github.com"], "detail-type": ["pull_request"] });
        const target = (name: string, props: Record<string, unknown>) => res(T.target, name, { rule: "pr-to-chat", arn: "arn:aws:lambda:us-east-1:123456789012:function:chat", ...props }, { propertyDependencies: { rule: [urn(T.rule, "pr-to-chat")] } });
        const findings = await check(ruleMatchesIngressEvents, [bus, ...ingress("github", "github"), prRule,
            target("chat", { inputTransformer: { inputPaths: { repo: "$.detail.repository.full_name", n: "$.detail.payload.number", id: "$.id", label: "$.detail.payload.pull_request.labels[0].name", delivery: "$.detail.metadata.deliveryId" }, inputTemplate: "\"<repo>#<n>\"" } }),
            target("raw", { inputPath: "$.detail.pull_request" }),
            target("whole", { inputPath: "$.detail.payload.pull_request" })]);
        assert.deepStrictEqual(findings.map((f) => [f.resourceName, f.message]), [
            ["chat", 'Event target "chat" of rule "pr-to-chat" reads <repo> ($.detail.repository.full_name): no pull_request event from WebhookIngress "github" (github) has this field, so the target never gets a value for it; did you mean $.detail.payload.repository.full_name?'],
            ["raw", 'Event target "raw" of rule "pr-to-chat" reads inputPath ($.detail.pull_request): no pull_request event from WebhookIngress "github" (github) has this field, so the target never gets a value for it; did you mean $.detail.payload.pull_request?'],
        ]);
    });

    it("checks the fields of Stripe's data.object per event type: a typo is reported with the field meant; documented, expandable and older API versions' fields pass", async () => {
        const findings = await check(ruleMatchesIngressEvents, [bus, ...ingress("payments", "stripe"),
            rule("amount-typo", { source: ["stripe.com"], "detail-type": ["payment_intent.succeeded"], detail: { payload: { data: { object: { amont: [{ numeric: [">", 1000] }] } } } } }),
            rule("previous-typo", { source: ["stripe.com"], "detail-type": ["customer.subscription.updated"], detail: { payload: { data: { previous_attributes: { satus: [{ exists: true }] } } } } }),
            rule("big-payments", { source: ["stripe.com"], "detail-type": ["payment_intent.succeeded"], detail: { payload: { data: { object: {
                amount: [{ numeric: [">", 1000] }], customer: [{ prefix: "cus_" }], last_payment_error: { code: ["card_declined"] }, metadata: { order_id: [{ exists: true }] },
            } } } } }),
            // An expanded customer is the Customer object; deeper than the catalogue describes, anything goes.
            rule("expanded", { source: ["stripe.com"], "detail-type": ["payment_intent.succeeded"], detail: { payload: { data: { object: { customer: { email: [{ suffix: "@example.com" }] } } } } } }),
            rule("deep", { source: ["stripe.com"], "detail-type": ["charge.succeeded"], detail: { payload: { data: { object: {
                payment_method_details: { card: { three_d_secure: { result: ["authenticated"] } } },
                application_fee: { account: { business_profile: { annual_revenue: { amount: [{ numeric: [">", 0] }] } } } },
            } } } } }),
            rule("status-change", { source: ["stripe.com"], "detail-type": ["customer.subscription.updated"], detail: { payload: { data: { previous_attributes: { status: ["trialing"] } } } } }),
            // Fields of older API versions (an invoice's subscription and paid, gone from the current
            // one): accounts pinned to those versions receive them, so only a typo is reported.
            rule("older-version", { source: ["stripe.com"], "detail-type": ["invoice.paid"], detail: { payload: { data: { object: { subscription: [{ prefix: "sub_" }], paid: [true] } } } } })]);
        assert.deepStrictEqual(findings.map((f) => [f.resourceName, f.message]), [
            ["amount-typo", 'Event rule "amount-typo": detail.payload.data.object.amont: no payment_intent.succeeded event from WebhookIngress "payments" (stripe) in the Stripe API version of stripe@23.1.0 has this field, so the rule never matches; did you mean detail.payload.data.object.amount?'],
            ["previous-typo", 'Event rule "previous-typo": detail.payload.data.previous_attributes.satus: no customer.subscription.updated event from WebhookIngress "payments" (stripe) in the Stripe API version of stripe@23.1.0 has this field, so the rule never matches; did you mean detail.payload.data.previous_attributes.status?'],
        ]);
    });

    it("follows the ingress's settings: source override, large events, hmac's header, a hook", async () => {
        const findings = await check(ruleMatchesIngressEvents, [bus,
            ...ingress("gh", "github", { EBK_EVENT_SOURCE: "acme.github", EBK_OVERFLOW_BUCKET: "big-events" }),
            ...ingress("hmac", "hmac", { EBK_PROVIDER_OPTIONS: JSON.stringify({ detailTypeHeader: "X-Event" }) }),
            ...ingress("hooked", "stripe", { EBK_HOOK: "1" }),
            rule("overridden", { source: ["acme.github"], "detail-type": ["push"], detail: { payloadPointer: { key: [{ exists: true }] } } }),
            rule("default-source", { source: ["github.com"], "detail-type": ["push"] }),
            rule("generic", { source: ["webhook.hmac"], "detail-type": ["order.created"], detail: { payload: { anything: { at: ["all"] } } } }),
            rule("generic-metadata", { source: ["webhook.hmac"], detail: { metadata: { hookId: ["1"] } } }),
            rule("hooked", { source: ["stripe.com"], "detail-type": ["made.up"] })]);
        assertMessages(findings, ['Event rule "generic-metadata": detail.metadata.hookId: no event from WebhookIngress "hmac" (hmac) has this field']);
    });

    it("the README's old SafeRule example, planned with its WebhookIngress, is flagged with the field meant", async function () {
        this.timeout(60_000);
        const result = await plan(() => {
            const hooks = new aws.cloudwatch.EventBus("github", { name: "dev-github" });
            new WebhookIngress("github", { provider: providers.github(), eventBus: hooks, secret: { value: pulumi.secret("s3cret") } });
            const queue = new aws.sqs.Queue("notify", { sqsManagedSseEnabled: true });
            // As the README had it: pattern and examples agree with each other, not with what WebhookIngress emits.
            const samplePrOpened = { source: "github.com", "detail-type": "pull_request", detail: { action: "opened", number: 42, repository: { full_name: "acme/api" } } };
            const samplePrClosed = { ...samplePrOpened, detail: { ...samplePrOpened.detail, action: "closed" } };
            new SafeRule("pr-opened", {
                eventBus: hooks,
                pattern: { source: ["github.com"], "detail-type": ["pull_request"], detail: { action: ["opened"] } },
                examples: { match: { samplePrOpened }, noMatch: { samplePrClosed } },
                targets: [targets.queue(queue)],
            });
        });
        const mine = result.findings.filter((f) => f.policyName === "rule-matches-ingress-events");
        assert.deepStrictEqual(mine.map((f) => [f.enforcementLevel, f.message]), [["mandatory",
            'Event rule "pr-opened": detail.action: no pull_request event from WebhookIngress "github" (github) has this field, so the rule never matches; did you mean detail.payload.action?']]);
    });
});
