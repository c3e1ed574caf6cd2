/**
 * The S3 client the `webhook` bundle loads on demand, built as `s3-client.js` beside its
 * index.js (see handlers/build.mjs and s3-on-demand.ts): only the commands the handlers send.
 */
export { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
