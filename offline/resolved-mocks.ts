/**
 * The mocks the offline plan runs a program under (see stack/identities): what AWS and the
 * provider would answer for each new resource.
 */
import * as pulumi from "@pulumi/pulumi";
import { AWS_PROVIDER_TYPE, callResultOf, identityOf, Placement, providerPlacement } from "../stack";

/**
 * Mocks that answer as AWS and the provider would for a new resource (see stack/identities):
 * auto-named physical names, ids and ARNs in each service's format, in the given account and
 * region. The offline plan runs programs under these as an update, so every apply resolves.
 * Only the latest state per type and name is kept: the plan reads nothing else. A resource
 * given an explicit `aws.Provider` is placed in that provider's region (and account, when it
 * assumes a role in another or allows only one).
 */
export class ResolvedMocks implements pulumi.runtime.Mocks {
    private readonly states = new Map<string, Record<string, any>>();
    /** Explicit AWS providers by the id they were answered with. */
    private readonly providers = new Map<string, Placement>();

    constructor(readonly placement: Placement) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
        const inputs = args.inputs ?? {};
        const place = this.placementFor(args.provider);
        const identity = identityOf(args.type, args.name, inputs, place);
        const state = { ...inputs, ...identity.state };
        const id = args.id || identity.id;
        if (args.type === AWS_PROVIDER_TYPE) {
            this.providers.set(id, providerPlacement(inputs, this.placement));
        }
        this.states.set(`${args.type}::${args.name}`, { id: identity.id, ...identity.state });
        return { id, state };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        return callResultOf(args.token, args.inputs ?? {}, this.placementFor(args.provider));
    }

    /** Where a resource lands: its provider's placement (a reference is `<urn>::<id>`), else the stack's. */
    placementFor(provider: string | undefined): Placement {
        const id = provider ? provider.slice(provider.lastIndexOf("::") + 2) : undefined;
        return (id && this.providers.get(id)) || this.placement;
    }

    /** What the provider computed for a resource (id, ARN, physical name...), beyond its inputs. */
    computed(type: string, name: string): Record<string, any> | undefined {
        return this.states.get(`${type}::${name}`);
    }
}
