/**
 * The component↔handler contract (providers/contract.ts). The `@ts-expect-error` lines are
 * checked by `tsc --noEmit` (`npm run typecheck`): each fails the type check if the mistake it
 * marks ever compiles.
 */
import * as assert from "assert";
import { providers, WebhookProvider } from "../../components/ingress/providers";
import { API_DESTINATION_TARGET_TOKEN } from "../../components/targets/api-destination-target";
import { WEBHOOK_INGRESS_TOKEN } from "../../components/ingress/webhook-ingress";
import { loadConfig } from "../../handlers/webhook/config";
import type { Env } from "../../handlers/shared/env";
import {
    COMPONENT_TYPES, encodeEnvironment, EnvironmentValues, HandlerEnv, ProviderWireOptions, WebhookHandlerVariables,
} from "../../providers";
import { types } from "../../stack/types";

type Deferred = { readonly deferred: string };

const COMPLETE: EnvironmentValues<WebhookHandlerVariables, Deferred> = {
    EBK_PROVIDER: "hmac",
    EBK_PROVIDER_OPTIONS: { header: "X-Signature", algorithm: "sha256", encoding: "hex", toleranceSeconds: 60 },
    EBK_SECRET_ARN: { deferred: "secret-arn" },
    EBK_DELIVERY: "events",
    EBK_DEADLINE_MS: 10_000,
    EBK_MAX_BODY_BYTES: 1_048_576,
    EBK_MAX_ENTRY_BYTES: 262_144,
    EBK_EVENT_BUS_NAME: "bus",
    EBK_HOOK: true,
    EBK_EVENT_SOURCE: undefined,
};

describe("providers/contract: the component↔handler contract", () => {
    it("encodes each variable as its text (numbers in decimal, flags as \"1\", options as JSON), leaves unset ones out and passes deferred values through", () => {
        assert.deepStrictEqual(encodeEnvironment(COMPLETE), {
            EBK_PROVIDER: "hmac",
            EBK_PROVIDER_OPTIONS: '{"header":"X-Signature","algorithm":"sha256","encoding":"hex","toleranceSeconds":60}',
            EBK_SECRET_ARN: { deferred: "secret-arn" },
            EBK_DELIVERY: "events",
            EBK_DEADLINE_MS: "10000",
            EBK_MAX_BODY_BYTES: "1048576",
            EBK_MAX_ENTRY_BYTES: "262144",
            EBK_EVENT_BUS_NAME: "bus",
            EBK_HOOK: "1",
        });
    });

    it("what the component encodes, the handler reads back (options with their defaults)", () => {
        const env = { ...encodeEnvironment(COMPLETE), EBK_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:s" } as HandlerEnv;
        const config = loadConfig(env);
        assert.deepStrictEqual(
            { provider: config.provider, options: config.options, deadlineMs: config.deadlineMs, hook: config.hook, delivery: config.delivery },
            {
                provider: "hmac",
                options: {
                    kind: "hmac", header: "x-signature", algorithm: "sha256", encoding: "hex", prefix: "", timestampHeader: undefined,
                    toleranceSeconds: 60, source: undefined, detailTypeHeader: undefined, deliveryIdHeader: undefined, contentType: "json",
                },
                deadlineMs: 10_000,
                hook: true,
                delivery: { kind: "events", busName: "bus" },
            },
        );
    });

    it("one set of type tokens: the components register under the tokens the stack model looks for", () => {
        assert.strictEqual(WEBHOOK_INGRESS_TOKEN, types.webhookIngress);
        assert.strictEqual(API_DESTINATION_TARGET_TOKEN, types.apiDestinationTarget);
        assert.deepStrictEqual(
            [types.webhookIngress, types.safeRule, types.apiDestinationTarget],
            ["eventbridge-kit:ingress:WebhookIngress", "eventbridge-kit:rules:SafeRule", "eventbridge-kit:targets:ApiDestinationTarget"],
        );
        assert.strictEqual(COMPONENT_TYPES.apiDestinationConnection, "eventbridge-kit:targets:ApiDestinationConnection");
    });

    it("makes a misspelt or missing variable or option a compile error", () => {
        const mistakes: unknown[] = [
            // @ts-expect-error a missing variable (EBK_SECRET_ARN)
            ((): EnvironmentValues<WebhookHandlerVariables, Deferred> => ({ ...COMPLETE, EBK_SECRET_ARN: undefined }))(),
            // @ts-expect-error a misspelt variable
            encodeEnvironment<WebhookHandlerVariables, Deferred>({ ...COMPLETE, EBK_EVENT_BUS: "bus" }),
            // @ts-expect-error a number variable given as text
            encodeEnvironment<WebhookHandlerVariables, Deferred>({ ...COMPLETE, EBK_DEADLINE_MS: "10000" }),
            // @ts-expect-error a value known only at deployment where the variable is a number
            encodeEnvironment<WebhookHandlerVariables, Deferred>({ ...COMPLETE, EBK_MAX_BODY_BYTES: { deferred: "n" } }),
            // @ts-expect-error a provider the handler has no verifier for
            encodeEnvironment<WebhookHandlerVariables, Deferred>({ ...COMPLETE, EBK_PROVIDER: "gitea" }),
            // @ts-expect-error a misspelt provider option
            ((): ProviderWireOptions["stripe"] => ({ toleranceSecond: 300 }))(),
            // @ts-expect-error a missing provider option (hmac's encoding)
            ((): ProviderWireOptions["hmac"] => ({ header: "X-Signature", algorithm: "sha256" }))(),
            // @ts-expect-error a provider whose options do not match its name
            ((): WebhookProvider<"bird"> => ({ name: "bird", eventSource: "bird.com", deadlineMs: 10_000, options: { auth: "digest" } }))(),
            // @ts-expect-error the handler reading a variable the contract does not name
            ((env: Env) => env.EBK_PROVDER)({}),
        ];
        // Each line still runs: the contract's types are what stop them, not the runtime.
        assert.strictEqual(mistakes.length, 9);
        assert.deepStrictEqual(providers.stripe({ toleranceSeconds: 60 }).options, { toleranceSeconds: 60 });
    });
});
