/**
 * The provider event catalogue: regenerated from the installed packages it is generated from (no
 * drift), faithful to the recorded payloads, and agreeing with what the real handler modules emit.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { FieldShape, shapeHasField } from "../../components/patterns";
import { PROVIDER_EVENTS } from "../../handlers/shared/provider-events";
import { toVerifiedEvents } from "../../handlers/shared/verified-events";
import type { DeliveryFacts } from "../../handlers/shared/event-drafts";
import type { ProviderName } from "../../providers";
import { githubActions, ingressEmittedEvents } from "../../providers/catalogue";
import { CATALOGUE_RENDERERS } from "../../providers/catalogue/generate";
import { githubEventShapes } from "../../providers/catalogue/generate-github-shapes";
import { GITHUB_EVENTS } from "../../providers/catalogue/github-events";
import { GITHUB_EVENT_NAMES } from "../../handlers/shared/provider-events/github";
import { webhookSamples } from "../../offline/samples";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const recorded = require("@octokit/webhooks-examples") as { name: string; examples: Record<string, unknown>[] }[];

/** Every leaf path of a JSON value (as segments), arrays looked through as EventBridge does. */
function leafPaths(value: unknown, prefix: string[] = [], out = new Map<string, string[]>()): string[][] {
    if (Array.isArray(value)) {
        value.forEach((element) => leafPaths(element, prefix, out));
    } else if (typeof value === "object" && value !== null && Object.keys(value).length > 0) {
        for (const [key, child] of Object.entries(value)) leafPaths(child, [...prefix, key], out);
    } else if (prefix.length > 0) {
        out.set(JSON.stringify(prefix), prefix);
    }
    return [...out.values()];
}

const hasPath = (shape: FieldShape, dotted: string) => shapeHasField(shape, dotted.split("."));

/** The paths of `detail` the real handler module gives these bodies that the catalogue lacks. */
function missingFromCatalogue(provider: ProviderName, body: string, facts: DeliveryFacts, options: Record<string, unknown> = {}): string[] {
    const emitted = ingressEmittedEvents({ provider, providerOptions: options }, "test")!;
    const events = toVerifiedEvents(PROVIDER_EVENTS[provider](Buffer.from(body), facts), provider, emitted.source, facts, "2026-01-01T00:00:00.000Z", false);
    assert.ok(events.length > 0, "the handler emitted no event");
    return events.flatMap((event) => {
        const shape = emitted.detailTypes[event.detailType] ?? (emitted.otherDetailTypes?.accepts(event.detailType) ? emitted.otherDetailTypes.detail : undefined);
        if (shape === undefined) return [`detail-type ${event.detailType}`];
        return leafPaths(event.detail).filter((p) => !shapeHasField(shape, p)).map((p) => `${event.detailType}: ${p.join(".")}`);
    });
}

describe("providers: the event catalogue", () => {
    it("is what providers/catalogue/generate.ts makes of the installed packages (run `npm run catalogue` after upgrading them), and stays compact", () => {
        const generated = CATALOGUE_RENDERERS.map((render) => render());
        for (const { file, text } of generated) {
            const checkedIn = fs.readFileSync(path.join(__dirname, "..", "..", "providers", "catalogue", file), "utf8");
            assert.ok(checkedIn === text, `${file} is out of date: run npm run catalogue`);
        }
        // GitHub: 16,000+ field paths, shared subtrees stored once.
        const github = generated.find((g) => g.file === "github-events.ts")!;
        assert.ok(github.paths > 15_000 && github.recorded > 50, `${github.paths} paths, ${github.recorded} recorded events`);
        assert.ok(Buffer.byteLength(github.text) < 80_000, `${Buffer.byteLength(github.text)} bytes`);
        // Stripe: every event type's data.object described from its interface, each resource's tree stored once.
        const stripe = generated.find((g) => g.file === "stripe-events.ts")!;
        assert.ok(stripe.events > 250 && stripe.described === stripe.events, `${stripe.described} of ${stripe.events} Stripe event types described`);
        assert.ok(Buffer.byteLength(stripe.text) < 300_000, `${Buffer.byteLength(stripe.text)} bytes`);
    });

    it("github: the handler's event table has every event GitHub documents (its OpenAPI webhooks, @octokit/webhooks-types and the recorded deliveries)", () => {
        const documented = [...githubEventShapes().events.keys(), ...Object.keys(GITHUB_EVENTS.events)];
        assert.deepStrictEqual(documented.filter((name) => !GITHUB_EVENT_NAMES.includes(name)), []);
        assert.ok(GITHUB_EVENT_NAMES.length >= 75, `${GITHUB_EVENT_NAMES.length} events`);
        for (const name of ["projects_v2", "projects_v2_item", "projects_v2_status_update", "workflow_dispatch", "merge_group"]) assert.ok(GITHUB_EVENT_NAMES.includes(name), name);
    });

    it("has every field of every recorded GitHub payload, through the real handler module, and nothing for ping", () => {
        let checked = 0;
        for (const definition of recorded.filter((d) => d.name !== "ping")) {
            for (const example of definition.examples) {
                const facts = { deliveryId: "d-1", hookId: "1", detailType: definition.name, bodyFormat: "json" as const };
                assert.deepStrictEqual(missingFromCatalogue("github", JSON.stringify(example), facts), [], definition.name);
                checked++;
            }
        }
        assert.ok(checked > 300, `${checked} payloads`);
        assert.strictEqual(ingressEmittedEvents({ provider: "github" }, "test")!.detailTypes.ping, undefined);
        assert.deepStrictEqual(githubActions("pull_request")?.filter((a) => ["opened", "closed", "synchronize"].includes(a)), ["closed", "opened", "synchronize"]);
    });

    it("has what the handler emits for Twilio, Stripe, Bird and generic HMAC deliveries", () => {
        const form = new URLSearchParams({ MessageSid: "SM1", SmsSid: "SM1", AccountSid: "AC1", From: "+15550001", To: "+15550002", MessageStatus: "undelivered", ErrorCode: "30003", ApiVersion: "2010-04-01" }).toString();
        assert.deepStrictEqual(missingFromCatalogue("twilio", form, { deliveryId: "t-1", bodyFormat: "form" }), []);
        const call = new URLSearchParams({ CallSid: "CA1", AccountSid: "AC1", From: "+1", To: "+2", CallStatus: "completed", CallDuration: "12", Direction: "inbound" }).toString();
        assert.deepStrictEqual(missingFromCatalogue("twilio", call, { deliveryId: "t-2", bodyFormat: "form" }), []);
        const cloudEvent = JSON.stringify([{ specversion: "1.0", type: "com.twilio.messaging.message.delivered", source: "/2010-04-01/Accounts/AC1/Messages/SM1.json", id: "EZ1", dataschema: "https://events-schemas.twilio.com/Messaging.MessageStatus/2", datacontenttype: "application/json", time: "2026-01-01T00:00:00.000Z", data: { messageSid: "SM1", messageStatus: "DELIVERED" } }]);
        assert.deepStrictEqual(missingFromCatalogue("twilio", cloudEvent, { deliveryId: "t-3", bodyFormat: "json" }), []);

        const stripeEvent = JSON.stringify({ id: "evt_1", object: "event", api_version: "2025-01-27.acacia", created: 1700000000, livemode: false, pending_webhooks: 1, request: { id: "req_1", idempotency_key: "k" }, type: "payment_intent.succeeded", data: { object: { id: "pi_1", amount: 1000 } } });
        assert.deepStrictEqual(missingFromCatalogue("stripe", stripeEvent, { deliveryId: "evt_1", bodyFormat: "json" }), []);

        const batch = JSON.stringify([
            { msys: { message_event: { type: "bounce", bounce_class: "10", event_id: "e1", rcpt_to: "a@example.com", rcpt_meta: { team: "x" }, timestamp: "1454442600", raw_reason: "550 no such user" } } },
            { msys: { track_event: { type: "click", event_id: "e2", target_link_url: "https://example.com", geo_ip: { country: "US", city: "Columbia" }, user_agent: "Mozilla" } } },
            { msys: { unsubscribe_event: { type: "list_unsubscribe", event_id: "e3", mailfrom: "news@example.com" } } },
            { msys: { relay_event: { type: "relay_delivery", event_id: "e4", relay_id: "r1" } } },
        ]);
        assert.deepStrictEqual(missingFromCatalogue("bird", batch, { deliveryId: "b-1", batchId: "b-1", bodyFormat: "json" }), []);

        assert.deepStrictEqual(missingFromCatalogue("hmac", JSON.stringify({ anything: { goes: [1] } }), { deliveryId: "h-1", detailType: "order.created", bodyFormat: "json" }, { detailTypeHeader: "X-Event" }), []);
    });

    it("has every field of every Stripe sample event (offline/samples), through the real handler module", () => {
        const samples = Object.entries(webhookSamples.stripe);
        assert.ok(samples.length >= 6, `${samples.length} samples`);
        for (const [name, sample] of samples) {
            assert.deepStrictEqual(missingFromCatalogue("stripe", JSON.stringify(sample.body), { deliveryId: "evt_1", bodyFormat: "json" }), [], name);
        }
    });

    it("knows what it does not know: a map of user keys, Stripe's metadata and what lies below the levels described", () => {
        const bird = ingressEmittedEvents({ provider: "bird" }, "test")!;
        assert.ok(hasPath(bird.detailTypes.delivery, "payload.msys.message_event.rcpt_meta.any_key"));
        assert.ok(!hasPath(bird.detailTypes.delivery, "payload.msys.message_event.bounce_clas"));
        const stripe = ingressEmittedEvents({ provider: "stripe" }, "test")!;
        const paid = stripe.detailTypes["invoice.paid"];
        assert.ok(hasPath(paid, "payload.data.object.amount_paid"));
        assert.ok(hasPath(paid, "payload.data.previous_attributes.amount_paid"));
        assert.ok(!hasPath(paid, "payload.data.object.amount_payd"));
        assert.ok(!hasPath(paid, "payload.dat.object"));
        assert.ok(hasPath(paid, "payload.data.object.metadata.any_key"));
        // Expandable: the id, or the object with its fields.
        assert.ok(hasPath(paid, "payload.data.object.customer"));
        assert.ok(hasPath(paid, "payload.data.object.customer.email"));
        assert.ok(!hasPath(paid, "payload.data.object.customer.emial"));
        // Four levels below data.object are described; the fifth and below accept any field.
        const charge = stripe.detailTypes["charge.succeeded"];
        assert.ok(!hasPath(charge, "payload.data.object.payment_method_details.card.three_d_secure.reslt"));
        assert.ok(!hasPath(charge, "payload.data.object.application_fee.account.business_profil"));
        assert.ok(hasPath(charge, "payload.data.object.application_fee.account.business_profile.annual_revenue.amount"));
    });
});
