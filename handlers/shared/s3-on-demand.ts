/**
 * Bundled in place of `@aws-sdk/client-s3` in the `webhook` bundle (see handlers/build.mjs). That
 * bundle serves events delivery, which calls S3 only for an event too large for one PutEvents
 * entry (`largeEvents`); the S3 client is a third of the code and of the cold start, so it lives
 * in `s3-client.js` beside index.js and is required the first time a client or command is made.
 * Each class here constructs and returns the real one, so the handlers' code is the same in
 * every bundle and in tests.
 */
import type * as S3 from "@aws-sdk/client-s3";

type S3Module = Pick<typeof S3, "S3Client" | "PutObjectCommand" | "GetObjectCommand">;

let loaded: S3Module | undefined;

function s3Module(): S3Module {
    if (loaded) return loaded;
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        loaded = require("./s3-client.js") as S3Module;
    } catch (err) {
        throw new Error(
            `the S3 client of this handler bundle (s3-client.js beside index.js) cannot be loaded: ${err instanceof Error ? err.message : String(err)}; ` +
            "deploy every file of handlers/dist/webhook (WebhookIngress does)",
        );
    }
    return loaded;
}

export class S3Client {
    constructor(...args: ConstructorParameters<typeof S3.S3Client>) {
        return new (s3Module().S3Client)(...args);
    }
}

export class PutObjectCommand {
    constructor(...args: ConstructorParameters<typeof S3.PutObjectCommand>) {
        return new (s3Module().PutObjectCommand)(...args);
    }
}

export class GetObjectCommand {
    constructor(...args: ConstructorParameters<typeof S3.GetObjectCommand>) {
        return new (s3Module().GetObjectCommand)(...args);
    }
}
