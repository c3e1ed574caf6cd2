/** Answers in the shape the front door expects (ALB needs a status description, and multi-value headers when enabled). */
import type { ALBResult, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { WebhookRequest } from "./request";

export type WebhookResult = APIGatewayProxyStructuredResultV2 | ALBResult;

const REASONS: Record<number, string> = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    405: "Method Not Allowed",
    413: "Payload Too Large",
    500: "Internal Server Error",
    503: "Service Unavailable",
};

export interface Answer {
    status: number;
    body: Record<string, unknown>;
}

export function respond(answer: Answer, request: Pick<WebhookRequest, "via" | "multiValueResponse"> | undefined): WebhookResult {
    const body = JSON.stringify(answer.body);
    const contentType = "application/json";
    if (request?.via === "alb") {
        const result: ALBResult = {
            statusCode: answer.status,
            statusDescription: `${answer.status} ${REASONS[answer.status] ?? ""}`.trim(),
            isBase64Encoded: false,
            body,
        };
        if (request.multiValueResponse) result.multiValueHeaders = { "content-type": [contentType] };
        else result.headers = { "content-type": contentType };
        return result;
    }
    return { statusCode: answer.status, headers: { "content-type": contentType }, body };
}
