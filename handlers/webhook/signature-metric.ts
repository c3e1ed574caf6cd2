/**
 * A refused signature, counted: the fields that turn the handler's "signature or credentials
 * rejected" log line into a CloudWatch embedded-metric-format record. Lambda publishes the metric
 * from the log line itself, so counting costs no API call, no IAM permission and no extra log
 * line; the line carries the function name and the count, never a header or the signature.
 */
import { SIGNATURE_FAILURES_METRIC, WEBHOOK_METRIC_DIMENSION, WEBHOOK_METRICS_NAMESPACE } from "../../providers";

export function signatureFailureMetric(functionName: string, timestamp: number): Record<string, unknown> {
    return {
        _aws: {
            Timestamp: timestamp,
            CloudWatchMetrics: [{
                Namespace: WEBHOOK_METRICS_NAMESPACE,
                Dimensions: [[WEBHOOK_METRIC_DIMENSION]],
                Metrics: [{ Name: SIGNATURE_FAILURES_METRIC, Unit: "Count" }],
            }],
        },
        [WEBHOOK_METRIC_DIMENSION]: functionName,
        [SIGNATURE_FAILURES_METRIC]: 1,
    };
}
