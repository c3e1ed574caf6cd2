/**
 * HTTPS endpoints as rule targets: ApiDestinationTarget, shared connections, and the `auth`
 * builders for their credentials.
 */
export { ApiDestinationTarget, API_DESTINATION_TARGET_TOKEN } from "./api-destination-target";
export type { ApiDestinationTargetArgs, ConnectionRef, ExistingConnection } from "./api-destination-target";
export { ApiDestinationConnection } from "./connection";
export type { ApiDestinationConnectionArgs, ConnectionSettings } from "./connection";
export type { PrivateEndpointArgs } from "./private-endpoint";
export * as auth from "./auth";
export type {
    ConnectionAuth, ApiKeyAuth, BasicAuth, OAuthClientCredentialsAuth, OAuthArgs, OAuthHttpMethod, HttpParameters,
    HttpParameterValue, InvocationParameters,
} from "./auth";
export { API_DESTINATION_METHODS } from "./validation";
export type { ApiDestinationMethod } from "./validation";
export { FIXED_HEADERS, STRIPPED_HEADERS, EVENTBRIDGE_USER_AGENT, DEFAULT_CONTENT_TYPE, EVENTBRIDGE_RANGE } from "./headers";
export { API_DESTINATIONS_SERVICE, API_DESTINATIONS_SERVICE_LINKED_ROLE } from "./service-linked-role";
