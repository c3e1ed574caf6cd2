/**
 * KMS key policies for keys EventBridge encrypts with, and the check of a given key's policy.
 * Pure functions on plain strings, like `iam.ts`: callers build them inside `apply` once the
 * account and ARNs are known.
 */
import { PolicyDocument, policyDocument, PolicyStatement } from "./iam";
import { EVENTS_SERVICE_PRINCIPAL } from "./limits";

/** Where the key lives: its account administers it (the key policy AWS writes by default). */
export interface KeyAccount {
    readonly partition: string;
    readonly accountId: string;
}

/**
 * The statement AWS puts in every default key policy: the account (through IAM) administers
 * the key. Without it nobody can change or schedule deletion of the key again.
 */
export function accountAdministrationStatement(account: KeyAccount): PolicyStatement {
    return {
        Sid: "AllowAccountAdministration",
        Effect: "Allow",
        Principal: { AWS: `arn:${account.partition}:iam::${account.accountId}:root` },
        Action: "kms:*",
        Resource: "*",
    };
}

/** What an event bus key must allow EventBridge, per "Authorizing EventBridge to use a customer managed key". */
export interface EventBusKeyUse {
    readonly account: KeyAccount;
    /** The bus ARN (spelled from its name, so the key can exist before the bus). */
    readonly busArn: string;
    /** Archives of that bus encrypted with the same key. */
    readonly archiveArns: readonly string[];
}

/** The EventBridge actions on a bus key, and on an archive key (archives also re-encrypt). */
export const EVENT_BUS_KEY_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"] as const;
export const EVENT_ARCHIVE_KEY_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt", "kms:ReEncrypt*"] as const;

/**
 * The key policy of a bus key: the account administers it; EventBridge may describe it only
 * for this account (it checks the key is symmetric when the bus is created), and use it for
 * data keys only on behalf of this bus (`aws:SourceArn`, `aws:SourceAccount` and the bus's
 * encryption context) and of its archives (the same encryption context: EventBridge passes the
 * bus ARN for archived events too, so the archives' statement cannot serve another bus's data).
 */
export function eventBusKeyPolicy(use: EventBusKeyUse): PolicyDocument {
    const sourceAccount = { "aws:SourceAccount": use.account.accountId };
    const statements: PolicyStatement[] = [
        accountAdministrationStatement(use.account),
        {
            Sid: "AllowEventBridgeDescribeKey",
            Effect: "Allow",
            Principal: { Service: EVENTS_SERVICE_PRINCIPAL },
            Action: "kms:DescribeKey",
            Resource: "*",
            Condition: { StringEquals: sourceAccount },
        },
        {
            Sid: "AllowEventBridgeEncryptBusEvents",
            Effect: "Allow",
            Principal: { Service: EVENTS_SERVICE_PRINCIPAL },
            Action: [...EVENT_BUS_KEY_ACTIONS],
            Resource: "*",
            Condition: {
                StringEquals: { ...sourceAccount, "kms:EncryptionContext:aws:events:event-bus:arn": use.busArn },
                ArnEquals: { "aws:SourceArn": use.busArn },
            },
        },
    ];
    if (use.archiveArns.length > 0) {
        statements.push({
            Sid: "AllowEventBridgeEncryptArchives",
            Effect: "Allow",
            Principal: { Service: EVENTS_SERVICE_PRINCIPAL },
            Action: [...EVENT_ARCHIVE_KEY_ACTIONS],
            Resource: "*",
            Condition: {
                StringEquals: { ...sourceAccount, "kms:EncryptionContext:aws:events:event-bus:arn": use.busArn },
                ArnEquals: { "aws:SourceArn": [use.busArn, ...use.archiveArns] },
            },
        });
    }
    return policyDocument(...statements);
}

/** A statement a key policy needs, for the check of a given key. */
export interface RequiredKeyGrant {
    /** How the error names it, e.g. `AllowEventBridgeEncryptBusEvents`. */
    readonly sid: string;
    /** The principal, as `Service` or `AWS` value. */
    readonly principal: { readonly Service: string } | { readonly AWS: string };
    readonly actions: readonly string[];
}

function list(value: unknown): unknown[] {
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function principalMatches(statement: Record<string, any>, wanted: RequiredKeyGrant["principal"]): boolean {
    const principal = statement.Principal;
    if (principal === "*") {
        return true;
    }
    if (!principal || typeof principal !== "object") {
        return false;
    }
    const [kind, value] = Object.entries(wanted)[0];
    // An account may be named by its root ARN or its bare ID.
    return list(principal[kind]).some((p) => p === value || p === "*" || (typeof p === "string" && /^\d{12}$/.test(p) && value.endsWith(`::${p}:root`)));
}

function actionMatches(granted: unknown[], action: string): boolean {
    return granted.some((g) => typeof g === "string" && (g === "*" || g === "kms:*" || g.toLowerCase() === action.toLowerCase()
        || (g.endsWith("*") && action.toLowerCase().startsWith(g.slice(0, -1).toLowerCase()))));
}

/**
 * The grants a key policy lacks (an Allow statement for that principal covering every action;
 * conditions are the owner's business and not judged here), as "sid (actions)" texts; empty
 * when the policy has them all. Undefined when the text is not a policy document.
 */
export function missingKeyGrants(policyText: string, required: readonly RequiredKeyGrant[]): string[] | undefined {
    let document: any;
    try {
        document = JSON.parse(policyText);
    } catch {
        return undefined;
    }
    if (!document || typeof document !== "object") {
        return undefined;
    }
    const statements = list(document.Statement).filter((s): s is Record<string, any> => !!s && typeof s === "object" && (s as any).Effect === "Allow");
    return required
        .filter((grant) => !grant.actions.every((action) => statements.some((s) => principalMatches(s, grant.principal) && actionMatches(list(s.Action), action))))
        .map((grant) => {
            const [kind, value] = Object.entries(grant.principal)[0];
            return `${grant.sid}: Allow ${kind} ${value} ${grant.actions.join(", ")}`;
        });
}

/** What a given bus key's policy must hold for EventBridge to use it. */
export const EVENT_BUS_KEY_GRANTS: readonly RequiredKeyGrant[] = [
    { sid: "AllowEventBridgeDescribeKey", principal: { Service: EVENTS_SERVICE_PRINCIPAL }, actions: ["kms:DescribeKey"] },
    { sid: "AllowEventBridgeEncryptBusEvents", principal: { Service: EVENTS_SERVICE_PRINCIPAL }, actions: EVENT_BUS_KEY_ACTIONS },
];

/** The tag EventBridge requires on a customer managed key for connection secrets. */
export const CONNECTION_KEY_TAG = { key: "EventBridgeApiDestinations", value: "true" } as const;

/** The KMS actions a connection's secret needs, through Secrets Manager. */
export const CONNECTION_KEY_ACTIONS = ["kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"] as const;

/** Where a connection key is used: the account and region whose connections' secrets it encrypts. */
export interface ConnectionKeyUse {
    readonly account: KeyAccount & { readonly region: string };
}

/**
 * The key policy of a connection key, per "Encrypting EventBridge connection authorization with
 * AWS KMS keys": EventBridge works through Secrets Manager with the account's principals (its
 * service-linked role), so the account is granted the key only via Secrets Manager, only for
 * EventBridge connection secrets (`events!connection/...`), and only while the key carries the
 * `EventBridgeApiDestinations` tag. The administration statement keeps the key manageable.
 */
export function connectionKeyPolicy(use: ConnectionKeyUse): PolicyDocument {
    const { partition, region, accountId } = use.account;
    const root = `arn:${partition}:iam::${accountId}:root`;
    const viaSecretsManager = { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` };
    const tagged = { [`aws:ResourceTag/${CONNECTION_KEY_TAG.key}`]: CONNECTION_KEY_TAG.value };
    return policyDocument(
        accountAdministrationStatement(use.account),
        {
            Sid: "AllowEventBridgeConnectionsDescribeKey",
            Effect: "Allow",
            Principal: { AWS: root },
            Action: "kms:DescribeKey",
            Resource: "*",
            Condition: { StringEquals: { ...viaSecretsManager, ...tagged } },
        },
        {
            Sid: "AllowEventBridgeConnectionSecrets",
            Effect: "Allow",
            Principal: { AWS: root },
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: "*",
            Condition: {
                StringEquals: { ...viaSecretsManager, ...tagged },
                StringLike: { "kms:EncryptionContext:SecretARN": `arn:${partition}:secretsmanager:${region}:${accountId}:secret:events!connection/*` },
            },
        },
    );
}

/** What a given connection key's policy must hold: the account, for the three actions. */
export function connectionKeyGrants(account: KeyAccount): RequiredKeyGrant[] {
    return [{ sid: "AllowEventBridgeConnectionSecrets", principal: { AWS: `arn:${account.partition}:iam::${account.accountId}:root` }, actions: CONNECTION_KEY_ACTIONS }];
}
