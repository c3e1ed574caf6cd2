export { SafeEventBus } from "./safe-event-bus";
export type { SafeEventBusArgs, BusEncryption, BusLoggingArgs, BusLogLevel, BusArchiveArgs, BusPutEventsAccess } from "./args";
