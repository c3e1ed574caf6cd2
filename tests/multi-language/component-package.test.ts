import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import * as YAML from "yaml";
import { ApiDestinationTarget, SafeRule, WebhookIngress, auth, providers, targets, transform } from "../../components";
import { componentProvider, inferSchema, SCHEMA_FILE } from "../../multi-language/infer-schema";
import { RecordedResource, RecordingMocks, settle } from "../../testing/mocks";

// One inference of the schema (a TypeScript program over the front doors' sources) serves every
// case: construct needs it too, for the components' outputs.
const provider = componentProvider();
const root = path.resolve(__dirname, "..", "..");
let schema: any;

before(async function () {
    this.timeout(300_000);
    schema = JSON.parse(await inferSchema(provider));
});

/** Runs `program` under fresh recording mocks and returns what it registered, the front doors' own wrappers left out. */
async function registered(program: () => unknown): Promise<RecordedResource[]> {
    const mocks = new RecordingMocks();
    await mocks.install();
    await program();
    await settle(mocks);
    return mocks.resources.filter((r) => !r.type.startsWith("eventbridge-kit:index:"));
}

/** Type, name and inputs of each resource, in a stable order, for exact comparison. */
function inventory(resources: RecordedResource[]): { type: string; name: string; inputs: Record<string, any> }[] {
    return resources.map(({ type, name, inputs }) => ({ type, name, inputs }))
        .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
}

/** The same configuration through both front doors registers the same resources with the same inputs. */
async function assertParity(typescript: () => unknown, multiLanguage: () => Promise<unknown>, minimum = 4): Promise<RecordedResource[]> {
    const expected = await registered(typescript);
    const actual = await registered(multiLanguage);
    assert.ok(expected.length >= minimum, `the TypeScript program registered only ${expected.length} resources`);
    assert.deepStrictEqual(inventory(actual), inventory(expected));
    return actual;
}

function construct(name: string, component: string, inputs: Record<string, unknown>) {
    return provider.construct(name, `eventbridge-kit:index:${component}`, inputs as pulumi.Inputs, {});
}

function lambdaFunction(name: string): aws.lambda.Function {
    return new aws.lambda.Function(name, {
        role: "arn:aws:iam::123456789012:role/notify",
        runtime: "nodejs22.x",
        handler: "index.handler",
        code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => {};") }),
    });
}

describe("multi-language: the component package's schema", () => {
    it("is inferred for the three components and equals the checked-in multi-language/schema.json (npm run schema regenerates it)", () => {
        assert.deepStrictEqual(Object.keys(schema.resources).sort(),
            ["eventbridge-kit:index:ApiDestinationTarget", "eventbridge-kit:index:SafeRule", "eventbridge-kit:index:WebhookIngress"]);
        assert.strictEqual(`${JSON.stringify(schema, null, 2)}\n`, fs.readFileSync(SCHEMA_FILE, "utf8"),
            "multi-language/schema.json is stale: run `npm run schema` and review the diff");
    });

    it("states what is required and documents every input and output with the components' JSDoc", () => {
        const ingress = schema.resources["eventbridge-kit:index:WebhookIngress"];
        const rule = schema.resources["eventbridge-kit:index:SafeRule"];
        const target = schema.resources["eventbridge-kit:index:ApiDestinationTarget"];
        assert.deepStrictEqual(ingress.requiredInputs, ["provider"]);
        assert.deepStrictEqual(rule.requiredInputs, ["targets"]);
        assert.deepStrictEqual(target.requiredInputs, ["connection", "endpoint", "method", "rateLimitPerSecond"]);
        assert.deepStrictEqual(ingress.required, ["functionName", "secretArn", "url"]);
        assert.strictEqual(ingress.properties.url.description, "The URL to paste into the provider's webhook settings (for Twilio: `twilioWebhookUrl`).");
        assert.strictEqual(ingress.properties.twilioWebhookUrl.description, "Twilio: the URL to paste into Twilio, with connection overrides that retry a 5xx; unset for other providers.");
        assert.strictEqual(ingress.inputProperties.timeoutSeconds.description,
            "Webhook function timeout in seconds; at most one second under the provider's own timeout.");
        // Targets refer to @pulumi/aws resources, so the SDK generated for a consumer types them.
        assert.deepStrictEqual(schema.types["eventbridge-kit:index:RuleTargetShape"].properties.queue.$ref,
            `/aws/v${schema.dependencies[0].version}/schema.json#/resources/aws:sqs%2Fqueue:Queue`);
        const undocumented = [
            ...Object.values(schema.resources).flatMap((r: any) => [...Object.entries(r.inputProperties), ...Object.entries(r.properties)]),
            ...Object.values(schema.types).flatMap((t: any) => Object.entries(t.properties ?? {})),
        ].filter(([, p]: [string, any]) => !p.description).map(([name]) => name);
        assert.deepStrictEqual(undocumented, []);
    });
});

describe("multi-language: construct registers what the TypeScript API registers", function () {
    this.timeout(120_000);

    it("WebhookIngress: GitHub, a secret value and a bus by name", async () => {
        const secret = "s3cret-value";
        await assertParity(
            () => new WebhookIngress("github", { provider: providers.github(), secret: { value: pulumi.secret(secret) }, eventBus: "orders" }),
            () => construct("github", "WebhookIngress", { provider: { github: {} }, secret: { value: pulumi.secret(secret) }, eventBusName: "orders" }),
        );
    });

    it("WebhookIngress: HMAC options, S3 delivery, no reserved concurrency, alarms off", async () => {
        const hmac = { header: "X-Signature", algorithm: "sha256", encoding: "base64", prefix: "v1=", timestampHeader: "X-Timestamp", toleranceSeconds: 120 } as const;
        const resources = await assertParity(
            () => new WebhookIngress("billing", {
                provider: providers.hmac(hmac), secret: { secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:billing-AbCdEf" },
                delivery: { s3: { bucket: "raw-deliveries", prefix: "billing/" } }, reservedConcurrency: false, alarms: false, logLevel: "debug",
            }),
            () => construct("billing", "WebhookIngress", {
                provider: { hmac }, secret: { secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:billing-AbCdEf" },
                s3Delivery: { bucket: "raw-deliveries", prefix: "billing/" }, reservedConcurrency: 0, alarms: { enabled: false }, logLevel: "debug",
            }),
        );
        const webhook = resources.find((r) => r.type === "aws:lambda/function:Function" && r.name === "billing-webhook")!;
        assert.strictEqual(webhook.inputs.environment.variables.EBK_PROVIDER_OPTIONS, JSON.stringify({ header: "X-Signature", algorithm: "sha256", encoding: "base64", prefix: "v1=", timestampHeader: "X-Timestamp", toleranceSeconds: 120 }));
        assert.strictEqual(webhook.inputs.reservedConcurrentExecutions, undefined);
    });

    it("SafeRule: a bus resource, a Lambda and a queue target, an input transformer, examples, the pattern as JSON text", async () => {
        const pattern = { source: ["github.com"], "detail-type": ["pull_request"], detail: { payload: { action: ["opened"] } } };
        const examples = {
            match: [{ source: "github.com", "detail-type": "pull_request", detail: { payload: { action: "opened", number: 7 } } }],
            noMatch: [{ source: "github.com", "detail-type": "pull_request", detail: { payload: { action: "closed" } } }],
        };
        const paths = { number: "$.detail.payload.number" };
        const template = "{\"pr\": <number>}";
        const resources = await assertParity(
            () => {
                const bus = new aws.cloudwatch.EventBus("bus", { name: "github" });
                const queue = new aws.sqs.Queue("inbox", {});
                return new SafeRule("pr-opened", {
                    eventBus: bus, pattern, examples, retryPolicy: { maximumRetryAttempts: 10 }, runtimeGuard: { invocationsCeiling: 500 },
                    targets: [targets.lambda(lambdaFunction("notify"), { input: transform({ paths, template }) }), targets.queue(queue)],
                });
            },
            () => {
                const bus = new aws.cloudwatch.EventBus("bus", { name: "github" });
                const queue = new aws.sqs.Queue("inbox", {});
                return construct("pr-opened", "SafeRule", {
                    eventBus: bus, patternJson: JSON.stringify(pattern), examples, retryPolicy: { maximumRetryAttempts: 10 }, runtimeGuard: { invocationsCeiling: 500 },
                    targets: [{ lambda: lambdaFunction("notify"), input: { paths, template } }, { queue }],
                });
            },
        );
        const lambdaTarget = resources.find((r) => r.name === "pr-opened-target-0")!;
        assert.deepStrictEqual(lambdaTarget.inputs.inputTransformer, { inputPaths: paths, inputTemplate: template });
    });

    it("ApiDestinationTarget: an API key connection, headers and a transformer; and the same target inside a SafeRule", async () => {
        const common = { endpoint: "https://hooks.example.com/services/T000", method: "POST", rateLimitPerSecond: 5, headers: { "X-Repo": "$.detail.payload.repo" } } as const;
        const input = { paths: { repo: "$.detail.payload.repo" }, template: "{\"text\": \"<repo>\"}" };
        // On its own a target is its connection and destination; each rule it is given to adds its own role.
        const standalone = await assertParity(
            () => new ApiDestinationTarget("chat", { ...common, connection: auth.apiKey("Authorization", pulumi.secret("token")), input: transform(input) }),
            () => construct("chat", "ApiDestinationTarget", { ...common, connection: { apiKey: { header: "Authorization", value: pulumi.secret("token") } }, input }),
            3,
        );
        assert.deepStrictEqual(standalone.map((r) => r.name).sort(), ["chat", "chat-connection", "chat-destination"]);
        const pattern = { source: ["github.com"], "detail-type": ["push"] };
        await assertParity(
            () => {
                const chat = new ApiDestinationTarget("pushes-target-0", { ...common, connection: { connectionArn: "arn:aws:events:us-east-1:123456789012:connection/chat/00000000-0000-0000-0000-000000000000" } });
                return new SafeRule("pushes", { pattern, targets: [chat] });
            },
            () => construct("pushes", "SafeRule", {
                pattern,
                targets: [{ apiDestination: { ...common, connection: { connectionArn: "arn:aws:events:us-east-1:123456789012:connection/chat/00000000-0000-0000-0000-000000000000" } } }],
            }),
        );
    });

    it("refuses a shape with no or two choices, naming the component, the field and the fix", async () => {
        await assert.rejects(() => registered(() => construct("both", "WebhookIngress", { provider: { github: {}, stripe: {} }, secret: { value: "x" } })),
            /WebhookIngress "both": provider: has github and stripe set; only one is allowed\. Set exactly one of github, twilio, stripe, bird, hmac, standardWebhooks, slack, shopify, gitlab\./);
        await assert.rejects(() => registered(() => construct("none", "SafeRule", { pattern: { source: ["a"] }, targets: [{ input: { template: "x" } }] })),
            /SafeRule "none": targets\[0\]: has none of its choices set\. Set exactly one of lambda, lambdaArn, stateMachine/);
        await assert.rejects(() => registered(() => construct("json", "SafeRule", { patternJson: "{source", targets: [{ lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:f" }] })),
            /SafeRule "json": patternJson: is not JSON/);
        await assert.rejects(() => registered(() => construct("late", "SafeRule", { pattern: pulumi.output({ source: ["a"] }), targets: [] })),
            /SafeRule "late": pattern: is only known after deployment, but it decides what is created\./);
        // A failure of a nested shape is reported once, on its own field.
        await assert.rejects(() => registered(() => construct("bird", "WebhookIngress", { provider: { bird: { existingSecretAuth: "basic", bearer: { token: "t" } } } })),
            (error: Error) => error.message === "WebhookIngress \"bird\": provider.bird: has bearer and existingSecretAuth set; only one is allowed. Set exactly one of basic, bearer, existingSecretAuth.");
        await assert.rejects(() => registered(() => construct("api", "SafeRule", {
            pattern: { source: ["a"] },
            targets: [{ apiDestination: { endpoint: "https://x.example.com", method: "POST", rateLimitPerSecond: 1, connection: {} } }],
        })), (error: Error) => error.message === "SafeRule \"api\": targets[0].apiDestination.connection: has none of its choices set. Set exactly one of apiKey, basic, oauth, connectionArn.");
        // The TypeScript API's own checks still apply behind the front door.
        await assert.rejects(() => registered(() => construct("algo", "WebhookIngress", { provider: { hmac: { header: "X-Sig", algorithm: "md5", encoding: "hex" } }, secret: { value: "x" } })),
            /WebhookIngress "algo": provider\.hmac: providers\.hmac\(\): algorithm: "md5" is not supported\./);
    });
});

/** What is wrong with a Pulumi YAML property value against its schema property, by path. */
function schemaProblems(value: unknown, spec: any, at: string): string[] {
    if (typeof value === "string" && /^\$\{[^}]+\}$/.test(value)) {
        return []; // An interpolation: typed by the resource or config it names, which Pulumi checks.
    }
    if (spec.$ref?.startsWith("#/types/")) {
        return objectProblems(value, schema.types[spec.$ref.slice("#/types/".length)], at);
    }
    if (spec.$ref !== undefined) {
        return spec.$ref === "pulumi.json#/Any" ? [] : [`${at}: expects a resource reference (\${resource}), got ${JSON.stringify(value)}`];
    }
    switch (spec.type) {
        case "array":
            return Array.isArray(value) ? value.flatMap((item, i) => schemaProblems(item, spec.items, `${at}[${i}]`)) : [`${at}: expects a list`];
        case "object":
            return typeof value === "object" && value !== null && !Array.isArray(value)
                ? Object.entries(value).flatMap(([key, item]) => schemaProblems(item, spec.additionalProperties, `${at}.${key}`))
                : [`${at}: expects an object`];
        default:
            return typeof value === spec.type || (typeof value === "string" && value.includes("${")) ? [] : [`${at}: expects a ${spec.type}, got ${JSON.stringify(value)}`];
    }
}

function objectProblems(value: unknown, type: { properties: Record<string, any>; required?: string[] }, at: string): string[] {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return [`${at}: expects an object`];
    }
    const given = value as Record<string, unknown>;
    return [
        ...(type.required ?? []).filter((name) => given[name] === undefined).map((name) => `${at}.${name}: is required`),
        ...Object.entries(given).flatMap(([name, item]) => type.properties[name] === undefined
            ? [`${at}.${name}: is not an input (inputs: ${Object.keys(type.properties).join(", ")})`]
            : schemaProblems(item, type.properties[name], `${at}.${name}`)),
    ];
}

/** Every eventbridge-kit resource's properties in a Pulumi YAML program, checked against the schema. */
function yamlProgramProblems(program: any): string[] {
    return Object.entries(program.resources as Record<string, any>)
        .filter(([, resource]) => resource.type.startsWith("eventbridge-kit:"))
        .flatMap(([name, resource]) => {
            const component = schema.resources[resource.type];
            return component === undefined
                ? [`${name}: ${resource.type} is not in the schema`]
                : objectProblems(resource.properties ?? {}, { properties: component.inputProperties, required: component.requiredInputs }, name);
        });
}

describe("multi-language: the Pulumi YAML example", function () {
    this.timeout(120_000);
    const file = path.join(root, "examples/yaml-webhook-to-queue/Pulumi.yaml");
    const program = YAML.parse(fs.readFileSync(file, "utf8"));

    it("sets only inputs the schema has, with the types it states, and every required one", () => {
        assert.strictEqual(program.packages["eventbridge-kit"], "../../multi-language");
        assert.deepStrictEqual(yamlProgramProblems(program), []);
    });

    it("the check finds a misspelt input, a missing required one and a wrong type", () => {
        const broken = YAML.parse(fs.readFileSync(file, "utf8"));
        broken.resources.github.properties.eventBuss = broken.resources.github.properties.eventBus;
        delete broken.resources.prOpened.properties.targets;
        broken.resources.prOpened.properties.examples.match = "not a list";
        const problems = yamlProgramProblems(broken);
        assert.strictEqual(problems.length, 3, problems.join("\n"));
        assert.match(problems[0], /^github\.eventBuss: is not an input/);
        assert.match(problems[1], /^prOpened\.targets: is required$/);
        assert.match(problems[2], /^prOpened\.examples\.match: expects a list$/);
    });

    it("constructs through the front doors: the rule sends opened pull requests to the queue, transformed", async () => {
        const resources = await registered(async () => {
            const values: Record<string, unknown> = { githubWebhookSecret: pulumi.secret("s3cret") };
            const resolve = (value: unknown): unknown => {
                if (typeof value === "string") {
                    const whole = /^\$\{([^}.]+)\}$/.exec(value);
                    return whole && whole[1] in values ? values[whole[1]] : value.replace("${pulumi.stack}", "dev");
                }
                if (Array.isArray(value)) return value.map(resolve);
                return typeof value === "object" && value !== null ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)])) : value;
            };
            const awsTypes: Record<string, new (name: string, args: any) => pulumi.Resource> = {
                "aws:cloudwatch:EventBus": aws.cloudwatch.EventBus,
                "aws:sqs:Queue": aws.sqs.Queue,
            };
            for (const [name, resource] of Object.entries(program.resources as Record<string, any>)) {
                const properties = resolve(resource.properties ?? {}) as Record<string, unknown>;
                values[name] = resource.type.startsWith("eventbridge-kit:")
                    ? await construct(name, resource.type.split(":")[2], properties)
                    : new awsTypes[resource.type](name, properties);
            }
        });
        const rule = resources.find((r) => r.type === "aws:cloudwatch/eventRule:EventRule")!;
        assert.strictEqual(rule.inputs.eventBusName, "github-dev");
        assert.deepStrictEqual(JSON.parse(rule.inputs.eventPattern), { source: ["github.com"], "detail-type": ["pull_request"], detail: { payload: { action: ["opened"] } } });
        const target = resources.find((r) => r.type === "aws:cloudwatch/eventTarget:EventTarget")!;
        assert.strictEqual(target.inputs.arn, "arn:aws:sqs:us-east-1:123456789012:inbox");
        assert.deepStrictEqual(target.inputs.inputTransformer, { inputPaths: { repo: "$.detail.payload.repository.full_name" }, inputTemplate: "{\"repo\": <repo>}" });
        const policy = resources.find((r) => r.type === "aws:sqs/queuePolicy:QueuePolicy")!;
        assert.match(policy.inputs.policy, /"aws:SourceArn":"arn:aws:events:us-east-1:123456789012:rule\/github-dev\//);
        assert.deepStrictEqual(resources.filter((r) => r.type === "aws:lambda/functionUrl:FunctionUrl").map((r) => r.name), ["github-url"]);
    });
});

/** The keyword arguments of each `ebk.<Component>(...)` call in a Python program, by component. */
function pythonCalls(source: string): { component: string; keywords: string[] }[] {
    const calls: { component: string; keywords: string[] }[] = [];
    for (const match of source.matchAll(/\bebk\.(\w+)\(/g)) {
        const keywords: string[] = [];
        let depth = 1;
        let quote: string | undefined;
        for (let i = match.index! + match[0].length; i < source.length && depth > 0; i++) {
            const c = source[i];
            if (quote) {
                if (c === "\\") i++;
                else if (c === quote) quote = undefined;
            } else if (c === "\"" || c === "'") {
                quote = c;
            } else if ("([{".includes(c)) {
                depth++;
            } else if (")]}".includes(c)) {
                depth--;
            } else if (depth === 1) {
                const keyword = /^(\w+)\s*=(?!=)/.exec(source.slice(i));
                if (keyword && /[\s,(]/.test(source[i - 1])) {
                    keywords.push(keyword[1]);
                    i += keyword[0].length - 1;
                }
            }
        }
        calls.push({ component: match[1], keywords });
    }
    return calls;
}

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

describe("multi-language: the Python example", () => {
    it("passes only inputs the schema has (in snake_case), and every required one", () => {
        const calls = pythonCalls(fs.readFileSync(path.join(root, "examples/python-webhook-to-queue/__main__.py"), "utf8"));
        assert.deepStrictEqual(calls.map((c) => c.component), ["WebhookIngress", "SafeRule"]);
        for (const { component, keywords } of calls) {
            const spec = schema.resources[`eventbridge-kit:index:${component}`];
            const inputs = Object.keys(spec.inputProperties).map(snakeCase);
            assert.deepStrictEqual(keywords.filter((k) => !inputs.includes(k)), [], `${component}: not inputs`);
            assert.deepStrictEqual(spec.requiredInputs.map(snakeCase).filter((k: string) => !keywords.includes(k)), [], `${component}: required inputs missing`);
        }
        assert.deepStrictEqual(pythonCalls("ebk.SafeRule('r', event_bus=bus, pattern={'a': f(x=1)}, targts=[])")[0].keywords, ["event_bus", "pattern", "targts"]);
    });
});

/** The JSDoc text (tags left out, as the schema inference leaves them out) of each member of an interface in a source file. */
function memberDocs(file: string, interfaceName: string): Map<string, string> {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), "utf8"), ts.ScriptTarget.ES2022, true);
    const docs = new Map<string, string>();
    source.forEachChild((node) => {
        if (ts.isInterfaceDeclaration(node) && node.name.text === interfaceName) {
            for (const member of node.members) {
                const jsDoc = (member as unknown as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
                docs.set((member.name as ts.Identifier).text, jsDoc.map((d) => ts.getTextOfJSDocComment(d.comment) ?? "").join("\n"));
            }
        }
    });
    assert.ok(docs.size > 5, `${interfaceName} not found in ${file}`);
    return docs;
}

describe("multi-language: documented with the TypeScript API's JSDoc", () => {
    // Inputs whose shape differs from the TypeScript API's, so their text says how to write them.
    const adapted: Record<string, string[]> = {
        WebhookIngress: ["provider", "secret", "eventBus", "alarms", "architecture", "logLevel", "reservedConcurrency"],
        SafeRule: ["eventBus", "pattern", "examples", "targets", "deadLetterQueue", "runtimeGuard", "alarmActions"],
        ApiDestinationTarget: ["connection", "input", "manageServiceLinkedRole"],
    };
    const apis = {
        WebhookIngress: memberDocs("components/ingress/args.ts", "WebhookIngressArgs"),
        SafeRule: memberDocs("components/rules/safe-rule.ts", "SafeRuleArgs"),
        ApiDestinationTarget: memberDocs("components/targets/api-destination-target.ts", "ApiDestinationTargetArgs"),
    };

    it("every input the TypeScript Args also has carries the same text, but for the adapted ones", () => {
        for (const [component, docs] of Object.entries(apis)) {
            const inputs = schema.resources[`eventbridge-kit:index:${component}`].inputProperties;
            const shared = Object.keys(inputs).filter((name) => docs.has(name) && !adapted[component].includes(name));
            assert.ok(shared.length >= 5, `${component}: only ${shared.join(", ")} shared`);
            const differing = shared.filter((name) => inputs[name].description !== docs.get(name))
                .map((name) => `${component}.${name}:\n  schema: ${inputs[name].description}\n  TypeScript: ${docs.get(name)}`);
            assert.deepStrictEqual(differing, []);
        }
    });
});
