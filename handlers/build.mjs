// Bundles the Lambda handlers into handlers/dist/<name>/ (index.js and, for `webhook`, s3-client.js;
// CommonJS, node22, minified).
// The output is byte-for-byte deterministic (no timestamps, no absolute paths, no source maps),
// so an unchanged handler never shows a diff in `pulumi preview`.
//
//   node handlers/build.mjs
import { build } from "esbuild";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const handlersDir = dirname(fileURLToPath(import.meta.url));

// Clients import their whole package.json for one field (the version in the User-Agent).
const SDK_PACKAGE_JSON = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]package\.json$/;
const slimPackageJson = {
    name: "slim-sdk-package-json",
    setup(build) {
        build.onLoad({ filter: SDK_PACKAGE_JSON }, (args) => {
            const { name, version } = JSON.parse(readFileSync(args.path, "utf8"));
            return { contents: JSON.stringify({ name, version }), loader: "json" };
        });
    },
};

/**
 * The bundles, each `handlers/dist/<name>/index.js` plus the files listed in `files`. Each loads,
 * at cold start, only the AWS clients its delivery mode uses on every request:
 * - `webhook` (events delivery): EventBridge and Secrets Manager. The S3 client, needed only for
 *   an event too large for one entry (`largeEvents`), is the separate file `s3-client.js`,
 *   required on the first such event (handlers/shared/s3-on-demand.ts).
 * - `webhook-s3` (S3 delivery, e.g. Bird): S3 and Secrets Manager; it never puts events, so the
 *   EventBridge client is left out (handlers/shared/eventbridge-not-bundled.ts).
 * - `batch-processor`: S3 and EventBridge.
 * - `github-redelivery`: Secrets Manager, and @octokit/request and @octokit/auth-app for GitHub's API.
 * - `durable-redrive`: S3, EventBridge and SQS (its dead-letter queue).
 */
export const HANDLERS = [
    { name: "webhook", source: "webhook", s3: "on-demand", eventBridge: true, files: ["index.js", "s3-client.js"] },
    { name: "webhook-s3", source: "webhook", s3: "bundled", eventBridge: false, files: ["index.js"] },
    { name: "batch-processor", source: "batch-processor", s3: "bundled", eventBridge: true, files: ["index.js"] },
    { name: "github-redelivery", source: "github-redelivery", s3: "bundled", eventBridge: false, files: ["index.js"] },
    { name: "durable-redrive", source: "durable-redrive", s3: "bundled", eventBridge: true, files: ["index.js"] },
];

/** The file an on-demand S3 client is loaded from, next to index.js. */
const S3_CHUNK = "s3-client.js";

// The AWS SDK's generated schema files key their objects with computed names (`{ [_xN]: _AE }`,
// where `const _xN = "xmlName"`). esbuild cannot prove a computed key is side-effect free, so it
// keeps every schema of the service (S3: ~70 KB) even though a handler uses two commands.
// Replacing each computed key by the string constant it names changes nothing at run time and
// lets tree-shaking drop the schemas of commands the handlers never send.
const SDK_SCHEMA_FILE = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;
const inlineSchemaKeys = {
    name: "inline-sdk-schema-keys",
    setup(build) {
        build.onLoad({ filter: SDK_SCHEMA_FILE }, (args) => {
            const source = readFileSync(args.path, "utf8");
            const constants = new Map();
            for (const [, name, literal] of source.matchAll(/^const (_\w+) = ("[^"\\]*");$/gm)) constants.set(name, literal);
            const contents = source.replace(/\[(_\w+)\]:/g, (match, name) => (constants.has(name) ? `${constants.get(name)}:` : match));
            return { contents, loader: "js", resolveDir: dirname(args.path) };
        });
    },
};

/**
 * Bundles one entry file into `outfile` as the handlers ship. `s3`: "bundled" (default), or
 * "on-demand" (the S3 client is required from `s3-client.js` beside `outfile` on first use, and
 * that file is built too); `eventBridge: false` leaves the EventBridge client out. Returns the
 * size in bytes of `outfile` and the input files bundled into it.
 */
export async function bundleEntry({ entry, outfile, s3 = "bundled", eventBridge = true }) {
    const aliases = {
        ...(s3 === "on-demand" ? { "@aws-sdk/client-s3": "./handlers/shared/s3-on-demand.ts" } : {}),
        ...(eventBridge ? {} : { "@aws-sdk/client-eventbridge": "./handlers/shared/eventbridge-not-bundled.ts" }),
    };
    const main = await bundleFile(entry, outfile, aliases);
    if (s3 === "on-demand") await bundleFile(join(handlersDir, "shared", "s3-chunk.ts"), join(dirname(outfile), S3_CHUNK), {});
    return main;
}

async function bundleFile(entry, outfile, aliases) {
    mkdirSync(dirname(outfile), { recursive: true });
    const result = await build({
        absWorkingDir: join(handlersDir, ".."),
        entryPoints: [entry],
        outfile,
        bundle: true,
        platform: "node",
        target: "node22",
        format: "cjs",
        minify: true,
        // ES-module builds of the AWS SDK tree-shake; the CommonJS ones do not.
        mainFields: ["module", "main"],
        legalComments: "none",
        sourcemap: false,
        metafile: true,
        logLevel: "warning",
        // Files beside index.js in the archive, loaded at run time: the user hook (added by the
        // component) and the on-demand S3 client.
        external: ["./hook.js", `./${S3_CHUNK}`],
        // Lambda gives the role's credentials in environment variables; the default chain's
        // other sources (ini, SSO, IMDS...) cannot apply and would double the bundle.
        alias: {
            "@aws-sdk/credential-provider-node": "./handlers/shared/lambda-credentials.ts",
            // Only S3 SelectObjectContent uses event streams; the handlers never call it.
            "@smithy/core/event-streams": "./handlers/shared/no-event-streams.ts",
            ...aliases,
        },
        plugins: [inlineSchemaKeys, slimPackageJson],
    });
    const output = Object.values(result.metafile.outputs)[0];
    return { path: outfile, bytes: output.bytes, inputs: Object.keys(output.inputs).sort() };
}

/**
 * Builds every handler; returns, per handler, the path of its index.js, its size in bytes, the
 * input files bundled into it, and the files of its folder (everything the archive must ship).
 */
export async function buildHandlers({ outDir = join(handlersDir, "dist") } = {}) {
    const built = {};
    for (const { name, source, s3, eventBridge } of HANDLERS) {
        const dir = join(outDir, name);
        rmSync(dir, { recursive: true, force: true });
        const main = await bundleEntry({ entry: join(handlersDir, source, "index.ts"), outfile: join(dir, "index.js"), s3, eventBridge });
        built[name] = { ...main, files: readdirSync(dir).sort() };
    }
    return built;
}

/**
 * `handlers/dist/simulation/index.js`: not a Lambda, the webhook handler's and the batch
 * processor's modules for `eventbridge-kit simulate --webhook` (offline/webhook.ts), which
 * injects in-memory clients.
 */
export async function buildSimulation({ outDir = join(handlersDir, "dist") } = {}) {
    const dir = join(outDir, "simulation");
    rmSync(dir, { recursive: true, force: true });
    const main = await bundleFile(join(handlersDir, "simulation", "index.ts"), join(dir, "index.js"), {});
    return { simulation: { ...main, files: readdirSync(dir).sort() } };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
    const outDir = process.argv[2];
    const built = { ...await buildHandlers(outDir ? { outDir } : {}), ...await buildSimulation(outDir ? { outDir } : {}) };
    for (const [name, { files }] of Object.entries(built)) {
        for (const file of files) {
            const bytes = statSync(join(outDir ?? join(handlersDir, "dist"), name, file)).size;
            console.log(`handlers/dist/${name}/${file}  ${(bytes / 1024).toFixed(1)} KB`);
        }
    }
}
