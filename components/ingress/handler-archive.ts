import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

/**
 * The bundled Lambda handlers this package ships (built by `npm run build:handlers`). `webhook` is
 * built without the S3 client, for a faster cold start; `webhook-s3` is the same handler with it.
 */
export type HandlerBundle = "webhook" | "webhook-s3" | "batch-processor";

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

/** Where a bundled handler lives: `<package root>/handlers/dist/<bundle>/index.js`. */
export function handlerBundlePath(bundle: HandlerBundle, root: string = packageRoot()): string {
    return path.join(root, "handlers", "dist", bundle, "index.js");
}

/**
 * What to tell the user when a bundle is not built yet (a clone without `npm run build:handlers`):
 * the deployment would fail later with a bare "no such file".
 */
export function missingBundleWarning(bundle: HandlerBundle, root: string = packageRoot()): string | undefined {
    const file = handlerBundlePath(bundle, root);
    return fs.existsSync(file)
        ? undefined
        : `the ${bundle} handler bundle ${file} does not exist yet; run \`npm run build:handlers\` in ${root} before deploying.`;
}

/**
 * The code archive of one handler: the bundle as `index.js` (handler `index.handler`) and, when
 * given, the user's hook as `hook.js` next to it. The bundle file is only referenced here; the
 * Pulumi engine reads it when it hashes the archive, so the archive changes only when the bundle does.
 */
export function handlerArchive(bundle: HandlerBundle, hookCode?: string): pulumi.asset.AssetArchive {
    const assets: Record<string, pulumi.asset.Asset> = {
        "index.js": new pulumi.asset.FileAsset(handlerBundlePath(bundle)),
    };
    if (hookCode !== undefined) {
        assets["hook.js"] = new pulumi.asset.StringAsset(hookCode);
    }
    return new pulumi.asset.AssetArchive(assets);
}
