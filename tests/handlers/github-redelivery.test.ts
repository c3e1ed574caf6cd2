/**
 * The built github-redelivery bundle, as Lambda runs it: a fresh Node process per execution
 * environment, real SigV4-signed Secrets Manager calls to the fake AWS, and real GitHub REST calls
 * (through @octokit/request and @octokit/auth-app) to a fake GitHub on 127.0.0.1 that answers as
 * GitHub's OpenAPI description says and verifies the App's JWT with the App's public key.
 */
import * as assert from "assert";
import { createHmac, generateKeyPairSync } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { awsEnv, BundleProcess, fakeAws, FakeAws, startBundle } from "./fake-aws";
import { attempt, DeliveryItem, FakeGithub, fakeGithub, FakeGithubAuth } from "./fake-github";
import { functionUrlEvent, importEsm } from "./support";

interface RunResult {
    attempts: number;
    pages: number;
    redelivered: string[];
    refused: { guid: string; status: number }[];
    stoppedBy?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const TOKEN = "github_pat_11TESTTOKEN";
const REPOSITORY_HOOK: FakeGithubAuth = { hook: "repository", owner: "acme", repo: "app", hookId: 42, token: TOKEN };
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:github-Xy12Zw";
const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PRIVATE_KEY = keys.privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().replace(/\.\d+Z$/, "Z");
const MAX_BUNDLE_BYTES = 300 * 1024;

describe("handlers/dist github-redelivery bundle against a fake GitHub API", function () {
    this.timeout(60_000);
    let bundle: string;
    let tmp: string;
    let inputs: string[];
    let aws: FakeAws;
    let github: FakeGithub | undefined;
    const running: BundleProcess[] = [];

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ebk-redelivery-"));
        const { bundleEntry } = await importEsm<{ bundleEntry(o: object): Promise<{ path: string; bytes: number; inputs: string[] }> }>(
            pathToFileURL(path.join(__dirname, "../../handlers/build.mjs")).href,
        );
        const entry = path.join(__dirname, "../../handlers/github-redelivery/index.ts");
        const first = await bundleEntry({ entry, outfile: path.join(tmp, "a", "index.js"), eventBridge: false });
        const second = await bundleEntry({ entry, outfile: path.join(tmp, "b", "index.js"), eventBridge: false });
        assert.ok(fs.readFileSync(first.path).equals(fs.readFileSync(second.path)), "two builds are byte-identical");
        bundle = first.path;
        inputs = first.inputs;
        aws = await fakeAws();
    });
    after(() => {
        aws.close();
        fs.rmSync(tmp, { recursive: true, force: true });
    });
    afterEach(() => {
        for (const child of running.splice(0)) child.stop();
        github?.close();
        github = undefined;
    });

    /** A fresh execution environment of the function, its credentials in the fake Secrets Manager. */
    async function start(hook: FakeGithubAuth, secret: string, extra: Record<string, string> = {}): Promise<BundleProcess> {
        aws.secret.AWSCURRENT = { value: secret, versionId: "v1", createdAt: Date.now() };
        const target = hook.hook === "app" ? { kind: "app" }
            : hook.hook === "repository" ? { kind: "repository", owner: hook.owner, repo: hook.repo, hookId: hook.hookId }
            : { kind: "organization", org: hook.org, hookId: hook.hookId };
        const child = await startBundle(bundle, {
            ...awsEnv(aws),
            EBK_SECRET_ARN: SECRET_ARN,
            EBK_GITHUB_HOOK: JSON.stringify(target),
            EBK_GITHUB_API_URL: github!.url,
            EBK_REDELIVERY_PAUSE_MS: "10",
            ...extra,
        });
        running.push(child);
        return child;
    }
    const run = (child: BundleProcess, remainingMs = 60_000) => child.invoke<RunResult>({ "detail-type": "Scheduled Event" }, { remainingMs });
    const posts = () => github!.calls.filter((c) => c.method === "POST").map((c) => c.path);

    it(`is small (≤ ${MAX_BUNDLE_BYTES} bytes) and carries Octokit's request and App auth, and of the AWS SDK only Secrets Manager`, () => {
        assert.ok(fs.statSync(bundle).size <= MAX_BUNDLE_BYTES, `${fs.statSync(bundle).size} bytes`);
        for (const pkg of ["@octokit/request/", "@octokit/auth-app/", "universal-github-app-jwt/"]) {
            assert.ok(inputs.some((i) => i.includes(`node_modules/${pkg}`)), pkg);
        }
        const clients = [...new Set(inputs.map((i) => /node_modules\/@aws-sdk\/client-([a-z0-9-]+)\//.exec(i)?.[1]).filter(Boolean))];
        assert.deepStrictEqual(clients, ["secrets-manager"]);
        assert.deepStrictEqual(inputs.filter((i) => /node_modules\/@aws-sdk\/credential-provider-/.test(i)), []);
    });

    it("repository hook: redelivers each event whose attempts all failed, once, over three pages; leaves successful, already-redelivered and older-than-3-days ones alone", async () => {
        github = await fakeGithub(REPOSITORY_HOOK);
        const failed503 = attempt({ guid: "g-503", delivered_at: iso(60_000), status_code: 503 });
        const timedOut = attempt({ guid: "g-timeout", delivered_at: iso(2 * DAY_MS), status_code: 0 });
        const throttled = attempt({ guid: "g-429", delivered_at: iso(DAY_MS), status_code: 429 });
        const redeliveredOk = [
            attempt({ guid: "g-fixed", delivered_at: iso(5 * 60_000), status_code: 200, redelivery: true }),
            attempt({ guid: "g-fixed", delivered_at: iso(10 * 60_000), status_code: 502 }),
        ];
        const redeliveredFailed = [
            attempt({ guid: "g-asked", delivered_at: iso(3 * 60_000), status_code: 500, redelivery: true }),
            attempt({ guid: "g-asked", delivered_at: iso(4 * 60_000), status_code: 500 }),
        ];
        const tooOld = attempt({ guid: "g-old", delivered_at: iso(3 * DAY_MS + 60 * 60_000), status_code: 503 });
        const ok = (i: number, msAgo: number) => attempt({ guid: `ok-${i}`, delivered_at: iso(msAgo), status_code: 200 });
        // Newest first, as GitHub lists them: 100 per page, the failures spread over pages 1–3.
        github.deliveries = [
            failed503, ...redeliveredOk, ...redeliveredFailed,
            ...Array.from({ length: 120 }, (_, i) => ok(i, 20 * 60_000 + i * 1000)),
            throttled,
            ...Array.from({ length: 100 }, (_, i) => ok(200 + i, DAY_MS + 60_000 + i * 1000)),
            timedOut,
            tooOld,
        ];
        const child = await start(REPOSITORY_HOOK, TOKEN);

        const first = await run(child);
        assert.deepStrictEqual(first, { attempts: 228, pages: 3, redelivered: ["g-timeout", "g-429", "g-503"], refused: [] });
        const base = "/repos/acme/app/hooks/42/deliveries";
        assert.deepStrictEqual(github.calls.filter((c) => c.method === "GET").map((c) => c.path),
            [`${base}?per_page=100`, `${base}?per_page=100&cursor=100`, `${base}?per_page=100&cursor=200`]);
        // Oldest first (closest to leaving the window), each by its newest attempt's id.
        assert.deepStrictEqual(posts(), [timedOut, throttled, failed503].map((d) => `${base}/${d.id}/attempts`));
        assert.ok(github.calls.every((c) => c.authorization === `Bearer ${TOKEN}`), "every call carries the token");
        assert.deepStrictEqual(aws.callsTo("secretsmanager.GetSecretValue").at(-1)!.body, { SecretId: SECRET_ARN, VersionStage: "AWSCURRENT" });

        // The next run sees the redeliveries in GitHub's list and asks for nothing.
        const second = await run(child);
        assert.deepStrictEqual([second.redelivered, second.attempts], [[], 231]);
        // Nor does a new execution environment, which remembers nothing itself: GitHub's list is the record.
        const fresh = await run(await start(REPOSITORY_HOOK, TOKEN));
        assert.deepStrictEqual(fresh.redelivered, []);
        assert.strictEqual(github.redeliveryRequests.length, 3);
        const lines = child.logs().map((l) => l.message);
        assert.deepStrictEqual(lines.filter((m) => m === "redelivery requested").length, 3);
        assert.ok(!JSON.stringify(child.logs()).includes(TOKEN), "the token is never logged");
    });

    it("end to end: a push Lambda throttled (429, the handler never saw it) comes back through the redelivery function, and the webhook bundle puts it on the bus once", async () => {
        const { bundleEntry } = await importEsm<{ bundleEntry(o: object): Promise<{ path: string }> }>(pathToFileURL(path.join(__dirname, "../../handlers/build.mjs")).href);
        const webhookBundle = await bundleEntry({ entry: path.join(__dirname, "../../handlers/webhook/index.ts"), outfile: path.join(tmp, "webhook", "index.js"), s3: "on-demand" });
        const webhookAws = await fakeAws();
        webhookAws.secret.AWSCURRENT = { value: "gh-webhook-secret", versionId: "v1", createdAt: Date.now() };
        try {
            const webhook = await startBundle(webhookBundle.path, {
                ...awsEnv(webhookAws), EBK_PROVIDER: "github", EBK_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:gh-AbCdEf", EBK_EVENT_BUS_NAME: "webhooks",
            });
            running.push(webhook);
            github = await fakeGithub(REPOSITORY_HOOK);
            const push = JSON.stringify({ ref: "refs/heads/main", before: "a".repeat(40), after: "b".repeat(40), repository: { full_name: "acme/app" } });
            // GitHub redelivers the same payload with the same X-GitHub-Delivery, signed with the hook's secret.
            github.deliver = async (original) => {
                const answer = await webhook.invoke(functionUrlEvent({
                    body: push,
                    headers: {
                        "content-type": "application/json", "x-github-event": original.event, "x-github-delivery": original.guid,
                        "x-hub-signature-256": "sha256=" + createHmac("sha256", "gh-webhook-secret").update(push).digest("hex"),
                    },
                }));
                return answer.statusCode;
            };
            github.deliveries = [attempt({ guid: "72d3162e-cc78-11e3-81ab-4c9367dc0958", delivered_at: iso(4 * 60_000), status_code: 429, status: "Invalid HTTP Response: 429" })];
            const child = await start(REPOSITORY_HOOK, TOKEN);
            assert.deepStrictEqual((await run(child)).redelivered, ["72d3162e-cc78-11e3-81ab-4c9367dc0958"]);
            await github.pending;
            const [call] = webhookAws.callsTo("AWSEvents.PutEvents");
            const [entry] = call.body.Entries as Record<string, string>[];
            assert.deepStrictEqual([entry.Source, entry.DetailType, JSON.parse(entry.Detail).metadata.deliveryId], ["github.com", "push", "72d3162e-cc78-11e3-81ab-4c9367dc0958"]);
            assert.deepStrictEqual(github.deliveries.map((d) => [d.status_code, d.redelivery]), [[200, true], [429, false]]);
            // Delivered now: the next run leaves it alone, and the bus got it once.
            assert.deepStrictEqual((await run(child)).redelivered, []);
            assert.strictEqual(webhookAws.callsTo("AWSEvents.PutEvents").length, 1);
        } finally {
            webhookAws.close();
        }
    });

    it("a redelivery that fails again is not asked for again (each event once)", async () => {
        github = await fakeGithub(REPOSITORY_HOOK);
        github.redeliveryStatus = 503;
        github.deliveries = [attempt({ guid: "g-1", delivered_at: iso(60_000), status_code: 503 })];
        const child = await start(REPOSITORY_HOOK, TOKEN);
        assert.deepStrictEqual((await run(child)).redelivered, ["g-1"]);
        assert.deepStrictEqual((await run(await start(REPOSITORY_HOOK, TOKEN))).redelivered, []);
        assert.strictEqual(github.redeliveryRequests.length, 1);
    });

    it("GitHub App hook: authenticates with a JWT signed by the App's key (verified by the fake with the public key), on the /app/hook routes", async () => {
        github = await fakeGithub({ hook: "app", appId: "123456", publicKey: keys.publicKey });
        const failed = attempt({ guid: "g-app", delivered_at: iso(60_000), status_code: 502, installation_id: 77 });
        github.deliveries = [failed, attempt({ guid: "g-ok", delivered_at: iso(120_000), status_code: 200 })];
        const child = await start({ hook: "app", appId: "123456", publicKey: keys.publicKey }, JSON.stringify({ appId: "123456", privateKey: PRIVATE_KEY }));
        const result = await run(child);
        assert.deepStrictEqual(result.redelivered, ["g-app"]);
        assert.deepStrictEqual(github.calls.map((c) => `${c.method} ${c.path}`), ["GET /app/hook/deliveries?per_page=100", `POST /app/hook/deliveries/${failed.id}/attempts`]);
        const [, payload] = github.calls[0].authorization!.split(" ")[1].split(".");
        const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
        assert.strictEqual(claims.iss, "123456");
        assert.ok(claims.exp - claims.iat <= 660, "expires within GitHub's 10 minutes");
    });

    it("GitHub App hook: a key that is not the App's is refused (401); the run fails (error alarm) and asks for nothing", async () => {
        github = await fakeGithub({ hook: "app", appId: "123456", publicKey: keys.publicKey });
        github.deliveries = [attempt({ guid: "g-app", delivered_at: iso(60_000), status_code: 502 })];
        const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
        const child = await start({ hook: "app", appId: "123456", publicKey: keys.publicKey }, JSON.stringify({ appId: "123456", privateKey: otherKey }));
        await assert.rejects(run(child), /GitHub answered 401: A JSON web token could not be decoded/);
        assert.deepStrictEqual(posts(), []);
        assert.ok(!JSON.stringify(child.logs()).includes("PRIVATE KEY"), "the key is never logged");
    });

    it("GitHub App hook: a secret holding a token instead of the App's JSON fails the run before any call to GitHub, without echoing the secret", async () => {
        github = await fakeGithub({ hook: "app", appId: "123456", publicKey: keys.publicKey });
        const child = await start({ hook: "app", appId: "123456", publicKey: keys.publicKey }, TOKEN);
        await assert.rejects(run(child), (err: Error) => /the GitHub App secret is not JSON; store \{"appId"/.test(err.message) && !err.message.includes(TOKEN));
        assert.deepStrictEqual(github.calls, []);
    });

    it("organization hook: a wrong token is refused (401) and the run fails", async () => {
        const org: FakeGithubAuth = { hook: "organization", org: "acme", hookId: 7, token: TOKEN };
        github = await fakeGithub(org);
        github.deliveries = [attempt({ guid: "g-org", delivered_at: iso(60_000), status_code: 500 })];
        await assert.rejects(run(await start(org, "ghp_wrong")), /GitHub answered 401: Bad credentials/);
        assert.deepStrictEqual([github.calls.map((c) => c.path), posts()], [["/orgs/acme/hooks/7/deliveries?per_page=100"], []]);
        // With the right one, the organization's routes.
        const result = await run(await start(org, TOKEN));
        assert.deepStrictEqual([result.redelivered, posts()], [["g-org"], [`/orgs/acme/hooks/7/deliveries/${github.deliveries.at(-1)!.id}/attempts`]]);
    });

    it("429 with retry-after while listing: stops at once, asks for nothing, and makes no call until retry-after has passed", async () => {
        github = await fakeGithub(REPOSITORY_HOOK);
        github.deliveries = [
            attempt({ guid: "g-1", delivered_at: iso(60_000), status_code: 503 }),
            ...Array.from({ length: 100 }, (_, i) => attempt({ guid: `ok-${i}`, delivered_at: iso(120_000 + i * 1000), status_code: 200 })),
        ];
        github.inject.push({ method: "GET", path: /cursor=100/, status: 429, headers: { "retry-after": "120" }, body: { message: "You have exceeded a secondary rate limit." } });
        const child = await start(REPOSITORY_HOOK, TOKEN);
        assert.deepStrictEqual(await run(child), { attempts: 100, pages: 1, redelivered: [], refused: [], stoppedBy: "rate-limit" });
        const calls = github.calls.length;
        // The next scheduled run, 60 s later: still inside retry-after, so no call at all.
        await child.advanceClock(60_000);
        assert.deepStrictEqual((await run(child)).stoppedBy, "rate-limit");
        assert.strictEqual(github.calls.length, calls);
        // Once it has passed, the run completes.
        await child.advanceClock(61_000);
        assert.deepStrictEqual((await run(child)).redelivered, ["g-1"]);
    });

    it("403 secondary rate limit (retry-after) on a redelivery: the ones before it count, the rest wait for a later run", async () => {
        github = await fakeGithub(REPOSITORY_HOOK);
        github.deliveries = ["a", "b", "c"].map((g, i) => attempt({ guid: g, delivered_at: iso((i + 1) * 60_000), status_code: 500 }));
        github.inject.push({ method: "POST", path: new RegExp(`/${github.deliveries[1].id}/attempts$`), status: 403, headers: { "retry-after": "60" }, body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." } });
        const child = await start(REPOSITORY_HOOK, TOKEN);
        const result = await run(child);
        // Oldest first: c, then b is refused.
        assert.deepStrictEqual([result.redelivered, result.stoppedBy], [["c"], "rate-limit"]);
        assert.strictEqual(posts().length, 2, "no call after the refused one");
        await child.advanceClock(61_000);
        assert.deepStrictEqual((await run(child)).redelivered, ["b", "a"]);
    });

    it("x-ratelimit-remaining 0: the call that used the last request is the last one", async () => {
        github = await fakeGithub(REPOSITORY_HOOK);
        github.deliveries = [attempt({ guid: "a", delivered_at: iso(60_000), status_code: 500 }), attempt({ guid: "b", delivered_at: iso(120_000), status_code: 500 })];
        github.rateLimitRemaining = 2;
        const result = await run(await start(REPOSITORY_HOOK, TOKEN));
        // The list (remaining 1), then one redelivery (remaining 0): stop.
        assert.deepStrictEqual([result.redelivered, result.stoppedBy, github.calls.length], [["b"], "rate-limit", 2]);
    });

    it("5xx while listing: the run fails (error alarm) without asking for anything; 5xx on a redelivery: fails after the ones before it", async () => {
        github = await fakeGithub(REPOSITORY_HOOK);
        github.deliveries = ["a", "b"].map((g, i) => attempt({ guid: g, delivered_at: iso((i + 1) * 60_000), status_code: 500 }));
        const [a, b] = github.deliveries;
        github.inject.push({ method: "GET", path: /deliveries/, status: 502, body: { message: "Server Error" } });
        const child = await start(REPOSITORY_HOOK, TOKEN);
        await assert.rejects(run(child), /GitHub answered 502/);
        assert.deepStrictEqual(posts(), []);
        // b (older) first, then a fails.
        github.inject.push({ method: "POST", path: new RegExp(`/${a.id}/attempts$`), status: 503, body: { message: "Service Unavailable" } });
        await assert.rejects(run(child), /GitHub answered 503/);
        assert.deepStrictEqual(github.redeliveryRequests, [String(b.id)]);
        assert.ok(child.logs().some((l) => l.level === "error" && l.message === "GitHub API call failed: the run stops here"));
    });

    it("422 on one redelivery: that one is skipped, the others are asked for", async () => {
        github = await fakeGithub(REPOSITORY_HOOK);
        github.deliveries = ["a", "b"].map((g, i) => attempt({ guid: g, delivered_at: iso((i + 1) * 60_000), status_code: 500 }));
        github.inject.push({ method: "POST", path: new RegExp(`/${github.deliveries[1].id}/attempts$`), status: 422, body: { message: "Validation Failed" } });
        const result = await run(await start(REPOSITORY_HOOK, TOKEN));
        assert.deepStrictEqual([result.redelivered, result.refused], [["a"], [{ guid: "b", status: 422 }]]);
    });

    it("pauses between redeliveries (GitHub: a second between writes); starts no request the invocation's time left cannot cover", async () => {
        github = await fakeGithub(REPOSITORY_HOOK);
        github.deliveries = ["a", "b", "c"].map((g, i) => attempt({ guid: g, delivered_at: iso((i + 1) * 60_000), status_code: 500 }));
        const child = await start(REPOSITORY_HOOK, TOKEN, { EBK_REDELIVERY_PAUSE_MS: "1000" });
        const paced = await run(child);
        assert.deepStrictEqual(paced.redelivered, ["c", "b", "a"]);
        const at = github.calls.filter((c) => c.method === "POST").map((c) => c.at);
        assert.ok(at[1] - at[0] >= 990 && at[2] - at[1] >= 990, `gaps ${at[1] - at[0]} ms, ${at[2] - at[1]} ms`);
        github.deliveries.unshift(attempt({ guid: "d", delivered_at: iso(60_000), status_code: 500 }));
        // Under 10 s (a request's limit) plus 3 s left: no call at all.
        const calls = github.calls.length;
        const late = await run(child, 12_900);
        assert.deepStrictEqual([late.redelivered, late.stoppedBy, github.calls.length], [[], "deadline", calls]);
        assert.deepStrictEqual((await run(child, 13_100)).redelivered, ["d"]);
    });

    it("reads at most EBK_REDELIVERY_MAX_PAGES pages and asks for at most EBK_REDELIVERY_MAX_PER_RUN redeliveries per run; the rest in later runs", async () => {
        github = await fakeGithub(REPOSITORY_HOOK);
        github.deliveries = [
            ...["a", "b", "c"].map((g, i) => attempt({ guid: g, delivered_at: iso((i + 1) * 60_000), status_code: 500 })),
            ...Array.from({ length: 97 }, (_, i) => attempt({ guid: `ok-${i}`, delivered_at: iso(10 * 60_000 + i * 1000), status_code: 200 })),
            attempt({ guid: "page-2", delivered_at: iso(DAY_MS), status_code: 500 }),
        ];
        const child = await start(REPOSITORY_HOOK, TOKEN, { EBK_REDELIVERY_MAX_PAGES: "1", EBK_REDELIVERY_MAX_PER_RUN: "2" });
        assert.deepStrictEqual(await run(child), { attempts: 100, pages: 1, redelivered: ["c", "b"], refused: [], stoppedBy: "max-redeliveries" });
        // Page 1 now holds the two redeliveries too; page 2 is still not read.
        assert.deepStrictEqual(await run(child), { attempts: 100, pages: 1, redelivered: ["a"], refused: [], stoppedBy: "max-pages" });
    });

    it("a next-page link to another host is not followed (the credentials stay with GitHub's API)", async () => {
        github = await fakeGithub(REPOSITORY_HOOK);
        github.deliveries = [attempt({ guid: "a", delivered_at: iso(60_000), status_code: 500 })];
        github.inject.push({ method: "GET", path: /deliveries/, status: 200, headers: { link: '<https://attacker.example/repos/acme/app/hooks/42/deliveries?cursor=1>; rel="next"' }, body: [attempt({ guid: "b", delivered_at: iso(30_000), status_code: 200 })] });
        await assert.rejects(run(await start(REPOSITORY_HOOK, TOKEN)), /next-page link points outside/);
        assert.deepStrictEqual([github.calls.length, posts()], [1, []]);
    });
});

/** The shape check of the fake itself: an attempt as built is a published `hook-delivery-item`. */
export const sample: DeliveryItem = attempt({ guid: "x", delivered_at: "2026-01-01T00:00:00Z", status_code: 200 });
