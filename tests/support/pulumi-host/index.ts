/**
 * Pulumi's Node.js program host without the CLI: `runProgram` starts a program through
 * `@pulumi/pulumi/cmd/run` exactly as `pulumi preview` / `pulumi up` do, against a fake engine
 * and resource monitor over gRPC, and returns what it registered and logged.
 *
 *     const run = await runProgram({ dir: "examples/twilio-to-lambda", stack: "dev", dryRun: true,
 *         config: { twilioAuthToken: "x" }, secretKeys: ["twilioAuthToken"] });
 *     assert.strictEqual(run.exitCode, 0, run.errors.join("\n"));
 */
export { runProgram } from "./run";
export type { RunProgramOptions, RunResult } from "./run";
export { FakeEngine, UNKNOWN } from "./engine";
export type { Diagnostic, FakeEngineOptions, InvokeRecord, Registration } from "./engine";
export { readProject, stackConfig } from "./project";
export type { PulumiProject } from "./project";
