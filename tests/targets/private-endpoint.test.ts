import * as assert from "assert";
import { ApiDestinationConnection, auth } from "../../components/targets";
import { isPrivateIpv4 } from "../../components/targets/private-endpoint";
import { RecordingMocks, settle } from "../../testing/mocks";
import { thrown, TOKEN } from "./support";

const CONNECTION = "aws:cloudwatch/eventConnection:EventConnection";
const GATEWAY = "aws:vpclattice/resourceGateway:ResourceGateway";
const CONFIGURATION = "aws:vpclattice/resourceConfiguration:ResourceConfiguration";
const base = { auth: auth.apiKey("Authorization", TOKEN) };
const vpc = { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"] };

async function fresh(preview = false): Promise<RecordingMocks> {
    const mocks = new RecordingMocks();
    await mocks.install({ preview });
    return mocks;
}

describe("targets/private API destinations", () => {
    for (const preview of [false, true]) {
        it(`a private IP: a resource gateway in the subnets, a single-resource configuration on 443, the connection through it (${preview ? "preview" : "update"})`, async () => {
            const mocks = await fresh(preview);
            const connection = new ApiDestinationConnection("billing", { ...base, privateEndpoint: { ...vpc, securityGroupIds: ["sg-0123456789abcdef0"], address: "10.0.12.34" } });
            await settle(mocks);
            assert.deepStrictEqual(mocks.named("billing-gateway").inputs, { ...vpc, securityGroupIds: ["sg-0123456789abcdef0"], ipAddressType: "IPV4" });
            const configuration = mocks.named("billing-resource");
            assert.deepStrictEqual(configuration.inputs, {
                resourceGatewayIdentifier: "billing-gateway-id", type: "SINGLE", protocol: "TCP", portRanges: ["443"],
                resourceConfigurationDefinition: { ipResource: { ipAddress: "10.0.12.34" } },
            });
            const eventConnection = mocks.ofType(CONNECTION).find((c) => c.name === "billing")!;
            assert.deepStrictEqual(eventConnection.inputs.invocationConnectivityParameters, { resourceParameters: { resourceConfigurationArn: configuration.state.arn } });
            assert.ok(connection.resourceConfiguration);
        });
    }

    it("a DNS name and port: a DNS resource; a given resource configuration: used as is, nothing created", async () => {
        const mocks = await fresh();
        new ApiDestinationConnection("crm", { ...base, privateEndpoint: { ...vpc, address: "crm.internal.example.com", port: 8443 } });
        const arn = "arn:aws:vpc-lattice:us-east-1:123456789012:resourceconfiguration/rcfg-0123456789abcdef0";
        new ApiDestinationConnection("ledger", { ...base, privateEndpoint: { resourceConfigurationArn: arn } });
        await settle(mocks);
        assert.deepStrictEqual(mocks.named("crm-resource").inputs.resourceConfigurationDefinition, { dnsResource: { domainName: "crm.internal.example.com", ipAddressType: "IPV4" } });
        assert.deepStrictEqual(mocks.named("crm-resource").inputs.portRanges, ["8443"]);
        assert.deepStrictEqual(mocks.ofType(GATEWAY).map((g) => g.name), ["crm-gateway"]);
        assert.deepStrictEqual(mocks.ofType(CONFIGURATION).map((g) => g.name), ["crm-resource"]);
        assert.deepStrictEqual(mocks.ofType(CONNECTION).find((c) => c.name === "ledger")!.inputs.invocationConnectivityParameters, { resourceParameters: { resourceConfigurationArn: arn } });
    });

    it("no privateEndpoint: no connectivity parameters", async () => {
        const mocks = await fresh();
        new ApiDestinationConnection("public", base);
        await settle(mocks);
        assert.strictEqual(mocks.ofType(CONNECTION)[0].inputs.invocationConnectivityParameters, undefined);
    });

    it("tells private from public IPv4 addresses", () => {
        assert.deepStrictEqual(["10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1"].map(isPrivateIpv4), [true, true, true, true, true]);
        assert.deepStrictEqual(["8.8.8.8", "172.32.0.1", "192.169.0.1", "100.128.0.1", "11.0.0.1"].map(isPrivateIpv4), [false, false, false, false, false]);
    });

    describe("validation before any resource", () => {
        const cases: { field: string; endpoint: any; message: string; passing: any }[] = [
            { field: "privateEndpoint.address", endpoint: { ...vpc, address: "54.12.1.9" }, message: "54.12.1.9 is a public address", passing: { ...vpc, address: "10.0.0.9" } },
            { field: "privateEndpoint.address", endpoint: { ...vpc, address: "https://crm.internal/api" }, message: "is neither an IPv4 address nor a DNS name", passing: { ...vpc, address: "crm.internal.example.com" } },
            { field: "privateEndpoint.port", endpoint: { ...vpc, address: "10.0.0.9", port: 70000 }, message: "70000 is not a TCP port", passing: { ...vpc, address: "10.0.0.9", port: 8443 } },
            { field: "privateEndpoint.subnetIds", endpoint: { ...vpc, subnetIds: [], address: "10.0.0.9" }, message: "is empty", passing: { ...vpc, address: "10.0.0.9" } },
            { field: "privateEndpoint.subnetIds", endpoint: { ...vpc, subnetIds: ["sn-1"], address: "10.0.0.9" }, message: "\"sn-1\" is not a subnet ID", passing: { ...vpc, address: "10.0.0.9" } },
            { field: "privateEndpoint.vpcId", endpoint: { ...vpc, vpcId: "main", address: "10.0.0.9" }, message: "\"main\" is not a VPC ID", passing: { ...vpc, address: "10.0.0.9" } },
            { field: "privateEndpoint.resourceConfigurationArn", endpoint: { resourceConfigurationArn: "arn:aws:vpc-lattice:us-east-1:123456789012:service/svc-1" }, message: "is not a VPC Lattice resource configuration ARN", passing: { resourceConfigurationArn: "arn:aws:vpc-lattice:us-east-1:123456789012:resourceconfiguration/rcfg-1" } },
        ];
        for (const c of cases) {
            it(`${c.field}: ${c.message}`, async () => {
                const mocks = await fresh();
                const message = thrown(() => new ApiDestinationConnection("crm", { ...base, privateEndpoint: c.endpoint }));
                assert.ok(message.startsWith(`ApiDestinationConnection "crm": ${c.field}:`), message);
                assert.ok(message.includes(c.message), message);
                await settle(mocks);
                assert.strictEqual(mocks.resources.length, 0);
                new ApiDestinationConnection("ok", { ...base, privateEndpoint: c.passing });
                await settle(mocks);
                assert.strictEqual(mocks.ofType(CONNECTION).length, 1);
            });
        }
    });
});
