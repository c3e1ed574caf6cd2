/**
 * Webhook handler costs, each against a baseline measured in the same run:
 *
 * - Cold start: a fresh Node process that loads a bundled handler, against a bare `node -e 0`
 *   (goal ≤ 1.5×) and against its floor: a bundle of nothing but the stock AWS clients that
 *   handler uses on every request, built with the same options (goal ≤ 1.05× the floor). Every
 *   bundle and floor is measured in the same interleaved run, by the CPU time each process uses.
 * - One verified 25 KB GitHub delivery through the handler in process (SDK calls stubbed), against
 *   HMAC-SHA256 plus JSON.parse of the same payload (goal ≤ 3×).
 * - A 350-record Bird batch: PutEvents calls (goal: exactly 35) and time.
 * - Bundle sizes (goal ≤ 300 KB each).
 *
 * The bundles are built first (`node handlers/build.mjs`), so the figures are those of what ships.
 */
import { execFileSync, spawnSync } from "child_process";
import { createHmac } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { S3Client } from "@aws-sdk/client-s3";
import { loadConfig } from "../handlers/webhook/config";
import { createWebhookHandler } from "../handlers/webhook/handler";

const ROOT = path.join(__dirname, "..");
const DIST = path.join(ROOT, "handlers", "dist");

/**
 * Cost of a fresh `node` process that loads each file (or nothing, for `undefined`), in ms: wall
 * time, and the CPU time (user + system) the process itself reports when it is done. The runs are
 * interleaved and the minimum is kept: on a shared machine noise only ever adds time, so the
 * minimum is the closest estimate of the intrinsic cost. CPU time is what the ratios use: other
 * processes on a busy machine stretch wall time, hardly the CPU a process needs.
 */
function processTimes(files: (string | undefined)[], runs: number): { wallMs: number; cpuMs: number }[] {
    const best = files.map(() => ({ wallMs: Infinity, cpuMs: Infinity }));
    for (let i = 0; i < runs + 1; i++) {
        files.forEach((file, c) => {
            const load = file === undefined ? "" : `require(${JSON.stringify(file)});`;
            const script = `${load}const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1000));`;
            const start = process.hrtime.bigint();
            const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
            if (result.status !== 0) throw new Error(`node loading ${file ?? "nothing"} exited with ${result.status}: ${result.stderr}`);
            const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
            if (i === 0) return; // the first round warms the file cache
            best[c] = { wallMs: Math.min(best[c].wallMs, wallMs), cpuMs: Math.min(best[c].cpuMs, Number(result.stdout)) };
        });
    }
    return best;
}

/** Mean µs per call of `fn` over `iterations`, after a warm-up. */
async function timePerCall(iterations: number, fn: () => unknown | Promise<unknown>): Promise<number> {
    for (let i = 0; i < Math.min(200, iterations); i++) await fn();
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await fn();
    return Number(process.hrtime.bigint() - start) / 1e3 / iterations;
}

function stubClients(counter: { putEvents: number }) {
    const eventBridge = {
        send: async (command: { input: { Entries: unknown[] } }) => {
            counter.putEvents++;
            return { FailedEntryCount: 0, Entries: command.input.Entries.map((_, i) => ({ EventId: `e-${i}` })) };
        },
    } as unknown as EventBridgeClient;
    const secretsManager = {
        send: async () => ({ SecretString: "bench-secret", VersionId: "v1", CreatedDate: new Date(0) }),
    } as unknown as SecretsManagerClient;
    return { eventBridge: () => eventBridge, secretsManager: () => secretsManager, s3: () => ({}) as S3Client };
}

function githubPayload(bytes: number): string {
    const commits = [];
    let i = 0;
    while (JSON.stringify(commits).length < bytes - 600) {
        commits.push({ id: `${i}`.padStart(40, "0"), message: `Change number ${i} touching the build`, author: { name: "Dev", email: "dev@example.com" }, added: [`src/file${i}.ts`], removed: [], modified: ["README.md"] });
        i++;
    }
    return JSON.stringify({ ref: "refs/heads/main", before: "a".repeat(40), after: "b".repeat(40), repository: { full_name: "acme/app", id: 1 }, commits });
}

const importEsm = new Function("specifier", "return import(specifier)") as <T>(specifier: string) => Promise<T>;

interface BuildModule {
    HANDLERS: { name: string; files: string[] }[];
    bundleEntry(options: { entry: string; outfile: string }): Promise<{ path: string; bytes: number }>;
}

/** The clients each bundle loads at cold start, and the fixture that bundles only those (its floor). */
const FLOORS: Record<string, { clients: string; fixture: string }> = {
    webhook: { clients: "EventBridge + Secrets Manager", fixture: "eventbridge-secrets-manager.ts" },
    "webhook-s3": { clients: "S3 + Secrets Manager", fixture: "s3-secrets-manager.ts" },
    "batch-processor": { clients: "EventBridge + S3", fixture: "eventbridge-s3.ts" },
    "github-redelivery": { clients: "Secrets Manager", fixture: "secrets-manager.ts" },
    "durable-redrive": { clients: "EventBridge + S3 + SQS", fixture: "eventbridge-s3-sqs.ts" },
};

export async function run(): Promise<void> {
    execFileSync(process.execPath, [path.join(ROOT, "handlers", "build.mjs")], { stdio: "ignore" });
    const { HANDLERS, bundleEntry } = await importEsm<BuildModule>(pathToFileURL(path.join(ROOT, "handlers", "build.mjs")).href);

    // Bundle sizes.
    for (const { name, files } of HANDLERS) {
        for (const file of files) {
            const bytes = fs.statSync(path.join(DIST, name, file)).size;
            console.log(`bundle ${name}/${file}: ${(bytes / 1024).toFixed(1)} KB (${bytes} bytes; goal ≤ 300 KB) ${bytes <= 300 * 1024 ? "ok" : "OVER"}`);
        }
    }

    // Cold start: each bundle in a fresh process, next to a bare process and its floor.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ebk-bench-"));
    const names = HANDLERS.map((h) => h.name);
    const floors: { path: string; bytes: number }[] = [];
    for (const name of names) {
        floors.push(await bundleEntry({ entry: path.join(__dirname, "fixtures", FLOORS[name].fixture), outfile: path.join(tmp, name, "index.js") }));
    }
    const files = [...names.map((name) => path.join(DIST, name, "index.js")), ...floors.map((f) => f.path)];
    const [bare, ...loaded] = processTimes([undefined, ...files], 20);
    fs.rmSync(tmp, { recursive: true, force: true });
    const ms = (t: { wallMs: number; cpuMs: number }) => `${t.cpuMs.toFixed(1)} ms CPU (${t.wallMs.toFixed(1)} ms wall)`;
    console.log(`init: node -e 0 ${ms(bare)}`);
    names.forEach((name, i) => {
        const own = loaded[i];
        const floor = loaded[names.length + i];
        const ratio = own.cpuMs / bare.cpuMs;
        const overFloor = own.cpuMs / floor.cpuMs;
        console.log(
            `init: ${name} ${ms(own)}, ${ratio.toFixed(2)}× node -e 0 (goal ≤ 1.5) ${ratio <= 1.5 ? "ok" : "OVER"}; ` +
            `its floor, ${FLOORS[name].clients} alone (${(floors[i].bytes / 1024).toFixed(1)} KB): ${ms(floor)}, ${(floor.cpuMs / bare.cpuMs).toFixed(2)}× node -e 0; ` +
            `${name} is ${overFloor.toFixed(2)}× its floor (goal ≤ 1.05) ${overFloor <= 1.05 ? "ok" : "OVER"}`,
        );
    });

    // One verified 25 KB GitHub delivery, SDK stubbed, against HMAC-SHA256 + JSON.parse.
    const payload = githubPayload(25 * 1024);
    const signature = "sha256=" + createHmac("sha256", "bench-secret").update(payload).digest("hex");
    const counter = { putEvents: 0 };
    const github = createWebhookHandler(loadConfig({ EBK_PROVIDER: "github", EBK_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:b", EBK_EVENT_BUS_NAME: "bus" }), {
        ...stubClients(counter),
        logSink: () => undefined,
    });
    const event = {
        version: "2.0",
        rawPath: "/",
        rawQueryString: "",
        headers: { host: "x.lambda-url.us-east-1.on.aws", "content-type": "application/json", "x-github-event": "push", "x-github-delivery": "d-1", "x-hub-signature-256": signature },
        requestContext: { http: { method: "POST" } },
        body: payload,
        isBase64Encoded: false,
    };
    const first = await github(event as never, { awsRequestId: "bench" });
    if (first.statusCode !== 200) throw new Error(`bench request answered ${first.statusCode}`);
    const iterations = 3000;
    const baseline = await timePerCall(iterations, () => {
        createHmac("sha256", "bench-secret").update(payload).digest();
        return JSON.parse(payload);
    });
    const request = await timePerCall(iterations, () => github(event as never, { awsRequestId: "bench" }));
    console.log(
        `github ${(Buffer.byteLength(payload) / 1024).toFixed(1)} KB request: ${request.toFixed(1)} µs, HMAC-SHA256 + JSON.parse ${baseline.toFixed(1)} µs, ` +
        `ratio ${(request / baseline).toFixed(2)} (goal ≤ 3)`,
    );

    // A 350-record Bird batch.
    const birdCounter = { putEvents: 0 };
    const bird = createWebhookHandler(
        loadConfig({
            EBK_PROVIDER: "bird",
            EBK_PROVIDER_OPTIONS: JSON.stringify({ auth: "bearer" }),
            EBK_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:b",
            EBK_EVENT_BUS_NAME: "bus",
        }),
        { ...stubClients(birdCounter), logSink: () => undefined },
    );
    const records = JSON.stringify(
        Array.from({ length: 350 }, (_, i) => ({ msys: { message_event: { type: "delivery", event_id: `${i}`, rcpt_to: `u${i}@example.com`, subject: "Your receipt", ip_address: "192.0.2.1", timestamp: "1790000000" } } })),
    );
    const birdEvent = {
        requestContext: { elb: { targetGroupArn: "arn" } },
        httpMethod: "POST",
        path: "/",
        headers: { authorization: "Bearer bench-secret", "x-messagesystems-batch-id": "batch-1", "content-type": "application/json" },
        body: records,
        isBase64Encoded: false,
    };
    const once = await bird(birdEvent as never, {});
    const callsPerBatch = birdCounter.putEvents;
    if (once.statusCode !== 200) throw new Error(`bench batch answered ${once.statusCode}`);
    const batch = await timePerCall(200, () => bird(birdEvent as never, {}));
    console.log(
        `bird 350-record batch (${(Buffer.byteLength(records) / 1024).toFixed(1)} KB): ${callsPerBatch} PutEvents calls (goal 35) ${callsPerBatch === 35 ? "ok" : "WRONG"}, ` +
        `${(batch / 1000).toFixed(2)} ms per batch`,
    );
}
