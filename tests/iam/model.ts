/**
 * What IAM would hold once a resolved plan is deployed: every principal's identity policies,
 * every resource's policy (Lambda function policies rebuilt from their permissions as Lambda's
 * AddPermission writes them, KMS key policies from the key or its KeyPolicy, bus policies, and
 * the policies the program writes in another account), every role's trust, and the routing
 * (which rule sends to what, through which role, with which dead-letter queue; which bus and
 * archive encrypt with which key; which connection keeps its secret under which key). Read from
 * the plan's resources only, never from the kit's own code, so the oracle cannot inherit the
 * kit's mistakes.
 */

/** The resource shape the oracle reads: a planned resource's type, name and resolved inputs and outputs. */
export interface ModelResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: Record<string, any>;
}

export type Document = { Version?: string; Statement: any[] };

export interface Rule { readonly name: string; readonly arn: string }

/** One rule → target edge, as EventBridge delivers it. */
export interface Delivery {
    readonly rule: Rule;
    readonly targetArn: string;
    /** The action EventBridge performs on the target (AWS's documented target permissions). */
    readonly action: string;
    readonly roleArn?: string;
    readonly deadLetterQueueArn?: string;
}

export interface FunctionModel {
    readonly name: string;
    readonly arn: string;
    readonly roleArn: string;
    readonly environment: Record<string, string>;
    readonly deadLetterQueueArn?: string;
    readonly logGroupArn?: string;
    /** `bucket/prefix` pairs whose new objects invoke the function (it reads them). */
    readonly reads: readonly { bucket: string; prefix: string }[];
}

/** A bus as EventBridge runs it: the key it encrypts with (a key of the plan) and its own dead-letter queue. */
export interface BusModel {
    readonly name: string;
    readonly arn: string;
    /** The key's ARN when the bus encrypts with a key of the plan. */
    readonly keyArn?: string;
    /** A customer managed key the plan does not hold (its policy is unknown here). */
    readonly externalKey?: string;
    readonly deadLetterQueueArn?: string;
}

export interface ArchiveModel {
    readonly name: string;
    readonly arn: string;
    /** The bus it archives (its eventSourceArn). */
    readonly busArn: string;
    readonly keyArn?: string;
}

/** An EventBridge connection: the Secrets Manager secret it keeps its credentials in, and that secret's key. */
export interface ConnectionModel {
    readonly name: string;
    readonly arn: string;
    readonly secretArn: string;
    readonly keyArn?: string;
}

export interface RoleModel {
    readonly name: string;
    readonly arn: string;
    readonly trust: Document;
    readonly identity: { name: string; policy: Document }[];
}

export interface IamModel {
    readonly account: string;
    readonly region: string;
    readonly rules: readonly Rule[];
    readonly deliveries: readonly Delivery[];
    readonly functions: readonly FunctionModel[];
    readonly roles: ReadonlyMap<string, RoleModel>;
    /** Resource policies by resource ARN (a bucket's by the bucket's ARN, a KMS key's by the key's ARN). */
    readonly resourcePolicies: ReadonlyMap<string, Document>;
    readonly buses: readonly BusModel[];
    readonly archives: readonly ArchiveModel[];
    readonly connections: readonly ConnectionModel[];
    /** The tags of each KMS key of the plan, by key ARN (conditions read them as aws:ResourceTag/<key>). */
    readonly keyTags: ReadonlyMap<string, Readonly<Record<string, string>>>;
    /** ARNs in the plan by kind, for sibling denials. */
    readonly arns: Readonly<Record<"bus" | "secret" | "queue" | "topic" | "stateMachine" | "apiDestination" | "function" | "bucket" | "logGroup" | "key", readonly string[]>>;
}

const T = {
    rule: "aws:cloudwatch/eventRule:EventRule",
    target: "aws:cloudwatch/eventTarget:EventTarget",
    bus: "aws:cloudwatch/eventBus:EventBus",
    busPolicy: "aws:cloudwatch/eventBusPolicy:EventBusPolicy",
    fn: "aws:lambda/function:Function",
    permission: "aws:lambda/permission:Permission",
    queue: "aws:sqs/queue:Queue",
    queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
    topic: "aws:sns/topic:Topic",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    bucket: "aws:s3/bucket:Bucket",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    notification: "aws:s3/bucketNotification:BucketNotification",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    managedPolicy: "aws:iam/policy:Policy",
    secret: "aws:secretsmanager/secret:Secret",
    stateMachine: "aws:sfn/stateMachine:StateMachine",
    apiDestination: "aws:cloudwatch/eventApiDestination:EventApiDestination",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    key: "aws:kms/key:Key",
    keyPolicy: "aws:kms/keyPolicy:KeyPolicy",
    archive: "aws:cloudwatch/eventArchive:EventArchive",
    connection: "aws:cloudwatch/eventConnection:EventConnection",
};

/**
 * The role EventBridge reads connection secrets with: AWS creates it with the account's first
 * connection (or the program does, as aws.iam.ServiceLinkedRole), so every connection implies it.
 */
export const API_DESTINATIONS_SERVICE_ROLE = "aws-service-role/apidestinations.events.amazonaws.com/AWSServiceRoleForAmazonEventBridgeApiDestinations";

/**
 * AWS managed policies the oracle knows the content of (from the AWS managed policy reference);
 * any other attached managed policy fails the test rather than being guessed.
 */
const AWS_MANAGED: Readonly<Record<string, Document>> = {
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole": {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], Resource: "*" }],
    },
    // Version 3 (May 2025) of the service-linked role's policy.
    "arn:aws:iam::aws:policy/aws-service-role/AmazonEventBridgeApiDestinationsServiceRolePolicy": {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: ["secretsmanager:CreateSecret", "secretsmanager:UpdateSecret", "secretsmanager:DescribeSecret", "secretsmanager:DeleteSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"],
                Resource: "arn:aws:secretsmanager:*:*:secret:events!connection/*",
                Condition: { StringEquals: { "aws:ResourceAccount": "${aws:PrincipalAccount}" } },
            },
            {
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
                Resource: "arn:aws:kms:*:*:key/*",
                Condition: {
                    StringLike: { "kms:ViaService": "secretsmanager.*.amazonaws.com", "kms:EncryptionContext:SecretARN": ["arn:aws:secretsmanager:*:*:secret:events!connection/*"] },
                    StringEquals: { "aws:ResourceTag/EventBridgeApiDestinations": "true" },
                },
            },
        ],
    },
};

/** The key policy KMS gives a key created without one: the account (through IAM) may do everything. */
function defaultKeyPolicy(account: string): Document {
    return { Version: "2012-10-17", Statement: [{ Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" }] };
}

/** A queue's ARN from its URL (https://sqs.<region>.amazonaws.com/<account>/<name>). */
function queueArnOfUrl(url: unknown): string | undefined {
    const match = typeof url === "string" ? /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com\/(\d{12})\/([^/]+)$/.exec(url) : null;
    return match ? `arn:aws:sqs:${match[1]}:${match[2]}:${match[3]}` : undefined;
}

/** The action EventBridge needs on a target, by the target ARN's service and resource type. */
export function deliveryAction(targetArn: string): string {
    const [, , service, , , resource] = targetArn.split(":");
    switch (service) {
        case "lambda": return "lambda:InvokeFunction";
        case "sqs": return "sqs:SendMessage";
        case "sns": return "sns:Publish";
        case "states": return "states:StartExecution";
        case "events":
            if (resource.startsWith("event-bus/")) return "events:PutEvents";
            if (resource.startsWith("api-destination/")) return "events:InvokeApiDestination";
            break;
    }
    throw new Error(`the oracle knows no delivery action for target ${targetArn}`);
}

function accountOfArn(arn: unknown): string | undefined {
    const account = typeof arn === "string" ? arn.split(":")[4] : undefined;
    return account && /^\d{12}$/.test(account) ? account : undefined;
}

function parsed(document: unknown): Document | undefined {
    if (document === undefined || document === null || document === "") {
        return undefined;
    }
    const value = typeof document === "string" ? JSON.parse(document) : document;
    return { ...value, Statement: Array.isArray(value.Statement) ? value.Statement : [value.Statement] };
}

function merged(documents: (Document | undefined)[]): Document | undefined {
    const present = documents.filter((d): d is Document => d !== undefined);
    return present.length === 0 ? undefined : { Version: "2012-10-17", Statement: present.flatMap((d) => d.Statement) };
}

/** Lambda's function policy statement for one permission, as AddPermission writes it. */
function permissionStatement(props: Record<string, any>, functionArn: string): any {
    const principal = String(props.principal);
    const condition: Record<string, Record<string, string>> = {};
    if (props.sourceArn !== undefined) condition.ArnLike = { "AWS:SourceArn": props.sourceArn };
    if (props.sourceAccount !== undefined) condition.StringEquals = { "AWS:SourceAccount": props.sourceAccount };
    if (props.principalOrgId !== undefined) condition.StringEquals = { ...condition.StringEquals, "aws:PrincipalOrgID": props.principalOrgId };
    if (props.functionUrlAuthType !== undefined) condition.StringEquals = { ...condition.StringEquals, "lambda:FunctionUrlAuthType": props.functionUrlAuthType };
    if (props.invokedViaFunctionUrl === true) condition.Bool = { "lambda:InvokedViaFunctionUrl": "true" };
    return {
        Sid: String(props.statementId ?? "permission"),
        Effect: "Allow",
        Principal: principal === "*" ? "*" : /^\d{12}$/.test(principal) ? { AWS: `arn:aws:iam::${principal}:root` } : principal.includes(".amazonaws.com") ? { Service: principal } : { AWS: principal },
        Action: props.action,
        Resource: functionArn,
        ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
    };
}

export function buildModel(resources: readonly ModelResource[], placement: { account: string; region: string }): IamModel {
    const { account, region } = placement;
    const of = (type: string) => resources.filter((r) => r.type === type);
    const arnOf = (r: ModelResource): string => r.props.arn;

    const rules: Rule[] = of(T.rule).map((r) => ({ name: r.name, arn: arnOf(r) }));
    const ruleByName = new Map(of(T.rule).map((r) => [`${r.props.eventBusName ?? "default"}/${r.props.name}`, { name: r.name, arn: arnOf(r) }]));
    const deliveries: Delivery[] = of(T.target).map((t) => {
        const rule = ruleByName.get(`${t.props.eventBusName ?? "default"}/${t.props.rule}`);
        if (!rule) throw new Error(`event target ${t.name}: no rule ${t.props.rule} on ${t.props.eventBusName ?? "default"} in the plan`);
        return { rule, targetArn: t.props.arn, action: deliveryAction(t.props.arn), roleArn: t.props.roleArn, deadLetterQueueArn: t.props.deadLetterConfig?.arn };
    });

    const roles = new Map<string, RoleModel>();
    for (const role of of(T.role)) {
        const keys = [role.props.id, role.props.name, role.props.arn];
        const identity: { name: string; policy: Document }[] = [];
        for (const inline of role.props.inlinePolicies ?? []) {
            identity.push({ name: `${role.name}/${inline.name}`, policy: parsed(inline.policy)! });
        }
        for (const policy of of(T.rolePolicy).filter((p) => keys.includes(p.props.role))) {
            identity.push({ name: policy.name, policy: parsed(policy.props.policy)! });
        }
        const managedArns = [...(role.props.managedPolicyArns ?? []), ...of(T.attachment).filter((a) => keys.includes(a.props.role)).map((a) => a.props.policyArn)];
        for (const managed of managedArns) {
            const own = of(T.managedPolicy).find((p) => p.props.arn === managed);
            const document = own ? parsed(own.props.policy) : AWS_MANAGED[managed];
            if (!document) throw new Error(`role ${role.name}: the oracle does not know managed policy ${managed}`);
            identity.push({ name: managed, policy: document });
        }
        roles.set(role.props.arn, { name: role.props.name, arn: role.props.arn, trust: parsed(role.props.assumeRolePolicy)!, identity });
    }

    const resourcePolicies = new Map<string, Document>();
    const functionsRes = of(T.fn);
    const functionArnFor = (ref: string): string | undefined =>
        functionsRes.find((f) => ref === f.props.arn || ref === f.props.name || ref === `${f.props.arn}:$LATEST`)?.props.arn;
    for (const fn of functionsRes) {
        const statements = of(T.permission).filter((p) => functionArnFor(p.props.function) === fn.props.arn).map((p) => permissionStatement(p.props, fn.props.arn));
        if (statements.length > 0) resourcePolicies.set(fn.props.arn, { Version: "2012-10-17", Statement: statements });
    }
    // Permissions the program adds, with another account's provider, to a function it names by ARN only.
    const foreignPermissions = new Map<string, any[]>();
    for (const permission of of(T.permission).filter((p) => functionArnFor(p.props.function) === undefined)) {
        const arn = String(permission.props.function).replace(/:(\$LATEST|\d+)$/, "");
        if (!/^arn:aws:lambda:[^:]+:\d{12}:function:[^:]+$/.test(arn)) throw new Error(`permission ${permission.name}: the oracle cannot tell which function ${permission.props.function} is`);
        foreignPermissions.set(arn, [...(foreignPermissions.get(arn) ?? []), permissionStatement(permission.props, arn)]);
    }
    for (const [arn, statements] of foreignPermissions) resourcePolicies.set(arn, { Version: "2012-10-17", Statement: statements });
    const queuePolicyOf = (p: ModelResource) => of(T.queue).find((q) => p.props.queueUrl === q.props.url || p.props.queueUrl === q.props.id)?.props.arn ?? queueArnOfUrl(p.props.queueUrl);
    for (const arn of new Set([...of(T.queue).map(arnOf), ...of(T.queuePolicy).map(queuePolicyOf)])) {
        if (arn === undefined) throw new Error(`a queue policy's queueUrl names no queue the oracle can place: ${of(T.queuePolicy).filter((p) => queuePolicyOf(p) === undefined).map((p) => p.name).join(", ")}`);
        const queue = of(T.queue).find((q) => q.props.arn === arn);
        const policy = merged([parsed(queue?.props.policy), ...of(T.queuePolicy).filter((p) => queuePolicyOf(p) === arn).map((p) => parsed(p.props.policy))]);
        if (policy) resourcePolicies.set(arn, policy);
    }
    for (const arn of new Set([...of(T.topic).map(arnOf), ...of(T.topicPolicy).map((p) => p.props.arn as string)])) {
        const topic = of(T.topic).find((t) => t.props.arn === arn);
        const policy = merged([parsed(topic?.props.policy), ...of(T.topicPolicy).filter((p) => p.props.arn === arn).map((p) => parsed(p.props.policy))]);
        if (policy) resourcePolicies.set(arn, policy);
    }
    for (const bus of of(T.bus)) {
        const policy = merged(of(T.busPolicy).filter((p) => p.props.eventBusName === bus.props.name || p.props.eventBusName === bus.props.arn).map((p) => parsed(p.props.policy)));
        if (policy) resourcePolicies.set(bus.props.arn, policy);
    }
    for (const bucket of of(T.bucket)) {
        const policy = merged([parsed(bucket.props.policy), ...of(T.bucketPolicy).filter((p) => p.props.bucket === bucket.props.bucket || p.props.bucket === bucket.props.id).map((p) => parsed(p.props.policy))]);
        if (policy) resourcePolicies.set(bucket.props.arn, policy);
    }
    // A key's policy: the last KeyPolicy for it (it replaces the key's own), else the key's `policy`, else KMS's default.
    const keys = of(T.key);
    const keyArnFor = (ref: unknown): string | undefined => keys.find((k) => ref === k.props.arn || ref === k.props.keyId || ref === k.props.id)?.props.arn;
    const keyTags = new Map<string, Record<string, string>>();
    for (const key of keys) {
        const separate = of(T.keyPolicy).filter((p) => keyArnFor(p.props.keyId) === key.props.arn);
        const policy = separate.length > 0 ? parsed(separate[separate.length - 1].props.policy) : parsed(key.props.policy);
        resourcePolicies.set(key.props.arn, policy ?? defaultKeyPolicy(accountOfArn(key.props.arn) ?? account));
        keyTags.set(key.props.arn, { ...(key.props.tagsAll ?? {}), ...(key.props.tags ?? {}) });
    }
    const unplacedKeyPolicies = of(T.keyPolicy).filter((p) => keyArnFor(p.props.keyId) === undefined);
    if (unplacedKeyPolicies.length > 0) throw new Error(`key policies for keys the plan does not hold: ${unplacedKeyPolicies.map((p) => p.name).join(", ")}`);

    const buses: BusModel[] = of(T.bus).map((bus) => {
        const given = bus.props.kmsKeyIdentifier;
        const keyArn = given === undefined ? undefined : keyArnFor(given);
        return {
            name: bus.props.name,
            arn: bus.props.arn,
            ...(keyArn ? { keyArn } : given !== undefined ? { externalKey: String(given) } : {}),
            ...(bus.props.deadLetterConfig?.arn ? { deadLetterQueueArn: bus.props.deadLetterConfig.arn } : {}),
        };
    });
    const archives: ArchiveModel[] = of(T.archive).map((archive) => ({
        name: archive.props.name,
        arn: archive.props.arn,
        busArn: archive.props.eventSourceArn,
        ...(archive.props.kmsKeyIdentifier !== undefined && keyArnFor(archive.props.kmsKeyIdentifier) ? { keyArn: keyArnFor(archive.props.kmsKeyIdentifier) } : {}),
    }));
    const connections: ConnectionModel[] = of(T.connection).map((connection) => ({
        name: connection.props.name,
        arn: connection.props.arn,
        secretArn: connection.props.secretArn,
        ...(connection.props.kmsKeyIdentifier !== undefined && keyArnFor(connection.props.kmsKeyIdentifier) ? { keyArn: keyArnFor(connection.props.kmsKeyIdentifier) } : {}),
    }));
    if (connections.length > 0) {
        const arn = `arn:aws:iam::${account}:role/${API_DESTINATIONS_SERVICE_ROLE}`;
        const managed = "arn:aws:iam::aws:policy/aws-service-role/AmazonEventBridgeApiDestinationsServiceRolePolicy";
        roles.set(arn, {
            name: "AWSServiceRoleForAmazonEventBridgeApiDestinations",
            arn,
            trust: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "apidestinations.events.amazonaws.com" }, Action: "sts:AssumeRole" }] },
            identity: [{ name: managed, policy: AWS_MANAGED[managed] }],
        });
    }

    const logGroups = of(T.logGroup);
    const functions: FunctionModel[] = functionsRes.map((fn) => {
        const logGroup = logGroups.find((g) => g.props.name === fn.props.loggingConfig?.logGroup);
        const reads = of(T.notification).flatMap((n) => (n.props.lambdaFunctions ?? [])
            .filter((l: any) => l.lambdaFunctionArn === fn.props.arn)
            .map((l: any) => ({ bucket: n.props.bucket, prefix: l.filterPrefix ?? "" })));
        return {
            name: fn.name,
            arn: fn.props.arn,
            roleArn: fn.props.role,
            environment: fn.props.environment?.variables ?? {},
            deadLetterQueueArn: fn.props.deadLetterConfig?.targetArn,
            logGroupArn: logGroup?.props.arn,
            reads,
        };
    });

    return {
        account,
        region,
        rules,
        deliveries,
        functions,
        roles,
        resourcePolicies,
        buses,
        archives,
        connections,
        keyTags,
        arns: {
            bus: of(T.bus).map(arnOf),
            secret: of(T.secret).map(arnOf),
            queue: of(T.queue).map(arnOf),
            topic: of(T.topic).map(arnOf),
            stateMachine: of(T.stateMachine).map(arnOf),
            apiDestination: of(T.apiDestination).map(arnOf),
            function: functionsRes.map(arnOf),
            bucket: of(T.bucket).map(arnOf),
            logGroup: logGroups.map(arnOf),
            key: keys.map(arnOf),
        },
    };
}
