/**
 * The run-time requests a deployed stack serves, rebuilt from its routing, its buses, archives
 * and connections and its functions' configuration (not from its policies), each with the
 * decision delivery needs: allow where a rule's delivery, a bus's encryption, an archive, a
 * connection's secret or a function's job needs it, deny for everything around it (every other
 * rule or bus as aws:SourceArn or encryption context, sibling resources, another account,
 * actions nobody needs, the same request without its conditions).
 */
import { API_DESTINATIONS_SERVICE_ROLE, Document, IamModel } from "./model";

export const EVENTS = "events.amazonaws.com";
export const LAMBDA = "lambda.amazonaws.com";
export const OTHER_ACCOUNT = "210987654321";
/** The account next to OTHER_ACCOUNT, for resources already there. */
export const THIRD_ACCOUNT = "333344445555";
/** An account no stack names, inside or outside an organization. */
export const STRANGER_ACCOUNT = "999988887777";
const STRANGER_ORGANIZATION = "o-zzzzzzzzzz";
/** The encryption context EventBridge passes KMS for a bus and its archives. */
export const BUS_CONTEXT = "kms:EncryptionContext:aws:events:event-bus:arn";
/** What a principal outside the stack may do by its own account's policies: anything (only the stack's resource policies stop it). */
const UNBOUNDED: Document = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

export interface Decision {
    /** Who asks: a service principal, or a role's session ARN. */
    readonly principal: string;
    readonly action: string;
    readonly resource: string;
    readonly context: Readonly<Record<string, string>>;
    /** The role whose session asks (its identity policies apply), when principal is a session. */
    readonly roleArn?: string;
    /** The identity policy of a principal outside the stack (its own account's), instead of a role's. */
    readonly identity?: Document;
    readonly expected: "allow" | "deny";
    /** Why it is asked, for failure messages. */
    readonly why: string;
}

/** The session ARN of a role, as STS names the principal that assumed it. */
export function sessionOf(roleArn: string): string {
    const [, , , , account, resource] = roleArn.split(":");
    return `arn:aws:sts::${account}:assumed-role/${resource.split("/").pop()}/oracle`;
}

/** The same ARN in another account (OTHER_ACCOUNT, or THIRD_ACCOUNT for what is already there). */
export function inOtherAccount(arn: string): string {
    const parts = arn.split(":");
    if (parts[2] === "s3") return arn.replace(/^arn:aws:s3:::([^/]+)/, `arn:aws:s3:::$1-${OTHER_ACCOUNT}`);
    parts[4] = parts[4] === OTHER_ACCOUNT ? THIRD_ACCOUNT : OTHER_ACCOUNT;
    return parts.join(":");
}

/** A session of a principal outside the stack, in `account`. */
function outsider(account: string, role = "oracle-outsider"): string {
    return `arn:aws:sts::${account}:assumed-role/${role}/oracle`;
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

/** What EventBridge says of itself when it acts for `arn`. */
function sourceOf(arn: string, account = accountOf(arn)): Record<string, string> {
    return { "aws:SourceArn": arn, "aws:SourceAccount": account };
}

/** The KMS actions EventBridge never needs on a key. */
const UNNEEDED_KMS = ["kms:ScheduleKeyDeletion", "kms:PutKeyPolicy", "kms:CreateGrant", "kms:Encrypt"];
const ARCHIVE_KMS = ["kms:GenerateDataKey", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo"];
const BUS_KMS = ["kms:GenerateDataKey", "kms:Decrypt"];

/** A bus's ARN from a name or ARN, in the stack's account and region. */
function busArn(model: IamModel, nameOrArn: string): string {
    return nameOrArn.startsWith("arn:") ? nameOrArn : `arn:aws:events:${model.region}:${model.account}:event-bus/${nameOrArn}`;
}

/** Every decision the stack's deliveries, buses, archives, connections and functions imply, each once. */
export function decisionsOf(model: IamModel, intent: Intent = {}): Decision[] {
    // What the stack needs, as keys: principal|action|resource|context.
    const needed = new Set<string>();
    const key = (principal: string, action: string, resource: string, context: Readonly<Record<string, string>> = {}) =>
        `${principal}|${action}|${resource}|${JSON.stringify(Object.entries(context).sort(([a], [b]) => a.localeCompare(b)))}`;
    const need = (principal: string, action: string, resource: string, context?: Readonly<Record<string, string>>) => needed.add(key(principal, action, resource, context));
    for (const d of model.deliveries) {
        if (d.roleArn) {
            need(EVENTS, "sts:AssumeRole", d.roleArn, sourceOf(d.rule.arn));
            need(sessionOf(d.roleArn), d.action, d.targetArn);
        } else {
            need(EVENTS, d.action, d.targetArn, sourceOf(d.rule.arn));
        }
        if (d.deadLetterQueueArn) {
            need(EVENTS, "sqs:SendMessage", d.deadLetterQueueArn, sourceOf(d.rule.arn));
        }
    }
    for (const bus of model.buses) {
        if (bus.keyArn) {
            // DescribeKey when the bus is created or updated; data keys for every event it holds.
            need(EVENTS, "kms:DescribeKey", bus.keyArn, sourceOf(bus.arn));
            for (const action of BUS_KMS) need(EVENTS, action, bus.keyArn, { ...sourceOf(bus.arn), [BUS_CONTEXT]: bus.arn });
        }
        if (bus.deadLetterQueueArn) need(EVENTS, "sqs:SendMessage", bus.deadLetterQueueArn, sourceOf(bus.arn));
        for (const sender of sendersOf(model, intent, bus.arn)) need(sender.principal, "events:PutEvents", bus.arn, sender.context);
    }
    for (const archive of model.archives) {
        if (!archive.keyArn) continue;
        // AWS documents the archive's encryption context (the bus ARN), not which of the archive or
        // its bus EventBridge names as aws:SourceArn: either must work.
        for (const source of [archive.arn, archive.busArn]) {
            for (const action of ARCHIVE_KMS) need(EVENTS, action, archive.keyArn, { ...sourceOf(source), [BUS_CONTEXT]: archive.busArn });
        }
    }
    const serviceRole = `arn:aws:iam::${model.account}:role/${API_DESTINATIONS_SERVICE_ROLE}`;
    const viaSecretsManager = { "kms:ViaService": `secretsmanager.${model.region}.amazonaws.com` };
    for (const connection of model.connections) {
        if (!connection.keyArn) continue;
        for (const action of ["kms:Decrypt", "kms:GenerateDataKey"]) {
            need(sessionOf(serviceRole), action, connection.keyArn, { ...viaSecretsManager, "kms:EncryptionContext:SecretARN": connection.secretArn });
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
        need(LAMBDA, "sts:AssumeRole", fn.roleArn);
        for (const n of needs) need(sessionOf(fn.roleArn), n.action, n.resource);
    }

    const decisions = new Map<string, Decision>();
    const askIn = (principal: string, action: string, resource: string, why: string, context: Readonly<Record<string, string>>, by: { roleArn?: string; identity?: Document } = {}) => {
        const k = key(principal, action, resource, context);
        if (decisions.has(k)) return;
        decisions.set(k, { principal, action, resource, context, ...by, expected: needed.has(k) ? "allow" : "deny", why });
    };
    const ask = (principal: string, action: string, resource: string, why: string, source?: { arn: string; account: string }, roleArn?: string) =>
        askIn(principal, action, resource, why, source ? sourceOf(source.arn, source.account) : {}, roleArn ? { roleArn } : {});
    const sources = (ruleArn: string) => [
        ...model.rules.map((r) => ({ arn: r.arn, account: accountOf(r.arn) })),
        ...model.buses.map((b) => ({ arn: b.arn, account: accountOf(b.arn) })),
        { arn: siblingOf(ruleArn), account: accountOf(ruleArn) },
        { arn: inOtherAccount(ruleArn), account: accountOf(inOtherAccount(ruleArn)) },
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
            // The target itself first: one given by ARN only (another account's, a bus by name) is no sibling of anything in the plan.
            for (const resource of [d.targetArn, ...siblings(d.action, d.targetArn)]) ask(session, d.action, resource, `${why}: the role's session`, undefined, d.roleArn);
            for (const action of UNNEEDED[d.action] ?? []) ask(session, action, d.targetArn, `${why}: the role's session`, undefined, d.roleArn);
            askIn(EVENTS, d.action, d.targetArn, `${why}: EventBridge without the role`, sourceOf(d.rule.arn));
            if (accountOf(d.targetArn) !== accountOf(d.rule.arn)) {
                // The target's account lets the rule's role in, not the rule's account at large nor anyone else.
                for (const account of [accountOf(d.rule.arn), STRANGER_ACCOUNT]) {
                    askIn(outsider(account), d.action, d.targetArn, `${why}: another principal of account ${account}`, {}, { identity: UNBOUNDED });
                }
            }
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

    const busArns = model.buses.map((b) => b.arn);
    for (const bus of model.buses) {
        const why = `bus ${bus.name}`;
        const neighbours = [...busArns.filter((arn) => arn !== bus.arn), siblingOf(bus.arn), inOtherAccount(bus.arn)];
        if (bus.keyArn) {
            const keyArn = bus.keyArn;
            const w = `${why}: its key`;
            const own = { ...sourceOf(bus.arn), [BUS_CONTEXT]: bus.arn };
            askIn(EVENTS, "kms:DescribeKey", keyArn, w, sourceOf(bus.arn));
            askIn(EVENTS, "kms:DescribeKey", keyArn, `${w} for another account`, sourceOf(inOtherAccount(bus.arn)));
            askIn(EVENTS, "kms:DescribeKey", keyArn, `${w} without conditions`, {});
            for (const action of [...BUS_KMS, "kms:ReEncryptFrom", "kms:ReEncryptTo"]) {
                askIn(EVENTS, action, keyArn, w, own);
                askIn(EVENTS, action, keyArn, `${w} without conditions`, {});
                askIn(EVENTS, action, keyArn, `${w} without its encryption context`, sourceOf(bus.arn));
                askIn(EVENTS, action, keyArn, `${w} with its encryption context only`, { [BUS_CONTEXT]: bus.arn });
                for (const other of neighbours) {
                    askIn(EVENTS, action, keyArn, `${w}, for another bus`, { ...sourceOf(other), [BUS_CONTEXT]: other });
                    askIn(EVENTS, action, keyArn, `${w}, with another bus's encryption context`, { ...sourceOf(bus.arn), [BUS_CONTEXT]: other });
                    askIn(EVENTS, action, keyArn, `${w}, for another bus with this bus's encryption context`, { ...sourceOf(other), [BUS_CONTEXT]: bus.arn });
                }
            }
            for (const action of UNNEEDED_KMS) askIn(EVENTS, action, keyArn, `${w}: an action EventBridge never needs`, own);
            for (const other of model.arns.key.filter((arn) => arn !== keyArn)) {
                for (const action of BUS_KMS) askIn(EVENTS, action, other, `${why}: a key it does not encrypt with`, own);
            }
            askIn(outsider(OTHER_ACCOUNT), "kms:Decrypt", keyArn, `${w}: another account's principal`, { [BUS_CONTEXT]: bus.arn }, { identity: UNBOUNDED });
        }
        if (bus.deadLetterQueueArn) {
            const w = `${why}: its dead-letter queue`;
            for (const source of [...busArns, ...model.rules.map((r) => r.arn), siblingOf(bus.arn), inOtherAccount(bus.arn)]) askIn(EVENTS, "sqs:SendMessage", bus.deadLetterQueueArn, w, sourceOf(source));
            askIn(EVENTS, "sqs:SendMessage", bus.deadLetterQueueArn, `${w} without conditions`, {});
            askIn(EVENTS, "sqs:ReceiveMessage", bus.deadLetterQueueArn, w, sourceOf(bus.arn));
        }
        // Who may put events on it from outside: the accounts and organization its author named, no one else.
        const w = `${why}: events from other accounts`;
        const senders = sendersOf(model, intent, bus.arn);
        const candidates = [
            ...allSenders(model, intent),
            { principal: outsider(THIRD_ACCOUNT, "oracle-sender"), context: {} },
            { principal: outsider(STRANGER_ACCOUNT, "oracle-sender"), context: {} },
            { principal: outsider(STRANGER_ACCOUNT, "oracle-sender"), context: { "aws:PrincipalOrgID": STRANGER_ORGANIZATION } },
        ];
        for (const c of candidates) askIn(c.principal, "events:PutEvents", bus.arn, w, c.context, { identity: UNBOUNDED });
        for (const c of senders) {
            for (const action of UNNEEDED["events:PutEvents"]) askIn(c.principal, action, bus.arn, `${w}: more than PutEvents`, c.context, { identity: UNBOUNDED });
        }
    }

    for (const archive of model.archives) {
        if (!archive.keyArn) continue;
        const keyArn = archive.keyArn;
        const why = `archive ${archive.name}: its key`;
        const otherBuses = [...busArns.filter((arn) => arn !== archive.busArn), siblingOf(archive.busArn)];
        for (const action of ARCHIVE_KMS) {
            for (const source of [archive.arn, archive.busArn]) {
                askIn(EVENTS, action, keyArn, why, { ...sourceOf(source), [BUS_CONTEXT]: archive.busArn });
                askIn(EVENTS, action, keyArn, `${why} without its encryption context`, sourceOf(source));
                for (const other of otherBuses) askIn(EVENTS, action, keyArn, `${why}, with another bus's encryption context`, { ...sourceOf(source), [BUS_CONTEXT]: other });
            }
            askIn(EVENTS, action, keyArn, `${why}, for another archive`, { ...sourceOf(siblingOf(archive.arn)), [BUS_CONTEXT]: archive.busArn });
            askIn(EVENTS, action, keyArn, `${why}, for another account's archive`, { ...sourceOf(inOtherAccount(archive.arn)), [BUS_CONTEXT]: inOtherAccount(archive.busArn) });
        }
    }

    const connectionKeys = new Set(model.connections.map((c) => c.keyArn));
    for (const connection of model.connections) {
        if (!connection.keyArn) continue;
        const keyArn = connection.keyArn;
        const why = `connection ${connection.name}: its secret's key`;
        const session = sessionOf(serviceRole);
        const role = { roleArn: serviceRole };
        const own = { ...viaSecretsManager, "kms:EncryptionContext:SecretARN": connection.secretArn };
        for (const action of ["kms:Decrypt", "kms:GenerateDataKey"]) {
            askIn(session, action, keyArn, why, own, role);
            askIn(session, action, keyArn, `${why}, outside Secrets Manager`, { "kms:EncryptionContext:SecretARN": connection.secretArn }, role);
            askIn(session, action, keyArn, `${why}, without conditions`, {}, role);
            for (const secret of model.arns.secret) askIn(session, action, keyArn, `${why}, for a secret that is no connection's`, { ...viaSecretsManager, "kms:EncryptionContext:SecretARN": secret }, role);
            askIn(outsider(OTHER_ACCOUNT), action, keyArn, `${why}: another account's principal`, own, { identity: UNBOUNDED });
            askIn(EVENTS, action, keyArn, `${why}: EventBridge's service principal`, sourceOf(connection.arn));
        }
        askIn(outsider(OTHER_ACCOUNT), "kms:DescribeKey", keyArn, `${why}: another account's principal`, viaSecretsManager, { identity: UNBOUNDED });
        // Not kms:Encrypt: the role's AWS managed policy grants it (with the key's tag), and the key's administration statement lets the account's IAM decide.
        for (const action of UNNEEDED_KMS.filter((a) => a !== "kms:Encrypt")) askIn(session, action, keyArn, `${why}: an action it never needs`, own, role);
        // Keys no connection uses (another connection's tagged key is the service-linked role's to use, by AWS's design).
        for (const other of model.arns.key.filter((arn) => !connectionKeys.has(arn))) askIn(session, "kms:Decrypt", other, `${why}: a key that is no connection's`, own, role);
    }

    for (const fn of model.functions) {
        const why = `function ${fn.name}`;
        ask(LAMBDA, "sts:AssumeRole", fn.roleArn, `${why}: Lambda assumes its role`);
        for (const rule of model.rules.slice(0, 1)) ask(EVENTS, "sts:AssumeRole", fn.roleArn, `${why}: its role is not EventBridge's`, { arn: rule.arn, account: accountOf(rule.arn) });
        const session = sessionOf(fn.roleArn);
        for (const n of functionNeeds.get(fn.arn) ?? []) {
            ask(session, n.action, n.resource, why, undefined, fn.roleArn);
            for (const action of UNNEEDED[n.action] ?? []) ask(session, action, n.resource, why, undefined, fn.roleArn);
            if (n.action.startsWith("s3:")) {
                const [bucket] = n.resource.slice("arn:aws:s3:::".length).split("/");
                ask(session, n.action, `arn:aws:s3:::${bucket}/outside-the-prefix/oracle-object.json`, `${why}: outside its prefix`, undefined, fn.roleArn);
                ask(session, n.action, `arn:aws:s3:::${bucket}-sibling/oracle-object.json`, `${why}: a sibling bucket`, undefined, fn.roleArn);
            } else if (n.action === "logs:PutLogEvents") {
                for (const group of model.arns.logGroup) ask(session, n.action, `${group}:log-stream:oracle`, `${why}: another log group`, undefined, fn.roleArn);
            } else {
                for (const resource of siblings(n.action, n.resource)) ask(session, n.action, resource, `${why}: a sibling`, undefined, fn.roleArn);
            }
        }
        // What every function could be tempted to do and none needs unless its configuration says so.
        for (const bus of model.arns.bus) ask(session, "events:PutEvents", bus, `${why}: a bus it was not given`, undefined, fn.roleArn);
        for (const secret of model.arns.secret) ask(session, "secretsmanager:GetSecretValue", secret, `${why}: a secret it was not given`, undefined, fn.roleArn);
        for (const bucket of model.arns.bucket) ask(session, "s3:PutObject", `${bucket}/oracle-object.json`, `${why}: a bucket it was not given`, undefined, fn.roleArn);
        for (const key of model.arns.key) ask(session, "kms:Decrypt", key, `${why}: a key it was not given`, undefined, fn.roleArn);
        ask(session, "iam:PassRole", fn.roleArn, `${why}: passing its own role`, undefined, fn.roleArn);
    }
    return [...decisions.values()];
}

/** What a stack's author meant to allow that its routing cannot say: who may put events on which bus (by bus name). */
export interface Intent {
    readonly putEventsFrom?: Readonly<Record<string, { readonly accounts?: readonly string[]; readonly organizationId?: string }>>;
}

interface Sender { readonly principal: string; readonly context: Readonly<Record<string, string>> }

/** Who the author let put events on a bus: a session in each named account, and one in an account of the organization. */
function sendersOf(model: IamModel, intent: Intent, busArn: string): Sender[] {
    const entries = Object.entries(intent.putEventsFrom ?? {});
    for (const [name] of entries) {
        if (!model.buses.some((b) => b.name === name)) throw new Error(`the intent names bus ${name}, which the plan does not hold`);
    }
    const access = entries.find(([name]) => model.buses.find((b) => b.name === name)?.arn === busArn)?.[1];
    return [
        ...(access?.accounts ?? []).map((account) => ({ principal: outsider(account, "oracle-sender"), context: {} })),
        ...(access?.organizationId ? [{ principal: outsider(STRANGER_ACCOUNT, "oracle-sender"), context: { "aws:PrincipalOrgID": access.organizationId } }] : []),
    ];
}

/** Every sender the author named for any bus: each is asked of every bus. */
function allSenders(model: IamModel, intent: Intent): Sender[] {
    return model.buses.flatMap((bus) => sendersOf(model, intent, bus.arn));
}
