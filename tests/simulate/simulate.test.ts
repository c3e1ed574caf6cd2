import * as assert from "assert";
import * as path from "path";
import * as aws from "@pulumi/aws";
import { planProgram } from "../../cli/eventbridge-kit";
import { providers, SafeRule, targets, WebhookIngress } from "../../components";
import { plan, Plan, simulate, simulateWebhook } from "../../testing";

const TIME = "2026-11-30T08:00:00Z";
const ID = "6f1b2c3d-0000-4000-8000-000000000001";
const example = (name: string) => path.join(__dirname, "..", "..", "examples", name);

/** The event EventBridge builds from an entry put on a bus of the resolved plan (account 123456789012, us-east-1). */
function eventOf(source: string, detailType: string, detail: object): object {
    return { version: "0", id: ID, "detail-type": detailType, source, account: "123456789012", time: TIME, region: "us-east-1", resources: [], detail };
}

describe("simulate: one event through a resolved plan", function () {
    this.timeout(60_000);

    describe("a loop across two buses", () => {
        let result: Plan;
        before(async () => {
            // The same program the CLI test simulates.
            result = await planProgram(path.join(__dirname, "fixtures", "two-bus-loop"), "dev", { policies: [] });
        });

        it("reports the cycle rule → bus → rule → bus", async () => {
            const trace = await simulate(result, { Source: "app.orders", DetailType: "created", Detail: "{}", EventBusName: "bus-a" }, { time: TIME });
            assert.deepStrictEqual(trace.loops.map((l) => l.text), ["bus-a → a-to-b → bus-b → b-to-a → bus-a"]);
            assert.deepStrictEqual(trace.loops[0].cycle.map((s) => s.kind), ["bus", "rule", "bus", "rule", "bus"]);
            assert.deepStrictEqual(trace.deliveries.map((d) => d.busName), ["bus-a", "bus-b"]);
            assert.deepStrictEqual(trace.deliveries[1].from, { rule: trace.deliveries[0].rules[0].id, target: trace.targets[0].id, bus: trace.deliveries[0].bus });
        });

        it("an event neither rule matches stops on the first bus, with the reason", async () => {
            const trace = await simulate(result, { Source: "app.billing", DetailType: "created", Detail: "{}", EventBusName: "bus-a" }, { time: TIME });
            assert.deepStrictEqual(trace.loops, []);
            assert.deepStrictEqual(trace.deliveries.map((d) => d.rules.map((r) => [r.name, r.matched, r.reason])), [
                [["a-to-b", false, '$.source: event has "app.billing", pattern wants one of ["app.orders"]']],
            ]);
        });

        it("names the buses when the entry's bus is not in the stack", async () => {
            await assert.rejects(simulate(result, { Source: "x", DetailType: "y", EventBusName: "nope" }), /no bus "nope" in the stack \(buses: bus-a, bus-b\)/);
        });
    });

    describe("examples/twilio-to-lambda", () => {
        let result: Plan;
        before(async () => { result = await planProgram(example("twilio-to-lambda"), "dev"); });

        it("a failed message: the Lambda gets the rendered transformer, the audit queue the event", async () => {
            const detail = { metadata: { provider: "twilio", deliveryId: "d-1" }, payload: { MessageSid: "SM1", MessageStatus: "failed", To: "+15558675310", ErrorCode: "30007" } };
            const trace = await simulate(result, { Source: "twilio.com", DetailType: "twilio.message.status", Detail: JSON.stringify(detail) }, { time: TIME });
            const inputs = Object.fromEntries(trace.targets.map((t) => [t.kind, t.input]));
            assert.deepStrictEqual(Object.keys(inputs).sort(), ["lambda", "queue"]);
            assert.strictEqual(inputs.lambda, '{"messageSid": "SM1", "status": "failed", "errorCode": "30007", "to": "+15558675310", "deliveryId": "d-1"}');
            assert.deepStrictEqual(JSON.parse(inputs.queue), eventOf("twilio.com", "twilio.message.status", detail));
        });

        it("a delivered message reaches only the audit queue; the failed rule says why not", async () => {
            const detail = { metadata: { provider: "twilio", deliveryId: "d-2" }, payload: { MessageSid: "SM2", MessageStatus: "delivered" } };
            const trace = await simulate(result, { Source: "twilio.com", DetailType: "twilio.message.status", Detail: JSON.stringify(detail) }, { time: TIME });
            assert.deepStrictEqual(trace.targets.map((t) => t.kind), ["queue"]);
            const failed = trace.deliveries[0].rules.find((r) => !r.matched);
            assert.match(failed?.reason ?? "", /^\$\.detail\.payload\.MessageStatus: event has "delivered"/);
        });

        it("a signed status callback through the real handler: the Lambda gets the transformer's output", async () => {
            const run = await simulateWebhook(result, "twilio", { sample: "failed" });
            assert.strictEqual(run.webhook.status, 200);
            assert.strictEqual(run.webhook.entries.length, 1);
            const deliveryId = JSON.parse(run.webhook.entries[0].Detail ?? "{}").metadata.deliveryId;
            assert.match(deliveryId, /^[0-9a-f]{32}$/);
            const lambda = run.traces[0].targets.find((t) => t.kind === "lambda");
            assert.strictEqual(lambda?.input,
                `{"messageSid": "SM0123456789abcdef0123456789abcdef", "status": "failed", "errorCode": "30007", "to": "+15558675310", "deliveryId": "${deliveryId}"}`);
        });
    });

    describe("examples/github-to-stepfunctions, through the real webhook handler", () => {
        let result: Plan;
        before(async () => { result = await planProgram(example("github-to-stepfunctions"), "dev"); });

        const metadata = { provider: "github", deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958", receivedAt: "2026-11-30T08:00:00.000Z" };

        it("pull_request opened: the entry the handler puts on the bus, and the Step Functions execution input", async () => {
            const run = await simulateWebhook(result, "github", { sample: "pull_request.opened" });
            const payload = { action: "opened", number: 42, pull_request: { number: 42, draft: false, title: "Add retries", state: "open" }, repository: { id: 1296269, full_name: "octocat/Hello-World" } };
            assert.deepStrictEqual(run.webhook.entries, [{
                EventBusName: "arn:aws:events:us-east-1:123456789012:event-bus/github-dev",
                Source: "github.com",
                DetailType: "pull_request",
                Detail: JSON.stringify({ metadata, payload }),
            }]);
            assert.deepStrictEqual(run.traces[0].targets.map((t) => [t.kind, t.name]), [["stateMachine", "github-review"]]);
            assert.deepStrictEqual(JSON.parse(run.traces[0].targets[0].input), eventOf("github.com", "pull_request", { metadata, payload }));
            assert.deepStrictEqual(run.loops, []);
        });

        it("push to main: the Lambda payload; the pull-request rule says which field failed", async () => {
            const run = await simulateWebhook(result, "github", { sample: "push" });
            const [trace] = run.traces;
            assert.deepStrictEqual(trace.targets.map((t) => [t.kind, t.name]), [["lambda", "github-on-push"]]);
            const payload = JSON.parse(run.webhook.entries[0].Detail ?? "{}").payload;
            assert.strictEqual(payload.ref, "refs/heads/main");
            assert.deepStrictEqual(JSON.parse(trace.targets[0].input), eventOf("github.com", "push", { metadata, payload }));
            assert.deepStrictEqual(trace.deliveries[0].archives, ["github-archive"]);
            const prRule = trace.deliveries[0].rules.find((r) => r.name === "github-pr-opened");
            assert.strictEqual(prRule?.reason, '$.detail-type: event has "push", pattern wants one of ["pull_request"]');
        });

        it("refuses a provider the stack has no ingress for, naming the ingresses", async () => {
            await assert.rejects(simulateWebhook(result, "stripe"), /no stripe WebhookIngress \(webhooks: github-webhook \(github\)\)/);
        });
    });

    describe("examples/api-destinations", () => {
        let result: Plan;
        before(async () => { result = await planProgram(example("api-destinations"), "dev", { policies: [] }); });

        it("each API destination's HTTP request, credentials redacted", async () => {
            const detail = { metadata: { provider: "github", deliveryId: "d-7" }, payload: { action: "opened", number: 7, pull_request: { title: "T", html_url: "https://github.com/acme/api/pull/7" }, repository: { full_name: "acme/api" }, sender: { login: "octo" } } };
            const trace = await simulate(result, { Source: "github.com", DetailType: "pull_request", Detail: JSON.stringify(detail) }, { time: TIME });
            const requests = Object.fromEntries(trace.targets.map((t) => [t.name, t.request]));
            assert.deepStrictEqual(Object.keys(requests).sort(), ["prs-chat", "prs-ci", "prs-tracker-reviews"]);
            const eventBody = JSON.stringify(eventOf("github.com", "pull_request", detail));
            assert.deepStrictEqual(requests["prs-ci"], {
                method: "POST",
                url: "https://ci.example.com/hooks/pull-requests?source=eventbridge",
                headers: {
                    "Content-Type": "application/json; charset=utf-8", "X-GitHub-Delivery": "d-7", Authorization: "Basic <redacted>",
                    "User-Agent": "Amazon/EventBridge/ApiDestinations", Range: "bytes=0-1048575", Host: "ci.example.com", "Content-Length": String(eventBody.length),
                },
                body: eventBody,
            });
            assert.strictEqual(requests["prs-tracker-reviews"]?.headers.Authorization, "Bearer <redacted>");
            assert.strictEqual(requests["prs-tracker-reviews"]?.body, '{"kind": "review-requested", "repository": "acme/api", "pullRequest": 7, "author": "octo"}');
            assert.strictEqual(requests["prs-chat"]?.headers.Authorization, "<redacted>");
        });
    });

    describe("a Stripe ingress", () => {
        it("a signed event through the real handler reaches the queue its rule targets, with the message group", async () => {
            const result = await plan(() => {
                const bus = new aws.cloudwatch.EventBus("payments", { name: "payments" });
                new WebhookIngress("stripe", { provider: providers.stripe(), secret: { value: "whsec_test" }, eventBus: bus });
                const queue = new aws.sqs.Queue("succeeded", { fifoQueue: true, sqsManagedSseEnabled: true });
                new SafeRule("succeeded", {
                    eventBus: bus,
                    pattern: { source: ["stripe.com"], "detail-type": ["payment_intent.succeeded"] },
                    targets: [targets.queue(queue, { messageGroupId: "payments" })],
                });
            }, { policies: [] });
            const run = await simulateWebhook(result, "stripe");
            assert.strictEqual(run.webhook.status, 200, run.webhook.responseBody);
            assert.deepStrictEqual(run.webhook.entries.map((e) => [e.Source, e.DetailType]), [["stripe.com", "payment_intent.succeeded"]]);
            const [queue] = run.traces[0].targets;
            assert.strictEqual(queue.kind, "queue");
            assert.strictEqual(queue.messageGroupId, "payments");
            assert.deepStrictEqual(JSON.parse(queue.input).detail, JSON.parse(run.webhook.entries[0].Detail ?? ""));
        });
    });
});
