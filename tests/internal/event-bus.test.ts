import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { eventBusArnOf, eventBusNameOf, parseArn } from "../../components/internal/arns";
import { describeEventBus, sameEventBus } from "../../components/internal/event-bus";
import { RecordingMocks } from "../../testing/mocks";

describe("internal/event-bus and arns", () => {
    before(async () => { await new RecordingMocks().install(); });

    it("judges two references the same bus only when plain values prove it", () => {
        const bus = new aws.cloudwatch.EventBus("orders", {});
        const arn = "arn:aws:events:us-east-1:123456789012:event-bus/orders";
        assert.ok(sameEventBus(bus, bus));
        assert.ok(sameEventBus(undefined, "default"));
        assert.ok(sameEventBus("orders", arn));
        assert.ok(sameEventBus(arn, arn));
        assert.ok(!sameEventBus(arn, "arn:aws:events:us-east-1:210987654321:event-bus/orders"));
        assert.ok(!sameEventBus(bus, "orders"));
        assert.ok(!sameEventBus(bus, new aws.cloudwatch.EventBus("orders2", {})));
        assert.ok(!sameEventBus("orders", undefined));
    });

    it("describes buses for messages", () => {
        assert.strictEqual(describeEventBus(undefined), "the default bus");
        assert.strictEqual(describeEventBus("orders"), "bus \"orders\"");
        assert.strictEqual(describeEventBus(new aws.cloudwatch.EventBus("github", {})), "bus \"github\"");
    });

    it("parses ARNs and derives bus ARNs from names", () => {
        const rule = parseArn("arn:aws:events:eu-west-1:123456789012:rule/orders/created")!;
        assert.deepStrictEqual(rule, { partition: "aws", service: "events", region: "eu-west-1", account: "123456789012", resource: "rule/orders/created" });
        assert.strictEqual(parseArn("orders"), undefined);
        assert.strictEqual(eventBusNameOf("arn:aws:events:eu-west-1:123456789012:event-bus/orders"), "orders");
        assert.strictEqual(eventBusNameOf("orders"), "orders");
        assert.strictEqual(eventBusArnOf("audit", rule), "arn:aws:events:eu-west-1:123456789012:event-bus/audit");
        assert.strictEqual(eventBusArnOf("arn:aws:events:us-east-1:1:event-bus/x", rule), "arn:aws:events:us-east-1:1:event-bus/x");
    });
});
