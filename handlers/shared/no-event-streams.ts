/**
 * Bundled in place of `@smithy/core/event-streams` (see handlers/build.mjs). The S3 client wires
 * event-stream support for SelectObjectContent, which these handlers never call; the real module
 * is ~14 KB of codec the bundles do not need. Any attempt to use an event stream fails loudly.
 */
const unsupported = (): never => {
    throw new Error("event streams are not bundled into the eventbridge-kit handlers");
};

export const resolveEventStreamSerdeConfig = <T extends { eventStreamSerdeProvider: (input: T) => unknown }>(input: T) =>
    Object.assign(input, { eventStreamMarshaller: input.eventStreamSerdeProvider(input) });

/** The marshaller is created for every S3 client, so this must not throw; using it does. */
export const eventStreamSerdeProvider = () => ({ serialize: unsupported, deserialize: unsupported });

export class EventStreamSerde {
    constructor() {
        unsupported();
    }
}
