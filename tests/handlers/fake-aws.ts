/**
 * Process-level test support: a stand-in for the AWS endpoints on 127.0.0.1 that answers real,
 * SigV4-signed SDK requests (Secrets Manager, EventBridge, S3 PutObject/GetObject) as the services
 * do, and a bundled handler running in its own Node process, invoked over IPC as many times as a
 * test needs (one process per configuration, like one Lambda execution environment).
 */
import { ChildProcess, spawn } from "child_process";
import * as http from "http";

export interface AwsCall {
    target: string;
    signed: boolean;
    body: Record<string, unknown>;
}

export interface FakeSecretVersion {
    value: string;
    versionId: string;
    /** Epoch ms. */
    createdAt: number;
}

export type PutEventsAnswer = (entries: Record<string, string>[]) => unknown;

export interface FakeAws {
    url: string;
    calls: AwsCall[];
    /** The secret's stages; change them to rotate. */
    secret: { AWSCURRENT?: FakeSecretVersion; AWSPREVIOUS?: FakeSecretVersion };
    /** A stage whose reads fail with this error type (e.g. "ThrottlingException"), as Secrets Manager does under load. */
    secretFailures: Partial<Record<"AWSCURRENT" | "AWSPREVIOUS", string>>;
    /** How PutEvents answers; confirms every entry unless replaced. */
    putEvents: PutEventsAnswer;
    /** S3 objects by "/bucket/key": body and user metadata. */
    objects: Map<string, { body: Buffer; metadata: Record<string, string> }>;
    callsTo(target: string): AwsCall[];
    close(): void;
}

export const FAKE_ACCESS_KEY_ID = "AKIDEXAMPLE";

export const confirmEvery: PutEventsAnswer = (entries) => ({ FailedEntryCount: 0, Entries: entries.map((_, i) => ({ EventId: `event-${i}` })) });

export async function fakeAws(): Promise<FakeAws> {
    const fake: Omit<FakeAws, "url" | "close"> = {
        calls: [],
        secret: {},
        secretFailures: {},
        putEvents: confirmEvery,
        objects: new Map(),
        callsTo: (target) => fake.calls.filter((c) => c.target.startsWith(target)),
    };
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
            const raw = Buffer.concat(chunks);
            const signed = new RegExp(`^AWS4-HMAC-SHA256 Credential=${FAKE_ACCESS_KEY_ID}/`).test(String(req.headers.authorization));
            if (req.method === "PUT" || req.method === "GET") return s3(req, res, raw, signed);
            const target = String(req.headers["x-amz-target"] ?? "");
            const body = JSON.parse(raw.toString() || "{}");
            fake.calls.push({ target, signed, body });
            res.setHeader("content-type", "application/x-amz-json-1.1");
            if (target === "secretsmanager.GetSecretValue") {
                const failure = fake.secretFailures[body.VersionStage as "AWSCURRENT" | "AWSPREVIOUS"];
                if (failure) {
                    res.statusCode = 400;
                    return res.end(JSON.stringify({ __type: failure, message: "Rate exceeded" }));
                }
                if (body.VersionId !== undefined) {
                    const [stage, byId] = Object.entries(fake.secret).find(([, v]) => v?.versionId === body.VersionId) ?? [];
                    if (!byId) {
                        res.statusCode = 400;
                        return res.end(JSON.stringify({ __type: "ResourceNotFoundException", message: `no version ${body.VersionId}` }));
                    }
                    return res.end(JSON.stringify({ SecretString: byId.value, VersionId: byId.versionId, CreatedDate: byId.createdAt / 1000, VersionStages: [stage] }));
                }
                const version = fake.secret[body.VersionStage as "AWSCURRENT" | "AWSPREVIOUS"];
                if (!version) {
                    res.statusCode = 400;
                    return res.end(JSON.stringify({ __type: "ResourceNotFoundException", message: `no ${body.VersionStage} version` }));
                }
                return res.end(JSON.stringify({ SecretString: version.value, VersionId: version.versionId, CreatedDate: version.createdAt / 1000, VersionStages: [body.VersionStage] }));
            }
            if (target === "AWSEvents.PutEvents") return res.end(JSON.stringify(fake.putEvents(body.Entries)));
            res.statusCode = 400;
            res.end(JSON.stringify({ __type: "UnknownOperationException", message: target }));
        });
    });

    function s3(req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer, signed: boolean): void {
        const key = decodeURIComponent((req.url ?? "").split("?")[0]);
        if (req.method === "PUT") {
            const metadata: Record<string, string> = {};
            for (const [name, value] of Object.entries(req.headers)) if (name.startsWith("x-amz-meta-")) metadata[name.slice(11)] = String(value);
            fake.objects.set(key, { body: raw, metadata });
            fake.calls.push({ target: `s3.PutObject ${key}`, signed, body: { object: raw.toString() } });
            res.setHeader("etag", '"0"');
            return void res.end();
        }
        fake.calls.push({ target: `s3.GetObject ${key}`, signed, body: {} });
        const object = fake.objects.get(key);
        if (!object) {
            res.statusCode = 404;
            res.setHeader("content-type", "application/xml");
            return void res.end("<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>");
        }
        for (const [name, value] of Object.entries(object.metadata)) res.setHeader(`x-amz-meta-${name}`, value);
        res.setHeader("etag", '"0"');
        res.setHeader("content-length", object.body.length);
        res.end(object.body);
    }

    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    return Object.assign(fake, { url: `http://127.0.0.1:${port}`, close: () => server.close() });
}

/** The environment every bundled handler gets: its SDK pointed at the fake, with fake credentials. */
export function awsEnv(fake: FakeAws): Record<string, string> {
    return {
        AWS_ENDPOINT_URL: fake.url,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: "secret",
    };
}

/**
 * The child: loads the bundle once, then answers invocations. Its clock (Date.now) can be moved
 * forward, by the test or by a hook.js, so a test can say "2 s later" or "a hook that takes 9.5 s"
 * without waiting; the handler reads the time through it.
 */
const HARNESS = `
const realNow = Date.now;
let offset = 0;
Date.now = () => realNow() + offset;
// For a test's hook.js that stands for slow work: moves the clock as if it took that long.
globalThis.ebkTestAdvanceClock = (ms) => { offset += ms; };
const { handler } = require(process.env.EBK_TEST_BUNDLE);
process.on("message", async (m) => {
    if (m.advanceMs !== undefined) { offset += m.advanceMs; return process.send({ id: m.id }); }
    if (m.modules) return process.send({ id: m.id, result: Object.keys(require.cache) });
    const context = { awsRequestId: "bundle-" + m.id };
    if (m.remainingMs !== undefined) context.getRemainingTimeInMillis = () => m.remainingMs;
    try {
        process.send({ id: m.id, result: await handler(m.event, context) });
    } catch (err) {
        process.send({ id: m.id, error: err instanceof Error ? err.message : String(err) });
    }
});
process.send({ ready: true });
`;

export interface BundleProcess {
    invoke<T = { statusCode: number; body: string }>(event: unknown, options?: { remainingMs?: number }): Promise<T>;
    /** Moves the child's clock forward. */
    advanceClock(ms: number): Promise<void>;
    /** The files the child has loaded (require.cache). */
    loadedFiles(): Promise<string[]>;
    /** Everything the child wrote to stdout (the handler's JSON logs). */
    logs(): Record<string, unknown>[];
    stop(): void;
}

/** Starts `node` with the bundle loaded; each message waits at most `timeoutMs` for its answer. */
export async function startBundle(bundle: string, env: Record<string, string>, timeoutMs = 20_000): Promise<BundleProcess> {
    const child: ChildProcess = spawn(process.execPath, ["-e", HARNESS], {
        env: { PATH: process.env.PATH ?? "", ...env, EBK_TEST_BUNDLE: bundle },
        stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    const waiting = new Map<number, { resolve(m: Record<string, unknown>): void; reject(e: Error): void }>();
    let nextId = 0;
    let ready: () => void;
    const started = new Promise<void>((resolve) => (ready = resolve));
    child.on("message", (m: Record<string, unknown>) => {
        if (m.ready) return ready();
        const w = waiting.get(m.id as number);
        waiting.delete(m.id as number);
        w?.resolve(m);
    });
    child.on("exit", (code) => {
        for (const w of waiting.values()) w.reject(new Error(`the bundle process exited (${code}):\n${stderr}`));
        waiting.clear();
    });
    const send = (message: Record<string, unknown>): Promise<Record<string, unknown>> => {
        const id = nextId++;
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                waiting.delete(id);
                reject(new Error(`no answer from the bundle process within ${timeoutMs} ms:\n${stderr}`));
            }, timeoutMs);
            waiting.set(id, {
                resolve: (m) => (clearTimeout(timer), resolve(m)),
                reject: (e) => (clearTimeout(timer), reject(e)),
            });
            child.send({ ...message, id });
        });
    };
    let startTimer: NodeJS.Timeout | undefined;
    try {
        await Promise.race([
            started,
            new Promise((_, reject) => (startTimer = setTimeout(() => reject(new Error(`the bundle process did not start:\n${stderr}`)), timeoutMs))),
        ]);
    } catch (err) {
        child.kill();
        throw err;
    } finally {
        clearTimeout(startTimer);
    }
    return {
        async invoke(event, options = {}) {
            const answer = await send({ event, remainingMs: options.remainingMs });
            if (answer.error !== undefined) throw new Error(String(answer.error));
            return answer.result as never;
        },
        async advanceClock(ms) {
            await send({ advanceMs: ms });
        },
        async loadedFiles() {
            return (await send({ modules: true })).result as string[];
        },
        logs: () => stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l)),
        stop: () => {
            child.kill();
        },
    };
}
