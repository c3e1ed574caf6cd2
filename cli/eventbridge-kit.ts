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
 * eventbridge-kit --help | --version; `<command> --help` prints that command's options.
 */
import * as fs from "fs";
import * as path from "path";
import { ComparablePlan, comparePlans, PlanComparison, renderComparison } from "./compare";
import { plan } from "../offline/plan";
import type { Plan, PlanOptions } from "../offline/types";
import { isSecret, isUnknown } from "../stack";
import { loadProgram, ProgramError } from "./load-program";
import { readProgram } from "./program";
import { renderFindings, renderLoops, renderResourceTree, renderRoutingMermaid, renderRoutingText } from "./render";
import { commonOptions, Format, formatOf, parseCommandLine, UsageError } from "./arguments";
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
  --verbose, -v   when the program fails, print the stack trace too
  --help, -h      this help

Runs offline: no AWS account, no Pulumi CLI, no network. By default every resource gets the
identity AWS would give it (auto-named physical names, ids, ARNs), so every IAM and resource
policy is shown and judged as deployed. Secret values are shown as <secret>. Every rule's
examples.match events and every webhook sample are followed through the stack (event-bus
targets, targets that declare emits): a loop between buses exits 1, like a mandatory violation.`;

interface Arguments {
    dir: string;
    stack: string;
    format: Format;
    preview: boolean;
    account?: string;
    compare?: { file: string } | { stack: string };
    verbose: boolean;
}

const planOptions = {
    ...commonOptions,
    preview: { type: "boolean", default: false },
    account: { type: "string" },
    compare: { type: "string" },
    "compare-stack": { type: "string" },
} as const;

/** The arguments after `plan`, or undefined for `plan --help`. */
function parseArguments(rest: string[]): Arguments | undefined {
    const { values, dir, help } = parseCommandLine(rest, planOptions);
    if (help) return undefined;
    const format = formatOf(values.format, "text, mermaid or json");
    if (values.account !== undefined && !/^\d{12}$/.test(values.account)) {
        throw new UsageError(`--account must be a 12-digit AWS account id, not "${values.account}"`);
    }
    if (values.compare !== undefined && values["compare-stack"] !== undefined) {
        throw new UsageError("give one of --compare and --compare-stack");
    }
    const compare = values.compare !== undefined ? { file: values.compare }
        : values["compare-stack"] !== undefined ? { stack: values["compare-stack"] } : undefined;
    if (!dir) {
        throw new UsageError("missing <program-dir>");
    }
    return { dir, stack: values.stack ?? "dev", format, preview: values.preview === true, account: values.account, compare, verbose: values.verbose === true };
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
    let args: SimulateArguments | undefined;
    try {
        args = parseSimulateArguments(rest);
    } catch (err) {
        if (err instanceof UsageError) {
            process.stderr.write(`eventbridge-kit: ${err.message}\n\n${simulateUsage}\n`);
            return 2;
        }
        throw err;
    }
    if (!args) {
        process.stdout.write(`${simulateUsage}\n`);
        return 0;
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

const commandsUsage = `usage: eventbridge-kit <command> [options]

commands:
  plan <program-dir>      what a Pulumi program creates, its policies and its routing, offline
  simulate <program-dir>  one event or signed webhook through the planned stack

options:
  -h, --help              this help; \`eventbridge-kit <command> --help\` for a command's options
  -V, --version           the package version`;

/** The version of the installed package (source tree: ../package.json; built: ../../package.json). */
function packageVersion(): string {
    for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file)) {
            const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
            if (manifest.name === "eventbridge-kit") return manifest.version ?? "unknown";
        }
    }
    return "unknown";
}

export async function main(argv: string[]): Promise<number> {
    const [command, ...rest] = argv;
    switch (command) {
        case "plan":
            return planMain(rest);
        case "simulate":
            return simulateMain(rest);
        case "help":
        case "--help":
        case "-h":
            process.stdout.write(`${commandsUsage}\n`);
            return 0;
        case "--version":
        case "-V":
            process.stdout.write(`${packageVersion()}\n`);
            return 0;
        default:
            process.stderr.write(`eventbridge-kit: ${command ? `unknown command "${command}"` : "missing command"} (commands: plan, simulate)\n\n${commandsUsage}\n`);
            return 2;
    }
}

/** `plan`: exit 0, 1 for a mandatory policy violation or a loop, 2 for a wrong program or command line. */
async function planMain(rest: string[]): Promise<number> {
    let args: Arguments | undefined;
    try {
        args = parseArguments(rest);
    } catch (err) {
        if (err instanceof UsageError) {
            process.stderr.write(`eventbridge-kit: ${err.message}\n\n${usage}\n`);
            return 2;
        }
        throw err;
    }
    if (!args) {
        process.stdout.write(`${usage}\n`);
        return 0;
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
