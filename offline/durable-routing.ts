/**
 * The durable-acceptance path of a webhook ingress, as the plan shows it: the store the webhook
 * handler writes unconfirmed entries to, the redrive function that sends them on, its dead-letter
 * queue and its sweep schedule. Read from the planned resources (the webhook function's
 * EBK_DURABLE_BUCKET, the redrive's EBK_DURABLE_DEAD_LETTER_PREFIX), so a stack built without the
 * component's names is recognized too.
 */
import { isDurableRedriveEnvironment } from "../providers";
import { StackResource, StackView, types } from "../stack";
import type { RoutingDurablePath } from "./types";

const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

const variablesOf = (fn: StackResource): Record<string, unknown> => fn.props.environment?.variables ?? {};

/** The durable path among an ingress's descendants, and its bucket (which is not where raw deliveries go). */
export function durablePathOf(stack: StackView, descendants: readonly StackResource[]): { path: RoutingDurablePath; bucket?: StackResource } | undefined {
    const functions = descendants.filter((d) => d.type === types.lambdaFunction);
    const webhook = functions.find((fn) => variablesOf(fn).EBK_DURABLE_BUCKET !== undefined && variablesOf(fn).EBK_PROVIDER !== undefined);
    const redrive = functions.find((fn) => isDurableRedriveEnvironment(fn.props.environment?.variables));
    if (!webhook || !redrive) return undefined;
    const storeName = variablesOf(webhook).EBK_DURABLE_BUCKET;
    const bucket = descendants.find((d) => BUCKET_TYPES.includes(d.type) && (d.props.bucket === storeName || webhook.resource.dependencies.some((dep) => stack.of(dep) === d)))
        ?? descendants.find((d) => BUCKET_TYPES.includes(d.type) && d.name.endsWith("-durable-store"));
    const queue = stack.referenced(redrive, "deadLetterConfig.targetArn", [types.queue])[0];
    const schedule = descendants.find((d) => d.type === "aws:scheduler/schedule:Schedule" && stack.referenced(d, "target.arn", [types.lambdaFunction]).includes(redrive));
    return {
        bucket,
        path: {
            store: bucket?.name ?? (typeof storeName === "string" ? storeName : "(store known after deployment)"),
            redrive: redrive.name,
            ...(queue ? { deadLetterQueue: queue.name } : {}),
            ...(typeof schedule?.props.scheduleExpression === "string" ? { sweep: schedule.props.scheduleExpression } : {}),
        },
    };
}
