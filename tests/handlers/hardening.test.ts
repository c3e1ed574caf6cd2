/**
 * The built webhook bundle against an attacker who holds one captured delivery (or none), each
 * case in a fresh Node process against the fake AWS on 127.0.0.1: body-format confusion, event
 * relabelling, Secrets Manager floods during a rotation, S3 overwrites through an unsigned
 * delivery id, ALB queries that overflow the stack, bodies nested too deep.
 */
import * as assert from "assert";
import { createHmac, createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { awsEnv, fakeAws, FakeAws, startBundle } from "./fake-aws";
import { albEvent, functionUrlEvent, importEsm } from "./support";

const SECRET = "gh-secret";
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:gh";

/** GitHub's recorded deliveries, by event name. */
const RECORDED = new Map(
    (JSON.parse(fs.readFileSync(require.resolve("@octokit/webhooks-examples"), "utf8")) as { name: string; examples: Record<string, unknown>[] }[]).map((d) => [d.name, d.examples]),
);

function recorded(event: string, where: (payload: Record<string, unknown>) => boolean = () => true): Record<string, unknown> {
    const payload = RECORDED.get(event)?.find(where);
    assert.ok(payload, `a recorded ${event} delivery`);
    return payload;
}

const sign = (body: string, secret = SECRET) => "sha256=" + createHmac("sha256", secret).update(body).digest("hex");

function githubDelivery(body: string, event: string, deliveryId: string, contentType = "application/json") {
    return functionUrlEvent({ body, headers: { "content-type": contentType, "x-github-event": event, "x-github-delivery": deliveryId, "x-hub-signature-256": sign(body) } });
}

describe("handlers/dist webhook bundle, hardened against replays and floods", function () {
    this.timeout(60_000);
    let bundle: string;
    let tmp: string;
    let aws: FakeAws;

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ebk-hardening-"));
        const { buildHandlers } = await importEsm<{ buildHandlers(o: { outDir: string }): Promise<Record<string, { path: string }>> }>(
            pathToFileURL(path.join(__dirname, "../../handlers/build.mjs")).href,
        );
        bundle = (await buildHandlers({ outDir: tmp })).webhook.path;
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));
    beforeEach(async () => {
        aws = await fakeAws();
        aws.secret.AWSCURRENT = { value: SECRET, versionId: "v1", createdAt: 1_500_000_000_000 };
    });
    afterEach(() => aws.close());

    function env(extra: Record<string, string> = {}): Record<string, string> {
        return { ...awsEnv(aws), EBK_PROVIDER: "github", EBK_SECRET_ARN: SECRET_ARN, EBK_EVENT_BUS_NAME: "webhooks", ...extra };
    }

    async function run<T>(environment: Record<string, string>, use: (invoke: (event: unknown) => Promise<{ statusCode: number; body: string }>) => Promise<T>): Promise<T> {
        const child = await startBundle(bundle, environment);
        try {
            return await use((event) => child.invoke(event));
        } finally {
            child.stop();
        }
    }

    const putEntries = () => aws.callsTo("AWSEvents.PutEvents").flatMap((c) => c.body.Entries as Record<string, string>[]);

    describe("body format comes from the ingress, never from the unsigned Content-Type", () => {
        // An issue comment anyone can write, inside a JSON delivery GitHub signs.
        const injected = { ref: "refs/heads/main", before: "0".repeat(40), after: "f".repeat(40), pusher: { name: "attacker" }, repository: { full_name: "victim/prod" } };
        const comment = { ...recorded("issue_comment"), comment: { body: `&payload=${encodeURIComponent(JSON.stringify(injected))}&` } };
        const text = JSON.stringify(comment);

        it("github: a JSON delivery replayed as a form with its valid signature is refused (400), nothing reaches the bus", async () => {
            const statuses = await run(env(), async (invoke) => [
                (await invoke(githubDelivery(text, "push", "replay-1", "application/x-www-form-urlencoded"))).statusCode,
                (await invoke(githubDelivery(text, "issue_comment", "original-1"))).statusCode,
            ]);
            assert.deepStrictEqual(statuses, [400, 200]);
            assert.deepStrictEqual(putEntries().map((e) => [e.DetailType, JSON.parse(e.Detail).payload.comment?.body]), [["issue_comment", comment.comment.body]]);
        });

        it("github: an ingress configured for forms reads exactly one payload field; that JSON text, or a form with more fields, is 400", async () => {
            const push = JSON.stringify(recorded("push"));
            const form = "payload=" + encodeURIComponent(push);
            const statuses = await run(env({ EBK_PROVIDER_OPTIONS: '{"contentType":"form"}' }), async (invoke) => [
                (await invoke(githubDelivery(text, "push", "f-1", "application/x-www-form-urlencoded"))).statusCode,
                (await invoke(githubDelivery(`${form}&payload=${encodeURIComponent(JSON.stringify(injected))}`, "push", "f-2", "application/x-www-form-urlencoded"))).statusCode,
                (await invoke(githubDelivery(form, "push", "f-3", "application/json"))).statusCode,
            ]);
            assert.deepStrictEqual(statuses, [400, 400, 200]);
            assert.deepStrictEqual(putEntries().map((e) => JSON.parse(e.Detail).payload), [JSON.parse(push)]);
        });

        it("hmac: a JSON body replayed as a form injects no fields: the event is the JSON, as signed", async () => {
            const body = JSON.stringify({ note: "a=1&admin=true&amount=1000000" });
            const signature = createHmac("sha256", SECRET).update(body).digest("hex");
            const status = await run(env({ EBK_PROVIDER: "hmac", EBK_PROVIDER_OPTIONS: '{"header":"x-signature","algorithm":"sha256","encoding":"hex"}' }), async (invoke) =>
                (await invoke(functionUrlEvent({ body, headers: { "content-type": "application/x-www-form-urlencoded", "x-signature": signature } }))).statusCode);
            assert.strictEqual(status, 200);
            assert.deepStrictEqual(putEntries().map((e) => JSON.parse(e.Detail).payload), [JSON.parse(body)]);
        });

        it("slack: a signed Events API body replayed as a form injects no interaction: the event is the JSON, as signed", async () => {
            const approve = encodeURIComponent(JSON.stringify({ type: "block_actions", trigger_id: "1.2.x", user: { id: "U-attacker" }, actions: [{ action_id: "approve-deploy" }] }));
            // Rich-text elements carry what anyone in the channel typed, unescaped.
            const body = JSON.stringify({ type: "event_callback", event_id: "Ev01", event: { type: "message", blocks: [{ type: "rich_text", elements: [{ type: "text", text: `x&payload=${approve}&y` }] }] } });
            const timestamp = String(Math.floor(Date.now() / 1000));
            const signature = "v0=" + createHmac("sha256", SECRET).update(`v0:${timestamp}:${body}`).digest("hex");
            const headers = { "x-slack-request-timestamp": timestamp, "x-slack-signature": signature };
            const statuses = await run(env({ EBK_PROVIDER: "slack" }), async (invoke) => [
                (await invoke(functionUrlEvent({ body, headers: { ...headers, "content-type": "application/x-www-form-urlencoded" } }))).statusCode,
                (await invoke(functionUrlEvent({ body, headers: { ...headers, "content-type": "application/json" } }))).statusCode,
            ]);
            assert.deepStrictEqual(statuses, [200, 200]);
            assert.deepStrictEqual(putEntries().map((e) => [e.DetailType, JSON.parse(e.Detail).payload]), [["message", JSON.parse(body)], ["message", JSON.parse(body)]]);
        });
    });

    describe("relabelling: a captured body cannot be replayed under another event name", () => {
        const relabelled: [string, Record<string, unknown>, string][] = [
            ["create replayed as delete", recorded("create"), "delete"],
            ["deployment_status replayed as deployment", recorded("deployment_status"), "deployment"],
            ["a deleted issue_comment replayed as issues", recorded("issue_comment", (p) => p.action === "deleted"), "issues"],
            ["push replayed as workflow_dispatch", recorded("push"), "workflow_dispatch"],
            ["push under a name GitHub does not document", recorded("push"), "deploy_to_production"],
        ];
        it("refuses each with 400 and puts nothing; the same bodies under their own names, and names with digits, are 200", async () => {
            const statuses = await run(env(), async (invoke) => {
                const out: [string, number][] = [];
                for (const [what, payload, event] of relabelled) out.push([what, (await invoke(githubDelivery(JSON.stringify(payload), event, "r-" + out.length))).statusCode]);
                for (const event of ["create", "deployment_status", "push", "projects_v2_item"]) {
                    out.push([event, (await invoke(githubDelivery(JSON.stringify(recorded(event)), event, "ok-" + out.length))).statusCode]);
                }
                return out;
            });
            assert.deepStrictEqual(statuses, [...relabelled.map(([what]) => [what, 400]), ["create", 200], ["deployment_status", 200], ["push", 200], ["projects_v2_item", 200]]);
            assert.deepStrictEqual(putEntries().map((e) => e.DetailType), ["create", "deployment_status", "push", "projects_v2_item"]);
        });
    });

    it("rotation: 20 forged requests while AWSPREVIOUS reads are throttled make at most 2 Secrets Manager calls, then a real delivery is 200", async () => {
        aws.secret.AWSCURRENT = { value: SECRET, versionId: "v2", createdAt: Date.now() - 60_000 };
        aws.secretFailures.AWSPREVIOUS = "ThrottlingException";
        const body = JSON.stringify(recorded("push"));
        const statuses = await run(env(), async (invoke) => {
            const out: number[] = [];
            for (let i = 0; i < 20; i++) {
                const forged = functionUrlEvent({ body, headers: { "x-github-event": "push", "x-github-delivery": `forged-${i}`, "x-hub-signature-256": sign(body, "guess-" + i) } });
                out.push((await invoke(forged)).statusCode);
            }
            out.push((await invoke(githubDelivery(body, "push", "real"))).statusCode);
            return out;
        });
        const reads = aws.callsTo("secretsmanager.GetSecretValue").map((c) => c.body.VersionStage ?? `id ${c.body.VersionId}`);
        assert.ok(reads.length <= 2, `Secrets Manager calls: ${JSON.stringify(reads)}`);
        assert.deepStrictEqual(new Set(statuses.slice(0, 20)), new Set([503]));
        assert.strictEqual(statuses[20], 200);
    });

    it("replay: a large delivery replayed under a victim's delivery id cannot overwrite the victim's stored payload", async () => {
        const pad = (who: string) => JSON.stringify({ ...recorded("push"), head_commit: { message: who.repeat(6000) } });
        const victim = pad("victim ");
        const captured = pad("attacker ");
        const environment = env({ EBK_MAX_ENTRY_BYTES: "8192", EBK_OVERFLOW_BUCKET: "large-events", EBK_OVERFLOW_PREFIX: "github/" });
        const statuses = await run(environment, async (invoke) => [
            (await invoke(githubDelivery(victim, "push", "victim-id"))).statusCode,
            (await invoke(githubDelivery(captured, "push", "victim-id"))).statusCode,
        ]);
        assert.deepStrictEqual(statuses, [200, 200]);
        const [victimPointer] = putEntries().map((e) => JSON.parse(e.Detail).payloadPointer);
        const object = aws.objects.get(`/large-events/${victimPointer.key}`);
        assert.ok(object, `the victim's object ${victimPointer.key} is still there`);
        assert.strictEqual(createHash("sha256").update(object.body).digest("hex"), victimPointer.sha256);
        assert.deepStrictEqual(JSON.parse(object.body.toString()).payload, JSON.parse(victim));
        assert.strictEqual(aws.objects.size, 2);
    });

    it("twilio behind an ALB: a key repeated 3,500 times in the query is 401 (no stack overflow, no error log)", async () => {
        aws.secret.AWSCURRENT = { value: "twilio-token", versionId: "t1", createdAt: 1_500_000_000_000 };
        const rawQuery = Array.from({ length: 3500 }, (_, i) => `k=${i}`).join("&");
        const child = await startBundle(bundle, env({ EBK_PROVIDER: "twilio" }));
        try {
            const event = albEvent({ body: "MessageSid=SM1", rawQuery, headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" } }, { multiValue: true });
            assert.strictEqual((await child.invoke(event)).statusCode, 401);
            assert.deepStrictEqual(child.logs().filter((l) => l.level === "error"), []);
        } finally {
            child.stop();
        }
    });

    it("an authentic body nested 20,000 deep is 400 (authentic but unusable), not 500", async () => {
        const body = "[".repeat(20_000) + "]".repeat(20_000);
        const signature = createHmac("sha256", SECRET).update(body).digest("hex");
        const status = await run(env({ EBK_PROVIDER: "hmac", EBK_PROVIDER_OPTIONS: '{"header":"x-signature","algorithm":"sha256","encoding":"hex"}' }), async (invoke) =>
            (await invoke(functionUrlEvent({ body, headers: { "x-signature": signature } }))).statusCode);
        assert.strictEqual(status, 400);
        assert.deepStrictEqual(putEntries(), []);
    });
});
