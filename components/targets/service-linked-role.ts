import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Fail } from "../errors";

/** The service whose service-linked role lets EventBridge manage connection secrets. */
export const API_DESTINATIONS_SERVICE = "apidestinations.events.amazonaws.com";
/** The role IAM creates for it (one per account). */
export const API_DESTINATIONS_SERVICE_LINKED_ROLE = "AWSServiceRoleForAmazonEventBridgeApiDestinations";

/** Which component declares the role, per program run (the engine connection identifies the run). */
const declaredBy = new WeakMap<object, string>();
const noEngine = {};

/**
 * Creates `AWSServiceRoleForAmazonEventBridgeApiDestinations` explicitly. EventBridge creates it
 * itself with the first connection when the caller may `iam:CreateServiceLinkedRole`; accounts
 * that forbid that (an SCP, a restricted deploy role) need it declared once.
 *
 * Kept on delete: the role is account-wide, and connections of other stacks keep using it.
 */
export function createServiceLinkedRole(name: string, parent: pulumi.Resource, requester: string, fail: Fail): aws.iam.ServiceLinkedRole {
    const run = pulumi.runtime.getMonitor() ?? noEngine;
    const earlier = declaredBy.get(run);
    if (earlier !== undefined) {
        fail("manageServiceLinkedRole", `${earlier} already creates ${API_DESTINATIONS_SERVICE_LINKED_ROLE} in this program, and IAM allows one per account.`,
            "Set manageServiceLinkedRole on one target or connection only.");
    }
    declaredBy.set(run, requester);
    return new aws.iam.ServiceLinkedRole(`${name}-service-linked-role`, {
        awsServiceName: API_DESTINATIONS_SERVICE,
        description: "Lets EventBridge create and read the Secrets Manager secrets of API destination connections",
    }, { parent, retainOnDelete: true });
}
