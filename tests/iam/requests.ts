/**
 * The run-time requests a deployed stack serves, rebuilt from its routing and its functions'
 * configuration (not from its policies), each with the decision delivery needs: allow where a
 * rule's delivery or a function's job needs it, deny for everything around it (every other
 * rule as aws:SourceArn, sibling resources, another account, actions nobody needs).
 */
import type { IamModel } from "./model";

export const EVENTS = "events.amazonaws.com";
export const LAMBDA = "lambda.amazonaws.com";
export const OTHER_ACCOUNT = "210987654321";

export interface Decision {
    /** Who asks: a service principal, or a role's session ARN. */
    readonly principal: string;
    readonly action: string;
    readonly resource: string;
    readonly context: Readonly<Record<string, string>>;
    /** The role whose session asks (its identity policies apply), when principal is a session. */
    readonly roleArn?: string;
    readonly expected: "allow" | "deny";
    /** Why it is asked, for failure messages. */
    readonly why: string;
}

/** The session ARN of a role, as STS names the principal that assumed it. */
export function sessionOf(roleArn: string): string {
    const [, , , , account, resource] = roleArn.split(":");
    return `arn:aws:sts::${account}:assumed-role/${resource.split("/").pop()}/oracle`;
}

/** The same ARN in another account. */
export function inOtherAccount(arn: string): string {
    const parts = arn.split(":");
    if (parts[2] === "s3") return arn.replace(/^arn:aws:s3:::([^/]+)/, `arn:aws:s3:::$1-${OTHER_ACCOUNT}`);
    parts[4] = OTHER_ACCOUNT;
    return parts.join(":");
}

/** A resource of the same kind right next to `arn` that nothing in the stack uses. */
export function siblingOf(arn: string): string {
    return `${arn}-sibling`;
}

/** Actions on a resource that no delivery or function of the kit needs. */
const UNNEEDED: Readonly<Record<string, readonly string[]>> = {
    "lambda:InvokeFunction": ["lambda:UpdateFunctionCode", "lambda:AddPermission"],
    "sqs:SendMessage": ["sqs:ReceiveMessage", "sqs:SetQueueAttributes"],
    "sns:Publish": ["sns:Subscribe", "sns:SetTopicAttributes"],
    "states:StartExecution": ["states:DeleteStateMachine", "states:UpdateStateMachine"],
    "events:PutEvents": ["events:DeleteEventBus", "events:DescribeEventBus"],
    "events:InvokeApiDestination": ["events:UpdateApiDestination", "events:DeleteApiDestination"],
    "secretsmanager:GetSecretValue": ["secretsmanager:PutSecretValue", "secretsmanager:DeleteSecret"],
    "s3:PutObject": ["s3:DeleteObject"],
    "s3:GetObject": ["s3:DeleteObject"],
    "logs:PutLogEvents": ["logs:DeleteLogGroup"],
};

const siblingKinds: Readonly<Record<string, keyof IamModel["arns"]>> = {
    "lambda:InvokeFunction": "function",
    "sqs:SendMessage": "queue",
    "sns:Publish": "topic",
    "states:StartExecution": "stateMachine",
    "events:PutEvents": "bus",
    "events:InvokeApiDestination": "apiDestination",
    "secretsmanager:GetSecretValue": "secret",
};

function accountOf(arn: string): string {
    return arn.split(":")[4];
}

/** A bus's ARN from a name or ARN, in the stack's account and region. */
function busArn(model: IamModel, nameOrArn: string): string {
    return nameOrArn.startsWith("arn:") ? nameOrArn : `arn:aws:events:${model.region}:${model.account}:event-bus/${nameOrArn}`;
}

/** Every decision the stack's deliveries and functions imply, each once. */
export function decisionsOf(model: IamModel): Decision[] {
    // What delivery needs, as keys: principal|action|resource|sourceArn.
    const needed = new Set<string>();
    const key = (principal: string, action: string, resource: string, source = "") => `${principal}|${action}|${resource}|${source}`;
    for (const d of model.deliveries) {
        if (d.roleArn) {
            needed.add(key(EVENTS, "sts:AssumeRole", d.roleArn, d.rule.arn));
            needed.add(key(sessionOf(d.roleArn), d.action, d.targetArn));
        } else {
            needed.add(key(EVENTS, d.action, d.targetArn, d.rule.arn));
        }
        if (d.deadLetterQueueArn) {
            needed.add(key(EVENTS, "sqs:SendMessage", d.deadLetterQueueArn, d.rule.arn));
        }
    }
    const functionNeeds = new Map<string, { action: string; resource: string }[]>();
    for (const fn of model.functions) {
        const needs: { action: string; resource: string }[] = [];
        const env = fn.environment;
        if (env.EBK_SECRET_ARN) needs.push({ action: "secretsmanager:GetSecretValue", resource: env.EBK_SECRET_ARN });
        if (env.EBK_EVENT_BUS_NAME) needs.push({ action: "events:PutEvents", resource: busArn(model, env.EBK_EVENT_BUS_NAME) });
        // The handlers' convention: <X>_BUCKET with <X>_PREFIX (and <X>_DEAD_LETTER_PREFIX) are
        // prefixes the function writes under.
        const writes = Object.entries(env).filter(([k]) => k.endsWith("BUCKET")).flatMap(([name, bucket]) => {
            const base = name.replace(/BUCKET$/, "");
            const prefixes = [env[`${base}PREFIX`] ?? "", ...(env[`${base}DEAD_LETTER_PREFIX`] !== undefined ? [env[`${base}DEAD_LETTER_PREFIX`]] : [])];
            return prefixes.map((prefix) => `arn:aws:s3:::${bucket}/${prefix}oracle-object.json`);
        });
        for (const resource of writes) needs.push({ action: "s3:PutObject", resource });
        for (const read of fn.reads) {
            const resource = `arn:aws:s3:::${read.bucket}/${read.prefix}oracle-object.json`;
            needs.push({ action: "s3:GetObject", resource });
            // Notified of what it writes itself, the function drains a store: it deletes what it delivered.
            if (writes.includes(resource)) needs.push({ action: "s3:DeleteObject", resource });
        }
        if (fn.deadLetterQueueArn) needs.push({ action: "sqs:SendMessage", resource: fn.deadLetterQueueArn });
        if (fn.logGroupArn) needs.push({ action: "logs:PutLogEvents", resource: `${fn.logGroupArn}:log-stream:oracle` });
        functionNeeds.set(fn.arn, needs);
        needed.add(key(LAMBDA, "sts:AssumeRole", fn.roleArn));
        for (const need of needs) needed.add(key(sessionOf(fn.roleArn), need.action, need.resource));
    }

    const decisions = new Map<string, Decision>();
    const ask = (principal: string, action: string, resource: string, why: string, source?: { arn: string; account: string }, roleArn?: string) => {
        const k = key(principal, action, resource, source?.arn);
        if (decisions.has(k)) return;
        const context: Record<string, string> = source ? { "aws:SourceArn": source.arn, "aws:SourceAccount": source.account } : {};
        decisions.set(k, { principal, action, resource, context, roleArn, expected: needed.has(k) ? "allow" : "deny", why });
    };
    const sources = (ruleArn: string) => [
        ...model.rules.map((r) => ({ arn: r.arn, account: accountOf(r.arn) })),
        { arn: siblingOf(ruleArn), account: accountOf(ruleArn) },
        { arn: inOtherAccount(ruleArn), account: OTHER_ACCOUNT },
    ];
    const siblings = (action: string, arn: string) => {
        const kind = siblingKinds[action];
        return [...(kind ? model.arns[kind] : []), siblingOf(arn), inOtherAccount(arn)];
    };

    for (const d of model.deliveries) {
        const why = `rule ${d.rule.name} → ${d.targetArn}`;
        if (d.roleArn) {
            for (const source of sources(d.rule.arn)) ask(EVENTS, "sts:AssumeRole", d.roleArn, `${why}: EventBridge assumes its role`, source);
            const session = sessionOf(d.roleArn);
            for (const resource of siblings(d.action, d.targetArn)) ask(session, d.action, resource, `${why}: the role's session`, undefined, d.roleArn);
            for (const action of UNNEEDED[d.action] ?? []) ask(session, action, d.targetArn, `${why}: the role's session`, undefined, d.roleArn);
        } else {
            for (const source of sources(d.rule.arn)) ask(EVENTS, d.action, d.targetArn, why, source);
            for (const resource of siblings(d.action, d.targetArn)) ask(EVENTS, d.action, resource, `${why} (a sibling)`, { arn: d.rule.arn, account: accountOf(d.rule.arn) });
            for (const action of UNNEEDED[d.action] ?? []) ask(EVENTS, action, d.targetArn, why, { arn: d.rule.arn, account: accountOf(d.rule.arn) });
        }
        if (d.deadLetterQueueArn) {
            for (const source of sources(d.rule.arn)) ask(EVENTS, "sqs:SendMessage", d.deadLetterQueueArn, `${why}: its dead-letter queue`, source);
            ask(EVENTS, "sqs:ReceiveMessage", d.deadLetterQueueArn, `${why}: its dead-letter queue`, { arn: d.rule.arn, account: accountOf(d.rule.arn) });
        }
    }

    for (const fn of model.functions) {
        const why = `function ${fn.name}`;
        ask(LAMBDA, "sts:AssumeRole", fn.roleArn, `${why}: Lambda assumes its role`);
        for (const rule of model.rules.slice(0, 1)) ask(EVENTS, "sts:AssumeRole", fn.roleArn, `${why}: its role is not EventBridge's`, { arn: rule.arn, account: accountOf(rule.arn) });
        const session = sessionOf(fn.roleArn);
        for (const need of functionNeeds.get(fn.arn) ?? []) {
            ask(session, need.action, need.resource, why, undefined, fn.roleArn);
            for (const action of UNNEEDED[need.action] ?? []) ask(session, action, need.resource, why, undefined, fn.roleArn);
            if (need.action.startsWith("s3:")) {
                const [bucket] = need.resource.slice("arn:aws:s3:::".length).split("/");
                ask(session, need.action, `arn:aws:s3:::${bucket}/outside-the-prefix/oracle-object.json`, `${why}: outside its prefix`, undefined, fn.roleArn);
                ask(session, need.action, `arn:aws:s3:::${bucket}-sibling/oracle-object.json`, `${why}: a sibling bucket`, undefined, fn.roleArn);
            } else if (need.action === "logs:PutLogEvents") {
                for (const group of model.arns.logGroup) ask(session, need.action, `${group}:log-stream:oracle`, `${why}: another log group`, undefined, fn.roleArn);
            } else {
                for (const resource of siblings(need.action, need.resource)) ask(session, need.action, resource, `${why}: a sibling`, undefined, fn.roleArn);
            }
        }
        // What every function could be tempted to do and none needs unless its configuration says so.
        for (const bus of model.arns.bus) ask(session, "events:PutEvents", bus, `${why}: a bus it was not given`, undefined, fn.roleArn);
        for (const secret of model.arns.secret) ask(session, "secretsmanager:GetSecretValue", secret, `${why}: a secret it was not given`, undefined, fn.roleArn);
        for (const bucket of model.arns.bucket) ask(session, "s3:PutObject", `${bucket}/oracle-object.json`, `${why}: a bucket it was not given`, undefined, fn.roleArn);
        ask(session, "iam:PassRole", fn.roleArn, `${why}: passing its own role`, undefined, fn.roleArn);
    }
    return [...decisions.values()];
}
