import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { EVENTBRIDGE_NAME_PATTERN, MAX_EVENTBRIDGE_NAME_LENGTH, NameRule } from "./limits";

/**
 * What is wrong with an EventBridge name (rule, API destination, connection, archive), or
 * undefined when EventBridge accepts it: 1–64 characters of `A-Za-z0-9._-`.
 */
export function eventBridgeNameProblem(name: string): string | undefined {
    if (name.length === 0) {
        return "is empty; EventBridge names are 1–64 characters of A-Za-z0-9._-";
    }
    if (name.length > MAX_EVENTBRIDGE_NAME_LENGTH) {
        return `"${name}" is ${name.length} characters long; EventBridge allows at most ${MAX_EVENTBRIDGE_NAME_LENGTH}`;
    }
    const bad = [...new Set([...name].filter((c) => !EVENTBRIDGE_NAME_PATTERN.test(c)))];
    if (bad.length > 0) {
        return `"${name}" contains ${bad.map((c) => JSON.stringify(c)).join(", ")}; EventBridge names allow only A-Za-z0-9._-`;
    }
    return undefined;
}

const HASH_LENGTH = 8;

/**
 * A stable EventBridge name for a resource: the component name with characters EventBridge
 * rejects replaced by `-`, shortened to fit, plus a hash of project, stack and component name.
 * The same program always yields the same name (no diff, no replacement), while two stacks of
 * the same project in one account and region never collide.
 */
export function generateEventBridgeName(componentName: string, maxLength = MAX_EVENTBRIDGE_NAME_LENGTH): string {
    const hash = createHash("sha256")
        .update(`${pulumi.getProject()}\u0000${pulumi.getStack()}\u0000${componentName}`)
        .digest("hex")
        .slice(0, HASH_LENGTH);
    const room = maxLength - HASH_LENGTH - 1;
    const readable = componentName.replace(/[^.\-_A-Za-z0-9]/g, "-").slice(0, room).replace(/^-+/, "");
    return readable ? `${readable}-${hash}` : hash;
}

/** Pulumi auto-names a resource `<logical name>-<7 random hex>`. */
export const AUTO_NAME_SUFFIX_LENGTH = 8;
/** The provider completes a name prefix with 26 unique characters (a timestamp and a counter). */
export const NAME_PREFIX_SUFFIX_LENGTH = 26;

/**
 * The name prefix to give a child the provider names, so its physical name is one the service
 * accepts: undefined while Pulumi's own auto-name (`<logical name>-<7 random hex>`) is, so
 * ordinary names and existing stacks are unchanged; else the logical name with characters the
 * service rejects replaced by `-`, cut to leave room for the 26 characters the provider appends.
 * Either way the name stays unique per deployment, so a replacement can still be created before
 * the old resource is deleted.
 */
export function fittedNamePrefix(logicalName: string, rule: NameRule): string | undefined {
    const valid = [...logicalName].every((c) => rule.character.test(c));
    if (valid && logicalName.length + AUTO_NAME_SUFFIX_LENGTH <= rule.maxLength) {
        return undefined;
    }
    const readable = [...logicalName].map((c) => (rule.character.test(c) ? c : "-")).join("");
    return `${readable.slice(0, rule.maxLength - NAME_PREFIX_SUFFIX_LENGTH - 1)}-`;
}

/**
 * The logical name the program gave a resource (Pulumi's SDK keeps it on the instance), for
 * messages and for naming resources that belong to it.
 */
export function logicalName(resource: pulumi.Resource): string {
    const name = (resource as unknown as { __name?: unknown }).__name;
    if (typeof name !== "string") {
        throw new Error("cannot read the Pulumi name of a resource; pass a resource constructed by this program");
    }
    return name;
}
