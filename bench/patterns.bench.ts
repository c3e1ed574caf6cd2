/**
 * Event-pattern engine throughput.
 *
 * - Matching: events per second for 1, 10 and 100 patterns over a mix of GitHub, Twilio, Bird
 *   (SparkPost) and AWS service events of 1-50 KB, through `matchesPattern` (cache lookup by
 *   JSON text each call) and through a pattern compiled once (`compilePattern`).
 * - Validation: time to validate a large pattern close to the 2,048-character quota.
 * - The goal: matching a 10 KB event (already parsed, as a Lambda or a test holds it) against a
 *   typical pattern costs no more than `JSON.parse` of that event, measured in the same run.
 * - PatternMachine: parse plus match of a 10 KB event (JSON text) against 1, 10, 100 and 1,000
 *   patterns in one pass, as ratios to `JSON.parse` of that event; build time and memory per
 *   pattern. Goals: 1,000 patterns ≤ 1.5× parse alone, and the cost at 1,000 ≤ 2× the cost at 10.
 */
import * as v8 from "v8";
import * as vm from "vm";
import { compilePattern, EventPattern, matchesPattern, PatternMachine, validatePattern } from "../components/patterns";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Event = { [key: string]: Json };

/** A deterministic pseudo-random generator, so every run measures the same events. */
function random(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
        s = (s * 1664525 + 1013904223) >>> 0;
        return s / 2 ** 32;
    };
}
const rand = random(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
const word = (n = 8): string => Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(rand() * 26))).join("");

function envelope(source: string, detailType: string, detail: Json, region = "us-east-1"): Event {
    return {
        version: "0", id: `${word(8)}-${word(4)}-${word(4)}-${word(12)}`, "detail-type": detailType, source,
        account: "123456789012", time: "2026-11-22T08:00:00Z", region, resources: [], detail,
    };
}

function githubRepository(): Json {
    const repo: { [k: string]: Json } = { id: Math.floor(rand() * 1e9), name: word(), full_name: `acme/${word()}`, private: rand() < 0.5, fork: false };
    for (const k of ["html_url", "url", "forks_url", "keys_url", "hooks_url", "issues_url", "pulls_url", "commits_url", "tags_url", "blobs_url", "trees_url", "labels_url", "releases_url", "deployments_url"]) {
        repo[k] = `https://api.github.com/repos/acme/${word()}/${k.replace("_url", "")}{/id}`;
    }
    repo.owner = { login: "acme", id: 1234, type: "Organization", site_admin: false, avatar_url: "https://avatars.githubusercontent.com/u/1234?v=4" };
    repo.topics = Array.from({ length: 5 }, () => word(6));
    return repo;
}

/** A GitHub webhook event padded with commits to roughly `kb` kilobytes. */
function githubEvent(kb: number): Event {
    const type = pick(["push", "pull_request", "issues", "workflow_run"]);
    const detail: { [k: string]: Json } = {
        action: pick(["opened", "closed", "synchronize", "reopened", "completed"]),
        repository: githubRepository(),
        sender: { login: word(), id: Math.floor(rand() * 1e7), type: "User" },
        "x-github-delivery": `${word(8)}-${word(4)}`,
        commits: [],
    };
    const commits = detail.commits as Json[];
    while (JSON.stringify(detail).length < kb * 1024) {
        commits.push({
            id: word(40), message: `${word(6)} ${word(10)} ${word(4)}`, timestamp: "2026-11-22T07:59:00Z",
            author: { name: word(), email: `${word()}@example.com` }, added: [`src/${word()}.ts`], removed: [], modified: [`src/${word()}.ts`, `test/${word()}.ts`],
        });
    }
    return envelope("github.com", type, detail);
}

function twilioEvent(): Event {
    return envelope("twilio.com", "message-status", {
        MessageSid: `SM${word(32)}`, AccountSid: `AC${word(32)}`, From: "+15005550006", To: "+15558675310",
        MessageStatus: pick(["queued", "sent", "delivered", "undelivered", "failed"]), ErrorCode: pick([null, 30003, 30005]), ApiVersion: "2010-04-01",
        SmsSid: `SM${word(32)}`, Body: `${word(20)} ${word(20)}`, NumSegments: "1",
    });
}

/** A Bird (SparkPost) webhook batch of events of roughly `kb` kilobytes. */
function birdEvent(kb: number): Event {
    const events: Json[] = [];
    const detail: { [k: string]: Json } = { "batch-id": word(16), events };
    while (JSON.stringify(detail).length < kb * 1024) {
        events.push({
            msys: {
                message_event: {
                    type: pick(["delivery", "bounce", "open", "click", "injection"]), event_id: word(18), message_id: word(20),
                    rcpt_to: `${word()}@example.com`, ip_address: `10.0.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}`,
                    timestamp: String(1763798400 + Math.floor(rand() * 1000)), campaign_id: word(10), subject: `${word(8)} ${word(8)}`,
                    num_retries: String(Math.floor(rand() * 3)), bounce_class: String(pick([1, 10, 25, 50])),
                },
            },
        });
    }
    return envelope("bird.com", "message-event", detail);
}

function awsEvent(kb: number): Event {
    const kind = pick(["ec2", "s3", "cloudtrail"]);
    if (kind === "ec2") {
        return envelope("aws.ec2", "EC2 Instance State-change Notification", { "instance-id": `i-${word(17)}`, state: pick(["pending", "running", "stopping", "stopped", "terminated"]) });
    }
    if (kind === "s3") {
        return envelope("aws.s3", "Object Created", {
            version: "0", bucket: { name: `acme-${word()}` }, object: { key: `uploads/${word()}/${word()}.png`, size: Math.floor(rand() * 1e7), etag: word(32) },
            "request-id": word(16), requester: "123456789012", "source-ip-address": `10.0.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}`, reason: "PutObject",
        });
    }
    const items: Json[] = [];
    const detail: { [k: string]: Json } = {
        eventVersion: "1.09", eventSource: pick(["iam.amazonaws.com", "s3.amazonaws.com", "ec2.amazonaws.com"]), eventName: pick(["CreateUser", "PutBucketPolicy", "RunInstances", "DeleteBucket"]),
        awsRegion: "us-east-1", sourceIPAddress: `10.1.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}`, userAgent: "aws-cli/2.15",
        userIdentity: { type: "AssumedRole", arn: `arn:aws:sts::123456789012:assumed-role/${word()}/${word()}`, accountId: "123456789012" },
        requestParameters: { items }, responseElements: null,
    };
    while (JSON.stringify(detail).length < kb * 1024) {
        items.push({ instanceId: `i-${word(17)}`, imageId: `ami-${word(8)}`, instanceType: pick(["t3.micro", "m5.large"]), tags: [{ key: "team", value: word() }] });
    }
    return envelope("aws.cloudtrail", "AWS API Call via CloudTrail", detail);
}

/** The mix: sizes spread over 1-50 KB. */
function eventMix(count: number): Event[] {
    const sizes = [1, 2, 5, 10, 20, 50];
    return Array.from({ length: count }, (_, i) => {
        const kb = sizes[i % sizes.length];
        switch (i % 4) {
            case 0: return githubEvent(kb);
            case 1: return twilioEvent();
            case 2: return birdEvent(kb);
            default: return awsEvent(kb);
        }
    });
}

const typicalPatterns: EventPattern[] = [
    { source: ["github.com"], "detail-type": ["pull_request"], detail: { action: ["opened", "reopened", "synchronize"] } },
    { source: ["twilio.com"], "detail-type": ["message-status"], detail: { MessageStatus: ["failed", "undelivered"] } },
    { source: ["bird.com"], "detail-type": ["message-event"], detail: { events: { msys: { message_event: { type: ["bounce"], bounce_class: ["10", "25"] } } } } },
    { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"], detail: { state: [{ "anything-but": ["pending", "running"] }] } },
    { source: ["aws.s3"], "detail-type": ["Object Created"], detail: { bucket: { name: [{ prefix: "acme-" }] }, object: { key: [{ suffix: ".png" }], size: [{ numeric: [">", 1024] }] } } },
    { source: ["aws.cloudtrail"], "detail-type": ["AWS API Call via CloudTrail"], detail: { eventName: [{ wildcard: "*Bucket*" }], sourceIPAddress: [{ cidr: "10.1.0.0/16" }] } },
    { source: ["github.com"], $or: [{ "detail-type": ["push"] }, { detail: { action: ["completed"] } }] },
    { source: [{ prefix: "aws." }], region: ["us-east-1"], detail: { userIdentity: { type: [{ "equals-ignore-case": "assumedrole" }] } } },
];

/** 100 patterns: the typical ones plus variations on sources, values and operators. */
function patternSet(n: number): EventPattern[] {
    const result: EventPattern[] = [];
    for (let i = 0; result.length < n; i++) {
        const base = typicalPatterns[i % typicalPatterns.length];
        result.push(i < typicalPatterns.length ? base : { ...base, account: [String(123456789000 + (i % 13))], detail: { ...(base.detail as EventPattern), [`f${i}`]: [{ exists: i % 2 === 0 }] } });
    }
    return result;
}

/** Nanoseconds per call of `fn`, measured for at least `ms` milliseconds after a warm-up. */
function measure(fn: () => void, ms = 400): number {
    for (let i = 0; i < 50; i++) fn();
    let iterations = 0;
    const start = process.hrtime.bigint();
    const budget = BigInt(ms) * 1_000_000n;
    let elapsed = 0n;
    while (elapsed < budget) {
        for (let i = 0; i < 20; i++) fn();
        iterations += 20;
        elapsed = process.hrtime.bigint() - start;
    }
    return Number(elapsed) / iterations;
}

const fmt = (n: number, digits = 0): string => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

export async function run(): Promise<void> {
    const events = eventMix(48);
    const bytes = events.map((e) => JSON.stringify(e).length);
    console.log(`event mix: ${events.length} events (GitHub, Twilio, Bird, AWS), ${fmt(Math.min(...bytes) / 1024, 1)}-${fmt(Math.max(...bytes) / 1024, 1)} KB, mean ${fmt(bytes.reduce((a, b) => a + b, 0) / bytes.length / 1024, 1)} KB`);

    console.log("\nmatching throughput (events/second; each event tested against every pattern):");
    console.log("patterns | matchesPattern | compiled once | PatternMachine | matches per pass");
    let sink = 0;
    for (const n of [1, 10, 100]) {
        const patterns = patternSet(n);
        const compiled = patterns.map((p) => compilePattern(p));
        const machine = new PatternMachine(patterns.map((p, i) => [`p${i}`, p] as const));
        let e = 0;
        const viaApi = measure(() => {
            const event = events[e++ % events.length];
            for (const p of patterns) sink += matchesPattern(p, event) ? 1 : 0;
        });
        let c = 0;
        const viaCompiled = measure(() => {
            const event = events[c++ % events.length];
            for (const p of compiled) sink += p.matches(event) ? 1 : 0;
        });
        let m = 0;
        const viaMachine = measure(() => {
            sink += machine.matches(events[m++ % events.length]).length;
        });
        const matched = events.reduce((sum, ev) => sum + compiled.filter((p) => p.matches(ev)).length, 0);
        const machineMatched = events.reduce((sum, ev) => sum + machine.matches(ev).length, 0);
        if (machineMatched !== matched) {
            throw new Error(`PatternMachine found ${machineMatched} matches, the compiled patterns ${matched}`);
        }
        console.log(`${String(n).padStart(8)} | ${fmt(1e9 / viaApi).padStart(14)} | ${fmt(1e9 / viaCompiled).padStart(13)} | ${fmt(1e9 / viaMachine).padStart(14)} | ${matched} of ${events.length * n}`);
    }

    const large: EventPattern = {
        source: ["aws.cloudtrail", "aws.s3", "aws.ec2"], "detail-type": ["AWS API Call via CloudTrail"],
        detail: {
            eventSource: ["iam.amazonaws.com", "s3.amazonaws.com", "ec2.amazonaws.com", "sts.amazonaws.com"],
            eventName: Array.from({ length: 40 }, (_, i) => `Operation${i}`),
            sourceIPAddress: [{ cidr: "10.0.0.0/8" }, { cidr: "172.16.0.0/12" }, { cidr: "2001:db8::/32" }],
            userIdentity: { type: [{ "anything-but": ["AWSService", "AWSAccount"] }], arn: [{ wildcard: "arn:aws:sts::*:assumed-role/*/admin-*" }] },
            requestParameters: { bucketName: [{ prefix: { "equals-ignore-case": "prod-" } }], size: [{ numeric: [">", 0, "<=", 5e9] }] },
            $or: Array.from({ length: 8 }, (_, i) => ({ [`tag${i}`]: [{ exists: true }], [`flag${i}`]: [true, null] })),
        },
    };
    const largeText = JSON.stringify(large);
    let problems = 0;
    const validateNs = measure(() => { problems += validatePattern(large).length; }, 300);
    const validateTextNs = measure(() => { problems += validatePattern(largeText).length; }, 300);
    console.log(`\nvalidation of a large pattern (${largeText.length} characters, ${problems === 0 ? "valid" : "invalid"}): ${fmt(validateNs / 1000, 1)} µs as an object, ${fmt(validateTextNs / 1000, 1)} µs as JSON text`);

    const tenKb = githubEvent(10);
    tenKb["detail-type"] = "pull_request";
    (tenKb.detail as { [k: string]: Json }).action = "opened";
    const text = JSON.stringify(tenKb);
    const typical = typicalPatterns[0];
    const compiledTypical = compilePattern(typical);
    const parseNs = measure(() => { sink += (JSON.parse(text) as Event).version === "0" ? 1 : 0; });
    const matchNs = measure(() => { sink += matchesPattern(typical, tenKb) ? 1 : 0; });
    const compiledNs = measure(() => { sink += compiledTypical.matches(tenKb) ? 1 : 0; });
    const textNs = measure(() => { sink += matchesPattern(typical, text) ? 1 : 0; });
    console.log(`\n10 KB event (${fmt(text.length / 1024, 1)} KB) against a typical pattern, same run:`);
    console.log(`  JSON.parse of the event            ${fmt(parseNs / 1000, 2).padStart(8)} µs`);
    console.log(`  matchesPattern(pattern, object)    ${fmt(matchNs / 1000, 2).padStart(8)} µs   ratio to JSON.parse ${fmt(matchNs / parseNs, 3)} (goal ≤ 1)`);
    console.log(`  compiled.matches(object)           ${fmt(compiledNs / 1000, 2).padStart(8)} µs   ratio to JSON.parse ${fmt(compiledNs / parseNs, 3)}`);
    console.log(`  matchesPattern(pattern, JSON text) ${fmt(textNs / 1000, 2).padStart(8)} µs   (includes parsing the event)`);
    sink += machineBench(text);
    if (sink < 0) console.log(sink);
}

/** Medians of interleaved rounds, so a burst of load on a shared machine hits every figure alike. */
function measureInterleaved(fns: readonly (() => void)[], rounds = 7, ms = 60): number[] {
    const samples = fns.map(() => [] as number[]);
    for (let r = 0; r < rounds; r++) {
        fns.forEach((fn, i) => samples[i].push(measure(fn, ms)));
    }
    return samples.map((s) => s.sort((a, b) => a - b)[Math.floor(s.length / 2)]);
}

const collectGarbage: () => void = (() => {
    v8.setFlagsFromString("--expose-gc");
    return vm.runInNewContext("gc") as () => void;
})();

function heapUsed(): number {
    collectGarbage();
    collectGarbage();
    return process.memoryUsage().heapUsed;
}

/** PatternMachine against 1-1,000 patterns on the 10 KB event, parsing included; returns a sink value. */
function machineBench(text: string): number {
    let sink = 0;
    const sizes = [1, 10, 100, 1000];
    const machines = sizes.map((n) => new PatternMachine(patternSet(n).map((p, i) => [`p${i}`, p] as const)));
    const compiled1000 = patternSet(1000).map((p) => compilePattern(p));
    const expected = compiled1000.filter((p) => p.matches(text)).length;
    if (machines[3].matches(text).length !== expected) {
        throw new Error(`PatternMachine and the compiled patterns disagree on the 10 KB event`);
    }
    const parsed = JSON.parse(text) as Event;
    const [parseNs, ...timings] = measureInterleaved([
        () => { sink += (JSON.parse(text) as Event).version === "0" ? 1 : 0; },
        ...machines.map((machine) => () => { sink += machine.matches(text).length; }),
        ...machines.map((machine) => () => { sink += machine.matches(parsed).length; }),
    ], 15, 30);
    const machineNs = timings.slice(0, sizes.length);
    const matchOnlyNs = timings.slice(sizes.length);
    const [oneByOneNs] = measureInterleaved([() => {
        const event = JSON.parse(text) as Event;
        for (const p of compiled1000) sink += p.matches(event) ? 1 : 0;
    }], 3, 100);

    console.log(`\nPatternMachine: parse + match of the 10 KB event (JSON text) in one pass, same run (medians of interleaved rounds):`);
    console.log(`  JSON.parse alone                  ${fmt(parseNs / 1000, 2).padStart(8)} µs`);
    sizes.forEach((n, i) => {
        console.log(`  ${String(n).padStart(5)} patterns: parse + match      ${fmt(machineNs[i] / 1000, 2).padStart(8)} µs   ratio to JSON.parse ${fmt(machineNs[i] / parseNs, 3)}   (match alone, event parsed: ${fmt(matchOnlyNs[i] / 1000, 2)} µs)   matches ${machines[i].matches(text).length}`);
    });
    console.log(`  1000 compiled patterns one by one  ${fmt(oneByOneNs / 1000, 2).padStart(8)} µs   ratio to JSON.parse ${fmt(oneByOneNs / parseNs, 3)} (the baseline, parse included)`);
    const at1000 = machineNs[3] / parseNs;
    const growth = machineNs[3] / machineNs[1];
    console.log(`  goal: 1,000 patterns ≤ 1.5× JSON.parse: ${fmt(at1000, 3)} ${at1000 <= 1.5 ? "met" : "NOT MET"}`);
    console.log(`  goal: cost at 1,000 ≤ 2× cost at 10:    ${fmt(growth, 3)} ${growth <= 2 ? "met" : "NOT MET"}`);

    for (const n of [1000, 10_000]) {
        const patterns = patternSet(n).map((p, i) => [`p${i}`, JSON.stringify(p)] as const);
        const before = heapUsed();
        const start = process.hrtime.bigint();
        const machine = new PatternMachine(patterns);
        sink += machine.matches(text).length; // builds the shared indexes
        const buildNs = Number(process.hrtime.bigint() - start);
        const after = heapUsed();
        sink += machine.size;
        console.log(`  build ${fmt(n).padStart(6)} patterns (JSON text, add + first match): ${fmt(buildNs / n / 1000, 1)} µs and ${fmt((after - before) / n / 1024, 1)} KB per pattern`);
    }
    return sink;
}
