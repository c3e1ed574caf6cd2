import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

/**
 * The bundled Lambda handlers this package ships (built by `npm run build:handlers`), each
 * loading at cold start only the AWS clients its delivery mode uses: `webhook` for events
 * delivery (its S3 client, for large events only, is the separate `s3-client.js`, loaded on the
 * first oversize event); `webhook-s3` for S3 delivery (no EventBridge client); `batch-processor`;
 * `github-redelivery` (the scheduled function asking GitHub to redeliver failed deliveries),
 * `durable-redrive` (durable acceptance: sends stored entries on).
 */
export type HandlerBundle = "webhook" | "webhook-s3" | "batch-processor" | "github-redelivery" | "durable-redrive";

/** Every file of each bundle's folder, all shipped in its archive (handlers/build.mjs builds exactly these). */
export const BUNDLE_FILES: Record<HandlerBundle, readonly string[]> = {
    webhook: ["index.js", "s3-client.js"],
    "webhook-s3": ["index.js"],
    "batch-processor": ["index.js"],
    "github-redelivery": ["index.js"],
    "durable-redrive": ["index.js"],
};

const PACKAGE_NAME = "eventbridge-kit";

/**
 * The package root: the nearest folder above this file whose package.json is this package's.
 * Walking up works both from source (`components/ingress`) and from the build
 * (`dist/components/ingress`), and wherever the package is installed.
 */
export function packageRoot(from: string = __dirname): string {
    let dir = from;
    for (;;) {
        const manifest = path.join(dir, "package.json");
        if (fs.existsSync(manifest)) {
            try {
                if (JSON.parse(fs.readFileSync(manifest, "utf8")).name === PACKAGE_NAME) {
                    return dir;
                }
            } catch {
                // Not a readable manifest: keep looking further up.
            }
        }
        const parent = path.dirname(dir);
        if (parent === dir) {
            throw new Error(`eventbridge-kit: cannot find the package root (a package.json named "${PACKAGE_NAME}") above ${from}; reinstall the package.`);
        }
        dir = parent;
    }
}

/** Where a file of a bundled handler lives: `<package root>/handlers/dist/<bundle>/<file>` (index.js by default). */
export function handlerBundlePath(bundle: HandlerBundle, root: string = packageRoot(), file = "index.js"): string {
    return path.join(root, "handlers", "dist", bundle, file);
}

/**
 * What to tell the user when a bundle is not built yet (a clone without `npm run build:handlers`):
 * the deployment would fail later with a bare "no such file".
 */
export function missingBundleWarning(bundle: HandlerBundle, root: string = packageRoot()): string | undefined {
    const missing = BUNDLE_FILES[bundle].map((file) => handlerBundlePath(bundle, root, file)).find((file) => !fs.existsSync(file));
    return missing === undefined
        ? undefined
        : `the ${bundle} handler bundle ${missing} does not exist yet; run \`npm run build:handlers\` in ${root} before deploying.`;
}

/**
 * The code archive of one handler: every file of the bundle (handler `index.handler`) and, when
 * given, the user's hook as `hook.js` next to them. The bundle files are only referenced here; the
 * Pulumi engine reads them when it hashes the archive, so the archive changes only when they do.
 */
export function handlerArchive(bundle: HandlerBundle, hookCode?: string): pulumi.asset.AssetArchive {
    const root = packageRoot();
    const assets: Record<string, pulumi.asset.Asset> = {};
    for (const file of BUNDLE_FILES[bundle]) {
        assets[file] = new pulumi.asset.FileAsset(handlerBundlePath(bundle, root, file));
    }
    if (hookCode !== undefined) {
        assets["hook.js"] = new pulumi.asset.StringAsset(hookCode);
    }
    return new pulumi.asset.AssetArchive(assets);
}
