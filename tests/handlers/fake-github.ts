/**
 * A stand-in for GitHub's REST API on 127.0.0.1: the webhook-deliveries routes of an App's hook,
 * a repository hook and an organization hook, answering as GitHub's published OpenAPI description
 * says (the bodies are typed with @octokit/openapi-types, so a wrong shape does not compile):
 * newest attempts first, cursor pagination in the `Link` header, 202 `{}` for a redelivery, which
 * then appears in the list as a new attempt of the same guid with `redelivery: true`. It checks
 * credentials as GitHub does: for `/app/hook` an RS256 JWT signed with the App's key, issued by
 * the App and expiring within 10 minutes; for other hooks the token. Failures can be injected per
 * request (rate limits, 5xx, 422).
 */
import { createPublicKey, createVerify, KeyObject } from "crypto";
import * as http from "http";
import type { components, operations } from "@octokit/openapi-types";
import type { DeliveryAttempt } from "../../handlers/github-redelivery/select";

export type DeliveryItem = components["schemas"]["hook-delivery-item"];
type ListBody = operations["repos/list-webhook-deliveries"]["responses"][200]["content"]["application/json"];
type AppListBody = operations["apps/list-webhook-deliveries"]["responses"][200]["content"]["application/json"];
type OrgListBody = operations["orgs/list-webhook-deliveries"]["responses"][200]["content"]["application/json"];
type AcceptedBody = components["responses"]["accepted"]["content"]["application/json"];
type ErrorBody = components["schemas"]["basic-error"];

// What the function reads of an attempt is part of what GitHub sends (a renamed or retyped field fails here).
const readsOnlyPublishedFields = (item: DeliveryItem): DeliveryAttempt => item;
void readsOnlyPublishedFields;
// The three hooks list the same item type.
const sameListShape = (body: ListBody): [AppListBody, OrgListBody] => [body, body];
void sameListShape;

/** A request the fake received: method, path with query, and the authorization it carried. */
export interface GithubCall {
    readonly method: string;
    readonly path: string;
    readonly authorization?: string;
    /** Epoch ms (the fake's own clock) when it arrived. */
    readonly at: number;
}

/** An injected answer for the next request matching `method` and `path` (a RegExp on the path). */
export interface InjectedAnswer {
    readonly method: "GET" | "POST";
    readonly path: RegExp;
    readonly status: number;
    readonly headers?: Record<string, string>;
    readonly body?: ErrorBody | ListBody;
}

export interface FakeGithub {
    readonly url: string;
    readonly calls: GithubCall[];
    /** Every attempt of the hook, newest first, as GitHub lists them. */
    deliveries: DeliveryItem[];
    /** Answers to give instead of the normal ones, each used once, in order. */
    readonly inject: InjectedAnswer[];
    /** The `status_code` of the attempt a redelivery creates. */
    redeliveryStatus: number;
    /**
     * Sends a redelivery to the webhook, as GitHub does after its 202, and answers the status it
     * got (the new attempt's `status_code`); without it, `redeliveryStatus` is used.
     */
    deliver?: (original: DeliveryItem) => Promise<number>;
    /** `x-ratelimit-remaining` for every answer (decremented per call), or undefined to send none. */
    rateLimitRemaining?: number;
    /** The ids of the attempts a redelivery was asked for, in order. */
    readonly redeliveryRequests: string[];
    /** The last redelivery being made (await it before reading `deliveries`). */
    pending: Promise<void>;
    close(): void;
}

export type FakeGithubAuth =
    | { readonly hook: "app"; readonly appId: string; readonly publicKey: string | KeyObject }
    | { readonly hook: "repository"; readonly owner: string; readonly repo: string; readonly hookId: number; readonly token: string }
    | { readonly hook: "organization"; readonly org: string; readonly hookId: number; readonly token: string };

/** GitHub's largest page. */
const MAX_PER_PAGE = 100;

let nextId = 90_000_000_000;

/** One attempt as GitHub lists it. */
export function attempt(fields: Partial<DeliveryItem> & Pick<DeliveryItem, "guid" | "delivered_at" | "status_code">): DeliveryItem {
    const ok = fields.status_code >= 200 && fields.status_code < 300;
    return {
        id: nextId++,
        redelivery: false,
        duration: 0.31,
        status: ok ? "OK" : fields.status_code === 0 ? "timed out" : `Invalid HTTP Response: ${fields.status_code}`,
        event: "push",
        action: null,
        installation_id: null,
        repository_id: 123,
        throttled_at: null,
        ...fields,
    };
}

export async function fakeGithub(auth: FakeGithubAuth): Promise<FakeGithub> {
    const publicKey = auth.hook === "app" ? (typeof auth.publicKey === "string" ? createPublicKey(auth.publicKey) : auth.publicKey) : undefined;
    const base = auth.hook === "app" ? "/app/hook/deliveries"
        : auth.hook === "repository" ? `/repos/${auth.owner}/${auth.repo}/hooks/${auth.hookId}/deliveries`
        : `/orgs/${auth.org}/hooks/${auth.hookId}/deliveries`;
    let url = "";
    const fake: Omit<FakeGithub, "url" | "close"> = { calls: [], deliveries: [], inject: [], redeliveryStatus: 200, redeliveryRequests: [], pending: Promise.resolve() };

    const server = http.createServer((req, res) => {
        req.resume();
        req.on("end", () => {
            const path = req.url ?? "/";
            const method = req.method ?? "GET";
            fake.calls.push({ method, path, authorization: req.headers.authorization, at: Date.now() });
            const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
                res.statusCode = status;
                res.setHeader("content-type", "application/json; charset=utf-8");
                if (fake.rateLimitRemaining !== undefined) {
                    fake.rateLimitRemaining = Math.max(0, fake.rateLimitRemaining - 1);
                    res.setHeader("x-ratelimit-limit", "5000");
                    res.setHeader("x-ratelimit-remaining", String(fake.rateLimitRemaining));
                    res.setHeader("x-ratelimit-reset", String(Math.floor(Date.now() / 1000) + 1800));
                }
                for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
                res.end(JSON.stringify(body));
            };
            const error = (status: number, message: string): void => send(status, { message, documentation_url: "https://docs.github.com/rest", status: String(status) } satisfies ErrorBody);

            const authProblem = checkAuthorization(req.headers.authorization);
            if (authProblem) return error(401, authProblem);
            const injected = fake.inject.findIndex((i) => i.method === method && i.path.test(path));
            if (injected >= 0) {
                const [answer] = fake.inject.splice(injected, 1);
                return send(answer.status, answer.body ?? { message: `injected ${answer.status}` }, answer.headers);
            }
            const [pathname, query = ""] = path.split("?");
            if (method === "GET" && pathname === base) {
                const params = new URLSearchParams(query);
                const perPage = Math.min(Number(params.get("per_page") ?? 30), MAX_PER_PAGE);
                const start = Number(params.get("cursor") ?? 0);
                const page: ListBody = fake.deliveries.slice(start, start + perPage);
                const headers: Record<string, string> = {};
                if (start + perPage < fake.deliveries.length) {
                    headers.link = `<${url}${base}?per_page=${perPage}&cursor=${start + perPage}>; rel="next"`;
                }
                return send(200, page, headers);
            }
            const redeliver = method === "POST" ? new RegExp(`^${base}/(\\d+)/attempts$`).exec(pathname) : null;
            if (redeliver) {
                const original = fake.deliveries.find((d) => String(d.id) === redeliver[1]);
                if (!original) return error(404, "Not Found");
                fake.redeliveryRequests.push(redeliver[1]);
                send(202, {} satisfies AcceptedBody);
                // GitHub queues the redelivery and lists the new attempt once it has been made.
                const made = fake.deliver ? fake.deliver(original) : Promise.resolve(fake.redeliveryStatus);
                fake.pending = made.then((status_code) => {
                    fake.deliveries.unshift(attempt({ guid: original.guid, event: original.event, delivered_at: new Date().toISOString().replace(/\.\d+Z$/, "Z"), status_code, redelivery: true }));
                });
                return;
            }
            return error(404, "Not Found");
        });
    });

    /** GitHub's checks: the App's JWT for `/app` routes, the token for a hook's. */
    function checkAuthorization(header: string | undefined): string | undefined {
        if (auth.hook !== "app") {
            const token = /^(?:token|bearer) (.+)$/i.exec(header ?? "")?.[1];
            return token === auth.token ? undefined : "Bad credentials";
        }
        const jwt = /^bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/i.exec(header ?? "");
        if (!jwt) return "A JSON web token could not be decoded";
        const [, head, payload, signature] = jwt;
        const verified = createVerify("RSA-SHA256").update(`${head}.${payload}`).verify(publicKey!, Buffer.from(signature, "base64url"));
        if (!verified) return "A JSON web token could not be decoded";
        const header_ = JSON.parse(Buffer.from(head, "base64url").toString());
        const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
        const now = Math.floor(Date.now() / 1000);
        if (header_.alg !== "RS256") return "A JSON web token could not be decoded";
        if (String(claims.iss) !== auth.appId) return "Integration not found";
        if (!Number.isInteger(claims.iat) || claims.iat > now + 60) return "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";
        if (!Number.isInteger(claims.exp) || claims.exp > now + 600 + 60 || claims.exp <= now) return "'Expiration time' claim ('exp') is too far in the future";
        return undefined;
    }

    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    return Object.assign(fake, { url, close: () => server.close() });
}
