/** rule-matches-ingress-events for the Standard Webhooks, Slack, Shopify and GitLab ingresses: their documented detail-types. */
import * as assert from "assert";
import { ruleMatchesIngressEvents } from "../../policy";
import { check, res, T, urn } from "./helpers";

const bus = res(T.bus, "hooks", { name: "hooks", arn: "arn:aws:events:us-east-1:123456789012:event-bus/hooks" });

function ingress(name: string, provider: string, options: object = {}) {
    return [
        res(T.ingress, name, {}),
        res(T.fn, `${name}-webhook`, {
            environment: { variables: { EBK_PROVIDER: provider, EBK_PROVIDER_OPTIONS: JSON.stringify(options), EBK_EVENT_BUS_NAME: "arn:aws:events:us-east-1:123456789012:event-bus/hooks" } },
        }, { parent: urn(T.ingress, name), propertyDependencies: { environment: [urn(T.bus, "hooks")] } }),
    ];
}

function rule(name: string, pattern: unknown) {
    return res(T.rule, name, { eventBusName: "hooks", eventPattern: JSON.stringify(pattern) }, { propertyDependencies: { eventBusName: [urn(T.bus, "hooks")] } });
}

const INGRESSES = [bus, ...ingress("gitlab", "gitlab"), ...ingress("shop", "shopify"), ...ingress("slack", "slack"), ...ingress("billing", "standardWebhooks", { source: "com.example.billing" })];

describe("policy: rule-matches-ingress-events for the newer senders", () => {
    it("reports a GitLab event spelt otherwise, a Shopify topic in its GraphQL form, a Slack type in another case and a source one slip away", async () => {
        const findings = await check(ruleMatchesIngressEvents, [...INGRESSES,
            rule("pushes", { source: ["gitlab.com"], "detail-type": ["Push hook"] }),
            rule("orders", { source: ["shopify.com"], "detail-type": ["ORDERS_CREATE"] }),
            rule("mentions", { source: ["slack.com"], "detail-type": ["AppMention"] }),
            rule("bare", { source: ["gitlab"], "detail-type": ["Push Hook"] })]);
        const messages = findings.map((f) => f.message).sort();
        assert.strictEqual(messages.length, 4, messages.join("\n"));
        assert.match(messages[0], /^Event rule "bare": source: WebhookIngress "gitlab" \(gitlab\) emits source "gitlab.com", never "gitlab"/);
        assert.match(messages[1], /^Event rule "mentions": detail-type: WebhookIngress "slack" \(slack\) never emits detail-type "AppMention"/);
        assert.match(messages[2], /^Event rule "orders": detail-type: WebhookIngress "shop" \(shopify\) never emits detail-type "ORDERS_CREATE"/);
        assert.match(messages[3], /^Event rule "pushes": detail-type: WebhookIngress "gitlab" \(gitlab\) never emits detail-type "Push hook", so the rule never matches it; did you mean "Push Hook"\?/);
    });

    it("passes the documented types, any Standard Webhooks type under its configured source, and metadata fields the senders set", async () => {
        const findings = await check(ruleMatchesIngressEvents, [...INGRESSES,
            rule("pushes", { source: ["gitlab.com"], "detail-type": ["Push Hook", "Merge Request Hook"] }),
            rule("orders", { source: ["shopify.com"], "detail-type": ["orders/create"], detail: { metadata: { shopDomain: ["a.myshopify.com"] } } }),
            rule("mentions", { source: ["slack.com"], "detail-type": ["app_mention", "block_actions"], detail: { metadata: { retryNum: [{ exists: false }] } } }),
            rule("paid", { source: ["com.example.billing"], "detail-type": ["invoice.paid"] })]);
        assert.deepStrictEqual(findings.map((f) => f.message), []);
    });

    it("github.com beside gitlab.com is another sender's source, not a typo of GitLab's (both on one bus)", async () => {
        const findings = await check(ruleMatchesIngressEvents, [bus, ...ingress("gitlab", "gitlab"), ...ingress("github", "github"),
            rule("pushes", { source: ["github.com"], "detail-type": ["push"] }),
            rule("typo", { source: ["gitlab.co"], "detail-type": ["Push Hook"] })]);
        assert.deepStrictEqual(findings.map((f) => f.message), [
            'Event rule "typo": source: WebhookIngress "gitlab" (gitlab) emits source "gitlab.com", never "gitlab.co", so the rule never matches its events; did you mean "gitlab.com"?',
        ]);
    });
});
