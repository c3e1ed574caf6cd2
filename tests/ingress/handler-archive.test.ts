import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { providers, WebhookIngress } from "../../components/ingress";
import { ComponentConfigError } from "../../components/errors";
import { handlerArchive, handlerBundlePath, missingBundleWarning, packageRoot } from "../../components/ingress/handler-archive";
import { bundleHook, HookError } from "../../components/ingress/hook";
import { archiveContents, deploy, environmentOf } from "./helpers";

const ROOT = path.resolve(__dirname, "../..");

describe("ingress/handler archive", () => {
    it("finds the package root from the sources and from the build output", () => {
        assert.strictEqual(packageRoot(path.join(ROOT, "components", "ingress")), ROOT);
        assert.strictEqual(packageRoot(path.join(ROOT, "dist", "components", "ingress")), ROOT);
    });

    it("refuses to guess when no eventbridge-kit package.json is above", () => {
        assert.throws(() => packageRoot(os.tmpdir()), /cannot find the package root \(a package.json named "eventbridge-kit"\)/);
    });

    it("says how to build a bundle that is missing, and nothing when it is there", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "ebk-root-"));
        try {
            assert.strictEqual(missingBundleWarning("webhook-s3", root),
                `the webhook-s3 handler bundle ${path.join(root, "handlers", "dist", "webhook-s3", "index.js")} does not exist yet; run \`npm run build:handlers\` in ${root} before deploying.`);
            fs.mkdirSync(path.join(root, "handlers", "dist", "webhook-s3"), { recursive: true });
            fs.writeFileSync(path.join(root, "handlers", "dist", "webhook-s3", "index.js"), "exports.handler = async () => ({});");
            assert.strictEqual(missingBundleWarning("webhook-s3", root), undefined);
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    it("points at every file of handlers/dist/<bundle>/ without reading them", async () => {
        assert.strictEqual(handlerBundlePath("webhook"), path.join(ROOT, "handlers", "dist", "webhook", "index.js"));
        assert.deepStrictEqual(await archiveContents(handlerArchive("batch-processor")), {
            "index.js": { path: path.join(ROOT, "handlers", "dist", "batch-processor", "index.js"), text: undefined },
        });
        assert.deepStrictEqual(await archiveContents(handlerArchive("webhook", "exports.enrich = async (e) => e;")), {
            "hook.js": { path: undefined, text: "exports.enrich = async (e) => e;" },
            "index.js": { path: path.join(ROOT, "handlers", "dist", "webhook", "index.js"), text: undefined },
            "s3-client.js": { path: path.join(ROOT, "handlers", "dist", "webhook", "s3-client.js"), text: undefined },
        });
    });

    it("warns about any missing file of a bundle, not only index.js", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "ebk-root-"));
        try {
            fs.mkdirSync(path.join(root, "handlers", "dist", "webhook"), { recursive: true });
            fs.writeFileSync(path.join(root, "handlers", "dist", "webhook", "index.js"), "exports.handler = async () => ({});");
            assert.strictEqual(missingBundleWarning("webhook", root),
                `the webhook handler bundle ${path.join(root, "handlers", "dist", "webhook", "s3-client.js")} does not exist yet; run \`npm run build:handlers\` in ${root} before deploying.`);
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });
});

describe("ingress/hook", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "ebk-hook-"));
        fs.writeFileSync(path.join(dir, "tags.ts"), "export const team: string = \"payments\";\n");
        fs.writeFileSync(path.join(dir, "hook.ts"), [
            "import { team } from \"./tags\";",
            "interface Event { source: string; detailType: string; detail: { metadata: Record<string, unknown>; payload: any } }",
            "export async function enrich(event: Event): Promise<Event | null> {",
            "    if (event.detailType === \"ping\") return null;",
            "    return { ...event, detail: { ...event.detail, metadata: { ...event.detail.metadata, team } } };",
            "}",
        ].join("\n"));
        fs.writeFileSync(path.join(dir, "no-enrich.ts"), "export function enrichLater() { return 1; }\n");
        fs.writeFileSync(path.join(dir, "broken.ts"), "export async function enrich(event {\n");
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("bundles the module and its imports into one CommonJS file exporting enrich", async () => {
        const code = bundleHook({ module: "./hook.ts" }, "hook.module", dir);
        // Loaded the way the Lambda runtime loads it: a CommonJS file on its own.
        const file = path.join(dir, "out", "hook.js");
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, code);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const hook = require(file);
        const event = { source: "github.com", detailType: "push", detail: { metadata: { deliveryId: "d" }, payload: {} } };
        assert.deepStrictEqual(await hook.enrich(event), { ...event, detail: { metadata: { deliveryId: "d", team: "payments" }, payload: {} } });
        assert.strictEqual(await hook.enrich({ ...event, detailType: "ping" }), null);
    });

    it("yields the same bytes for the same source, wherever the program runs from", () => {
        const first = bundleHook({ module: "./hook.ts" }, "hook.module", dir);
        const again = bundleHook({ module: path.join(dir, "hook.ts") }, "hook.module", os.tmpdir());
        assert.strictEqual(first, again);
        assert.ok(!first.includes(dir), "no build path leaks into the bundle");
    });

    it("refuses a missing module, one without enrich, and one that does not build", () => {
        assert.throws(() => bundleHook({ module: "./missing.ts" }, "hook.module", dir),
            (e: unknown) => e instanceof HookError && /hook.module: "\.\/missing\.ts" does not exist \(looked for .*missing\.ts\)\. Give a path relative to the Pulumi program's directory/.test(e.message));
        assert.throws(() => bundleHook({ module: "./no-enrich.ts" }, "hook.module", dir),
            (e: unknown) => e instanceof HookError && e.message.includes("does not export `enrich` (it exports enrichLater)") && e.message.includes("Export `async function enrich(event)`"));
        assert.throws(() => bundleHook({ module: "./broken.ts" }, "hook.module", dir),
            (e: unknown) => e instanceof HookError && e.message.includes("\"./broken.ts\" does not build:") && e.message.includes("Fix the module"));
    });

    for (const preview of [false, true]) {
        it(`puts the bundled hook next to the handler as hook.js and tells the handler (${preview ? "preview" : "update"})`, async () => {
            const cwd = process.cwd();
            process.chdir(dir);
            let mocks;
            try {
                mocks = await deploy(preview, () => {
                    new WebhookIngress("gh", { provider: providers.github(), secret: { value: "s3cr3t" }, hook: { module: "./hook.ts" } });
                });
            } finally {
                process.chdir(cwd);
            }
            const contents = await archiveContents(mocks.named("gh-webhook").inputs.code);
            assert.deepStrictEqual(Object.keys(contents).sort(), ["hook.js", "index.js", "s3-client.js"]);
            assert.strictEqual(contents["hook.js"].text, bundleHook({ module: "./hook.ts" }, "hook.module", dir));
            assert.strictEqual(environmentOf(mocks, "gh-webhook").EBK_HOOK, "1");
        });
    }

    it("gives the hook to the batch processor with S3 delivery, since it puts the events", async () => {
        const mocks = await deploy(false, () => {
            new WebhookIngress("bird", {
                provider: providers.bird({ auth: { bearer: { token: "t0ken" } } }),
                delivery: { s3: { bucket: "raw-batches", prefix: "bird/" } },
                hook: { module: path.join(dir, "hook.ts") },
            });
        });
        const hook = bundleHook({ module: "./hook.ts" }, "hook.module", dir);
        const processor = await archiveContents(mocks.named("bird-batch-processor").inputs.code);
        assert.deepStrictEqual(Object.keys(processor).sort(), ["hook.js", "index.js"]);
        assert.strictEqual(processor["hook.js"].text, hook);
        assert.strictEqual(environmentOf(mocks, "bird-batch-processor").EBK_HOOK, "1");
        assert.deepStrictEqual(Object.keys(await archiveContents(mocks.named("bird-webhook").inputs.code)), ["index.js"]);
        assert.strictEqual(environmentOf(mocks, "bird-webhook").EBK_HOOK, undefined);
    });

    it("names the field when the component's hook cannot be bundled", async () => {
        await deploy(false, () => undefined);
        assert.throws(() => new WebhookIngress("gh", { provider: providers.github(), secret: { value: "s" }, hook: { module: path.join(dir, "no-enrich.ts") } }),
            (e: unknown) => e instanceof ComponentConfigError && e.message.startsWith("WebhookIngress \"gh\": hook.module: ") && e.message.includes("does not export `enrich`"));
    });

    it("uses a replacement archive as it is, with no hook flag", async () => {
        const replacement = new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 204 });") });
        const mocks = await deploy(false, () => {
            new WebhookIngress("gh", { provider: providers.github(), secret: { value: "s3cr3t" }, handlerArchive: replacement });
        });
        assert.deepStrictEqual(await archiveContents(mocks.named("gh-webhook").inputs.code), {
            "index.js": { path: undefined, text: "exports.handler = async () => ({ statusCode: 204 });" },
        });
        assert.strictEqual(environmentOf(mocks, "gh-webhook").EBK_HOOK, undefined);
    });
});
