/**
 * Customization without forking: a user module, bundled next to the handler as `hook.js`
 * (EBK_HOOK=1), sees every verified event before delivery and returns it (changed or not), or
 * null to drop it on purpose. Its errors answer 5xx, so the provider redelivers rather than
 * losing the event.
 *
 * ```ts
 * import type { VerifiedEvent, HookContext } from "eventbridge-kit";
 * export async function enrich(event: VerifiedEvent, context: HookContext): Promise<VerifiedEvent | null> {
 *     if (event.detailType === "star") return null;
 *     return { ...event, detail: { ...event.detail, payload: { ...(event.detail.payload as object), team: "platform" } } };
 * }
 * ```
 */
import type { ProviderName, VerifiedEvent } from "./events";

export type { EventMetadata, ProviderName, VerifiedEvent } from "./events";

/** What a hook knows about the request besides the event. */
export interface HookContext {
    /** The provider whose delivery this is. */
    provider: ProviderName;
    /** The Lambda request id, as in the handler's logs. */
    requestId: string;
    /** The provider's delivery id (GitHub `X-GitHub-Delivery`, Bird batch id, Stripe event id...). */
    deliveryId: string;
    /** Request headers with signature and authorization headers redacted (empty for batches read from S3). */
    headers: Record<string, string | string[]>;
}

/** A hook: returns the event (changed or not) to deliver it, or null to drop it on purpose. */
export type EnrichHook = (event: VerifiedEvent, context: HookContext) => Promise<VerifiedEvent | null>;

export interface HookModule {
    enrich: EnrichHook;
}

/**
 * Loads the bundled `hook.js` that sits next to the handler's index.js. `load` is how the module
 * is obtained: in Lambda a require of that file; `eventbridge-kit simulate` compiles the same
 * bundled text the plan's archive holds.
 */
export function loadBundledHook(load: () => unknown = requireBundledHook): EnrichHook {
    const module = load() as Partial<HookModule>;
    if (typeof module.enrich !== "function") {
        throw new Error("hook.js does not export an `enrich(event, context)` function; export one (async, returning the event or null)");
    }
    return module.enrich;
}

function requireBundledHook(): unknown {
    // Resolved at run time from the archive, never bundled: the component adds hook.js beside index.js.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("./hook.js");
}

/** A hook's answer must still be a deliverable event. */
export function isVerifiedEvent(value: unknown): value is VerifiedEvent {
    const event = value as VerifiedEvent;
    return (
        typeof event === "object" &&
        event !== null &&
        typeof event.source === "string" &&
        event.source.length > 0 &&
        typeof event.detailType === "string" &&
        event.detailType.length > 0 &&
        typeof event.detail === "object" &&
        event.detail !== null &&
        typeof event.detail.metadata === "object"
    );
}

/** Runs the hook over every event; null drops one. Throws when the hook throws or returns something that is not an event. */
export async function applyHook(hook: EnrichHook, events: VerifiedEvent[], context: HookContext): Promise<VerifiedEvent[]> {
    const kept: VerifiedEvent[] = [];
    for (const event of events) {
        const result = await hook(event, context);
        if (result === null) continue;
        if (!isVerifiedEvent(result)) {
            throw new Error("the hook returned something that is not an event (need source, detailType and detail.metadata) or null");
        }
        kept.push(result);
    }
    return kept;
}
