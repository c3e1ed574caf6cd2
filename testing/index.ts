/**
 * eventbridge-kit/testing: run your Pulumi program offline and assert on what it would create,
 * what the policy pack says about it, and how events are routed.
 *
 * @module eventbridge-kit/testing
 */
export { plan } from "./plan";
export { ingressEmittedEvents } from "../providers/catalogue";
export type { IngressEventSettings } from "../providers/catalogue";
export type { Plan, PlanOptions, PlannedResource } from "./plan";
export type { PlanLoop } from "./loop-check";
export { runPolicies, findingsAt, unknownValue, urnOf } from "./policy-runner";
export type { Finding, PolicyInputResource, RunPoliciesOptions, AnyPolicy } from "./policy-runner";
export type { RoutingGraph, RoutingWebhook, RoutingRedelivery, RoutingBus, RoutingRule, RoutingTarget, RoutingEdge } from "./routing";
export { summarizePattern } from "./pattern-summary";
export { unknown, secret, isUnknown, isSecret } from "../stack";
export { RecordingMocks, ResolvedMocks, settle, valueOf, fakeArn, FAKE_ACCOUNT_ID, FAKE_REGION } from "./mocks";
export { PLACEHOLDER_ACCOUNT } from "../stack";
export type { Placement } from "../stack";
export type { RecordedResource } from "./mocks";
export { apiDestinationRequest, sendDeliveryRequest, deliveryOutcome, retryAfterSeconds, nextStep, API_DESTINATION_TIMEOUT_MS } from "./delivery";
export type { DeliveryRequest, DeliveryOptions, DeliveryOutcome, DeliveryAttempt, NextStep } from "./delivery";
export { simulate, simulateWebhook, eventFrom } from "./simulate";
export type {
    SimulateOptions, SimulationTrace, SimulatedBusDelivery, SimulatedRule, SimulatedTargetDelivery, SimulatedLoop, LoopStep, LeavingBus,
    SimulatedEvent, PutEventsEntry, WebhookSimulation,
} from "./simulate";
export type { WebhookRequestOptions, WebhookResult, SimulatedProvider, StoredObject } from "./webhook";
export { webhookSamples } from "./samples";
export type { WebhookSample } from "./samples";
