#!/usr/bin/env node
/**
 * eventbridge-kit plan <program-dir> [--stack dev] [--format text|mermaid|json] [--preview]
 *                      [--account id] [--compare plan.json | --compare-stack name] [--verbose]
 *
 * Runs a Pulumi program offline (mocks that answer as AWS would, as an update; --preview: only
 * what `pulumi preview` knows), then prints what it would create, every IAM and resource
 * policy statement, what the policy pack says about it, and how events flow; or, with
 * --compare, what differs from another plan. Every rule's examples and every webhook sample
 * are followed through the stack to find loops between buses. Exit status: 0 when no mandatory
 * policy is violated and nothing loops, 1 when one is or something does, 2 when the program or
 * the command line is wrong (one message; the stack trace only with --verbose).
 *
 * eventbridge-kit simulate <program-dir> ...: one event through the stack (see ./simulate).
 */
import * as fs from "fs";
import * as path from "path";
import { ComparablePlan, comparePlans, PlanComparison, renderComparison } from "./compare";
import { isSecret, isUnknown, plan, Plan, PlanOptions } from "../testing";
import { loadProgram, ProgramError } from "./load-program";
import { readProgram } from "./program";
import { renderFindings, renderLoops, renderResourceTree, renderRoutingMermaid, renderRoutingText } from "./render";
import { parseSimulateArguments, readEventFile, renderSimulation, runSimulation, SimulateArguments, simulateUsage } from "./simulate";

const usage = `usage: eventbridge-kit plan <program-dir> [--stack <name>] [--format text|mermaid|json]
                           [--preview] [--account <id>] [--compare <plan.json> | --compare-stack <name>] [--verbose]

  <program-dir>   a Pulumi project folder (Pulumi.yaml + TypeScript entry), e.g. examples/complete
  --stack         which Pulumi.<stack>.yaml to read config from (default: dev)
  --format        text (default): resource tree, policy findings, routing tree, loops
                  mermaid: the routing alone, as a Mermaid flowchart (pipe it into a renderer),
                  loops as dashed edges back
                  json: everything as one JSON document
  --preview       show only what \`pulumi preview\` can know: values that only exist after
                  deployment (ARNs, generated names, documents built from them) stay
                  <unknown until deployed>, and policies cannot judge them
  --account       the account placed in ARNs (default 123456789012); the region is the
                  stack's aws:region
  --compare       print only what differs from a plan saved with --format json (resources
                  added and removed, settings and policy statements changed); with
                  --format json, the document gets a "comparison" field
  --compare-stack the same, against a plan of another stack of the program (e.g. prod)
  --verbose       when the program fails, print the stack trace too

Runs offline: no AWS account, no Pulumi CLI, no network. By default every resource gets the
identity AWS would give it (auto-named physical names, ids, ARNs), so every IAM and resource
policy is shown and judged as deployed. Secret values are shown as <secret>. Every rule's
examples.match events and every webhook sample are followed through the stack (event-bus
targets, targets that declare emits): a loop between buses exits 1, like a mandatory violation.`;

type Format = "text" | "mermaid" | "json";

interface Arguments {
    dir: string;
    stack: string;
    format: Format;
    preview: boolean;
    account?: string;
    compare?: { file: string } | { stack: string };
    verbose: boolean;
}

class UsageError extends Error {}

function parseArguments(argv: string[]): Arguments {
    const [command, ...rest] = argv;
    if (command !== "plan") {
        throw new UsageError(command ? `unknown command "${command}" (commands: plan, simulate)` : "missing command (plan or simulate)");
    }
    let dir: string | undefined;
    let stack = "dev";
    let format: Format = "text";
    let verbose = false;
    let preview = false;
    let account: string | undefined;
    let compare: Arguments["compare"];
    for (let i = 0; i < rest.length; i++) {
        const arg = rest[i];
        const [flag, inline] = arg.split("=", 2);
        const value = () => {
            const v = inline ?? rest[++i];
            if (v === undefined) throw new UsageError(`${flag} needs a value`);
            return v;
        };
        if (flag === "--stack" || flag === "-s") {
            stack = value();
        } else if (flag === "--format" || flag === "-f") {
            const f = value();
            if (f !== "text" && f !== "mermaid" && f !== "json") throw new UsageError(`--format must be text, mermaid or json, not "${f}"`);
            format = f;
        } else if (arg === "--preview") {
            preview = true;
        } else if (flag === "--account") {
            account = value();
            if (!/^\d{12}$/.test(account)) throw new UsageError(`--account must be a 12-digit AWS account id, not "${account}"`);
        } else if (flag === "--compare" || flag === "--compare-stack") {
            if (compare) throw new UsageError("give one of --compare and --compare-stack");
            compare = flag === "--compare" ? { file: value() } : { stack: value() };
        } else if (arg === "--verbose" || arg === "-v") {
            verbose = true;
        } else if (arg.startsWith("-")) {
            throw new UsageError(`unknown option ${arg}`);
        } else if (dir === undefined) {
            dir = arg;
        } else {
            throw new UsageError(`unexpected argument "${arg}"`);
        }
    }
    if (!dir) {
        throw new UsageError("missing <program-dir>");
    }
    return { dir, stack, format, preview, account, compare, verbose };
}

/**
 * Plans a Pulumi program offline; the options as for {@link plan}. The program is loaded as
 * `pulumi up` loads it (see ./load-program): a program `pulumi up` cannot load fails here with
 * the same message.
 */
export async function planProgram(dir: string, stack: string, options: Pick<PlanOptions, "policies" | "policyConfig" | "preview" | "account" | "stackTraces" | "loopCheck"> = {}): Promise<Plan> {
    const program = readProgram(dir, stack);
    const cwd = process.cwd();
    try {
        process.chdir(program.pwd);
        return await plan(() => loadProgram(program), {
            project: program.project,
            stack: program.stack,
            config: program.config,
            secretKeys: program.secretKeys,
            ...options,
        });
    } finally {
        process.chdir(cwd);
    }
}

function render(result: Plan, format: Format, comparison?: { result: PlanComparison; label: string }): string {
    if (format === "json") {
        const mandatory = result.findings.filter((f) => f.enforcementLevel === "mandatory").length;
        const summary = { resources: result.resources.length, findings: result.findings.length, mandatory, loops: result.loops.length };
        return JSON.stringify({ ...result, summary, ...(comparison ? { comparison: comparison.result } : {}) }, null, 2);
    }
    if (comparison) {
        return renderComparison(comparison.result, comparison.label);
    }
    if (format === "mermaid") {
        return renderRoutingMermaid(result.routing, result.loops);
    }
    const sections = [renderResourceTree(result), renderFindings(result.findings), renderRoutingText(result.routing), renderLoops(result)];
    if (result.warnings.length > 0) {
        sections.push(`Warnings (${result.warnings.length})\n${result.warnings.map((w) => `  ${w}`).join("\n")}`);
    }
    const outputs = Object.entries(result.outputs);
    if (outputs.length > 0) {
        sections.push(`Outputs\n${outputs.map(([k, v]) => `  ${k}: ${typeof v === "string" || isUnknown(v) || isSecret(v) ? String(v) : JSON.stringify(v)}`).join("\n")}`);
    }
    return sections.join("\n\n");
}

/**
 * One message for a program that cannot be planned (a folder without Pulumi.yaml, an unknown
 * stack, a missing config value, a component refusing its arguments): these are the user's to
 * fix, so the stack trace, which points into the package, only comes with --verbose.
 */
function failureMessage(err: unknown, args: Pick<Arguments, "dir" | "stack" | "verbose">): string {
    const error = err instanceof Error ? err : new Error(String(err));
    let message = error.message.trim();
    const missing = /^Missing required configuration variable '([^']+)'/.exec(message);
    if (!missing && err instanceof ProgramError) {
        // A program that cannot load is reported as `pulumi up` reports it.
        message = `the program failed offline:\nerror: ${message}`;
    }
    if (missing) {
        message = `missing required configuration variable '${missing[1]}': offline, the plan reads it from Pulumi.${args.stack}.yaml in ${path.resolve(args.dir)} (or a default in Pulumi.yaml); set it there, or choose another stack with --stack.`;
    }
    // With --verbose, the stack of what the program threw, not of the loader that reported it.
    const thrown = err instanceof ProgramError && err.cause instanceof Error ? err.cause : error;
    return `eventbridge-kit: ${message}${args.verbose ? `\n${thrown.stack ?? message}` : ""}`;
}

/** `simulate`: exit 0, 1 when the event loops between buses, 2 for a wrong program or command line. */
async function simulateMain(rest: string[]): Promise<number> {
    if (rest.includes("--help") || rest.includes("-h")) {
        process.stdout.write(`${simulateUsage}\n`);
        return 0;
    }
    let args: SimulateArguments;
    try {
        args = parseSimulateArguments(rest, (message) => new UsageError(message));
    } catch (err) {
        if (err instanceof UsageError) {
            process.stderr.write(`eventbridge-kit: ${err.message}\n\n${simulateUsage}\n`);
            return 2;
        }
        throw err;
    }
    let output: string;
    let loops: number;
    try {
        // A wrong event file is reported before the (slower) plan.
        const event = "event" in args.source ? readEventFile(args.source.event) : undefined;
        // The simulation reports the loops of its own event.
        const result = await planProgram(args.dir, args.stack, { policies: [], stackTraces: args.verbose, loopCheck: false });
        const run = await runSimulation(result, args, event);
        output = renderSimulation(run, args.format);
        loops = run.loops.length;
    } catch (err) {
        process.stderr.write(`${failureMessage(err, args).replace(/^eventbridge-kit: simulate: /, "eventbridge-kit: ")}\n`);
        return 2;
    }
    process.stdout.write(output + "\n");
    if (loops > 0) {
        process.stderr.write(`eventbridge-kit: the event loops between buses (${loops} cycle(s))\n`);
        return 1;
    }
    return 0;
}

export async function main(argv: string[]): Promise<number> {
    if (argv[0] === "simulate") {
        return simulateMain(argv.slice(1));
    }
    let args: Arguments;
    try {
        args = parseArguments(argv);
    } catch (err) {
        if (err instanceof UsageError) {
            process.stderr.write(`eventbridge-kit: ${err.message}\n\n${usage}\n`);
            return 2;
        }
        throw err;
    }
    let result: Plan;
    try {
        result = await planProgram(args.dir, args.stack, { preview: args.preview, account: args.account, stackTraces: args.verbose });
    } catch (err) {
        process.stderr.write(`${failureMessage(err, args)}\n`);
        return 2;
    }
    let comparison: { result: PlanComparison; label: string } | undefined;
    if (args.compare) {
        let other: ComparablePlan;
        let label: string;
        try {
            if ("file" in args.compare) {
                label = args.compare.file;
                other = JSON.parse(fs.readFileSync(args.compare.file, "utf8"));
                if (!Array.isArray(other?.resources)) throw new Error(`${label} is not a plan: save one with --format json`);
            } else {
                label = `stack ${args.compare.stack}`;
                other = await planProgram(args.dir, args.compare.stack, { preview: args.preview, account: args.account });
            }
        } catch (err) {
            process.stderr.write(`${failureMessage(err, args)}\n`);
            return 2;
        }
        comparison = { result: comparePlans(JSON.parse(JSON.stringify(result)), other), label };
    }
    process.stdout.write(render(result, args.format, comparison) + "\n");
    const mandatory = result.findings.filter((f) => f.enforcementLevel === "mandatory").length;
    const loops = result.loops.length;
    if (args.format !== "json") {
        if (mandatory > 0) process.stderr.write(`eventbridge-kit: ${mandatory} mandatory policy violation(s)\n`);
        if (loops > 0) process.stderr.write(`eventbridge-kit: ${loops} loop(s) between buses\n`);
    }
    return mandatory > 0 || loops > 0 ? 1 : 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err) => {
        process.stderr.write(`eventbridge-kit: ${(err as Error).stack ?? String(err)}\n`);
        process.exitCode = 2;
    });
}
