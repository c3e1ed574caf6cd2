import { KitPolicy, resourcePolicy, stackPolicy } from "./internal/define";
import { StackResource, StackView, types } from "../stack";
import { isFunctionUrlPermission } from "./internal/iam";
import { isUnknown, listOf } from "./values";

export const lambdaPermissionEventsSourceArn: KitPolicy = resourcePolicy({
    name: "lambda-permission-events-source-arn",
    description: "A Lambda permission for events.amazonaws.com names the rule in sourceArn, so no other rule (in any account) can invoke the function.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set sourceArn to the ARN of the rule that targets the function (SafeRule's Lambda target creates this permission per rule).",
    resourceTypes: [types.lambdaPermission],
}, (props, report) => {
    if (props.principal === "events.amazonaws.com" && props.sourceArn === undefined) {
        report("The permission lets events.amazonaws.com invoke the function without a sourceArn: any EventBridge rule, in any account, could invoke it.");
    }
});

/** @deprecated Use {@link lambdaPermissionEventsSourceArn}: the export is named after its rule. */
export const lambdaPermissionSourceArn = lambdaPermissionEventsSourceArn;

export const lambdaPermissionNoPublicPrincipal: KitPolicy = stackPolicy({
    name: "lambda-permission-no-public-principal",
    description: "No Lambda permission grants the `*` principal, except the two a public function URL needs, and only on a WebhookIngress (which verifies every request's signature).",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Grant a specific principal (a service with sourceArn, or an account). For a public webhook endpoint use WebhookIngress, which verifies signatures before anything reaches the bus.",
}, (stack, report) => {
    for (const permission of stack.ofType(types.lambdaPermission)) {
        if (permission.props.principal !== "*") {
            continue;
        }
        if (!isFunctionUrlPermission(permission.props)) {
            report(`Lambda permission "${permission.name}" lets anyone (principal "*") call ${String(permission.props.action)} on the function.`, permission.urn);
        } else if (!stack.hasAncestor(permission, types.webhookIngress)) {
            report(`Lambda permission "${permission.name}" opens a function URL to everyone outside a WebhookIngress: nothing guarantees the requests are verified.`, permission.urn);
        }
    }
});

/** @deprecated Use {@link lambdaPermissionNoPublicPrincipal}: the export is named after its rule. */
export const lambdaPermissionPublicPrincipal = lambdaPermissionNoPublicPrincipal;

/** The function a function URL or permission is about: the resource, or its known name. */
function functionKeys(stack: StackView, entry: StackResource, prop: string): unknown[] {
    const resources = stack.referenced(entry, prop, [types.lambdaFunction]);
    const value = entry.props[prop];
    return [...resources, ...(typeof value === "string" ? [value] : [])];
}

export const functionUrlPublicOnlyUnderWebhookIngress: KitPolicy = stackPolicy({
    name: "function-url-public-only-under-webhook-ingress",
    description: "A function URL with auth type NONE exists only inside a WebhookIngress (signature verification on), with both permissions AWS requires for public invocation.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Use WebhookIngress for public webhook endpoints, or set authorizationType to AWS_IAM. A NONE URL needs lambda:InvokeFunctionUrl (functionUrlAuthType NONE) and lambda:InvokeFunction (invokedViaFunctionUrl true) for principal \"*\".",
}, (stack, report) => {
    for (const url of stack.ofType(types.functionUrl)) {
        if (url.props.authorizationType !== "NONE") {
            continue;
        }
        if (!stack.hasAncestor(url, types.webhookIngress)) {
            report(`Function URL "${url.name}" is public (authorizationType NONE) but not part of a WebhookIngress: requests reach the function unverified.`, url.urn);
        }
        const keys = functionKeys(stack, url, "functionName");
        const permissions = stack.ofType(types.lambdaPermission)
            .filter((p) => p.props.principal === "*")
            .filter((p) => functionKeys(stack, p, "function").some((k) => keys.includes(k)));
        const missing = [
            permissions.some((p) => p.props.action === "lambda:InvokeFunctionUrl" && p.props.functionUrlAuthType === "NONE") ? "" : "lambda:InvokeFunctionUrl with functionUrlAuthType NONE",
            permissions.some((p) => p.props.action === "lambda:InvokeFunction" && p.props.invokedViaFunctionUrl === true) ? "" : "lambda:InvokeFunction with invokedViaFunctionUrl true",
        ].filter(Boolean);
        if (missing.length > 0) {
            report(`Function URL "${url.name}" is public but its function lacks the permission${missing.length > 1 ? "s" : ""} AWS requires: ${missing.join("; ")}. Requests are refused with 403.`, url.urn);
        }
    }
});

/** @deprecated Use {@link functionUrlPublicOnlyUnderWebhookIngress}: the export is named after its rule. */
export const functionUrlPublic = functionUrlPublicOnlyUnderWebhookIngress;

export const functionUrlNoWildcardCors: KitPolicy = resourcePolicy({
    name: "function-url-no-wildcard-cors",
    description: "A function URL does not allow every origin in CORS: webhooks are server-to-server and need no browser access.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Remove the cors block, or list the exact origins that must call the URL from a browser.",
    resourceTypes: [types.functionUrl],
}, (props, report) => {
    const origins = props.cors?.allowOrigins;
    if (!isUnknown(origins) && listOf(origins).includes("*")) {
        report("cors.allowOrigins contains \"*\": any web page can call this endpoint from a visitor's browser.");
    }
});

/** @deprecated Use {@link functionUrlNoWildcardCors}: the export is named after its rule. */
export const functionUrlCors = functionUrlNoWildcardCors;

export const lambdaPolicies: KitPolicy[] = [lambdaPermissionEventsSourceArn, lambdaPermissionNoPublicPrincipal, functionUrlPublicOnlyUnderWebhookIngress, functionUrlNoWildcardCors];
