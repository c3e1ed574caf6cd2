import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseArn } from "../internal/arns";
import { Fail } from "../errors";

/**
 * A private HTTPS endpoint an API destination reaches through VPC Lattice: an existing resource
 * configuration, or the VPC, subnets and address the component builds one from.
 */
export type PrivateEndpointArgs =
    | {
        /** The ARN of a VPC Lattice resource configuration (`arn:aws:vpc-lattice:<region>:<account>:resourceconfiguration/rcfg-...`). */
        readonly resourceConfigurationArn: pulumi.Input<string>;
    }
    | {
        /** The VPC the endpoint is in. */
        readonly vpcId: pulumi.Input<string>;
        /** Subnets for the resource gateway's network interfaces (one per Availability Zone you use). */
        readonly subnetIds: pulumi.Input<string>[];
        /**
         * Security groups of the resource gateway; the endpoint's own group must let them in on `port`.
         * @default the VPC's default security group
         */
        readonly securityGroupIds?: pulumi.Input<string>[];
        /** The endpoint's private IPv4 address or DNS name (a name that resolves inside the VPC). */
        readonly address: string;
        /**
         * The TCP port the endpoint listens on.
         * @default 443
         */
        readonly port?: number;
    };

export interface PrivateEndpoint {
    readonly resourceConfigurationArn: pulumi.Input<string>;
    readonly resourceGateway?: aws.vpclattice.ResourceGateway;
    readonly resourceConfiguration?: aws.vpclattice.ResourceConfiguration;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i;

/** Whether an IPv4 address is private (RFC 1918) or in the shared address space VPCs may use (RFC 6598). */
export function isPrivateIpv4(address: string): boolean {
    const match = IPV4.exec(address);
    if (!match) {
        return false;
    }
    const [a, b] = [Number(match[1]), Number(match[2])];
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}

/** Checks a private endpoint on plain values; throws naming `field`. */
export function checkPrivateEndpoint(endpoint: PrivateEndpointArgs, field: string, fail: Fail): void {
    if (typeof endpoint !== "object" || endpoint === null) {
        fail(field, `is ${JSON.stringify(endpoint)}.`, "Pass { resourceConfigurationArn } or { vpcId, subnetIds, address }.");
    }
    if ("resourceConfigurationArn" in endpoint) {
        const arn = endpoint.resourceConfigurationArn;
        if (typeof arn === "string" && !(parseArn(arn)?.service === "vpc-lattice" && parseArn(arn)!.resource.startsWith("resourceconfiguration/"))) {
            fail(`${field}.resourceConfigurationArn`, `${JSON.stringify(arn)} is not a VPC Lattice resource configuration ARN.`, "Pass arn:aws:vpc-lattice:<region>:<account>:resourceconfiguration/rcfg-..., e.g. resourceConfiguration.arn.");
        }
        return;
    }
    const { address, subnetIds, vpcId } = endpoint;
    if (typeof vpcId === "string" && !/^vpc-[0-9a-f]{8,17}$/.test(vpcId)) {
        fail(`${field}.vpcId`, `${JSON.stringify(vpcId)} is not a VPC ID.`, "Pass vpc-..., e.g. vpc.vpcId.");
    }
    if (!Array.isArray(subnetIds) || subnetIds.length === 0) {
        fail(`${field}.subnetIds`, "is empty: the resource gateway needs at least one subnet.", "List the endpoint's subnets, one per Availability Zone you use.");
    }
    const bad = subnetIds.filter((s) => typeof s === "string" && !/^subnet-[0-9a-f]{8,17}$/.test(s));
    if (bad.length > 0) {
        fail(`${field}.subnetIds`, `${bad.map((s) => JSON.stringify(s)).join(", ")} is not a subnet ID.`, "Pass subnet-... IDs.");
    }
    if (IPV4.test(address)) {
        if (!isPrivateIpv4(address)) {
            fail(`${field}.address`, `${address} is a public address; a private API destination reaches an endpoint inside a VPC.`, "Give the endpoint's private address (10/8, 172.16/12, 192.168/16, 100.64/10), or use a public endpoint without privateEndpoint.");
        }
    } else if (!DNS_NAME.test(address)) {
        fail(`${field}.address`, `${JSON.stringify(address)} is neither an IPv4 address nor a DNS name.`, "Give the endpoint's private IPv4 address or a name that resolves inside the VPC (no scheme, no path).");
    }
    const port = endpoint.port ?? 443;
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
        fail(`${field}.port`, `${port} is not a TCP port.`, "Use 1–65535; HTTPS endpoints usually listen on 443.");
    }
}

/**
 * The resource configuration a connection reaches its endpoint through: the one given, or a
 * resource gateway in the endpoint's subnets and a single-resource configuration for its
 * address and port. Resources `${name}-gateway` and `${name}-resource`, children of `parent`.
 */
export function privateEndpoint(name: string, endpoint: PrivateEndpointArgs, parent: pulumi.Resource): PrivateEndpoint {
    if ("resourceConfigurationArn" in endpoint) {
        return { resourceConfigurationArn: endpoint.resourceConfigurationArn };
    }
    const resourceGateway = new aws.vpclattice.ResourceGateway(`${name}-gateway`, {
        vpcId: endpoint.vpcId,
        subnetIds: endpoint.subnetIds,
        ...(endpoint.securityGroupIds ? { securityGroupIds: endpoint.securityGroupIds } : {}),
        ipAddressType: "IPV4",
    }, { parent });
    const resourceConfiguration = new aws.vpclattice.ResourceConfiguration(`${name}-resource`, {
        resourceGatewayIdentifier: resourceGateway.id,
        type: "SINGLE",
        protocol: "TCP",
        portRanges: [String(endpoint.port ?? 443)],
        resourceConfigurationDefinition: IPV4.test(endpoint.address)
            ? { ipResource: { ipAddress: endpoint.address } }
            : { dnsResource: { domainName: endpoint.address, ipAddressType: "IPV4" } },
    }, { parent });
    return { resourceConfigurationArn: resourceConfiguration.arn, resourceGateway, resourceConfiguration };
}
