/**
 * `npm run e2e`: the GitHub example deployed for real, as a user deploys it.
 *
 * 1. Pulumi's Automation API `up`s examples/github-to-stepfunctions (its own Pulumi.yaml,
 *    type-checked by Pulumi's runner) into a throwaway stack with a random webhook secret.
 * 2. A second throwaway stack adds an SQS queue behind a SafeRule on the example's bus,
 *    matching only this run's test pushes.
 * 3. It posts two deliveries to the webhook URL: one signed with the secret (must answer 2xx)
 *    and one forged (must answer 401), then waits for the queue: exactly one event, the signed
 *    delivery's, must arrive.
 * 4. Both stacks are destroyed and removed, whatever happened.
 *
 * Needs the Pulumi CLI (logged in to a backend; for a local one set PULUMI_CONFIG_PASSPHRASE)
 * and AWS credentials; without either it prints one line saying what is missing and exits 0.
 * Region: AWS_REGION, else us-east-1.
 */
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import * as aws from "@pulumi/aws";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { spawnSync } from "child_process";
import { createHmac, randomBytes, randomUUID } from "crypto";
import * as path from "path";
import { SafeRule, targets } from "eventbridge-kit";

const exampleDir = path.resolve(__dirname, "..", "..", "examples", "github-to-stepfunctions");
const region = process.env.AWS_REGION ?? "us-east-1";

/** What this machine lacks of the two things a real run needs (the AWS SDK is only asked once the CLI is there). */
async function missingPrerequisites(): Promise<string | undefined> {
    if (spawnSync("pulumi", ["version"], { encoding: "utf8" }).status !== 0) {
        return "the Pulumi CLI is not on PATH";
    }
    try {
        await new EventBridgeClient({ region }).config.credentials();
        return undefined;
    } catch {
        return "no AWS credentials were found (environment, profile or SSO)";
    }
}

/** The test's queue and the rule that fills it: only pushes to this run's branch. */
function queueProgram(busName: string, branch: string) {
    return async () => {
        const queue = new aws.sqs.Queue("e2e-received", { sqsManagedSseEnabled: true, messageRetentionSeconds: 3600 });
        new SafeRule("e2e-received", {
            eventBus: busName,
            description: "eventbridge-kit e2e: the deliveries this run sends",
            pattern: { source: ["github.com"], "detail-type": ["push"], detail: { payload: { ref: [`refs/heads/${branch}`] } } },
            targets: [targets.queue(queue)],
        });
        return { queueUrl: queue.url };
    };
}

async function post(url: string, body: string, deliveryId: string, secret: string): Promise<number> {
    const response = await fetch(url, {
        method: "POST",
        headers: {
            "content-type": "application/json",
            "x-github-event": "push",
            "x-github-delivery": deliveryId,
            "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
        },
        body,
    });
    return response.status;
}

async function receiveAll(queueUrl: string, quietSeconds: number, maxSeconds: number): Promise<any[]> {
    const sqs = new SQSClient({ region });
    const events: any[] = [];
    const deadline = Date.now() + maxSeconds * 1000;
    let quietSince = Date.now();
    while (Date.now() < deadline && (events.length === 0 || Date.now() - quietSince < quietSeconds * 1000)) {
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 10, MaxNumberOfMessages: 10 }));
        for (const message of Messages) {
            events.push(JSON.parse(message.Body ?? "null"));
            await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
            quietSince = Date.now();
        }
    }
    return events;
}

async function destroy(stack: Stack | undefined): Promise<void> {
    if (!stack) return;
    await stack.destroy({ onOutput: (line) => process.stdout.write(line) });
    await stack.workspace.removeStack(stack.name);
}

async function main(): Promise<number> {
    const missing = await missingPrerequisites();
    if (missing) {
        console.log(`e2e: skipped: it needs the Pulumi CLI (logged in) and AWS credentials, and ${missing}.`);
        return 0;
    }
    const run = randomBytes(4).toString("hex");
    const secret = randomBytes(32).toString("hex");
    const branch = `eventbridge-kit-e2e-${run}`;
    let example: Stack | undefined;
    let receiver: Stack | undefined;
    try {
        example = await LocalWorkspace.createStack({ stackName: `e2e-${run}`, workDir: exampleDir });
        await example.setAllConfig({ "aws:region": { value: region }, githubWebhookSecret: { value: secret, secret: true } });
        const { outputs } = await example.up({ onOutput: (line) => process.stdout.write(line) });
        const webhookUrl = String(outputs.webhookUrl.value);
        const busName = String(outputs.busName.value);

        receiver = await LocalWorkspace.createStack({ projectName: "eventbridge-kit-e2e", stackName: `e2e-${run}`, program: queueProgram(busName, branch) });
        await receiver.setConfig("aws:region", { value: region });
        const queueUrl = String((await receiver.up({ onOutput: (line) => process.stdout.write(line) })).outputs.queueUrl.value);

        const body = (id: string) => JSON.stringify({ ref: `refs/heads/${branch}`, before: "0".repeat(40), after: "1".repeat(40), repository: { full_name: `e2e/${id}` } });
        const signedId = randomUUID();
        const forgedId = randomUUID();
        const signed = await post(webhookUrl, body(signedId), signedId, secret);
        const forged = await post(webhookUrl, body(forgedId), forgedId, randomBytes(32).toString("hex"));
        const events = await receiveAll(queueUrl, 30, 180);
        const failures = [
            ...(signed >= 200 && signed < 300 ? [] : [`the signed delivery got ${signed}, not 2xx`]),
            ...(forged === 401 ? [] : [`the forged delivery got ${forged}, not 401`]),
            ...(events.length === 1 ? [] : [`${events.length} events arrived, not exactly 1`]),
            ...(events.every((e) => e?.detail?.metadata?.deliveryId === signedId) ? [] : ["an event other than the signed delivery arrived"]),
        ];
        console.log(failures.length === 0 ? "e2e: passed: the signed delivery arrived once, the forged one was refused." : `e2e: FAILED:\n  ${failures.join("\n  ")}`);
        return failures.length === 0 ? 0 : 1;
    } finally {
        await destroy(receiver);
        await destroy(example);
    }
}

main().then((code) => { process.exitCode = code; }, (err) => {
    console.error(`e2e: FAILED: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
});
