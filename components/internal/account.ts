import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Where the stack deploys: needed to spell ARNs of resources given only by name. */
export interface AccountContext {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
}

/** Looks up the partition, region and account of the provider the component deploys with. */
export function accountContext(parent: pulumi.Resource): pulumi.Output<AccountContext> {
    const opts = { parent };
    return pulumi.all([aws.getPartitionOutput({}, opts), aws.getRegionOutput({}, opts), aws.getCallerIdentityOutput({}, opts)])
        .apply(([partition, region, identity]) => ({
            partition: partition.partition,
            region: region.region,
            accountId: identity.accountId,
        }));
}
