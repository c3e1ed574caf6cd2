import { isUnknown, listOf, parseJson, Unknown, UNKNOWN } from "../values";

/** One IAM policy statement, normalized: lists are always lists. */
export interface Statement {
    readonly sid?: string;
    readonly effect: string;
    readonly actions: string[];
    readonly notActions: string[];
    readonly resources: unknown[];
    /** Principal values by kind ("AWS", "Service"...); `*` alone is kept as kind "*". */
    readonly principals: Record<string, unknown[]>;
    readonly conditions: Record<string, Record<string, unknown>>;
}

/** `statement 2 ("AllowPut")`: how findings name a statement. */
export function statementLabel(statement: Statement, index: number): string {
    return `statement ${index + 1}${statement.sid ? ` ("${statement.sid}")` : ""}`;
}

/**
 * The statements of a policy document given as JSON text or an object, UNKNOWN when the
 * document (or its statement list) is unknown at preview, undefined when it is not valid JSON.
 */
export function statementsOf(document: unknown): Statement[] | Unknown | undefined {
    const parsed = parseJson(document);
    if (isUnknown(parsed)) {
        return UNKNOWN;
    }
    if (!parsed.ok || !parsed.value || typeof parsed.value !== "object") {
        return undefined;
    }
    const raw = parsed.value.Statement ?? parsed.value.statement ?? parsed.value.statements;
    if (isUnknown(raw)) {
        return UNKNOWN;
    }
    return listOf(raw).filter((s: any) => s && typeof s === "object").map(normalize);
}

function normalize(s: any): Statement {
    // JSON documents use Effect/Action/Resource; aws.iam.getPolicyDocument-shaped objects use
    // lower-case names and principal lists.
    const principals: Record<string, unknown[]> = {};
    const principal = s.Principal ?? s.principal;
    if (principal === "*" ) {
        principals["*"] = ["*"];
    } else if (principal && typeof principal === "object" && !isUnknown(principal)) {
        for (const [kind, values] of Object.entries(principal)) {
            principals[kind] = listOf(values as unknown);
        }
    }
    for (const p of listOf(s.principals)) {
        const entry = p as any;
        if (entry?.type) {
            principals[entry.type] = [...(principals[entry.type] ?? []), ...listOf(entry.identifiers)];
        }
    }
    const conditions: Record<string, Record<string, unknown>> = {};
    const condition = s.Condition ?? s.condition;
    if (condition && typeof condition === "object" && !isUnknown(condition)) {
        for (const [operator, entries] of Object.entries(condition)) {
            if (entries && typeof entries === "object") {
                conditions[operator] = entries as Record<string, unknown>;
            }
        }
    }
    for (const c of listOf(s.conditions)) {
        const entry = c as any;
        if (entry?.test && entry?.variable) {
            conditions[entry.test] = { ...(conditions[entry.test] ?? {}), [entry.variable]: entry.values };
        }
    }
    return {
        sid: s.Sid ?? s.sid,
        effect: s.Effect ?? s.effect ?? "Allow",
        actions: listOf(s.Action ?? s.action ?? s.actions).map(String),
        notActions: listOf(s.NotAction ?? s.notActions).map(String),
        resources: listOf(s.Resource ?? s.resource ?? s.resources),
        principals,
        conditions,
    };
}

/** True when the statement's principal is everyone (`*`, or `{"AWS": "*"}`). */
export function grantsEveryone(statement: Statement): boolean {
    return Object.values(statement.principals).some((values) => values.includes("*"));
}

/** True when the statement allows the service principal (e.g. `events.amazonaws.com`). */
export function allowsService(statement: Statement, service: string): boolean {
    return (statement.principals.Service ?? []).includes(service);
}

/** The condition keys the statement tests, lower-cased (`aws:sourcearn`, `aws:principalorgid`...). */
export function conditionKeys(statement: Statement): string[] {
    return Object.values(statement.conditions).flatMap((entries) => Object.keys(entries).map((k) => k.toLowerCase()));
}

/** True when `action` (as the statement spells it, wildcards allowed) covers `wanted`. */
export function actionCovers(action: string, wanted: string): boolean {
    const regex = new RegExp(`^${action.split("*").map(escapeRegex).join(".*")}$`, "i");
    return regex.test(wanted);
}

function escapeRegex(text: string): string {
    return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}

/** The two Lambda permissions AWS requires for a function URL with auth NONE, and nothing else. */
export function isFunctionUrlPermission(props: Record<string, any>): boolean {
    return (props.action === "lambda:InvokeFunctionUrl" && props.functionUrlAuthType === "NONE")
        || (props.action === "lambda:InvokeFunction" && props.invokedViaFunctionUrl === true);
}
