/**
 * Writes offline/samples/github.json: one recorded GitHub payload per common event and action,
 * picked from @octokit/webhooks-examples (a devDependency: the shipped package cannot read it at
 * run time, so the picks are checked in). Deterministic: the smallest recorded example of each
 * event/action, serialized one sample per line. tests/offline/samples.test.ts checks that
 * running it again gives the same file.
 *
 *   npm run samples
 */
import * as fs from "fs";
import * as path from "path";

/** The samples, by name (`<event>` or `<event>.<action>`): what `--webhook github:<name>` sends. */
export const GITHUB_SAMPLE_PICKS: readonly { readonly name: string; readonly event: string; readonly action?: string; readonly ref?: RegExp }[] = [
    { name: "push", event: "push", ref: /^refs\/heads\// },
    { name: "pull_request.opened", event: "pull_request", action: "opened" },
    { name: "pull_request.closed", event: "pull_request", action: "closed" },
    { name: "pull_request.synchronize", event: "pull_request", action: "synchronize" },
    { name: "issues.opened", event: "issues", action: "opened" },
    { name: "issue_comment.created", event: "issue_comment", action: "created" },
    { name: "release.published", event: "release", action: "published" },
    { name: "workflow_run.completed", event: "workflow_run", action: "completed" },
    { name: "check_run.completed", event: "check_run", action: "completed" },
    { name: "ping", event: "ping" },
];

export const GITHUB_SAMPLES_FILE = path.join(__dirname, "github.json");

interface ExampleEvent { readonly name: string; readonly examples: Record<string, unknown>[] }

/** The file's text: `{"<name>": {"event": ..., "body": {...}}, ...}`, one sample per line. */
export function githubSamplesText(examples: readonly ExampleEvent[]): string {
    const lines = GITHUB_SAMPLE_PICKS.map((pick) => {
        const candidates = (examples.find((e) => e.name === pick.event)?.examples ?? [])
            .filter((body) => pick.action === undefined || body.action === pick.action)
            .filter((body) => pick.ref === undefined || pick.ref.test(String(body.ref)));
        if (candidates.length === 0) {
            throw new Error(`@octokit/webhooks-examples has no ${pick.name} example; change GITHUB_SAMPLE_PICKS in offline/samples/generate.ts.`);
        }
        // The smallest recorded example (the first of equal size): the file stays small and the pick stable.
        const body = candidates.reduce((best, c) => (JSON.stringify(c).length < JSON.stringify(best).length ? c : best));
        return `${JSON.stringify(pick.name)}: ${JSON.stringify({ event: pick.event, body })}`;
    });
    return `{\n${lines.join(",\n")}\n}\n`;
}

/** The installed examples (a devDependency, read only here). */
export function installedExamples(): ExampleEvent[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("@octokit/webhooks-examples") as ExampleEvent[];
}

if (require.main === module) {
    const text = githubSamplesText(installedExamples());
    fs.writeFileSync(GITHUB_SAMPLES_FILE, text);
    console.log(`${path.relative(process.cwd(), GITHUB_SAMPLES_FILE)}: ${GITHUB_SAMPLE_PICKS.length} samples, ${(Buffer.byteLength(text) / 1024).toFixed(1)} KB`);
}
