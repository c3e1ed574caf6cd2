#!/usr/bin/env node
/**
 * eventbridge-kit plan <program-dir> [--stack dev] [--format text|mermaid|json]
 *
 * Runs a Pulumi program offline (mocks, preview mode), then prints what it would create, what
 * the policy pack says about it, and how events flow. Exit status: 0 when no mandatory policy
 * is violated, 1 when one is, 2 when the program or the command line is wrong.
 */
import { isSecret, isUnknown, plan, Plan, PlanOptions } from "../testing";
import { loadProgram, ProgramError } from "./load-program";
import { readProgram } from "./program";
import { renderFindings, renderResourceTree, renderRoutingMermaid, renderRoutingText } from "./render";

const usage = `usage: eventbridge-kit plan <program-dir> [--stack <name>] [--format text|mermaid|json]

  <program-dir>   a Pulumi project folder (Pulumi.yaml + TypeScript entry), e.g. examples/complete
  --stack         which Pulumi.<stack>.yaml to read config from (default: dev)
  --format        text (default): resource tree, policy findings, routing tree
                  mermaid: the same, with the routing as a Mermaid flowchart
                  json: everything as one JSON document

Runs offline: no AWS account, no Pulumi CLI, no network. Secret config values are replaced by
placeholders; values that only exist after deployment are shown as <unknown until deployed>.`;

type Format = "text" | "mermaid" | "json";

interface Arguments {
    dir: string;
    stack: string;
    format: Format;
}

class UsageError extends Error {}

function parseArguments(argv: string[]): Arguments {
    const [command, ...rest] = argv;
    if (command !== "plan") {
        throw new UsageError(command ? `unknown command "${command}"` : "missing command");
    }
    let dir: string | undefined;
    let stack = "dev";
    let format: Format = "text";
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
    return { dir, stack, format };
}

/**
 * Plans a Pulumi program offline; `policies` and `policyConfig` as for {@link plan}. The program
 * is loaded as `pulumi up` loads it (see ./load-program): a program `pulumi up` cannot load fails
 * here with the same message.
 */
export async function planProgram(dir: string, stack: string, options: Pick<PlanOptions, "policies" | "policyConfig"> = {}): Promise<Plan> {
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

function render(result: Plan, format: Format): string {
    if (format === "json") {
        const mandatory = result.findings.filter((f) => f.enforcementLevel === "mandatory").length;
        return JSON.stringify({ ...result, summary: { resources: result.resources.length, findings: result.findings.length, mandatory } }, null, 2);
    }
    const sections = [renderResourceTree(result), renderFindings(result.findings)];
    sections.push(format === "mermaid" ? "Routing (Mermaid)\n```mermaid\n" + renderRoutingMermaid(result.routing) + "\n```" : renderRoutingText(result.routing));
    if (result.warnings.length > 0) {
        sections.push(`Warnings (${result.warnings.length})\n${result.warnings.map((w) => `  ${w}`).join("\n")}`);
    }
    const outputs = Object.entries(result.outputs);
    if (outputs.length > 0) {
        sections.push(`Outputs\n${outputs.map(([k, v]) => `  ${k}: ${typeof v === "string" || isUnknown(v) || isSecret(v) ? String(v) : JSON.stringify(v)}`).join("\n")}`);
    }
    return sections.join("\n\n");
}

export async function main(argv: string[]): Promise<number> {
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
        result = await planProgram(args.dir, args.stack);
    } catch (err) {
        // A program that cannot load is reported as `pulumi up` reports it.
        const reason = err instanceof ProgramError ? `error: ${err.message}` : (err as Error).stack ?? String(err);
        process.stderr.write(`eventbridge-kit: the program failed offline:\n${reason}\n`);
        return 2;
    }
    process.stdout.write(render(result, args.format) + "\n");
    const mandatory = result.findings.filter((f) => f.enforcementLevel === "mandatory").length;
    if (mandatory > 0 && args.format !== "json") {
        process.stderr.write(`eventbridge-kit: ${mandatory} mandatory policy violation(s)\n`);
    }
    return mandatory > 0 ? 1 : 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err) => {
        process.stderr.write(`eventbridge-kit: ${(err as Error).stack ?? String(err)}\n`);
        process.exitCode = 2;
    });
}
