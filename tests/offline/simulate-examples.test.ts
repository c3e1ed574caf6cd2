/**
 * Done-when of the simulation: every example stack with a WebhookIngress, each sample of each
 * provider it ingests, signed and sent through the real handler (and, for Bird, the real batch
 * processor), then through the stack. Per sample: which rules fire (a literal table), and each
 * target's exact input, computed here independently from the raw sample (the transformer's
 * template filled from the payload by hand, the event envelope built from the entry), so a wrong
 * JSON path or a lost field fails. A representative sample per rule is also checked against
 * literal text. Each example is planned once, in `before`.
 */
import * as assert from "assert";
import { createHash } from "crypto";
import * as path from "path";
import { planProgram } from "../../cli/eventbridge-kit";
import { Plan, simulate, simulateWebhook, webhookSamples } from "../../testing";
import type { DeliveryRequest, PutEventsEntry, SimulatedTargetDelivery, WebhookSimulation } from "../../testing";

const root = path.join(__dirname, "..", "..");
const TIME = "2026-11-30T08:00:00Z";
const RECEIVED_AT = "2026-11-30T08:00:00.000Z";
const GITHUB_DELIVERY = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
const BIRD_BATCH = "c5b1c3a0-7f3c-11ef-9a1b-0242ac120002";
const q = (value: unknown) => JSON.stringify(value);
/** The event EventBridge builds from an entry put on a bus of the resolved plan (account 123456789012, us-east-1). */
function eventOf(source: string, detailType: string, detail: object): object {
    return { version: "0", id: eventId(0), "detail-type": detailType, source, account: "123456789012", time: TIME, region: "us-east-1", resources: [], detail };
}
function eventId(index: number): string {
    return `6f1b2c3d-0000-4000-8000-${String(index + 1).padStart(12, "0")}`;
}

type Payload = Record<string, any>;
/** What one entry of a delivery is, computed from the sample alone. */
interface EntryContext { readonly entry: PutEventsEntry; readonly index: number; readonly payload: Payload; readonly deliveryId: string }
/** What a target must receive: its input, or (API destinations) its HTTP request. */
type Expected = { readonly input: string } | { readonly request: DeliveryRequest };

/** The event EventBridge builds from the entry: the whole-event input of targets without a transformer. */
function wholeEvent(ctx: EntryContext): Expected {
    const { entry, index } = ctx;
    return {
        input: q({
            version: "0", id: eventId(index), "detail-type": entry.DetailType, source: entry.Source, account: "123456789012",
            time: TIME, region: "us-east-1", resources: [], detail: JSON.parse(entry.Detail ?? ""),
        }),
    };
}

/** An API destination request as EventBridge sends it (headers it adds, credentials redacted). */
function request(url: string, body: string, headers: Record<string, string>): Expected {
    return {
        request: {
            method: "POST", url, body,
            headers: {
                "Content-Type": "application/json; charset=utf-8", ...headers, "User-Agent": "Amazon/EventBridge/ApiDestinations",
                Range: "bytes=0-1048575", Host: new URL(url).host, "Content-Length": String(Buffer.byteLength(body)),
            },
        },
    };
}

/** One ingress of a planned stack: the samples it takes, the rules each fires, and what each rule's targets receive. */
interface IngressExpectations {
    readonly ingress: string;
    readonly provider: keyof typeof webhookSamples;
    readonly bus: string;
    readonly source: string;
    /** Per sample, per entry put on the bus: the rules that fire (every other rule on the bus does not). */
    readonly fires: Record<string, readonly (readonly string[])[]>;
    /** Per rule: its targets by name, with what each receives. */
    readonly targets: Record<string, (ctx: EntryContext) => Record<string, Expected>>;
}

function githubToStepFunctions(bus: string): IngressExpectations {
    const none = [[]];
    return {
        ingress: "github-webhook", provider: "github", bus, source: "github.com",
        fires: {
            push: none, "pull_request.opened": [["github-pr-opened"]], "pull_request.closed": none, "pull_request.synchronize": none,
            "issues.opened": none, "issue_comment.created": none, "release.published": none, "workflow_run.completed": none,
            "check_run.completed": none, ping: [], "pull_request.merged": none,
        },
        targets: {
            "github-pr-opened": (ctx) => ({ "github-review": wholeEvent(ctx) }),
            "github-push-main": (ctx) => ({ "github-on-push": wholeEvent(ctx) }),
        },
    };
}

function twilioToLambda(bus: string): IngressExpectations {
    const failedAndAudit = [["twilio-failed", "twilio-audit"]];
    return {
        ingress: "twilio-webhook", provider: "twilio", bus, source: "twilio.com",
        fires: { failed: failedAndAudit, undelivered: failedAndAudit, delivered: [["twilio-audit"]], sent: [["twilio-audit"]], queued: [["twilio-audit"]], inbound: [[]] },
        targets: {
            "twilio-failed": ({ payload, deliveryId }) => ({
                "twilio-on-failed": {
                    input: `{"messageSid": ${q(payload.MessageSid)}, "status": ${q(payload.MessageStatus)}, "errorCode": ${q(payload.ErrorCode)}, "to": ${q(payload.To)}, "deliveryId": ${q(deliveryId)}}`,
                },
            }),
            "twilio-audit": (ctx) => ({ "twilio-audit": wholeEvent(ctx) }),
        },
    };
}

function birdToS3(bus: string): IngressExpectations {
    return {
        ingress: "bird-webhook", provider: "bird", bus, source: "bird.com",
        // The batch: delivery, bounce, out_of_band, open, click; the test batch puts nothing on the bus.
        fires: { batch: [[], ["bird-bounces"], ["bird-bounces"], [], []], test: [] },
        targets: { "bird-bounces": (ctx) => ({ "bird-bounces-to-csv": wholeEvent(ctx) }) },
    };
}

function apiDestinations(bus: string, urls: { chat: string; ci: string; tracker: string }): IngressExpectations {
    const none = [[]];
    return {
        ingress: "prs-webhook", provider: "github", bus, source: "github.com",
        fires: {
            push: none, "pull_request.opened": [["prs-pull-requests", "prs-pr-opened"]], "pull_request.closed": [["prs-pull-requests"]],
            "pull_request.synchronize": none, "issues.opened": none, "issue_comment.created": none, "release.published": none,
            "workflow_run.completed": none, "check_run.completed": none, ping: [], "pull_request.merged": [["prs-pull-requests", "prs-pr-merged"]],
        },
        targets: {
            "prs-pull-requests": (ctx) => {
                const { payload } = ctx;
                // String values go into a JSON string's text without their quotes.
                const text = `PR #${payload.number} ${payload.action} in ${payload.repository.full_name}: ${payload.pull_request.title} ${payload.pull_request.html_url}`;
                return {
                    "prs-chat": request(urls.chat, `{"text": "${text}"}`, { Authorization: "<redacted>" }),
                    "prs-ci": request(`${urls.ci}?source=eventbridge`, (wholeEvent(ctx) as { input: string }).input, { "X-GitHub-Delivery": ctx.deliveryId, Authorization: "Basic <redacted>" }),
                };
            },
            "prs-pr-opened": ({ payload }) => ({
                "prs-tracker-reviews": request(`${urls.tracker}/reviews`,
                    `{"kind": "review-requested", "repository": ${q(payload.repository.full_name)}, "pullRequest": ${payload.number}, "author": ${q(payload.sender.login)}}`,
                    { Authorization: "Bearer <redacted>" }),
            }),
            "prs-pr-merged": ({ payload }) => ({
                "prs-tracker-changes": request(`${urls.tracker}/changes`,
                    `{"kind": "merged", "repository": ${q(payload.repository.full_name)}, "pullRequest": ${payload.number}, "title": ${q(payload.pull_request.title)}}`,
                    { Authorization: "Bearer <redacted>" }),
            }),
        },
    };
}

/** The metadata the handler (or batch processor) gives entry `index` of a sample's delivery. */
function expectedMetadata(provider: string, sample: Payload | Payload[], index: number): { metadata: object; deliveryId: string } {
    switch (provider) {
        case "github":
            return { metadata: { provider, deliveryId: GITHUB_DELIVERY, receivedAt: RECEIVED_AT }, deliveryId: GITHUB_DELIVERY };
        case "twilio": {
            // The simulated request's I-Twilio-Idempotency-Token: a digest of the form body.
            const form = new URLSearchParams(sample as Record<string, string>).toString();
            const token = createHash("sha256").update(form).digest("hex").slice(0, 32);
            return { metadata: { provider, deliveryId: token, receivedAt: RECEIVED_AT }, deliveryId: token };
        }
        case "stripe":
            return { metadata: { provider, deliveryId: (sample as Payload).id, receivedAt: RECEIVED_AT }, deliveryId: (sample as Payload).id };
        case "bird":
            return { metadata: { provider, deliveryId: BIRD_BATCH, receivedAt: RECEIVED_AT, batchId: BIRD_BATCH, recordIndex: index }, deliveryId: BIRD_BATCH };
        default:
            throw new Error(`no metadata rule for ${provider}`);
    }
}

/** What a target got, in the shape of `Expected`. */
function received(target: SimulatedTargetDelivery): Expected {
    assert.strictEqual(target.problem, undefined, target.problem);
    return target.request ? { request: target.request } : { input: target.input };
}

/** Every sample of the ingress's provider through the stack, each entry and each target input checked. */
async function checkEverySample(plan: () => Plan, expected: IngressExpectations): Promise<void> {
    const samples = webhookSamples[expected.provider];
    assert.deepStrictEqual(Object.keys(expected.fires).sort(), Object.keys(samples).sort(), "the table names every sample");
    const rulesOnBus = plan().routing.rules.filter((r) => plan().routing.buses.find((b) => b.id === r.bus)?.name === expected.bus).map((r) => r.name).sort();
    assert.deepStrictEqual(Object.keys(expected.targets).sort(), rulesOnBus, `the table names every rule on ${expected.bus}`);
    for (const [name, sample] of Object.entries(samples)) {
        const run: WebhookSimulation = await simulateWebhook(plan(), expected.provider, { sample: name, ingress: expected.ingress });
        const where = `${expected.ingress} ${expected.provider}:${name}`;
        assert.strictEqual(run.webhook.status, 200, `${where}: ${run.webhook.responseBody}`);
        const fires = expected.fires[name];
        // A batch becomes one entry per record: the payload of entry i is record i.
        const payloads = Array.isArray(sample.body) ? sample.body : [sample.body];
        assert.strictEqual(run.webhook.entries.length, fires.length, `${where}: entries`);
        run.webhook.entries.forEach((entry, index) => {
            const { metadata, deliveryId } = expectedMetadata(expected.provider, sample.body as Payload, index);
            const payload = payloads[index] as Payload;
            const detailType = expected.provider === "github" ? sample.event : expected.provider === "twilio" ? "twilio.message.status"
                : expected.provider === "stripe" ? payload.type : Object.values(payload.msys as Record<string, { type: string }>)[0].type;
            assert.deepStrictEqual(entry, {
                EventBusName: `arn:aws:events:us-east-1:123456789012:event-bus/${expected.bus}`,
                Source: expected.source,
                DetailType: payload.SmsStatus === "received" ? "twilio.message" : detailType,
                Detail: q({ metadata, payload }),
            }, `${where}: entry ${index}`);
            const trace = run.traces[index];
            const fired = trace.deliveries[0].rules.filter((r) => r.matched).map((r) => r.name);
            assert.deepStrictEqual(fired.sort(), [...fires[index]].sort(), `${where}: rules fired by entry ${index}`);
            for (const rule of trace.deliveries[0].rules.filter((r) => !r.matched)) assert.ok(rule.reason, `${where}: ${rule.name} says why it did not fire`);
            for (const rule of trace.deliveries[0].rules.filter((r) => r.matched)) {
                const ctx: EntryContext = { entry, index, payload, deliveryId };
                const got = Object.fromEntries(rule.targets.map((t) => [t.name, received(t)]));
                assert.deepStrictEqual(got, expected.targets[rule.name](ctx), `${where}: ${rule.name}'s targets, entry ${index}`);
            }
        });
        assert.deepStrictEqual(run.loops, [], `${where}: loops`);
    }
}

describe("simulate: every example stack × every sample of its providers", function () {
    this.timeout(180_000);

    describe("examples/github-to-stepfunctions", () => {
        let plan: Plan;
        before(async () => { plan = await planProgram(path.join(root, "examples", "github-to-stepfunctions"), "dev", { policies: [] }); });

        it("every GitHub sample: the rules it fires and each target's input", () => checkEverySample(() => plan, githubToStepFunctions("github-dev")));

        it("pull_request.opened: the Step Functions execution input is the event, literally", async () => {
            const run = await simulateWebhook(plan, "github", { sample: "pull_request.opened" });
            assert.strictEqual(run.webhook.endpoint, "functionUrl");
            const [target] = run.traces[0].targets;
            assert.deepStrictEqual([target.kind, target.name], ["stateMachine", "github-review"]);
            const head = '{"version":"0","id":"6f1b2c3d-0000-4000-8000-000000000001","detail-type":"pull_request","source":"github.com","account":"123456789012",'
                + '"time":"2026-11-30T08:00:00Z","region":"us-east-1","resources":[],"detail":{"metadata":{"provider":"github",'
                + '"deliveryId":"72d3162e-cc78-11e3-81ab-4c9367dc0958","receivedAt":"2026-11-30T08:00:00.000Z"},"payload":{"action":"opened","number":2,"pull_request":{';
            assert.ok(target.input.startsWith(head), target.input.slice(0, head.length));
            const input = JSON.parse(target.input);
            assert.deepStrictEqual([input.detail.payload.pull_request.title, input.detail.payload.pull_request.draft, input.detail.payload.repository.full_name],
                ["Update the README with new information.", false, "Codertocat/Hello-World"]);
        });

        it("a push to main (the recorded push, ref changed): the Lambda gets the event; the archive keeps the recorded push to master", async () => {
            const push = webhookSamples.github.push.body as Payload;
            const run = await simulateWebhook(plan, "github", { event: "push", body: { ...push, ref: "refs/heads/main" } });
            const [trace] = run.traces;
            assert.deepStrictEqual(trace.targets.map((t) => [t.kind, t.name]), [["lambda", "github-on-push"]]);
            assert.deepStrictEqual(JSON.parse(trace.targets[0].input).detail.payload, { ...push, ref: "refs/heads/main" });
            const master = await simulateWebhook(plan, "github", { sample: "push" });
            assert.deepStrictEqual(master.traces[0].deliveries[0].rules.map((r) => [r.name, r.reason]), [
                ["github-pr-opened", '$.detail-type: event has "push", pattern wants one of ["pull_request"]'],
                ["github-push-main", '$.detail.payload.ref: event has "refs/heads/master", pattern wants one of ["refs/heads/main"]'],
            ]);
            assert.deepStrictEqual(master.traces[0].deliveries[0].archives, ["github-bus-archive-unhandled"]);
        });

        // The same plan, for simulate() itself.
        it("refuses a provider the stack has no ingress for, naming the ingresses", async () => {
            await assert.rejects(simulateWebhook(plan, "stripe"), /no stripe WebhookIngress \(webhooks: github-webhook \(github\)\)/);
        });
    });

    describe("examples/twilio-to-lambda", () => {
        let plan: Plan;
        before(async () => { plan = await planProgram(path.join(root, "examples", "twilio-to-lambda"), "dev", { policies: [] }); });

        it("every Twilio sample: the rules it fires and each target's input", () => checkEverySample(() => plan, twilioToLambda("twilio-dev")));

        it("failed: the Lambda gets the transformer's output, literally; the audit queue the event", async () => {
            const run = await simulateWebhook(plan, "twilio", { sample: "failed" });
            const inputs = Object.fromEntries(run.traces[0].targets.map((t) => [t.kind, t.input]));
            assert.strictEqual(inputs.lambda,
                '{"messageSid": "SM0123456789abcdef0123456789abcdef", "status": "failed", "errorCode": "30007", "to": "+15558675310", "deliveryId": "bfcf0d2ff435dc80d61f37e9531721a9"}');
            assert.deepStrictEqual(JSON.parse(inputs.queue).detail.payload, {
                ApiVersion: "2010-04-01", AccountSid: "AC0123456789abcdef0123456789abcdef", MessagingServiceSid: "MG0123456789abcdef0123456789abcdef",
                MessageSid: "SM0123456789abcdef0123456789abcdef", SmsSid: "SM0123456789abcdef0123456789abcdef", MessageStatus: "failed", SmsStatus: "failed",
                From: "+15017122661", To: "+15558675310", ErrorCode: "30007",
            });
        });

        // simulate() with an entry of our own: the event need not come from the handler.
        it("a failed message: the Lambda gets the rendered transformer, the audit queue the event", async () => {
            const detail = { metadata: { provider: "twilio", deliveryId: "d-1" }, payload: { MessageSid: "SM1", MessageStatus: "failed", To: "+15558675310", ErrorCode: "30007" } };
            const trace = await simulate(plan, { Source: "twilio.com", DetailType: "twilio.message.status", Detail: JSON.stringify(detail) }, { time: TIME });
            const inputs = Object.fromEntries(trace.targets.map((t) => [t.kind, t.input]));
            assert.deepStrictEqual(Object.keys(inputs).sort(), ["lambda", "queue"]);
            assert.strictEqual(inputs.lambda, '{"messageSid": "SM1", "status": "failed", "errorCode": "30007", "to": "+15558675310", "deliveryId": "d-1"}');
            assert.deepStrictEqual(JSON.parse(inputs.queue), eventOf("twilio.com", "twilio.message.status", detail));
        });

        it("a delivered message reaches only the audit queue; the failed rule says why not", async () => {
            const detail = { metadata: { provider: "twilio", deliveryId: "d-2" }, payload: { MessageSid: "SM2", MessageStatus: "delivered" } };
            const trace = await simulate(plan, { Source: "twilio.com", DetailType: "twilio.message.status", Detail: JSON.stringify(detail) }, { time: TIME });
            assert.deepStrictEqual(trace.targets.map((t) => t.kind), ["queue"]);
            const failed = trace.deliveries[0].rules.find((r) => !r.matched);
            assert.match(failed?.reason ?? "", /^\$\.detail\.payload\.MessageStatus: event has "delivered"/);
        });
    });

    describe("examples/cross-account", () => {
        let plan: Plan;
        before(async () => { plan = await planProgram(path.join(root, "examples", "cross-account"), "dev", { policies: [] }); });

        it("a large order reaches the queue and the topic in the audit account, as the event itself", async () => {
            const detail = { orderId: "o-1", status: "created", total: 12500 };
            const trace = await simulate(plan, { EventBusName: "orders-dev", Source: "com.example.orders", DetailType: "Order Created", Detail: JSON.stringify(detail) }, { time: TIME });
            assert.deepStrictEqual(trace.targets.map((t) => [t.kind, t.name, t.arn?.split(":")[4]]).sort(), [
                ["queue", "orders-audit-inbox", "210987654321"],
                ["topic", "arn:aws:sns:us-east-1:210987654321:audit-alerts", "210987654321"],
            ]);
            for (const target of trace.targets) {
                assert.deepStrictEqual(JSON.parse(target.input), eventOf("com.example.orders", "Order Created", detail));
            }
        });

        it("a small order reaches only the queue; the large-orders rule says why not", async () => {
            const trace = await simulate(plan, { EventBusName: "orders-dev", Source: "com.example.orders", DetailType: "Order Created", Detail: JSON.stringify({ orderId: "o-2", total: 20 }) }, { time: TIME });
            assert.deepStrictEqual(trace.targets.map((t) => t.name), ["orders-audit-inbox"]);
            assert.match(trace.deliveries[0].rules.find((r) => !r.matched)?.reason ?? "", /^\$\.detail\.total: /);
        });
    });

    describe("examples/bird-to-s3", () => {
        let plan: Plan;
        before(async () => { plan = await planProgram(path.join(root, "examples", "bird-to-s3"), "dev", { policies: [] }); });

        it("every Bird sample: stored in S3 by the handler, split per record by the batch processor, each record through the stack", () =>
            checkEverySample(() => plan, birdToS3("bird-dev")));

        it("the batch: the raw object the handler stores, the processor's run, and the bounce the Lambda gets", async () => {
            const run = await simulateWebhook(plan, "bird");
            const batch = webhookSamples.bird.batch.body as Payload[];
            assert.strictEqual(run.webhook.endpoint, "alb", "the example's ingress is behind its load balancer");
            assert.strictEqual(run.webhook.objects.length, 1);
            const [object] = run.webhook.objects;
            assert.match(object.bucket, /^bird-batches-/);
            // Keyed by the batch id and the digest of what is stored: a replay under this id cannot overwrite it.
            assert.strictEqual(object.key, `batches/${BIRD_BATCH}/${createHash("sha256").update(object.body).digest("hex")}`);
            assert.deepStrictEqual(JSON.parse(object.body), batch);
            assert.deepStrictEqual(object.metadata, {
                "ebk-provider": "bird", "ebk-source": "bird.com", "ebk-received-at": "2026-11-30T08%3A00%3A00.000Z",
                "ebk-delivery-id": BIRD_BATCH, "ebk-batch-id": BIRD_BATCH, "ebk-body-format": "json",
            });
            assert.deepStrictEqual(run.webhook.batchProcessor, { batches: 1, events: 5, putEventsCalls: 1 });
            assert.deepStrictEqual(run.webhook.entries.map((e) => e.DetailType), ["delivery", "bounce", "out_of_band", "open", "click"]);
            const bounce = JSON.parse(run.traces[1].targets[0].input);
            assert.deepStrictEqual(bounce.detail.metadata, { provider: "bird", deliveryId: BIRD_BATCH, receivedAt: RECEIVED_AT, batchId: BIRD_BATCH, recordIndex: 1 });
            const record = bounce.detail.payload.msys.message_event;
            assert.deepStrictEqual([bounce.id, record.type, record.bounce_class, record.rcpt_to, record.raw_reason],
                ["6f1b2c3d-0000-4000-8000-000000000002", "bounce", "10", "recipient@example.com", "554 5.1.1 Invalid recipient: recipient@example.com"]);
        });
    });

    describe("examples/api-destinations", () => {
        let plan: Plan;
        before(async () => { plan = await planProgram(path.join(root, "examples", "api-destinations"), "dev", { policies: [] }); });
        const urls = { chat: "https://hooks.example.com/services/T000/B000", ci: "https://ci.example.com/hooks/pull-requests", tracker: "https://tracker.example.com/api/v1" };

        it("every GitHub sample: the rules it fires and each API destination's request", () => checkEverySample(() => plan, apiDestinations("github-prs-dev", urls)));

        it("pull_request.opened and .merged: the requests' bodies, literally", async () => {
            const opened = await simulateWebhook(plan, "github", { sample: "pull_request.opened" });
            const bodies = Object.fromEntries(opened.traces[0].targets.map((t) => [t.name, t.request?.body]));
            assert.strictEqual(bodies["prs-chat"], '{"text": "PR #2 opened in Codertocat/Hello-World: Update the README with new information. https://github.com/Codertocat/Hello-World/pull/2"}');
            assert.strictEqual(bodies["prs-tracker-reviews"], '{"kind": "review-requested", "repository": "Codertocat/Hello-World", "pullRequest": 2, "author": "Codertocat"}');
            const ci = opened.traces[0].targets.find((t) => t.name === "prs-ci")?.request;
            assert.deepStrictEqual([ci?.url, ci?.headers["X-GitHub-Delivery"], ci?.headers.Authorization],
                ["https://ci.example.com/hooks/pull-requests?source=eventbridge", GITHUB_DELIVERY, "Basic <redacted>"]);
            const merged = await simulateWebhook(plan, "github", { sample: "pull_request.merged" });
            const changes = merged.traces[0].targets.find((t) => t.name === "prs-tracker-changes")?.request;
            assert.strictEqual(changes?.body, '{"kind": "merged", "repository": "Codertocat/Hello-World", "pullRequest": 2, "title": "Update the README with new information."}');
            assert.strictEqual(changes?.headers.Authorization, "Bearer <redacted>");
        });

        // simulate() with an entry of our own.
        it("each API destination's HTTP request, credentials redacted", async () => {
            const detail = { metadata: { provider: "github", deliveryId: "d-7" }, payload: { action: "opened", number: 7, pull_request: { title: "T", html_url: "https://github.com/acme/api/pull/7" }, repository: { full_name: "acme/api" }, sender: { login: "octo" } } };
            const trace = await simulate(plan, { Source: "github.com", DetailType: "pull_request", Detail: JSON.stringify(detail) }, { time: TIME });
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

    describe("examples/complete (the root program): all four ingresses", () => {
        let plan: Plan;
        before(async () => { plan = await planProgram(root, "dev", { policies: [] }); });
        const urls = { chat: "https://hooks.example.com/services/T000/DEV", ci: "https://ci.dev.example.com/hooks/pull-requests", tracker: "https://tracker.dev.example.com/api/v1" };

        it("lists the four webhooks", () => {
            assert.deepStrictEqual(plan.routing.webhooks.map((w) => [w.name, w.provider]).sort(),
                [["bird-webhook", "bird"], ["github-webhook", "github"], ["prs-webhook", "github"], ["twilio-webhook", "twilio"]]);
        });
        it("github-webhook: every GitHub sample", () => checkEverySample(() => plan, githubToStepFunctions("dev-github")));
        it("prs-webhook: every GitHub sample", () => checkEverySample(() => plan, apiDestinations("dev-github-prs", urls)));
        it("twilio-webhook: every Twilio sample", () => checkEverySample(() => plan, twilioToLambda("dev-twilio")));
        it("bird-webhook: every Bird sample", () => checkEverySample(() => plan, birdToS3("dev-bird")));
    });
});
