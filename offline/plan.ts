/**
 * The offline plan: runs a Pulumi program under mocks, records what it registers, runs the
 * policies over it, derives the routing and checks it for loops (./loop-check.ts, which
 * simulates through the routing). The top of the engine: nothing in it imports this module.
 */
import * as pulumi from "@pulumi/pulumi";
import * as runtimeSettings from "@pulumi/pulumi/runtime/settings";
import { BUNDLE_FILES, HandlerBundle, handlerBundlePath, packageRoot } from "../components/ingress/handler-archive";
import { EmitsFunction, emitsFunctions } from "../components/rules/program-record";
import { policies as packPolicies } from "../policy";
import { callResultOf, DEFAULT_REGION, PLACEHOLDER_ACCOUNT, Placement, secret, types, unknown } from "../stack";
import { carryEmitsFunctions } from "./emits-functions";
import { checkLoops } from "./loop-check";
import { PolicyInputResource, runPolicies } from "./policy-runner";
import { ResolvedMocks } from "./resolved-mocks";
import { routingOf } from "./routing";
import type { Plan, PlannedResource, PlanOptions } from "./types";

/** What the engine sees of one registration, captured from the mock monitor's requests. */
interface Registration {
    type: string;
    name: string;
    custom: boolean;
    parent?: string;
    wire: Record<string, any>;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    urn?: string;
    outputs?: Record<string, any>;
}

const sig = pulumi.runtime.specialSigKey;

/** Wire-format value (as sent to the engine) → what a person may see. */
export function displayValue(value: any): any {
    if (value === pulumi.runtime.unknownValue) {
        return unknown;
    }
    if (Array.isArray(value)) {
        return value.map(displayValue);
    }
    if (value && typeof value === "object") {
        switch (value[sig]) {
            case pulumi.runtime.specialSecretSig: return secret;
            case pulumi.runtime.specialArchiveSig: return archiveDisplay(value);
            case pulumi.runtime.specialAssetSig: return { asset: value.path ?? value.uri ?? "(inline text)" };
            case pulumi.runtime.specialResourceSig: return { resource: value.urn };
            default: {
                const out: Record<string, any> = {};
                for (const [k, v] of Object.entries(value)) {
                    out[k] = displayValue(v);
                }
                return out;
            }
        }
    }
    return value;
}

/**
 * An archive: its path, URI or file count; `bundle` when it is one of this package's handler
 * bundles (so `simulate` knows the code it runs is the deployed code); and a hook's bundled
 * `hook.js` text, which `simulate` runs. Other files' contents are left out.
 */
function archiveDisplay(value: any): Record<string, string> {
    const out: Record<string, string> = { archive: describeArchive(value) };
    const bundle = packageBundleOf(value.assets);
    if (bundle) out.bundle = bundle;
    const hook = value.assets?.["hook.js"];
    if (hook?.[sig] === pulumi.runtime.specialAssetSig && typeof hook.text === "string") out["hook.js"] = hook.text;
    return out;
}

/** The bundle whose files (all of them, at their built paths) an archive holds, besides a hook.js. */
function packageBundleOf(assets: Record<string, any> | undefined): HandlerBundle | undefined {
    if (!assets) return undefined;
    const names = Object.keys(assets).filter((file) => file !== "hook.js").sort();
    let root: string;
    try {
        root = packageRoot();
    } catch {
        return undefined;
    }
    return (Object.keys(BUNDLE_FILES) as HandlerBundle[]).find((bundle) =>
        JSON.stringify([...BUNDLE_FILES[bundle]].sort()) === JSON.stringify(names) &&
        names.every((file) => assets[file]?.path === handlerBundlePath(bundle, root, file)));
}

function describeArchive(value: any): string {
    if (value.path) return value.path;
    if (value.uri) return value.uri;
    return `${Object.keys(value.assets ?? {}).length} file(s)`;
}

/** Wire-format value → what the policy engine hands policies (secrets revealed, as the engine does). */
function policyValue(value: any): any {
    if (Array.isArray(value)) {
        return value.map(policyValue);
    }
    if (value && typeof value === "object") {
        if (value[sig] === pulumi.runtime.specialSecretSig) {
            return policyValue(value.value);
        }
        if (value[sig] === pulumi.runtime.specialResourceSig) {
            return value.id ?? value.urn;
        }
        const out: Record<string, any> = {};
        for (const [k, v] of Object.entries(value)) {
            out[k] = policyValue(v);
        }
        return out;
    }
    return value;
}

/**
 * Answers like a preview: a new resource's outputs are its inputs, and everything the cloud
 * computes (ARNs, ids, generated names) stays unknown. Provider functions still answer.
 */
class PreviewMocks implements pulumi.runtime.Mocks {
    constructor(private readonly placement: Placement) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
        return { id: undefined, state: args.inputs ?? {} };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        return callResultOf(args.token, args.inputs ?? {}, this.placement);
    }
}

let running = false;

/**
 * Runs a Pulumi program offline (Pulumi mocks, as an update with every value resolved unless
 * `preview`), records every resource with its parent and inputs, runs the policy pack over them
 * the way the policy engine does, and derives the routing. No AWS account, Pulumi CLI or
 * network needed.
 *
 *     const result = await plan(() => { new SafeRule("r", {...}); });
 *     assert.deepStrictEqual(result.findings.filter((f) => f.enforcementLevel === "mandatory"), []);
 */
export async function plan(program: () => unknown, options: PlanOptions = {}): Promise<Plan> {
    if (running) {
        throw new Error("plan: another plan is running in this process; await it first (the Pulumi runtime is process-wide).");
    }
    running = true;
    const project = options.project ?? "project";
    const stack = options.stack ?? "dev";
    const preview = options.preview ?? false;
    const config = configMap(project, options.config ?? {});
    const placement: Placement = { account: options.account ?? PLACEHOLDER_ACCOUNT, region: config["aws:region"] };
    const warnings: string[] = [];
    const failures: unknown[] = [];
    const onRejection = (reason: unknown) => { failures.push(reason); };
    const originalWarn = console.warn;
    const restoreStackTraces = plainStackTraces(options.stackTraces ?? false);
    try {
        const mocks = preview ? new PreviewMocks(placement) : new ResolvedMocks(placement);
        await pulumi.runtime.setMocks(mocks, project, stack, preview);
        pulumi.runtime.setAllConfig(config, (options.secretKeys ?? []).map((k) => qualify(project, k)));
        const registrations = captureRegistrations();
        console.warn = (...args: unknown[]) => {
            const text = args.map(String).join(" ");
            warnings.push(text.replace(/^warning: \[runtime\] /, ""));
        };
        process.on("unhandledRejection", onRejection);

        const exported = await program();
        await quiesce(registrations.list, () => failures.length > 0);
        const outputs = failures.length > 0 ? {} : await resolveExports(exported);
        await quiesce(registrations.list, () => failures.length > 0);
        if (failures.length > 0) {
            throw failures[0] instanceof Error ? failures[0] : new Error(String(failures[0]));
        }

        const resources = plannedResources(registrations.list, mocks);
        const policyInputs = policyInputsOf(registrations.list, mocks);
        const findings = await runPolicies(policyInputs, {
            policies: options.policies ?? packPolicies,
            config: options.policyConfig,
            stack,
            project,
        });
        const result: Plan = { project, stack, preview, ...placement, resources, findings, routing: routingOf(policyInputs, resources, placement), outputs, warnings, loops: [], loopCheckSkipped: [] };
        carryEmitsFunctions(result, emitsFunctionsByTarget(registrations.list));
        if (preview || options.loopCheck === false) {
            return result;
        }
        const check = await checkLoops(result);
        return Object.assign(result, { loops: check.loops, loopCheckSkipped: check.skipped });
    } finally {
        restoreStackTraces();
        console.warn = originalWarn;
        process.off("unhandledRejection", onRejection);
        running = false;
    }
}

/**
 * Pulumi captures a stack trace for every promise it creates (its promise-leak report): a
 * formatted string per promise, about a third of a large plan's allocations and time, and
 * through source-map-support (installed by ts-node) far more. Offline, no frames unless
 * asked for (`keep`), and V8's own formatting when they are. Returns what puts both back.
 */
function plainStackTraces(keep: boolean): () => void {
    const errorClass = Error as { prepareStackTrace?: unknown };
    const prepareStackTrace = errorClass.prepareStackTrace;
    const stackTraceLimit = Error.stackTraceLimit;
    errorClass.prepareStackTrace = undefined;
    if (!keep) {
        Error.stackTraceLimit = 0;
    }
    return () => {
        errorClass.prepareStackTrace = prepareStackTrace;
        Error.stackTraceLimit = stackTraceLimit;
    };
}

/** The registered resources as the plan shows them: display values, outputs as the fake AWS computed them. */
function plannedResources(list: readonly Registration[], mocks: PreviewMocks | ResolvedMocks): PlannedResource[] {
    return list.map((r) => ({
        type: r.type,
        name: r.name,
        urn: r.urn!,
        parent: r.parent || undefined,
        custom: r.custom,
        inputs: displayValue(r.wire),
        outputs: r.outputs ? displayValue(r.outputs) : mocks instanceof ResolvedMocks ? computedOutputs(mocks, r) : undefined,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
    }));
}

/** The registered resources as the policy engine shows them to policies. */
function policyInputsOf(list: readonly Registration[], mocks: PreviewMocks | ResolvedMocks): PolicyInputResource[] {
    return list.map((r) => ({
        type: r.type,
        name: r.name,
        urn: r.urn,
        // After `pulumi up` the engine shows policies the outputs: the computed state merged in.
        props: policyValue(mocks instanceof ResolvedMocks ? { ...r.wire, ...mocks.computed(r.type, r.name) } : r.wire),
        parent: r.parent || undefined,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
    }));
}

/**
 * The `emits.events` functions the program's SafeRules declared (in this run's program record),
 * by the URN of their EventTarget (names that are not unique are left out).
 */
function emitsFunctionsByTarget(list: readonly Registration[]): Map<string, EmitsFunction> {
    const out = new Map<string, EmitsFunction>();
    for (const [name, fn] of emitsFunctions()) {
        const matches = list.filter((r) => r.type === types.eventTarget && r.name === name);
        if (matches.length === 1 && matches[0].urn) out.set(matches[0].urn, fn);
    }
    return out;
}

/** What the provider computed: for resources, and for remote components (awsx) that register no outputs here. */
function computedOutputs(mocks: ResolvedMocks, r: Registration): Record<string, any> | undefined {
    const computed = mocks.computed(r.type, r.name);
    return r.custom || Object.keys(computed ?? {}).some((key) => key !== "id") ? computed : undefined;
}

function qualify(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

function configMap(project: string, config: Record<string, unknown>): Record<string, string> {
    const out: Record<string, string> = { "aws:region": DEFAULT_REGION };
    for (const [key, value] of Object.entries(config)) {
        out[qualify(project, key)] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return out;
}

/** Wraps the mock monitor so every registration is seen as the engine would see it. */
function captureRegistrations(): { list: Registration[] } {
    const monitor: any = pulumi.runtime.getMonitor();
    const list: Registration[] = [];
    const byUrn = new Map<string, Registration>();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: any, response: any) => void) => {
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((value: any, key: string) => {
            propertyDependencies[key] = value.getUrnsList();
        });
        const entry: Registration = {
            type: req.getType(),
            name: req.getName(),
            custom: req.getCustom(),
            parent: req.getParent(),
            wire: req.getObject()?.toJavaScript() ?? {},
            dependencies: req.getDependenciesList(),
            propertyDependencies,
        };
        list.push(entry);
        return register(req, (err: any, response: any) => {
            if (response) {
                entry.urn = response.getUrn();
                byUrn.set(entry.urn!, entry);
            }
            callback(err, response);
        });
    };
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req: any, callback: (err: any, response: any) => void) => {
        const entry = byUrn.get(req.getUrn());
        if (entry) {
            entry.outputs = req.getOutputs()?.toJavaScript() ?? {};
        }
        return registerOutputs(req, callback);
    };
    return { list };
}

/** Waits until the program has stopped registering resources and every RPC has answered. */
async function quiesce(list: Registration[], failed: () => boolean): Promise<void> {
    // Not in the SDK's typings, but it is how the SDK itself waits for a program to finish.
    const { waitForRPCs } = runtimeSettings as unknown as { waitForRPCs(): Promise<void> };
    let last = -1;
    // A registration whose inputs failed (an apply that threw) never gets a URN: the program has
    // failed, as the CLI would report, so stop waiting.
    while (!failed() && (last !== list.length || list.some((r) => r.urn === undefined))) {
        last = list.length;
        // The failed registration's RPC never completes either: poll for the failure meanwhile.
        let polling: NodeJS.Timeout | undefined;
        const failure = new Promise<void>((resolve) => { polling = setInterval(() => { if (failed()) resolve(); }, 10); });
        await Promise.race([waitForRPCs(), failure]).finally(() => clearInterval(polling));
        await new Promise((resolve) => setTimeout(resolve, 10));
    }
}

/** Stack outputs as a preview shows them: unknown where the value only exists after deployment. */
async function resolveExports(exported: unknown): Promise<Record<string, any>> {
    if (!exported || typeof exported !== "object") {
        return {};
    }
    const out: Record<string, any> = {};
    for (const [key, value] of Object.entries(exported as Record<string, unknown>)) {
        if (typeof value === "function" || key === "__esModule" || key === "default") {
            continue;
        }
        out[key] = await outputValue(value);
    }
    return out;
}

async function outputValue(value: unknown): Promise<any> {
    return displayValue(await pulumi.runtime.serializeProperty("output", value as pulumi.Input<unknown>));
}
