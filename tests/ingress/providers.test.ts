import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ProviderConfigError, providers } from "../../components/ingress";
import { RecordingMocks, valueOf } from "../../testing/mocks";

/** Asserts the call throws a ProviderConfigError whose message contains every part. */
function assertProviderError(call: () => unknown, parts: string[]): void {
    assert.throws(call, (error: unknown) => {
        assert.ok(error instanceof ProviderConfigError, `expected ProviderConfigError, got ${String(error)}`);
        for (const part of parts) {
            assert.ok(error.message.includes(part), `"${error.message}" does not contain "${part}"`);
        }
        return true;
    });
}

describe("ingress/providers", () => {
    before(async () => {
        await new RecordingMocks().install();
    });

    it("fixes each provider's event source and deadline (GitHub and Bird wait 10 s, Twilio 15 s)", () => {
        const built = [
            providers.github(),
            providers.twilio(),
            providers.stripe(),
            providers.bird({ auth: "basic" }),
            providers.hmac({ header: "X-Signature", algorithm: "sha256", encoding: "hex" }),
        ];
        assert.deepStrictEqual(built.map((p) => [p.name, p.eventSource, p.deadlineMs]), [
            ["github", "github.com", 10_000],
            ["twilio", "twilio.com", 15_000],
            ["stripe", "stripe.com", 10_000],
            ["bird", "bird.com", 10_000],
            ["hmac", "webhook.hmac", 10_000],
        ]);
    });

    describe("github", () => {
        it("passes the hook's content type to the handler (none by default: JSON), and refuses one it cannot read", () => {
            assert.deepStrictEqual(providers.github().options, {});
            assert.deepStrictEqual(providers.github({ contentType: "form" }).options, { contentType: "form" });
            assert.deepStrictEqual(providers.github({ contentType: "json" }).options, { contentType: "json" });
            assertProviderError(() => providers.github({ contentType: "text" as never }), ["providers.github(): contentType:", '"text" is not a body format', 'Use "json" or "form"']);
        });
    });

    describe("twilio", () => {
        it("keeps an https publicUrl without a query string", () => {
            assert.deepStrictEqual(providers.twilio({ publicUrl: "https://hooks.example.com/twilio/sms" }).options, { publicUrl: "https://hooks.example.com/twilio/sms" });
        });
        it("refuses a publicUrl that is not https", () => {
            assertProviderError(() => providers.twilio({ publicUrl: "http://hooks.example.com/twilio" }),
                ["providers.twilio(): publicUrl:", "is not https", "Set it to the https URL configured in Twilio"]);
        });
        it("keeps a publicUrl with a query string: the exact URL Twilio signs (ALB endpoints)", () => {
            assert.deepStrictEqual(providers.twilio({ publicUrl: "https://hooks.example.com/twilio?tenant=a&debug" }).options, { publicUrl: "https://hooks.example.com/twilio?tenant=a&debug" });
        });
        it("refuses a publicUrl with a fragment, and one that is not a URL", () => {
            assertProviderError(() => providers.twilio({ publicUrl: "https://hooks.example.com/twilio#rc=3" }), ["publicUrl:", "has a fragment"]);
            assertProviderError(() => providers.twilio({ publicUrl: "hooks.example.com/twilio" }), ["publicUrl:", "is not an absolute URL"]);
        });
    });

    describe("stripe", () => {
        it("passes a positive tolerance to the handler", () => {
            assert.deepStrictEqual(providers.stripe({ toleranceSeconds: 600 }).options, { toleranceSeconds: 600 });
            assert.deepStrictEqual(providers.stripe().options, {});
        });
        it("refuses a tolerance that is not a positive number", () => {
            for (const bad of [0, -5, Number.NaN, "300" as unknown as number]) {
                assertProviderError(() => providers.stripe({ toleranceSeconds: bad }), ["providers.stripe(): toleranceSeconds:", "positive number of seconds"]);
            }
        });
        it("recognizes an endpoint signing secret, and not an API key", () => {
            const stripe = providers.stripe();
            assert.strictEqual(stripe.secretProblem!("whsec_abc123"), undefined);
            assert.match(stripe.secretProblem!("sk_live_abc123")!, /not a Stripe endpoint signing secret \(they start with "whsec_"\)/);
        });
    });

    describe("bird", () => {
        it("carries basic credentials as the secret JSON the handler reads, kept secret", async () => {
            const bird = providers.bird({ auth: { basic: { username: "bird", password: pulumi.secret("hunter2") } } });
            assert.deepStrictEqual(bird.options, { auth: "basic" });
            assert.strictEqual(await pulumi.isSecret(bird.credentials!), true);
            assert.deepStrictEqual(JSON.parse(await valueOf(bird.credentials!)), { username: "bird", password: "hunter2" });
        });
        it("carries a bearer token as plain text, kept secret even when given as a plain string", async () => {
            const bird = providers.bird({ auth: { bearer: { token: "t0ken" } } });
            assert.deepStrictEqual(bird.options, { auth: "bearer" });
            assert.strictEqual(await pulumi.isSecret(bird.credentials!), true);
            assert.strictEqual(await valueOf(bird.credentials!), "t0ken");
        });
        it("takes \"basic\" or \"bearer\" alone when the credentials live in an existing secret", () => {
            assert.strictEqual(providers.bird({ auth: "bearer" }).credentials, undefined);
        });
        it("refuses a missing auth, both kinds, neither kind, a bad user name and an empty password", () => {
            assertProviderError(() => providers.bird({} as never), ["providers.bird(): auth:", "is missing", "Pass auth: { basic: { username, password } }"]);
            assertProviderError(() => providers.bird({ auth: { basic: { username: "a", password: "b" }, bearer: { token: "c" } } as never }), ["auth:", "has both basic and bearer"]);
            assertProviderError(() => providers.bird({ auth: {} as never }), ["auth:", "has neither basic nor bearer"]);
            assertProviderError(() => providers.bird({ auth: { basic: { username: "a:b", password: "x" } } }), ["auth.basic.username:", "no \":\""]);
            assertProviderError(() => providers.bird({ auth: { basic: { username: "bird", password: "" } } }), ["auth.basic.password:", "is empty", "requireSecret"]);
            assertProviderError(() => providers.bird({ auth: { bearer: { token: "" } } }), ["auth.bearer.token:", "is empty"]);
        });
    });

    describe("hmac", () => {
        it("passes every option the handler reads", () => {
            const hmac = providers.hmac({
                header: "X-Signature", algorithm: "sha512", encoding: "base64", prefix: "sha512=",
                timestampHeader: "X-Timestamp", toleranceSeconds: 120, source: "com.example.billing",
                detailTypeHeader: "X-Event-Type", deliveryIdHeader: "X-Delivery",
            });
            assert.deepStrictEqual(hmac.options, {
                header: "X-Signature", algorithm: "sha512", encoding: "base64", prefix: "sha512=",
                timestampHeader: "X-Timestamp", source: "com.example.billing", detailTypeHeader: "X-Event-Type",
                deliveryIdHeader: "X-Delivery", toleranceSeconds: 120,
            });
            assert.strictEqual(hmac.eventSource, "com.example.billing");
        });
        it("passes the body format to the handler, and refuses one it cannot read", () => {
            const base = { header: "X-Signature", algorithm: "sha256", encoding: "hex" } as const;
            assert.deepStrictEqual(providers.hmac({ ...base, contentType: "text" }).options, { ...base, contentType: "text" });
            assert.deepStrictEqual(providers.hmac(base).options, base);
            assertProviderError(() => providers.hmac({ ...base, contentType: "xml" as never }), ["providers.hmac(): contentType:", '"xml" is not a body format', 'Use "json" or "form" or "text"']);
        });
        it("refuses a missing or malformed header", () => {
            assertProviderError(() => providers.hmac({ algorithm: "sha256", encoding: "hex" } as never),
                ["providers.hmac(): header:", "is required", "e.g. header: \"X-Signature\""]);
            assertProviderError(() => providers.hmac({ header: "X Signature", algorithm: "sha256", encoding: "hex" }), ["header:", "is not a header name"]);
        });
        it("refuses an unknown algorithm or encoding", () => {
            assertProviderError(() => providers.hmac({ header: "X-Sig", algorithm: "md5" as never, encoding: "hex" }), ["algorithm:", "\"md5\" is not supported", "\"sha1\", \"sha256\" or \"sha512\""]);
            assertProviderError(() => providers.hmac({ header: "X-Sig", algorithm: "sha1", encoding: "base32" as never }), ["encoding:", "\"hex\" or \"base64\""]);
        });
        it("refuses a tolerance without a timestamp header, and a bad timestamp header", () => {
            assertProviderError(() => providers.hmac({ header: "X-Sig", algorithm: "sha256", encoding: "hex", toleranceSeconds: 60 }),
                ["toleranceSeconds:", "without timestampHeader", "Set timestampHeader"]);
            assertProviderError(() => providers.hmac({ header: "X-Sig", algorithm: "sha256", encoding: "hex", timestampHeader: "X_Time!" }), ["timestampHeader:", "is not a header name"]);
        });
        it("refuses a source EventBridge reserves for AWS", () => {
            assertProviderError(() => providers.hmac({ header: "X-Sig", algorithm: "sha256", encoding: "hex", source: "aws.billing" }),
                ["source:", "starts with \"aws.\"", "com.example.billing"]);
        });
    });
});
