/**
 * The metric the webhook handler emits for a request it refused as unauthentic (401: a bad or
 * missing signature or credentials), and WebhookIngress alarms on. Named once here, so the
 * embedded-metric-format line the handler writes and the alarm the component creates always
 * name the same metric.
 */

/** CloudWatch namespace of the handlers' own metrics. */
export const WEBHOOK_METRICS_NAMESPACE = "EventBridgeKit/Webhook";

/** Requests answered 401, per function (dimension `FunctionName`). */
export const SIGNATURE_FAILURES_METRIC = "SignatureFailures";

/** The dimension the metric is published under: the webhook function's name. */
export const WEBHOOK_METRIC_DIMENSION = "FunctionName";
