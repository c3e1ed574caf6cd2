/**
 * eventbridge-kit/testing: run your Pulumi program offline and assert on what it would create,
 * what the policy pack says about it, and how events are routed. The small public front of the
 * offline engine (offline/), with the mocks the components' own tests use.
 *
 * @module eventbridge-kit/testing
 */
export { plan } from "../offline/plan";
export { ingressEmittedEvents } from "../providers/catalogue";
export type { IngressEventSettings } from "../providers/catalogue";
export type { Plan, PlanOptions, PlannedResource, PlanLoop } from "../offline/types";
export { runPolicies, findingsAt, unknownValue, urnOf } from "../offline/policy-runner";
export type { Finding, AnyPolicy } from "../offline/types";
export type { PolicyInputResource, RunPoliciesOptions } from "../offline/policy-runner";
export type { RoutingGraph, RoutingWebhook, RoutingRedelivery, RoutingBus, RoutingRule, RoutingTarget, RoutingEdge } from "../offline/types";
export { summarizePattern } from "../offline/pattern-summary";
export { unknown, secret, isUnknown, isSecret } from "../stack";
export { RecordingMocks, settle, valueOf, fakeArn, FAKE_ACCOUNT_ID, FAKE_REGION } from "./mocks";
export { ResolvedMocks } from "../offline/resolved-mocks";
export { PLACEHOLDER_ACCOUNT } from "../stack";
export type { Placement } from "../stack";
export type { RecordedResource } from "./mocks";
export { apiDestinationRequest, sendDeliveryRequest, deliveryOutcome, retryAfterSeconds, nextStep, API_DESTINATION_TIMEOUT_MS } from "../offline/delivery";
export type { DeliveryRequest, DeliveryOptions, DeliveryOutcome, DeliveryAttempt, NextStep } from "../offline/delivery";
export { simulate, eventFrom } from "../offline/simulate";
export type { SimulatedPrivateEndpoint } from "../offline/simulate-api-destination";
export { simulateWebhook } from "../offline/simulate-webhook";
export type {
    SimulateOptions, SimulationTrace, SimulatedBusDelivery, SimulatedRule, SimulatedTargetDelivery, SimulatedLoop, LeavingBus, SimulatedEvent,
} from "../offline/simulate";
export type { LoopStep, PutEventsEntry } from "../offline/types";
export type { WebhookSimulation } from "../offline/simulate-webhook";
export type { WebhookRequestOptions, WebhookResult, SimulatedProvider, StoredObject, WebhookSample } from "../offline/types";
export { webhookSamples } from "../offline/samples";
