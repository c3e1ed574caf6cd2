/**
 * What IAM would hold once a resolved plan is deployed: every principal's identity policies,
 * every resource's policy (Lambda function policies rebuilt from their permissions as Lambda's
 * AddPermission writes them), every role's trust, and the routing (which rule sends to what,
 * through which role, with which dead-letter queue). Read from the plan's resources only, never
 * from the kit's own code, so the oracle cannot inherit the kit's mistakes.
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
    /** Resource policies by resource ARN (a bucket's by the bucket's ARN). */
    readonly resourcePolicies: ReadonlyMap<string, Document>;
    /** ARNs in the plan by kind, for sibling denials. */
    readonly arns: Readonly<Record<"bus" | "secret" | "queue" | "topic" | "stateMachine" | "apiDestination" | "function" | "bucket" | "logGroup", readonly string[]>>;
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
};

/**
 * AWS managed policies the oracle knows the content of (from the AWS managed policy reference);
 * any other attached managed policy fails the test rather than being guessed.
 */
const AWS_MANAGED: Readonly<Record<string, Document>> = {
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole": {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], Resource: "*" }],
    },
};

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
    for (const queue of of(T.queue)) {
        const policy = merged([parsed(queue.props.policy), ...of(T.queuePolicy).filter((p) => p.props.queueUrl === queue.props.url || p.props.queueUrl === queue.props.id).map((p) => parsed(p.props.policy))]);
        if (policy) resourcePolicies.set(queue.props.arn, policy);
    }
    for (const topic of of(T.topic)) {
        const policy = merged([parsed(topic.props.policy), ...of(T.topicPolicy).filter((p) => p.props.arn === topic.props.arn).map((p) => parsed(p.props.policy))]);
        if (policy) resourcePolicies.set(topic.props.arn, policy);
    }
    for (const bus of of(T.bus)) {
        const policy = merged(of(T.busPolicy).filter((p) => p.props.eventBusName === bus.props.name || p.props.eventBusName === bus.props.arn).map((p) => parsed(p.props.policy)));
        if (policy) resourcePolicies.set(bus.props.arn, policy);
    }
    for (const bucket of of(T.bucket)) {
        const policy = merged([parsed(bucket.props.policy), ...of(T.bucketPolicy).filter((p) => p.props.bucket === bucket.props.bucket || p.props.bucket === bucket.props.id).map((p) => parsed(p.props.policy))]);
        if (policy) resourcePolicies.set(bucket.props.arn, policy);
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
        },
    };
}
