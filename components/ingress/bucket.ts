import * as pulumi from "@pulumi/pulumi";
import { AccountContext } from "../internal/account";
import { BucketLike } from "./args";

export interface ResolvedBucket {
    readonly name: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
}

/** A bucket given as a resource or by name, with its ARN. */
export function resolveBucket(given: BucketLike | pulumi.Input<string>, account: () => pulumi.Output<AccountContext>): ResolvedBucket {
    if (typeof given === "string" || pulumi.Output.isInstance(given)) {
        const name = pulumi.output(given as pulumi.Input<string>);
        return { name, arn: pulumi.all([name, account()]).apply(([bucket, ctx]) => `arn:${ctx.partition}:s3:::${bucket}`) };
    }
    const bucket = given as BucketLike;
    return { name: pulumi.output(bucket.bucket), arn: pulumi.output(bucket.arn) };
}

/** The objects under a key prefix, as an IAM resource: `arn:aws:s3:::bucket/prefix*`. */
export function prefixObjectsArn(bucket: ResolvedBucket, prefix: string): pulumi.Output<string> {
    return bucket.arn.apply((arn) => `${arn}/${prefix}*`);
}
