// Bundles the Lambda handlers into handlers/dist/<name>/index.js (CommonJS, node22, minified).
// The output is byte-for-byte deterministic (no timestamps, no absolute paths, no source maps),
// so an unchanged handler never shows a diff in `pulumi preview`.
//
//   node handlers/build.mjs
import { build } from "esbuild";
import { mkdirSync, readFileSync } from "node:fs";
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
 * The bundles, each `handlers/dist/<name>/index.js`. Two webhook bundles share one source: most
 * webhooks are delivered as events and never touch S3, and the S3 client is a third of the bundle
 * and of its cold start, so `webhook` is built without it; the component deploys `webhook-s3` when
 * raw batches or large events go to a bucket.
 */
export const HANDLERS = [
    { name: "webhook", source: "webhook", withS3: false },
    { name: "webhook-s3", source: "webhook", withS3: true },
    { name: "batch-processor", source: "batch-processor", withS3: true },
];

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
 * Bundles one entry file into `outfile` as the handlers ship; `withS3: false` leaves the S3 client
 * out. Returns the size in bytes and the bundled input files.
 */
export async function bundleEntry({ entry, outfile, withS3 }) {
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
        // The user hook is added to the archive next to index.js by the component.
        external: ["./hook.js"],
        // Lambda gives the role's credentials in environment variables; the default chain's
        // other sources (ini, SSO, IMDS...) cannot apply and would double the bundle.
        alias: {
            "@aws-sdk/credential-provider-node": "./handlers/shared/lambda-credentials.ts",
            // Only S3 SelectObjectContent uses event streams; the handlers never call it.
            "@smithy/core/event-streams": "./handlers/shared/no-event-streams.ts",
            ...(withS3 ? {} : { "@aws-sdk/client-s3": "./handlers/shared/s3-not-bundled.ts" }),
        },
        plugins: [inlineSchemaKeys, slimPackageJson],
    });
    const output = Object.values(result.metafile.outputs)[0];
    return { path: outfile, bytes: output.bytes, inputs: Object.keys(output.inputs).sort() };
}

/** Builds every handler; returns, per handler, the output path, its size in bytes and the bundled input files. */
export async function buildHandlers({ outDir = join(handlersDir, "dist") } = {}) {
    const sizes = {};
    for (const { name, source, withS3 } of HANDLERS) {
        sizes[name] = await bundleEntry({ entry: join(handlersDir, source, "index.ts"), outfile: join(outDir, name, "index.js"), withS3 });
    }
    return sizes;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
    const outDir = process.argv[2];
    const sizes = await buildHandlers(outDir ? { outDir } : {});
    for (const [name, { bytes }] of Object.entries(sizes)) {
        console.log(`handlers/dist/${name}/index.js  ${(bytes / 1024).toFixed(1)} KB`);
    }
}
