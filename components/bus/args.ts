import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { validatePattern } from "../patterns";
import type { EventPattern } from "../patterns";
import { parseArn } from "../internal/arns";
import { Fail } from "../errors";
import { generateEventBridgeName } from "../internal/names";

/** CloudWatch Logs' retention choices, in days. */
export const BUS_LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** `ERROR` logs failures only; `INFO` adds the major steps of each event; `TRACE` every step. */
export type BusLogLevel = "ERROR" | "INFO" | "TRACE";

/** How the bus encrypts events at rest. */
export type BusEncryption =
    /** A customer managed key the component creates (rotation on, key policy scoped to this bus). */
    | "customerManagedKey"
    /** EventBridge's AWS owned key: nothing to manage, but no control over who can decrypt. */
    | "awsOwnedKey"
    /** A key of yours: an `aws.kms.Key` of this program (its policy is checked) or a key ARN, ID or alias. */
    | {
        /** The key: an `aws.kms.Key` of this program (its policy is checked) or a key ARN, key ID or alias. */
        readonly kmsKeyIdentifier: aws.kms.Key | pulumi.Input<string>;
    };

/** Logging of the bus (the `logConfig` of the bus, delivered to CloudWatch Logs). */
export interface BusLoggingArgs {
    /**
     * Which records EventBridge sends: `ERROR`, `INFO` (errors and the major steps) or `TRACE` (every step).
     * @default "ERROR"
     */
    readonly level?: BusLogLevel;
    /**
     * `FULL` puts each event and the target request in the records; `NONE` keeps payloads out
     * of the logs (what you want for events that may carry personal data).
     * @default "NONE"
     */
    readonly includeDetail?: "NONE" | "FULL";
    /**
     * Days CloudWatch Logs keeps the records (one of CloudWatch's choices).
     * @default 30
     */
    readonly retentionInDays?: number;
}

/** An archive of the bus's events, for replay. */
export interface BusArchiveArgs {
    /**
     * Days the archive keeps events; 0 keeps them indefinitely.
     * @default 0
     */
    readonly retentionDays?: number;
    /**
     * Only events matching this pattern are archived.
     * @default every event on the bus
     */
    readonly pattern?: EventPattern;
    /**
     * The archive's description.
     * @default none
     */
    readonly description?: string;
}

/** Who else may put events on the bus: named accounts, an AWS Organization, or both; never everyone. */
export interface BusPutEventsAccess {
    /**
     * 12-digit account IDs allowed `events:PutEvents` on this bus.
     * @default none
     */
    readonly accounts?: readonly string[];
    /**
     * An AWS Organization (`o-...`) whose accounts may put events (`aws:PrincipalOrgID`).
     * @default none
     */
    readonly organizationId?: string;
}

/** The arguments of a {@link SafeEventBus}. */
export interface SafeEventBusArgs {
    /**
     * The bus name: 1–256 of `A-Za-z0-9._-`, not `default` and not starting with `aws.`.
     * @default derived from the resource name and a hash of project and stack: stable per stack
     */
    readonly name?: string;
    /**
     * The bus description.
     * @default none
     */
    readonly description?: pulumi.Input<string>;
    /**
     * How events on the bus (and its archives, rules' patterns and targets' inputs) are encrypted at rest.
     * @default "customerManagedKey"
     */
    readonly encryption?: BusEncryption;
    /**
     * The bus-level dead-letter queue (`deadLetterConfig`): where EventBridge puts events it
     * could not encrypt or decrypt. `"create"` makes a standard, encrypted SQS queue whose policy
     * lets only this bus send, with an alarm on the first message; `false` drops such events.
     * @default "create"
     */
    readonly deadLetterQueue?: "create" | false;
    /**
     * Logging (`logConfig`) to a CloudWatch Logs group the component creates, or `false`.
     * @default { level: "ERROR", includeDetail: "NONE", retentionInDays: 30 }
     */
    readonly logging?: BusLoggingArgs | false;
    /**
     * Archives by role name (`${name}-archive-<role>`), encrypted with the bus's key.
     * @default none
     */
    readonly archives?: Readonly<Record<string, BusArchiveArgs>>;
    /**
     * Other accounts or an organization allowed to put events on the bus (the bus policy).
     * @default none: only this account
     */
    readonly allowPutEventsFrom?: BusPutEventsAccess;
    /**
     * Where the dead-letter queue's alarm notifies (SNS topic ARNs...).
     * @default no actions
     */
    readonly alarmActions?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Tags for the bus and what the component creates for it.
     * @default none
     */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export interface ResolvedLogging {
    readonly level: BusLogLevel;
    readonly includeDetail: "NONE" | "FULL";
    readonly retentionInDays: number;
}

export interface ResolvedArchive {
    readonly role: string;
    readonly name: string;
    readonly retentionDays: number;
    readonly pattern?: EventPattern;
    readonly description?: string;
}

/** The plain-value decisions of a bus, all validated. */
export interface BusPlan {
    readonly busName: string;
    readonly encryption: "customerManagedKey" | "awsOwnedKey" | "given";
    readonly deadLetterQueue: boolean;
    readonly logging?: ResolvedLogging;
    readonly archives: readonly ResolvedArchive[];
    readonly accounts: readonly string[];
    readonly organizationId?: string;
}

const BUS_NAME = /^[A-Za-z0-9._-]{1,256}$/;
const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
/** Archive names: 1–48 of `A-Za-z0-9._-`. */
const MAX_ARCHIVE_NAME_LENGTH = 48;
const ROLE = /^[A-Za-z0-9-]{1,32}$/;

function checkName(given: string | undefined, resourceName: string, fail: Fail): string {
    if (given === undefined) {
        return generateEventBridgeName(resourceName);
    }
    if (!BUS_NAME.test(given)) {
        fail("name", `${JSON.stringify(given)} is not a bus name: custom buses are 1–256 of A-Za-z0-9._- (no "/", which only partner buses use).`, "Choose such a name, or leave it out to get a generated one.");
    }
    if (given === "default") {
        fail("name", "\"default\" is the account's default bus, which a program cannot create.", "Choose another name, or pass \"default\" as eventBus to SafeRule to use the default bus.");
    }
    if (given.startsWith("aws.")) {
        fail("name", `${JSON.stringify(given)} starts with "aws.", which EventBridge reserves for partner event sources.`, "Choose a name without that prefix.");
    }
    return given;
}

function checkEncryption(encryption: BusEncryption | undefined, fail: Fail): BusPlan["encryption"] {
    if (encryption === undefined || encryption === "customerManagedKey") {
        return "customerManagedKey";
    }
    if (encryption === "awsOwnedKey") {
        return "awsOwnedKey";
    }
    if (typeof encryption !== "object" || encryption === null || !("kmsKeyIdentifier" in encryption) || encryption.kmsKeyIdentifier === undefined) {
        return fail("encryption", `is ${JSON.stringify(encryption)}.`, "Use \"customerManagedKey\" (the default), \"awsOwnedKey\", or { kmsKeyIdentifier: key } with an aws.kms.Key or a key ARN, ID or alias.");
    }
    const key = encryption.kmsKeyIdentifier;
    if (typeof key === "string") {
        const arn = parseArn(key);
        const isKeyArn = arn !== undefined && arn.service === "kms" && /^(key|alias)\/.+/.test(arn.resource);
        if (arn !== undefined ? !isKeyArn : !/^(alias\/.+|[0-9a-f-]{36}|mrk-[0-9a-f]{32})$/.test(key)) {
            fail("encryption.kmsKeyIdentifier", `${JSON.stringify(key)} is not a KMS key ARN, key ID or alias.`, "Pass the key (an aws.kms.Key), key.arn, a key ID or \"alias/<name>\".");
        }
    }
    return "given";
}

function checkLogging(logging: BusLoggingArgs | false | undefined, fail: Fail): ResolvedLogging | undefined {
    if (logging === false) {
        return undefined;
    }
    const level = logging?.level ?? "ERROR";
    const includeDetail = logging?.includeDetail ?? "NONE";
    const retentionInDays = logging?.retentionInDays ?? 30;
    if (!["ERROR", "INFO", "TRACE"].includes(level)) {
        fail("logging.level", `${JSON.stringify(level)} is not a log level.`, "Use \"ERROR\", \"INFO\" or \"TRACE\"; set logging: false to turn logging off.");
    }
    if (!["NONE", "FULL"].includes(includeDetail)) {
        fail("logging.includeDetail", `${JSON.stringify(includeDetail)} is not a detail setting.`, "Use \"NONE\" (no payloads in logs) or \"FULL\".");
    }
    if (!(BUS_LOG_RETENTION_DAYS as readonly number[]).includes(retentionInDays)) {
        fail("logging.retentionInDays", `${retentionInDays} is not a retention CloudWatch Logs offers.`, `Use one of ${BUS_LOG_RETENTION_DAYS.join(", ")}.`);
    }
    return { level, includeDetail, retentionInDays };
}

function checkArchives(resourceName: string, archives: SafeEventBusArgs["archives"], fail: Fail): ResolvedArchive[] {
    return Object.entries(archives ?? {}).map(([role, archive]) => {
        const field = `archives.${role}`;
        if (!ROLE.test(role)) {
            fail("archives", `the role ${JSON.stringify(role)} cannot name a resource (1–32 of A-Za-z0-9-).`, "Use a short role such as \"all\" or \"orders\".");
        }
        const retentionDays = archive?.retentionDays ?? 0;
        if (!Number.isInteger(retentionDays) || retentionDays < 0) {
            fail(`${field}.retentionDays`, `${retentionDays} is not a whole number of days ≥ 0.`, "Give the days to keep events, or 0 to keep them indefinitely.");
        }
        if (archive?.pattern !== undefined) {
            const problems = validatePattern(archive.pattern);
            if (problems.length > 0) {
                fail(`${field}.pattern`, `EventBridge would reject the pattern:\n${problems.map((p) => `  - ${p.path}: ${p.message}`).join("\n")}`, "\nFix each problem listed, or leave the pattern out to archive every event.");
            }
        }
        return {
            role,
            name: generateEventBridgeName(`${resourceName}-${role}`, MAX_ARCHIVE_NAME_LENGTH),
            retentionDays,
            pattern: archive?.pattern,
            description: archive?.description,
        };
    });
}

function checkAccess(access: BusPutEventsAccess | undefined, fail: Fail): Pick<BusPlan, "accounts" | "organizationId"> {
    const accounts = [...(access?.accounts ?? [])];
    for (const account of accounts) {
        if (account === "*") {
            fail("allowPutEventsFrom.accounts", "\"*\" would let every AWS account put events on the bus.", "Name the accounts, or set organizationId to allow your organization.");
        }
        if (typeof account !== "string" || !ACCOUNT_ID.test(account)) {
            fail("allowPutEventsFrom.accounts", `${JSON.stringify(account)} is not a 12-digit account ID.`, "List account IDs such as \"111122223333\".");
        }
    }
    if (new Set(accounts).size !== accounts.length) {
        fail("allowPutEventsFrom.accounts", "lists an account twice.", "List each account once.");
    }
    const organizationId = access?.organizationId;
    if (organizationId !== undefined && !ORGANIZATION_ID.test(organizationId)) {
        fail("allowPutEventsFrom.organizationId", `${JSON.stringify(organizationId)} is not an AWS Organizations ID (o- and 10–32 lower-case letters or digits).`, "Copy it from the Organizations console or `aws organizations describe-organization`.");
    }
    if (access !== undefined && accounts.length === 0 && organizationId === undefined) {
        fail("allowPutEventsFrom", "names neither accounts nor an organization.", "Name accounts or organizationId, or leave allowPutEventsFrom out to keep the bus to this account.");
    }
    return { accounts, organizationId };
}

/** Validates everything that can be validated on plain values; throws on the first problem. */
export function planBus(resourceName: string, args: SafeEventBusArgs, fail: Fail): BusPlan {
    const busName = checkName(args.name, resourceName, fail);
    const encryption = checkEncryption(args.encryption, fail);
    const deadLetterQueue = args.deadLetterQueue ?? "create";
    if (deadLetterQueue !== "create" && deadLetterQueue !== false) {
        fail("deadLetterQueue", `is ${JSON.stringify(deadLetterQueue)}.`, "Use \"create\" (the default) or false.");
    }
    return {
        busName,
        encryption,
        deadLetterQueue: deadLetterQueue === "create",
        logging: checkLogging(args.logging, fail),
        archives: checkArchives(resourceName, args.archives, fail),
        ...checkAccess(args.allowPutEventsFrom, fail),
    };
}
