/**
 * Typed GitHub patterns. The `@ts-expect-error` lines are checked by `tsc --noEmit` (the
 * `typecheck` step of `npm test`): each must stay a compile error, or the type check fails. At run
 * time the same mistakes are valid EventBridge patterns that never match what the ingress emits,
 * which is why they must not compile.
 */
import * as assert from "assert";
import {
    anythingBut, cidr, equalsIgnoreCase, EventPattern, exists, explainMatch, GitHubAction, GitHubEventName, GitHubEventPattern,
    githubPattern, InvalidPatternError, matchesPattern, numeric, prefix, suffix, wildcard,
} from "../../components/patterns";
import { PROVIDER_EVENT_SOURCES } from "../../providers";
import { githubEvents } from "../../handlers/shared/provider-events/github";
import { toEntry } from "../../handlers/shared/events";
import { toVerifiedEvents } from "../../handlers/shared/verified-events";

/** A merged pull request as GitHub sends it (trimmed: GitHub's has ~300 fields), as JSON text. */
const mergedPullRequest = JSON.stringify({
    action: "closed",
    number: 42,
    pull_request: {
        url: "https://api.github.com/repos/octocat/Hello-World/pulls/42",
        id: 1_934_000_117,
        number: 42,
        state: "closed",
        locked: false,
        title: "Add retries to the uploader",
        user: { login: "octocat", id: 1, type: "User" },
        body: null,
        labels: [
            { id: 208045946, name: "bug", color: "f29513", default: true },
            { id: 208045947, name: "release-note", color: "0e8a16", default: false },
        ],
        created_at: "2026-11-20T09:12:03Z",
        closed_at: "2026-11-22T07:59:58Z",
        merged_at: "2026-11-22T07:59:58Z",
        merge_commit_sha: "e5bd3914e2e596debea16f433f57875b5b90bcd6",
        head: { ref: "retries", sha: "6dcb09b5b57875f334f61aebed695e2e4193db5e" },
        base: { ref: "main", sha: "9049f1265b7d61be4a8904a9a27120d2064dab3b" },
        draft: false,
        merged: true,
        mergeable: null,
        merged_by: { login: "hubot", id: 2, type: "User" },
        comments: 3,
        commits: 2,
        additions: 120,
        deletions: 8,
        changed_files: 4,
    },
    repository: { id: 1296269, name: "Hello-World", full_name: "octocat/Hello-World", private: false, default_branch: "main" },
    sender: { login: "hubot", id: 2, type: "User" },
});

/**
 * The event EventBridge delivers for that delivery: the webhook handler's own modules turn the
 * body into the PutEvents entry (source, detail-type, `{ metadata, payload }`), then EventBridge
 * adds the envelope.
 */
function ingressEvent(event: string, body: string): object {
    const facts = { deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958", hookId: "292430182", detailType: event, bodyFormat: "json" as const };
    const [verified] = toVerifiedEvents(githubEvents(Buffer.from(body), facts), "github", PROVIDER_EVENT_SOURCES.github, facts, "2026-11-22T08:00:00.000Z", true);
    const entry = toEntry(verified, "webhooks");
    return {
        version: "0", id: "a1b2c3d4-0000-4000-8000-000000000001", "detail-type": entry.DetailType, source: entry.Source,
        account: "123456789012", time: "2026-11-22T08:00:00Z", region: "us-east-1", resources: [], detail: JSON.parse(entry.Detail!),
    };
}

describe("patterns: typed GitHub patterns", () => {
    const merged = ingressEvent("pull_request", mergedPullRequest);

    it("builds the whole pattern: source, detail-type and the filter under detail.payload", () => {
        const pattern = githubPattern("pull_request", { action: ["closed"], pull_request: { merged: [true] } });
        assert.strictEqual(JSON.stringify(pattern), JSON.stringify({
            source: ["github.com"],
            "detail-type": ["pull_request"],
            detail: { payload: { action: ["closed"], pull_request: { merged: [true] } } },
        }));
        assert.strictEqual(pattern.source[0], PROVIDER_EVENT_SOURCES.github);
        assert.strictEqual(matchesPattern(pattern, merged), true);
        const open = ingressEvent("pull_request", mergedPullRequest.replace('"merged":true', '"merged":false'));
        assert.strictEqual(matchesPattern(pattern, open), false);
        // The mistake this replaces: a filter on `detail.action` never fires on what the ingress emits.
        const untyped: EventPattern = { source: ["github.com"], "detail-type": ["pull_request"], detail: { action: ["closed"] } };
        assert.strictEqual(explainMatch(untyped, merged).path, "$.detail.action");
    });

    it("matches every kind of typed leaf against the ingress's event", () => {
        const pattern = githubPattern("pull_request", {
            action: [anythingBut("opened", "reopened")],
            number: [numeric(">=", 1, "<", 1000)],
            pull_request: {
                title: [prefix("add", { ignoreCase: true })],
                state: ["closed"],
                body: [null],
                merged_by: { login: [equalsIgnoreCase("HUBOT")] },
                labels: { name: [suffix("-note")] },
                base: { ref: [anythingBut({ prefix: "release/" })] },
                head: { sha: [wildcard("6dcb*")] },
                additions: [{ "anything-but": [0] }],
                auto_merge: [exists(false)],
                draft: [false],
            },
            repository: { full_name: ["octocat/Hello-World"] },
            $or: [{ sender: { login: ["hubot"] } }, { sender: { type: ["Bot"] } }],
        }, { metadata: { hookId: ["292430182"], provider: ["github"] } });
        assert.strictEqual(matchesPattern(pattern, merged), true);
        const otherHook = ingressEvent("pull_request", mergedPullRequest) as { detail: { metadata: { hookId: string } } };
        otherHook.detail.metadata.hookId = "1";
        assert.strictEqual(explainMatch(pattern, otherHook).path, "$.detail.metadata.hookId");
        assert.deepStrictEqual((pattern.detail as EventPattern).metadata, { hookId: ["292430182"], provider: ["github"] });
    });

    it("takes several events and the ingress's own eventSource", () => {
        const pattern = githubPattern(["push", "pull_request"], { repository: { full_name: ["octocat/Hello-World"] } }, { source: "com.example.github" });
        assert.deepStrictEqual(pattern, {
            source: ["com.example.github"],
            "detail-type": ["push", "pull_request"],
            detail: { payload: { repository: { full_name: ["octocat/Hello-World"] } } },
        });
        const detailTypes: readonly ("push" | "pull_request")[] = pattern["detail-type"];
        assert.deepStrictEqual(detailTypes, ["push", "pull_request"]);
        assert.deepStrictEqual(githubPattern("workflow_run"), { source: ["github.com"], "detail-type": ["workflow_run"] });
    });

    it("refuses what the types refuse when called from JavaScript, and invalid patterns", () => {
        const untyped = githubPattern as (event: unknown, payload?: unknown) => unknown;
        for (const name of ["ping", "pull-request", "PullRequest", "", 42]) {
            assert.throws(() => untyped(name), (e: Error) => e.message.startsWith(`githubPattern: ${JSON.stringify(name)} is not an event the ingress emits.`), String(name));
        }
        assert.throws(() => untyped(["push", "ping"]), /"ping" is not an event the ingress emits/);
        assert.throws(
            () => githubPattern("pull_request", { action: [] }),
            (e: unknown) => e instanceof InvalidPatternError && e.message.startsWith('githubPattern("pull_request"): invalid event pattern (1 problem)') && e.problems[0].path === "$.detail.payload.action",
        );
    });

    it("makes the mistakes that would never match compile errors", () => {
        const push = ingressEvent("push", '{"ref":"refs/heads/main","before":"0","after":"1","commits":[{"id":"1","author":{"email":"a@example.com"}}]}');
        const neverMatch: [EventPattern, object][] = [
            // @ts-expect-error a misspelt field
            [githubPattern("pull_request", { action: ["closed"], pull_request: { mergd: [true] } }), merged],
            // @ts-expect-error an action pull_request does not have
            [githubPattern("pull_request", { action: ["clsed"] }), merged],
            // @ts-expect-error a numeric matcher on a string field
            [githubPattern("pull_request", { pull_request: { title: [numeric(">", 0)] } }), merged],
            // @ts-expect-error a string where the payload has a number
            [githubPattern("pull_request", { number: ["42"] }), merged],
            // @ts-expect-error a string operator on a boolean field
            [githubPattern("pull_request", { pull_request: { merged: [prefix("t")] } }), merged],
            // @ts-expect-error cidr on a number field
            [githubPattern("pull_request", { pull_request: { id: [cidr("10.0.0.0/8")] } }), merged],
            // @ts-expect-error a matcher list where the payload has an object
            [githubPattern("pull_request", { pull_request: ["closed"] }), merged],
            // @ts-expect-error a misspelt field of an array's elements
            [githubPattern("pull_request", { pull_request: { labels: { nme: ["bug"] } } }), merged],
            // @ts-expect-error a misspelt metadata field
            [githubPattern("pull_request", undefined, { metadata: { hookid: ["292430182"] } }), merged],
            // @ts-expect-error push has no action
            [githubPattern("push", { action: ["created"] }), push],
        ];
        for (const [mistake, event] of neverMatch) {
            assert.strictEqual(matchesPattern(mistake, event), false, JSON.stringify(mistake));
        }
        // The corrected patterns match.
        assert.strictEqual(matchesPattern(githubPattern("pull_request", { pull_request: { labels: { name: ["bug"] } } }), merged), true);
        assert.strictEqual(matchesPattern(githubPattern("push", { commits: { author: { email: [suffix("@example.com")] } } }), push), true);

        // Also invalid for EventBridge: anything-but takes only strings and numbers.
        // @ts-expect-error a boolean anything-but
        assert.throws(() => githubPattern("pull_request", { pull_request: { merged: [{ "anything-but": false }] } }), InvalidPatternError);
        // @ts-expect-error the helper keeps the literal, so a misspelt action is caught there too
        assert.strictEqual(matchesPattern(githubPattern("pull_request", { action: [anythingBut("clsed")] }), merged), true);

        const annotated: GitHubEventPattern<"push"> = {
            source: ["github.com"],
            "detail-type": ["push"],
            // @ts-expect-error a misspelt field under a typed pattern written by hand
            detail: { payload: { commits: { author: { mail: [suffix("@example.com")] } } } },
        };
        // A typed pattern is an EventPattern, as SafeRule's `pattern` takes it.
        const asRulePattern: EventPattern = annotated;
        assert.strictEqual(matchesPattern(asRulePattern, push), false);
    });

    it("types event names and actions from the schema", () => {
        // @ts-expect-error not a GitHub event (at run time any snake_case name is taken: GitHub adds events before the types do)
        assert.deepStrictEqual(githubPattern("pul_request")["detail-type"], ["pul_request"]);
        // @ts-expect-error ping never becomes an event
        assert.throws(() => githubPattern("ping"));
        // @ts-expect-error nor in a list
        assert.deepStrictEqual(githubPattern(["push", "pings"])["detail-type"], ["push", "pings"]);
        const names: GitHubEventName[] = ["push", "pull_request", "workflow_run", "issue_comment", "check_suite", "deployment_status"];
        const actions: GitHubAction<"pull_request">[] = ["closed", "ready_for_review", "review_requested", "synchronize"];
        // @ts-expect-error not an action of workflow_run
        const wrong: GitHubAction<"workflow_run"> = "closed";
        assert.deepStrictEqual([names.length, actions.length, wrong], [6, 4, "closed"]);
    });
});
