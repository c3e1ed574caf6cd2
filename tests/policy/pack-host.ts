/**
 * A policy pack launched the way the Pulumi CLI launches one, and a client for the analyzer
 * gRPC protocol it serves.
 *
 * The CLI's Node.js language host resolves `@pulumi/pulumi/cmd/run-policy-pack` from the pack's
 * folder and runs `node <that> <engine address> .` with the pack folder as working directory
 * (older CLIs do the same through the `pulumi-analyzer-policy` script). The policy host drops
 * the engine address (it logs to stderr), loads `.`, and the PolicyPack the pack constructs
 * prints the port of its analyzer server on stdout.
 */
import type * as grpcTypes from "@grpc/grpc-js";
import { ChildProcess, spawn } from "child_process";
import { createRequire } from "module";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import type { PolicyInputResource } from "../../offline/policy-runner";
import type { Finding } from "../../offline/types";

// The gRPC and protobuf modules the protos were generated against: @pulumi/pulumi's own.
const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/proto/analyzer_pb"));
const grpc: typeof grpcTypes = fromPulumi("@grpc/grpc-js");
const { AnalyzerClient } = fromPulumi("./analyzer_grpc_pb");
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb");
const { Empty } = fromPulumi("google-protobuf/google/protobuf/empty_pb");

/** What the CLI passes as the engine's address. Nothing listens: run-policy-pack never dials it. */
const ENGINE_ADDRESS = "127.0.0.1:1";

const running = new Set<ChildProcess>();
process.once("exit", () => running.forEach((child) => child.kill("SIGKILL")));

export interface AnalyzerPolicy {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: string;
    readonly severity?: string;
    readonly remediationSteps: string;
    /** The config schema's properties, as the pack declares them. */
    readonly settings?: Record<string, Record<string, unknown>>;
}

export interface AnalyzerInfo {
    readonly name: string;
    readonly version: string;
    readonly description: string;
    readonly policies: readonly AnalyzerPolicy[];
}

/** A finding as the engine shows it: the same shape from the wire and from the in-process runner. */
export interface Diagnostic {
    readonly policyName: string;
    readonly enforcementLevel: string;
    readonly severity?: string;
    readonly message: string;
    readonly urn?: string;
}

export class RunningPack {
    private constructor(readonly dir: string, private readonly child: ChildProcess, private readonly client: grpcTypes.Client & Record<string, any>, private stderr: string) {
        child.stderr!.on("data", (chunk) => { this.stderr += chunk; });
    }

    /** Starts the pack in `dir` and waits (at most `timeoutMs`) for the port it prints. */
    static async launch(dir: string, timeoutMs: number): Promise<RunningPack> {
        const host = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir] });
        const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("TS_NODE_")));
        const child = spawn(process.execPath, [host, ENGINE_ADDRESS, "."], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
        running.add(child);
        child.once("exit", () => running.delete(child));
        let stdout = "";
        let stderr = "";
        child.stderr!.on("data", (chunk) => { stderr += chunk; });
        try {
            const port = await new Promise<number>((resolve, reject) => {
                const timer = setTimeout(() => reject(new Error(`the policy pack in ${dir} printed no port within ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
                child.stdout!.on("data", (chunk) => {
                    stdout += chunk;
                    const port = /^(\d+)\s*$/m.exec(stdout);
                    if (port) {
                        clearTimeout(timer);
                        resolve(Number(port[1]));
                    }
                });
                child.once("exit", (code, signal) => {
                    clearTimeout(timer);
                    reject(new Error(`the policy pack in ${dir} exited (${code ?? signal}) before printing its port:\n${stderr}${stdout}`));
                });
            });
            child.stderr!.removeAllListeners("data");
            return new RunningPack(dir, child, new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()), stderr);
        } catch (err) {
            child.kill("SIGKILL");
            throw err;
        }
    }

    /** What the pack wrote to stderr. */
    get output(): string {
        return this.stderr;
    }

    async stop(): Promise<void> {
        this.client.close();
        if (this.child.exitCode !== null || this.child.signalCode !== null) {
            return;
        }
        const exited = new Promise((resolve) => this.child.once("exit", resolve));
        this.child.kill("SIGTERM");
        const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
    }

    async info(): Promise<AnalyzerInfo> {
        const info = await this.call<analyzer.AnalyzerInfo>("getAnalyzerInfo", new Empty());
        return {
            name: info.getName(),
            version: info.getVersion(),
            description: info.getDescription(),
            policies: info.getPoliciesList().map((p) => ({
                name: p.getName(),
                description: p.getDescription(),
                enforcementLevel: levelName(p.getEnforcementlevel()),
                severity: severityName(p.getSeverity()),
                remediationSteps: p.getRemediationSteps(),
                settings: p.getConfigschema()?.getProperties()?.toJavaScript() as AnalyzerPolicy["settings"],
            })),
        };
    }

    /**
     * Configures the pack as the CLI does with a `--policy-pack-config` file: every policy at
     * its level with its schema's defaults, then `all`, then each policy's entry laid over them.
     */
    async configure(info: AnalyzerInfo, file: Record<string, unknown> = {}): Promise<void> {
        const request = new analyzer.ConfigureAnalyzerRequest();
        const all = file.all as string | undefined;
        for (const policy of info.policies) {
            const entry = file[policy.name];
            const given = typeof entry === "string" ? { enforcementLevel: entry } : { ...(entry as object) } as Record<string, unknown>;
            const level = (given.enforcementLevel ?? all ?? policy.enforcementLevel) as string;
            delete given.enforcementLevel;
            const defaults = Object.fromEntries(Object.entries(policy.settings ?? {}).filter(([, s]) => "default" in s).map(([key, s]) => [key, s.default]));
            const config = new analyzer.PolicyConfig();
            config.setEnforcementlevel(analyzer.EnforcementLevel[level.toUpperCase() as keyof typeof analyzer.EnforcementLevel]);
            config.setProperties(Struct.fromJavaScript({ ...defaults, ...given }));
            request.getPolicyconfigMap().set(policy.name, config);
        }
        await this.call("configure", request);
    }

    /**
     * What the engine hears during a preview: `Analyze` for each resource (its findings are
     * about that resource), then `AnalyzeStack` over them all. `props` are in wire form.
     */
    async analyzeAll(resources: readonly PolicyInputResource[]): Promise<Diagnostic[]> {
        const perResource = await Promise.all(resources.map(async (r) => {
            const request = new analyzer.AnalyzeRequest();
            request.setType(r.type);
            request.setName(r.name);
            request.setUrn(r.urn!);
            request.setProperties(Struct.fromJavaScript(r.props));
            request.setOptions(options(r.parent));
            const response = await this.call<analyzer.AnalyzeResponse>("analyze", request);
            return response.getDiagnosticsList().map((d) => diagnosticOf(d, r.urn));
        }));
        const request = new analyzer.AnalyzeStackRequest();
        request.setResourcesList(resources.map((r) => {
            const resource = new analyzer.AnalyzerResource();
            resource.setType(r.type);
            resource.setName(r.name);
            resource.setUrn(r.urn!);
            resource.setProperties(Struct.fromJavaScript(r.props));
            resource.setOptions(options(r.parent));
            resource.setParent(r.parent ?? "");
            resource.setDependenciesList([...(r.dependencies ?? [])]);
            for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
                const dependencies = new analyzer.AnalyzerPropertyDependencies();
                dependencies.setUrnsList([...urns]);
                resource.getPropertydependenciesMap().set(key, dependencies);
            }
            return resource;
        }));
        const stack = await this.call<analyzer.AnalyzeResponse>("analyzeStack", request);
        return [...perResource.flat(), ...stack.getDiagnosticsList().map((d) => diagnosticOf(d))];
    }

    private call<T>(method: string, request: unknown): Promise<T> {
        return new Promise((resolve, reject) => {
            this.client[method](request, { deadline: Date.now() + 60_000 }, (err: Error | null, response: T) => {
                if (err) {
                    reject(new Error(`${method} failed: ${err.message}\n${this.stderr}`));
                } else {
                    resolve(response);
                }
            });
        });
    }
}

function options(parent: string | undefined): analyzer.AnalyzerResourceOptions {
    const opts = new analyzer.AnalyzerResourceOptions();
    opts.setParent(parent ?? "");
    return opts;
}

/** The generated enums are plain objects (name → number), without TypeScript's reverse mapping. */
function nameIn(enumeration: object, value: number): string {
    return Object.entries(enumeration).find(([, v]) => v === value)![0];
}

function levelName(level: analyzer.EnforcementLevel): string {
    return nameIn(analyzer.EnforcementLevel, level).toLowerCase();
}

function severityName(severity: analyzer.PolicySeverity): string | undefined {
    return severity === analyzer.PolicySeverity.POLICY_SEVERITY_UNSPECIFIED ? undefined : nameIn(analyzer.PolicySeverity, severity).replace("POLICY_SEVERITY_", "").toLowerCase();
}

/** The engine shows a finding of `Analyze` that names no resource against the resource analyzed. */
function diagnosticOf(d: analyzer.AnalyzeDiagnostic, analyzed?: string): Diagnostic {
    return {
        policyName: d.getPolicyname(),
        enforcementLevel: levelName(d.getEnforcementlevel()),
        severity: severityName(d.getSeverity()),
        message: d.getMessage(),
        urn: d.getUrn() || analyzed,
    };
}

/**
 * The in-process runner's finding as the analyzer sends it: the policy's description, then the
 * message; a policy the engine could not run names the pack it comes from.
 */
export function diagnosticOfFinding(f: Finding, pack: { name: string; version: string }): Diagnostic {
    const cannotRun = /^can't run policy '([^']+)' during preview: /.exec(f.message);
    const message = cannotRun
        ? f.message.replace(cannotRun[0], `can't run policy '${cannotRun[1]}' from policy pack '${pack.name}@v${pack.version}' during preview: `)
        : f.message ? `${f.description}\n${f.message}` : f.description;
    return { policyName: f.policyName, enforcementLevel: f.enforcementLevel, severity: f.severity, message, urn: f.urn };
}
