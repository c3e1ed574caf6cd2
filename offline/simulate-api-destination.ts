/**
 * What an API destination target receives in a simulation: the HTTP request EventBridge sends,
 * rebuilt from the planned destination, connection and target with every credential redacted,
 * and, for a private destination, the VPC Lattice resource configuration it goes through.
 */
import { apiKey, basic, ConnectionAuth, HttpParameters, InvocationParameters, oauth } from "../components/targets/auth";
import { isSecret } from "../stack";
import { apiDestinationRequest, DeliveryRequest } from "./delivery";
import type { PlanIndex } from "./plan-index";
import type { PlannedResource } from "./types";

const REDACTED = "<redacted>";
const CONNECTION = "aws:cloudwatch/eventConnection:EventConnection";
const RESOURCE_CONFIGURATION = "aws:vpclattice/resourceConfiguration:ResourceConfiguration";
const RESOURCE_GATEWAY = "aws:vpclattice/resourceGateway:ResourceGateway";

/** A private API destination's way in: the VPC Lattice resource configuration its connection reaches the endpoint through. */
export interface SimulatedPrivateEndpoint {
    readonly resourceConfigurationArn: string;
    /** The endpoint the configuration points at (its IPv4 address or DNS name) and its ports; absent when the configuration is not in the stack. */
    readonly address?: string;
    readonly ports?: readonly string[];
    /** The resource gateway's VPC and subnets; absent when the gateway is not in the stack. */
    readonly vpcId?: string;
    readonly subnetIds?: readonly string[];
}

/** What one API destination target receives: the request, and the private endpoint it goes through when it has one. */
export interface ApiDestinationDelivery {
    readonly request: DeliveryRequest;
    readonly privateEndpoint?: SimulatedPrivateEndpoint;
}

/** The API destination's delivery for `event`; throws when the destination or its connection is not in the stack. */
export async function apiDestinationDelivery(
    index: PlanIndex, inputs: Record<string, any>, arn: string, event: object,
    context: { ruleName?: string; ruleArn?: string }, oauthAccessToken: string = REDACTED,
): Promise<ApiDestinationDelivery> {
    const destination = index.byArn(arn, "aws:cloudwatch/eventApiDestination:EventApiDestination");
    if (!destination) {
        throw new Error(`the API destination ${arn} is not in the stack, so its endpoint is unknown offline.`);
    }
    const connection = index.byArn(String(destination.inputs.connectionArn), CONNECTION);
    const auth = connection ? redactedAuth(connection.inputs) : undefined;
    if (!connection || !auth) {
        throw new Error(`the connection of ${destination.name} is not in the stack, so how it authorizes is unknown offline.`);
    }
    const request = await apiRequest(destination, auth, inputs, event, context, oauthAccessToken);
    const privateEndpoint = privateEndpointOf(index, connection);
    return { request, ...(privateEndpoint ? { privateEndpoint } : {}) };
}

async function apiRequest(
    destination: PlannedResource, auth: { auth: ConnectionAuth; invocationParameters?: InvocationParameters }, inputs: Record<string, any>,
    event: object, context: { ruleName?: string; ruleArn?: string }, oauthAccessToken: string,
): Promise<DeliveryRequest> {
    const http = inputs.httpTarget ?? {};
    const transformer = inputs.inputTransformer;
    const request = await apiDestinationRequest({
        name: destination.name,
        endpoint: String(destination.inputs.invocationEndpoint),
        method: destination.inputs.httpMethod,
        rateLimitPerSecond: 1,
        connection: auth.auth,
        invocationParameters: auth.invocationParameters,
        headers: http.headerParameters,
        queryString: http.queryStringParameters,
        pathParameterValues: http.pathParameterValues,
        input: transformer ? { inputPaths: transformer.inputPaths, inputTemplate: transformer.inputTemplate } : undefined,
    }, event, { ...context, oauthAccessToken });
    if (auth.auth.kind !== "basic") {
        return request;
    }
    // Basic credentials are encoded into the header: show the scheme, not an encoding of the placeholder.
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, k.toLowerCase() === "authorization" ? `Basic ${REDACTED}` : v]));
    return { ...request, headers };
}

/** The resource configuration a private connection goes through, and where it points when the stack has it. */
function privateEndpointOf(index: PlanIndex, connection: PlannedResource): SimulatedPrivateEndpoint | undefined {
    const arn = connection.inputs.invocationConnectivityParameters?.resourceParameters?.resourceConfigurationArn;
    if (typeof arn !== "string") return undefined;
    const configuration = index.byArn(arn, RESOURCE_CONFIGURATION);
    if (!configuration) return { resourceConfigurationArn: arn };
    const definition = configuration.inputs.resourceConfigurationDefinition ?? {};
    const address = definition.ipResource?.ipAddress ?? definition.dnsResource?.domainName;
    const gatewayId = configuration.inputs.resourceGatewayIdentifier;
    const gateway = index.plan.resources.find((r) => r.type === RESOURCE_GATEWAY && (r.outputs?.id === gatewayId || r.outputs?.arn === gatewayId));
    return {
        resourceConfigurationArn: arn,
        ...(typeof address === "string" ? { address } : {}),
        ...(Array.isArray(configuration.inputs.portRanges) ? { ports: configuration.inputs.portRanges.map(String) } : {}),
        ...(gateway ? { vpcId: String(gateway.inputs.vpcId), subnetIds: (gateway.inputs.subnetIds ?? []).map(String) } : {}),
    };
}

/** The connection as the delivery check needs it, every credential and secret parameter replaced by `<redacted>`. */
function redactedAuth(inputs: Record<string, any>): { auth: ConnectionAuth; invocationParameters?: InvocationParameters } | undefined {
    const params = inputs.authParameters ?? {};
    const invocation = params.invocationHttpParameters;
    const invocationParameters: InvocationParameters | undefined = invocation ? {
        headers: httpParameters(invocation.headerParameters),
        queryString: httpParameters(invocation.queryStringParameters),
        body: httpParameters(invocation.bodyParameters),
    } : undefined;
    switch (inputs.authorizationType) {
        case "API_KEY":
            return { auth: apiKey(String(params.apiKey?.key), REDACTED), invocationParameters };
        case "BASIC":
            return { auth: basic(REDACTED, REDACTED), invocationParameters };
        case "OAUTH_CLIENT_CREDENTIALS": {
            const o = params.oauth ?? {};
            return {
                auth: oauth({ authorizationEndpoint: String(o.authorizationEndpoint), httpMethod: o.httpMethod, clientId: REDACTED, clientSecret: REDACTED }),
                invocationParameters,
            };
        }
        default:
            return undefined;
    }
}

function httpParameters(list: { key: string; value?: unknown; isValueSecret?: boolean }[] | undefined): HttpParameters | undefined {
    if (!Array.isArray(list)) return undefined;
    return Object.fromEntries(list.map((p) => [p.key, p.isValueSecret || isSecret(p.value) || typeof p.value !== "string" ? REDACTED : p.value]));
}
