import { main } from "../../cli/eventbridge-kit";

/** Runs the CLI's main() in this process, capturing what it writes and its exit status. */
export async function runMain(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    const out = { stdout: "", stderr: "" };
    const write = { stdout: process.stdout.write, stderr: process.stderr.write };
    process.stdout.write = ((chunk: string) => { out.stdout += chunk; return true; }) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => { out.stderr += chunk; return true; }) as typeof process.stderr.write;
    try {
        return { status: await main(args), ...out };
    } finally {
        process.stdout.write = write.stdout;
        process.stderr.write = write.stderr;
    }
}
