/**
 * A fake Pulumi engine: the resource monitor and engine gRPC services a program started by
 * `@pulumi/pulumi/cmd/run` talks to, served with the SDK's own generated stubs. It records
 * every registration and answers the way the engine does in preview (a new resource's outputs
 * are its inputs, its id is unknown) or in an update (deterministic ids and fake but
 * well-formed state, from the same mocks the offline plan uses: names, ARNs and the account and
 * region of each resource's provider, as AWS and the provider would give them).
 */
import * as path from "path";
import { ResolvedMocks } from "../../../offline/resolved-mocks";
import { DEFAULT_REGION, PLACEHOLDER_ACCOUNT } from "../../../stack";

// The stubs, gRPC and protobuf exactly as the SDK loads them: the program's RPCs are decoded
// with the same generated classes the SDK encoded them with.
const sdkRoot = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fromSdk = (id: string) => require(require.resolve(id, { paths: [sdkRoot] }));
const grpc = fromSdk("@grpc/grpc-js");
const resrpc = fromSdk("@pulumi/pulumi/proto/resource_grpc_pb");
const resproto = fromSdk("@pulumi/pulumi/proto/resource_pb");
const engrpc = fromSdk("@pulumi/pulumi/proto/engine_grpc_pb");
const engproto = fromSdk("@pulumi/pulumi/proto/engine_pb");
const provproto = fromSdk("@pulumi/pulumi/proto/provider_pb");
const structproto = fromSdk("google-protobuf/google/protobuf/struct_pb");
const emptyproto = fromSdk("google-protobuf/google/protobuf/empty_pb");

/** The wire markers the SDK uses inside property structs (see `@pulumi/pulumi/runtime/rpc`). */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Features the real engine reports; the SDK changes how it serializes inputs by them. */
const FEATURES = new Set([
    "secrets", "resourceReferences", "outputValues", "deletedWith", "replaceWith", "aliasSpecs",
    "transforms", "invokeTransforms", "parameterization", "resourceHooks", "errorHooks",
]);

/** One `RegisterResource` call, as the engine received it. */
export interface Registration {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    /** URN of the parent; undefined only for the stack itself. */
    readonly parent?: string;
    readonly custom: boolean;
    /** A multi-language component the engine would construct through its plugin (e.g. awsx). */
    readonly remote: boolean;
    /** The inputs in wire form (secrets, resource references and unknowns keep their markers). */
    readonly inputs: Record<string, any>;
    readonly dependencies: readonly string[];
    readonly provider?: string;
    /** For components: what they passed to `registerOutputs`. */
    outputs?: Record<string, any>;
}

/** One engine `Log` call: how the CLI shows a program's errors and warnings. */
export interface Diagnostic {
    readonly severity: "debug" | "info" | "warning" | "error";
    readonly message: string;
    readonly urn?: string;
}

export interface InvokeRecord {
    readonly token: string;
    readonly args: Record<string, any>;
}

const severities: Diagnostic["severity"][] = ["debug", "info", "warning", "error"];

/** Wire value → plain value for the mocks: secrets revealed, references as their id. */
function plain(value: any): any {
    if (Array.isArray(value)) {
        return value.map(plain);
    }
    if (value && typeof value === "object") {
        switch (value[SIG]) {
            case SECRET_SIG: return plain(value.value);
            case RESOURCE_SIG: return value.id ?? value.urn;
            case OUTPUT_SIG: return "value" in value ? plain(value.value) : UNKNOWN;
        }
        const out: Record<string, any> = {};
        for (const [k, v] of Object.entries(value)) {
            out[k] = plain(v);
        }
        return out;
    }
    return value;
}

function struct(value: Record<string, any>): any {
    return structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
}

function toJavaScript(message: any): Record<string, any> {
    return message ? message.toJavaScript() : {};
}

export interface FakeEngineOptions {
    readonly project: string;
    readonly stack: string;
    /** Preview answers (unknown ids and computed outputs) or update answers. */
    readonly dryRun: boolean;
    /** The stack's region (its `aws:region`). */
    readonly region?: string;
}

export class FakeEngine {
    readonly registrations: Registration[] = [];
    readonly diagnostics: Diagnostic[] = [];
    readonly invokes: InvokeRecord[] = [];
    rootUrn: string | undefined;
    /** Set once the program told the engine it is done (the SDK's last RPC on success). */
    shutdownSignalled = false;

    private readonly server = new grpc.Server();
    private readonly mocks: ResolvedMocks;
    private readonly qualifiedTypes = new Map<string, string>();
    private address: string | undefined;

    constructor(private readonly options: FakeEngineOptions) {
        this.mocks = new ResolvedMocks({ account: PLACEHOLDER_ACCOUNT, region: options.region ?? DEFAULT_REGION });
        const unary = (handler: (request: any) => any) => (call: any, callback: (err: any, response?: any) => void) => {
            try {
                callback(null, handler(call.request));
            } catch (err) {
                callback({ code: grpc.status.UNKNOWN, details: (err as Error).message });
            }
        };
        this.server.addService(resrpc.ResourceMonitorService, {
            supportsFeature: unary((req) => new resproto.SupportsFeatureResponse().setHassupport(FEATURES.has(req.getId()))),
            registerResource: unary((req) => this.registerResource(req)),
            registerResourceOutputs: unary((req) => this.registerResourceOutputs(req)),
            readResource: unary((req) => this.readResource(req)),
            invoke: unary((req) => this.invoke(req)),
            registerPackage: unary((req) => new resproto.RegisterPackageResponse().setRef(`${req.getName()}-${req.getVersion()}`)),
            signalAndWaitForShutdown: unary(() => { this.shutdownSignalled = true; return new emptyproto.Empty(); }),
        });
        this.server.addService(engrpc.EngineService, {
            log: unary((req) => {
                this.diagnostics.push({ severity: severities[req.getSeverity()] ?? "info", message: req.getMessage(), urn: req.getUrn() || undefined });
                return new emptyproto.Empty();
            }),
            getRootResource: unary(() => new engproto.GetRootResourceResponse().setUrn(this.rootUrn ?? "")),
            setRootResource: unary((req) => { this.rootUrn = req.getUrn(); return new engproto.SetRootResourceResponse(); }),
            requirePulumiVersion: unary(() => new engproto.RequirePulumiVersionResponse()),
        });
    }

    /** Listens on 127.0.0.1 (a free port); the address serves as both monitor and engine. */
    async start(): Promise<string> {
        const port = await new Promise<number>((resolve, reject) => {
            this.server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err: Error | null, bound: number) => err ? reject(err) : resolve(bound));
        });
        this.address = `127.0.0.1:${port}`;
        return this.address;
    }

    stop(): void {
        this.server.forceShutdown();
    }

    /** The stack's outputs (what the program exported), in wire form. */
    get stackOutputs(): Record<string, any> | undefined {
        return this.registrations.find((r) => r.type === "pulumi:pulumi:Stack")?.outputs;
    }

    /** The engine's URN scheme: a child's type is qualified by its parent's, except the stack's. */
    private urnOf(type: string, name: string, parent: string): string {
        const parentType = parent ? this.qualifiedTypes.get(parent) : undefined;
        const qualified = parentType && parentType !== "pulumi:pulumi:Stack" ? `${parentType}$${type}` : type;
        const urn = `urn:pulumi:${this.options.stack}::${this.options.project}::${qualified}::${name}`;
        this.qualifiedTypes.set(urn, qualified);
        return urn;
    }

    private registerResource(req: any): any {
        const type: string = req.getType();
        const name: string = req.getName();
        const parent: string = req.getParent();
        const urn = this.urnOf(type, name, parent);
        if (this.registrations.some((r) => r.urn === urn)) {
            // The engine refuses a second resource with the same URN, and so does this one.
            throw new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
        }
        const inputs = toJavaScript(req.getObject());
        const custom: boolean = req.getCustom();
        const remote: boolean = req.getRemote();
        this.registrations.push({
            type, name, urn, parent: parent || undefined, custom, remote, inputs,
            dependencies: req.getDependenciesList(), provider: req.getProvider() || undefined,
        });
        const response = new resproto.RegisterResourceResponse().setUrn(urn);
        if (!custom && !remote) {
            return response.setObject(struct({}));
        }
        if (this.options.dryRun) {
            // Preview: the provider echoes the inputs; what the cloud computes stays unknown.
            return response.setObject(struct(remote ? {} : inputs));
        }
        const { id, state } = this.mocks.newResource({ type, name, inputs: plain(inputs), provider: req.getProvider(), custom, id: req.getImportid() });
        // Inputs keep their wire form (a secret input stays a secret output, as in the engine).
        const computed = Object.fromEntries(Object.entries(state).filter(([key]) => !(key in inputs)));
        return response.setId(custom ? id ?? "" : "").setObject(struct({ ...computed, ...inputs }));
    }

    private registerResourceOutputs(req: any): any {
        const registration = this.registrations.find((r) => r.urn === req.getUrn());
        if (!registration) {
            throw new Error(`RegisterResourceOutputs for unknown resource ${req.getUrn()}`);
        }
        registration.outputs = toJavaScript(req.getOutputs());
        return new emptyproto.Empty();
    }

    private readResource(req: any): any {
        const urn = this.urnOf(req.getType(), req.getName(), req.getParent());
        const properties = toJavaScript(req.getProperties());
        return new resproto.ReadResourceResponse().setUrn(urn).setProperties(struct(properties));
    }

    private invoke(req: any): any {
        const token: string = req.getTok();
        const args = toJavaScript(req.getArgs());
        this.invokes.push({ token, args });
        if (!KNOWN_FUNCTIONS.has(token)) {
            // Answering with the arguments would hide a data source nobody modelled.
            throw new Error(`the fake engine has no answer for ${token}; add one in tests/support/pulumi-host/engine.ts`);
        }
        return new provproto.InvokeResponse().setReturn(struct(this.mocks.call({ token, inputs: plain(args), provider: req.getProvider() })));
    }
}

/** The data sources the programs call, answered by the offline plan's mocks. */
const KNOWN_FUNCTIONS = new Set([
    "aws:index/getCallerIdentity:getCallerIdentity",
    "aws:index/getRegion:getRegion",
    "aws:index/getPartition:getPartition",
    "aws:cloudwatch/getEventConnection:getEventConnection",
]);
