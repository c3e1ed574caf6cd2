import * as assert from "assert";
import {
    InputTransformer, InvalidInputTransformerError, renderInputTransformer, transform, validateInputTransformer,
} from "../../components/patterns";

// The EC2 example event from AWS's input transformer documentation.
const event = {
    version: "0",
    id: "7bf73129-1428-4cd3-a780-95db273d1602",
    "detail-type": "EC2 Instance State-change Notification",
    source: "aws.ec2",
    account: "123456789012",
    time: "2015-11-11T21:29:54Z",
    region: "us-east-1",
    resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
    detail: { "instance-id": "i-0123456789", state: "RUNNING", cpu: 2.5, tags: { team: "core" }, volumes: [{ id: "v-1" }, { id: "v-2" }] },
};
const paths = { instance: "$.detail.instance-id", state: "$.detail.state" };
const context = { ruleName: "ec2-state", ruleArn: "arn:aws:events:us-east-1:123456789012:rule/ec2-state" };

describe("patterns: renderInputTransformer", () => {
    it("JSON template: string values get quotes, numbers and objects are written as JSON", () => {
        const t = transform({ paths: { ...paths, cpu: "$.detail.cpu", tags: "$.detail.tags" }, template: '{"instance": <instance>, "state": <state>, "cpu": <cpu>, "tags": <tags>}' });
        assert.strictEqual(renderInputTransformer(t, event), '{"instance": "i-0123456789", "state": "RUNNING", "cpu": 2.5, "tags": {"team":"core"}}');
    });

    it("JSON template: inside a string literal, values are inserted as bare text", () => {
        const t = transform({ paths, template: '{"status": "instance \\"<instance>\\" is in <state>"}' });
        const out = renderInputTransformer(t, event);
        assert.strictEqual(out, '{"status": "instance \\"i-0123456789\\" is in RUNNING"}');
        assert.deepStrictEqual(JSON.parse(out), { status: 'instance "i-0123456789" is in RUNNING' });
    });

    it("plain-text template: values are inserted as bare text, quotes in the template kept", () => {
        assert.strictEqual(renderInputTransformer({ inputPaths: paths, inputTemplate: '"instance <instance> is in <state>"' }, event), '"instance i-0123456789 is in RUNNING"');
        assert.strictEqual(renderInputTransformer({ inputPaths: paths, inputTemplate: "<instance> is in state <state>" }, event), "i-0123456789 is in state RUNNING");
    });

    it("an object inside text loses its quotes, as EventBridge does", () => {
        const t: InputTransformer = { inputPaths: { tags: "$.detail.tags" }, inputTemplate: "tags: <tags>" };
        assert.strictEqual(renderInputTransformer(t, event), "tags: {team:core}");
    });

    it("a missing path is null where a JSON value belongs and empty text elsewhere", () => {
        const t = transform({ paths: { missing: "$.detail.nope" }, template: '{"a": <missing>, "b": "x<missing>y"}' });
        assert.strictEqual(renderInputTransformer(t, event), '{"a": null, "b": "xy"}');
        assert.strictEqual(renderInputTransformer({ inputPaths: { missing: "$.detail.nope" }, inputTemplate: "value=<missing>." }, event), "value=.");
    });

    it("array indices and wildcards", () => {
        const t = transform({ paths: { first: "$.resources[0]", ids: "$.detail.volumes[*].id", all: "$.detail.tags.*" }, template: '{"first": <first>, "ids": <ids>, "all": <all>}' });
        assert.strictEqual(renderInputTransformer(t, event), '{"first": "arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111", "ids": ["v-1","v-2"], "all": ["core"]}');
    });

    it("predefined variables: rule name, rule ARN, ingestion time", () => {
        const t = transform({ template: '{"rule": <aws.events.rule-name>, "arn": <aws.events.rule-arn>, "at": <aws.events.event.ingestion-time>}' });
        assert.deepStrictEqual(JSON.parse(renderInputTransformer(t, event, { ...context, ingestionTime: "2015-11-11T21:29:55Z" })), {
            rule: "ec2-state", arn: context.ruleArn, at: "2015-11-11T21:29:55Z",
        });
        // Without an explicit ingestion time, the event's own time; the rule name from the ARN.
        assert.deepStrictEqual(JSON.parse(renderInputTransformer(t, event, { ruleArn: context.ruleArn })), {
            rule: "ec2-state", arn: context.ruleArn, at: "2015-11-11T21:29:54Z",
        });
        assert.strictEqual(renderInputTransformer({ inputTemplate: '"rule <aws.events.rule-name> fired"' }, event, context), '"rule ec2-state fired"');
    });

    it("predefined variables: <aws.events.event> is the event without detail, <aws.events.event.json> the whole event", () => {
        const t = transform({ template: '{"envelope": <aws.events.event>, "full": <aws.events.event.json>}' });
        const out = JSON.parse(renderInputTransformer(t, JSON.stringify(event))) as { envelope: Record<string, unknown>; full: unknown };
        const { detail: _detail, ...envelope } = event;
        void _detail;
        assert.deepStrictEqual(out.envelope, envelope);
        assert.deepStrictEqual(out.full, event);
    });

    it("asks for the rule name or ARN when the template needs it and the context lacks it", () => {
        assert.throws(() => renderInputTransformer({ inputTemplate: '"<aws.events.rule-name>"' }, event), /pass context\.ruleName \(or context\.ruleArn\)/);
        assert.throws(() => renderInputTransformer({ inputTemplate: '"<aws.events.rule-arn>"' }, event, { ruleName: "x" }), /pass context\.ruleArn/);
    });

    it("refuses to render an invalid transformer", () => {
        assert.throws(() => renderInputTransformer({ inputTemplate: "<nope>" }, event), InvalidInputTransformerError);
    });
});

describe("patterns: validateInputTransformer", () => {
    const cases: { rule: string; invalid: InputTransformer; path: string; message: RegExp; valid: InputTransformer }[] = [
        {
            rule: "more than 100 paths",
            invalid: { inputPaths: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`v${i}`, "$.detail"])), inputTemplate: '"x"' },
            path: "$.inputPaths", message: /defines 101 variables, more than EventBridge's limit of 100/,
            valid: { inputPaths: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`v${i}`, "$.detail"])), inputTemplate: '"x"' },
        },
        {
            rule: "path not starting with $", invalid: { inputPaths: { s: "detail.state" }, inputTemplate: "<s>" },
            path: "$.inputPaths.s", message: /the path "detail\.state" of "s" must start with "\$"/,
            valid: { inputPaths: { s: "$.detail.state" }, inputTemplate: "<s>" },
        },
        {
            rule: "unsupported path syntax", invalid: { inputPaths: { s: "$.detail['state']" }, inputTemplate: "<s>" },
            path: "$.inputPaths.s", message: /unsupported syntax at "\['state'\]"/,
            valid: { inputPaths: { s: "$.detail.state" }, inputTemplate: "<s>" },
        },
        {
            rule: "path with a filter expression", invalid: { inputPaths: { s: "$.detail.volumes[?(@.id)]" }, inputTemplate: "<s>" },
            path: "$.inputPaths.s", message: /unsupported syntax/,
            valid: { inputPaths: { s: "$.detail.volumes[0]" }, inputTemplate: "<s>" },
        },
        {
            rule: "placeholder with no variable", invalid: { inputPaths: { s: "$.detail.state" }, inputTemplate: '{"state": <stat>}' },
            path: "$.inputTemplate (offset 10)", message: /placeholder <stat> has no variable; define it in inputPaths/,
            valid: { inputPaths: { s: "$.detail.state" }, inputTemplate: '{"state": <s>}' },
        },
        {
            rule: "redefining a predefined variable", invalid: { inputPaths: { "aws.events.rule-name": "$.x" }, inputTemplate: '"x"' },
            path: "$.inputPaths[\"aws.events.rule-name\"]", message: /is a predefined variable and cannot be redefined/,
            valid: { inputTemplate: '"<aws.events.rule-name>"' },
        },
        {
            rule: "bad variable name", invalid: { inputPaths: { "my var": "$.x" }, inputTemplate: '"x"' },
            path: "$.inputPaths[\"my var\"]", message: /variable name "my var" is invalid/,
            valid: { inputPaths: { "my-var": "$.x" }, inputTemplate: '"<my-var>"' },
        },
        {
            rule: "placeholder as a JSON key", invalid: { inputPaths: { k: "$.id" }, inputTemplate: '{<k>: 1}' },
            path: "$.inputTemplate (offset 1)", message: /used as a JSON object key/,
            valid: { inputPaths: { k: "$.id" }, inputTemplate: '{"id": <k>}' },
        },
        {
            rule: "placeholder as a JSON key inside quotes", invalid: { inputPaths: { instance: "$.detail.instance-id", state: "$.detail.state" }, inputTemplate: '{"<instance>": <state>}' },
            path: "$.inputTemplate (offset 2)", message: /placeholder <instance> is used as a JSON object key/,
            valid: { inputPaths: { instance: "$.detail.instance-id", state: "$.detail.state" }, inputTemplate: '{"instance": "<instance>", "state": <state>}' },
        },
        {
            rule: "placeholder in part of a quoted JSON key", invalid: { inputPaths: { s: "$.detail.state" }, inputTemplate: '{"a": {"state-<s>" : 1}}' },
            path: "$.inputTemplate (offset 14)", message: /placeholder <s> is used as a JSON object key/,
            valid: { inputPaths: { s: "$.detail.state" }, inputTemplate: '{"a": {"state": "state-<s>", "b": "x:<s>"}}' },
        },
        {
            rule: "event variables only as JSON values", invalid: { inputTemplate: '"event: <aws.events.event.json>"' },
            path: "$.inputTemplate (offset 8)", message: /<aws\.events\.event\.json> can only be used as the value of a JSON field/,
            valid: { inputTemplate: '{"event": <aws.events.event.json>}' },
        },
        {
            rule: "JSON template that is not JSON", invalid: { inputPaths: { s: "$.x" }, inputTemplate: '{"state": <s>' },
            path: "$.inputTemplate", message: /starts like JSON but is not valid JSON once its placeholders are filled/,
            valid: { inputPaths: { s: "$.x" }, inputTemplate: '{"state": <s>}' },
        },
        {
            rule: "empty template", invalid: { inputTemplate: "" }, path: "$.inputTemplate", message: /non-empty string/,
            valid: { inputTemplate: '"static"' },
        },
        {
            rule: "template too long", invalid: { inputTemplate: `"${"x".repeat(8191)}"` }, path: "$.inputTemplate", message: /8193 characters, more than EventBridge's limit of 8192/,
            valid: { inputTemplate: `"${"x".repeat(8190)}"` },
        },
    ];
    for (const c of cases) {
        it(`${c.rule}: reported, and the fix accepted`, () => {
            const problems = validateInputTransformer(c.invalid);
            const problem = problems.find((p) => c.message.test(p.message));
            assert.ok(problem, JSON.stringify(problems, null, 1));
            assert.strictEqual(problem.path, c.path);
            assert.deepStrictEqual(validateInputTransformer(c.valid), []);
        });
    }

    it("renderInputTransformer refuses a quoted placeholder key instead of substituting it", () => {
        assert.throws(() => renderInputTransformer({ inputPaths: paths, inputTemplate: '{"<instance>": <state>}' }, event), InvalidInputTransformerError);
        // A placeholder in a string value that contains ":" stays a value.
        assert.strictEqual(renderInputTransformer({ inputPaths: paths, inputTemplate: '{"at": "<instance>:<state>"}' }, event), '{"at": "i-0123456789:RUNNING"}');
    });

    it("transform() returns AWS's shape and throws InvalidInputTransformerError listing every problem", () => {
        assert.deepStrictEqual(transform({ paths, template: '"<instance>"' }), { inputPaths: paths, inputTemplate: '"<instance>"' });
        assert.deepStrictEqual(transform({ template: '"static"' }), { inputTemplate: '"static"' });
        let caught: unknown;
        try {
            transform({ paths: { s: "state" }, template: "<s> <t>" });
        } catch (err) {
            caught = err;
        }
        assert.ok(caught instanceof InvalidInputTransformerError);
        assert.strictEqual(caught.problems.length, 2);
        assert.match(caught.message, /^Invalid input transformer \(2 problems\):\n {2}- \$\.inputPaths\.s: .*\n {2}- \$\.inputTemplate \(offset 4\): placeholder <t>/);
    });
});
