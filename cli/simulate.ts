/**
 * eventbridge-kit simulate <program-dir> [--stack dev] (--event FILE | --webhook PROVIDER[:SAMPLE])
 *                          [--format text|json|mermaid] [--verbose]
 *
 * Plans the program offline (resolved), then follows one event through it: from a JSON file (a
 * PutEvents entry or a whole event), or from a signed webhook request sent through the real
 * handler. Exit status: 0 (and --help), 1 when the event loops between buses, 2 when the program
 * or the command line is wrong.
 */
import * as fs from "fs";
import { webhookSamples } from "../offline/samples";
import { simulate, SimulationTrace, SimulatedLoop } from "../offline/simulate";
import type { SimulatedPrivateEndpoint } from "../offline/simulate-api-destination";
import { simulateWebhook, WebhookSimulation } from "../offline/simulate-webhook";
import type { Plan } from "../offline/types";
import { SIMULATED_PROVIDERS } from "../offline/webhook";
import { commonOptions, Format, formatOf, parseCommandLine, UsageError } from "./arguments";
import { label, redeliveryText } from "./render";

export interface SimulateArguments {
    dir: string;
    stack: string;
    format: Format;
    source: { event: string } | { webhook: string; sample?: string; outage?: boolean };
    verbose: boolean;
}

/** The built-in samples, from the table simulateWebhook sends them from: `provider: first (default), second...`, wrapped. */
function sampleLines(indent: string, width = 100): string[] {
    const lines: string[] = [];
    for (const [provider, samples] of Object.entries(webhookSamples)) {
        let line = `${indent}${provider}:`;
        for (const [i, name] of Object.keys(samples).entries()) {
            const word = ` ${name}${i === 0 ? " (default)" : ""}${i < Object.keys(samples).length - 1 ? "," : ""}`;
            if (line.length + word.length > width) {
                lines.push(line);
                line = `${indent}   `;
            }
            line += word;
        }
        lines.push(line);
    }
    return lines;
}

export const simulateUsage = `usage: eventbridge-kit simulate <program-dir> [--stack <name>] (--event <file> | --webhook <provider>[:<sample>])
                               [--outage] [--format text|json|mermaid] [--verbose]

  --event     a JSON file: a PutEvents entry ({"Source", "DetailType", "Detail", "EventBusName"})
              or a whole event ({"source", "detail-type", "detail", ...}, put on the webhook's bus)
  --webhook   a provider (${SIMULATED_PROVIDERS.join(", ")}) and a sample: a request signed with a
              test secret goes through the real webhook handler, configured as the stack configures
              the ingress (with S3 delivery, the real batch processor then turns the stored batch
              into events). Samples:
${sampleLines("                ").join("\n")}
  --outage    with --webhook: EventBridge confirms nothing while the handler runs; shows the
              durable path (entries stored, then sent on by the redrive function) or the 503
  --format    text (default): each bus, rule (matched, or the field that failed) and target input
              json: the trace; mermaid: the event's path as a flowchart
Exit status 1 when the event loops between buses.`;

const simulateOptions = {
    ...commonOptions,
    event: { type: "string" },
    webhook: { type: "string" },
    outage: { type: "boolean", default: false },
} as const;

/** Parses the arguments after `simulate` (undefined for `simulate --help`); throws UsageError for a wrong command line. */
export function parseSimulateArguments(rest: string[]): SimulateArguments | undefined {
    const { values, dir, help } = parseCommandLine(rest, simulateOptions);
    if (help) return undefined;
    const format = formatOf(values.format, "text, json or mermaid");
    if (values.event !== undefined && values.webhook !== undefined) throw new UsageError("give one of --event and --webhook");
    if (!dir) throw new UsageError("missing <program-dir>");
    let source: SimulateArguments["source"];
    if (values.event !== undefined) {
        if (values.outage) throw new UsageError("--outage goes with --webhook");
        source = { event: values.event };
    } else if (values.webhook !== undefined) {
        const [provider, sample] = values.webhook.split(":", 2);
        source = { webhook: provider, ...(sample ? { sample } : {}), ...(values.outage ? { outage: true } : {}) };
    } else {
        throw new UsageError("give --event <file> or --webhook <provider>");
    }
    return { dir, stack: values.stack ?? "dev", format, source, verbose: values.verbose === true };
}

/** Reads an --event file; a wrong file is the user's to fix: one message. */
export function readEventFile(file: string): object {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new Error(`cannot read the event file ${file}; give a JSON file holding a PutEvents entry or an event.`);
    }
    try {
        const parsed = JSON.parse(text);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed;
    } catch {
        // Reported below.
    }
    throw new Error(`${file} is not a JSON object; give a PutEvents entry ({"Source", "DetailType", "Detail"}) or an event ({"source", "detail-type", "detail"}).`);
}

/** What `simulate` prints, and the traces (one per entry the webhook sent, or one for the event). */
export async function runSimulation(result: Plan, args: SimulateArguments, event?: object): Promise<{ traces: readonly SimulationTrace[]; webhook?: WebhookSimulation["webhook"]; loops: readonly SimulatedLoop[] }> {
    if ("event" in args.source) {
        const trace = await simulate(result, (event ?? readEventFile(args.source.event)) as never);
        return { traces: [trace], loops: trace.loops };
    }
    return simulateWebhook(result, args.source.webhook, { sample: args.source.sample, ...(args.source.outage ? { outage: true } : {}) });
}

export function renderSimulation(run: Awaited<ReturnType<typeof runSimulation>>, format: Format): string {
    if (format === "json") {
        return JSON.stringify(run, null, 2);
    }
    if (format === "mermaid") {
        return renderMermaid(run.traces);
    }
    const lines: string[] = [];
    if (run.webhook) {
        const { ingress, provider, status, entries, objects, batchProcessor } = run.webhook;
        const count = `${entries.length} entr${entries.length === 1 ? "y" : "ies"}`;
        lines.push(`Webhook ${ingress} (${provider}): ${status}, ${batchProcessor ? `stored, then the batch processor put ${count} on the bus` : `${count} put on the bus`}`);
        if (run.webhook.hook) lines.push(`  hook ${run.webhook.hook}`);
        for (const object of objects) lines.push(`  stored s3://${object.bucket}/${object.key}`);
        if (run.webhook.redelivery) lines.push(`  ${redeliveryText(run.webhook.redelivery)} (not simulated)`);
        const durable = run.webhook.durable;
        if (durable) lines.push(`  EventBridge out: ${durable.stored.length} stored in the durable store, then the redrive ${durable.redrive} put ${durable.run.delivered} on the bus`);
    }
    for (const trace of run.traces) {
        for (const delivery of trace.deliveries) {
            const event = delivery.event;
            lines.push(`Bus ${delivery.busName}${delivery.from ? ` (forwarded by ${delivery.from.rule})` : ""}: ${event.source} / ${event["detail-type"]}`);
            for (const archive of delivery.archives) lines.push(`  archive ${archive}`);
            for (const rule of delivery.rules) {
                lines.push(`  ${rule.matched ? "✔" : "✘"} rule ${rule.name}${rule.matched ? "" : `: ${rule.reason}`}`);
                for (const target of rule.targets) {
                    lines.push(`      → ${target.kind} ${target.name}${target.messageGroupId ? ` (message group ${target.messageGroupId})` : ""}`);
                    if (target.problem) {
                        lines.push(`        ${target.problem}`);
                    } else if (target.request) {
                        lines.push(`        ${target.request.method} ${target.request.url}`);
                        for (const [k, v] of Object.entries(target.request.headers)) lines.push(`        ${k}: ${v}`);
                        lines.push(`        ${target.request.body}`);
                        if (target.privateEndpoint) lines.push(`        ${privateEndpointText(target.privateEndpoint)}`);
                    } else {
                        lines.push(`        ${target.input}`);
                    }
                    if (target.emitted) {
                        lines.push(`        emits (declared): ${target.emitted.map((e) => `${e.source} / ${e["detail-type"]}`).join(", ") || "nothing"}`);
                    }
                    if (target.leavesStack) {
                        const out = target.leavesStack;
                        lines.push(`        leaves the stack for bus ${out.bus} in account ${out.account}, region ${out.region}`);
                    }
                }
            }
        }
    }
    for (const loop of run.loops) {
        lines.push(`Loop: ${loop.text}`);
    }
    return lines.join("\n");
}

/** How a private API destination's request reaches its endpoint. */
function privateEndpointText(endpoint: SimulatedPrivateEndpoint): string {
    const to = endpoint.address ? ` to ${endpoint.address}${endpoint.ports ? `:${endpoint.ports.join(",")}` : ""}` : " (not in the stack)";
    const inVpc = endpoint.vpcId ? ` in ${endpoint.vpcId} (subnets ${endpoint.subnetIds?.join(", ")})` : "";
    return `through VPC Lattice resource configuration ${endpoint.resourceConfigurationArn}${to}${inVpc}`;
}

/** The path of the event: buses, the rules that matched, their targets; loops as dashed edges back. */
function renderMermaid(traces: readonly SimulationTrace[]): string {
    const lines = ["flowchart LR"];
    const seen = new Set<string>();
    const node = (id: string, text: string) => {
        if (!seen.has(id)) {
            seen.add(id);
            lines.push(`  ${text}`);
        }
    };
    for (const trace of traces) {
        for (const delivery of trace.deliveries) {
            node(delivery.bus, `${delivery.bus}((${label(`bus ${delivery.busName}`)}))`);
            for (const rule of delivery.rules.filter((r) => r.matched)) {
                node(rule.id, `${rule.id}{{${label(`rule ${rule.name}`)}}}`);
                lines.push(`  ${delivery.bus} --> ${rule.id}`);
                for (const target of rule.targets) {
                    if (target.nextBus && !target.emitted) {
                        lines.push(`  ${rule.id} --> ${target.nextBus}`);
                    } else if (target.nextBus) {
                        // A target that publishes (declared emits): the event goes through it to the bus.
                        node(target.id, `${target.id}[${label(`${target.kind} ${target.name}`)}]`);
                        lines.push(`  ${rule.id} --> ${target.id}`, `  ${target.id} --> ${target.nextBus}`);
                    } else {
                        node(target.id, `${target.id}[${label(`${target.kind} ${target.name}`)}]`);
                        lines.push(`  ${rule.id} --> ${target.id}`);
                    }
                }
            }
        }
        for (const loop of trace.loops) {
            const [last, back] = loop.cycle.slice(-2);
            lines.push(`  ${last.id} -.->|loop| ${back.id}`);
        }
    }
    return [...new Set(lines)].join("\n");
}
