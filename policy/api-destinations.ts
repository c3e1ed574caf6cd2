import { KitPolicy, resourcePolicy } from "./internal/define";
import { types } from "../stack";
import { isUnknown } from "./values";

function isHttps(value: unknown): boolean {
    return typeof value === "string" && value.toLowerCase().startsWith("https://");
}

export const apiDestinationHttps: KitPolicy = resourcePolicy({
    name: "api-destination-https",
    description: "An API destination's endpoint uses HTTPS (EventBridge rejects plain HTTP endpoints).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Use an https:// invocationEndpoint; ApiDestinationTarget checks this before deploy.",
    resourceTypes: [types.apiDestination],
}, (props, report) => {
    const endpoint = props.invocationEndpoint;
    if (typeof endpoint === "string" && !isHttps(endpoint)) {
        report(`invocationEndpoint "${endpoint}" is not HTTPS; EventBridge only invokes https:// endpoints.`);
    }
});

interface RateLimitConfig {
    maxInvocationRateLimitPerSecond: number;
}

export const apiDestinationRateLimit: KitPolicy = resourcePolicy<RateLimitConfig>({
    name: "api-destination-rate-limit",
    description: "An API destination sets its invocation rate limit, at most the configured ceiling, so a burst of events cannot overwhelm the endpoint.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set invocationRateLimitPerSecond to what the endpoint can take (and give the rule a dead-letter queue for the backlog the limit can build).",
    configSchema: {
        properties: {
            maxInvocationRateLimitPerSecond: { type: "integer", minimum: 1, default: 300, description: "Highest rate limit allowed, in invocations per second." },
        },
    },
    resourceTypes: [types.apiDestination],
}, (props, report, config) => {
    const rate = props.invocationRateLimitPerSecond;
    if (isUnknown(rate)) {
        return;
    }
    if (rate === undefined) {
        report("invocationRateLimitPerSecond is not set: EventBridge then sends up to 300 invocations per second to the endpoint.");
    } else if (typeof rate === "number" && rate > config.maxInvocationRateLimitPerSecond) {
        report(`invocationRateLimitPerSecond is ${rate}; the ceiling is ${config.maxInvocationRateLimitPerSecond}.`);
    }
});

export const connectionOauthHttps: KitPolicy = resourcePolicy({
    name: "connection-oauth-https",
    description: "A connection using OAuth client credentials fetches its token from an HTTPS authorization endpoint.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Use an https:// authorizationEndpoint; the client secret travels to it.",
    resourceTypes: [types.connection],
}, (props, report) => {
    const endpoint = props.authParameters?.oauth?.authorizationEndpoint;
    if (typeof endpoint === "string" && !isHttps(endpoint)) {
        report(`authParameters.oauth.authorizationEndpoint "${endpoint}" is not HTTPS: the client secret would be sent in clear text.`);
    }
});

export const connectionKmsKey: KitPolicy = resourcePolicy({
    name: "connection-kms-key",
    description: "A connection encrypts its credentials secret with a customer managed KMS key.",
    enforcementLevel: "advisory",
    severity: "low",
    remediationSteps: "Set kmsKeyIdentifier to a customer managed key whose policy lets EventBridge use it, to control and audit access to the credentials.",
    resourceTypes: [types.connection],
}, (props, report) => {
    if (props.kmsKeyIdentifier === undefined) {
        report("The connection's credentials secret is encrypted with an AWS owned key; set kmsKeyIdentifier to control who can decrypt it.");
    }
});

export const apiDestinationPolicies: KitPolicy[] = [apiDestinationHttps, apiDestinationRateLimit, connectionOauthHttps, connectionKmsKey];
