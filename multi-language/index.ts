import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { ApiDestinationTarget, SafeRule, WebhookIngress } from "./components";

// The plugin's entry: Pulumi runs it (through the Node.js language host) to read the schema and
// to construct the components for programs in other languages.
componentProviderHost({ name: "eventbridge-kit", dirname: __dirname, components: [WebhookIngress, SafeRule, ApiDestinationTarget] });
