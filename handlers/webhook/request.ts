/**
 * One request shape for both front doors: Lambda function URLs (payload format 2.0) and
 * Application Load Balancer targets (single- or multi-value headers). Header names are
 * lower-cased; the body is decoded from base64 only after its size was checked.
 */
import type { ALBEvent, APIGatewayProxyEventV2 } from "aws-lambda";
import { AlbQuery, albQueryOf, firstSpelling } from "./alb-query";

export type IncomingEvent = APIGatewayProxyEventV2 | ALBEvent;

export interface WebhookRequest {
    via: "function-url" | "alb";
    method: string;
    /** Lower-cased names; a header sent twice keeps every value. */
    headers: Record<string, string[]>;
    /** "https" unless the load balancer says otherwise. */
    scheme: string;
    host: string;
    /** The port the client connected to when the front door reports it (ALB X-Forwarded-Port). */
    port?: string;
    path: string;
    /**
     * The query string as sent, without "?". Function URLs give it raw; for an ALB it is one
     * spelling of `albQuery`, which may differ from what was sent (see alb-query.ts).
     */
    rawQuery: string;
    /** ALB only: the query parameters as the load balancer reported them. */
    albQuery?: AlbQuery;
    body: Buffer;
    /** The ALB answered with multi-value headers, so the response must too. */
    multiValueResponse: boolean;
}

export type ParsedRequest =
    | { kind: "ok"; request: WebhookRequest }
    | { kind: "too-large"; bytes: number }
    | { kind: "unsupported" };

export function isAlbEvent(event: IncomingEvent): event is ALBEvent {
    return typeof event === "object" && event !== null && "requestContext" in event && !!(event as ALBEvent).requestContext?.elb;
}

export function parseRequest(event: IncomingEvent, maxBodyBytes: number): ParsedRequest {
    if (typeof event !== "object" || event === null) return { kind: "unsupported" };
    const body = event.body ?? "";
    if (typeof body !== "string") return { kind: "unsupported" };
    // The size is known without decoding; nothing is hashed or copied before this check.
    const bytes = event.isBase64Encoded ? Buffer.byteLength(body, "base64") : Buffer.byteLength(body, "utf8");
    if (bytes > maxBodyBytes) return { kind: "too-large", bytes };
    const decoded = event.isBase64Encoded ? Buffer.from(body, "base64") : Buffer.from(body, "utf8");

    if (isAlbEvent(event)) {
        const headers = collectHeaders(event.headers, event.multiValueHeaders);
        const query = albQueryOf(event);
        return {
            kind: "ok",
            request: {
                via: "alb",
                method: (event.httpMethod ?? "").toUpperCase(),
                headers,
                scheme: first(headers["x-forwarded-proto"]) ?? "https",
                host: first(headers["host"]) ?? "",
                port: first(headers["x-forwarded-port"]),
                path: event.path ?? "/",
                rawQuery: firstSpelling(query),
                albQuery: query,
                body: decoded,
                multiValueResponse: event.multiValueHeaders !== undefined && event.headers === undefined,
            },
        };
    }
    const v2 = event as APIGatewayProxyEventV2;
    if (!v2.requestContext?.http) return { kind: "unsupported" };
    const headers = collectHeaders(v2.headers, undefined);
    return {
        kind: "ok",
        request: {
            via: "function-url",
            method: (v2.requestContext.http.method ?? "").toUpperCase(),
            headers,
            scheme: "https",
            host: first(headers["host"]) ?? v2.requestContext.domainName ?? "",
            path: v2.rawPath ?? v2.requestContext.http.path ?? "/",
            rawQuery: v2.rawQueryString ?? "",
            body: decoded,
            multiValueResponse: false,
        },
    };
}

/** The first value of a header, or undefined when absent. */
export function header(request: WebhookRequest, name: string): string | undefined {
    return first(request.headers[name.toLowerCase()]);
}

function first(values: string[] | undefined): string | undefined {
    return values && values.length > 0 ? values[0] : undefined;
}

function collectHeaders(
    single: Record<string, string | undefined> | undefined,
    multi: Record<string, string[] | undefined> | undefined,
): Record<string, string[]> {
    // No prototype: a header named "constructor" or "__proto__" is just a header.
    const out: Record<string, string[]> = Object.create(null);
    const add = (name: string, value: unknown): void => {
        if (typeof value !== "string") return;
        (out[name.toLowerCase()] ??= []).push(value);
    };
    for (const [name, values] of Object.entries(multi ?? {})) {
        if (Array.isArray(values)) values.forEach((v) => add(name, v));
    }
    if (!multi) {
        for (const [name, value] of Object.entries(single ?? {})) add(name, value);
    }
    return out;
}
