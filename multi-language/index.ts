import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { COMPONENTS, PACKAGE_NAME } from "./components";

// The plugin's entry: Pulumi runs it (through the Node.js language host) to read the schema and
// to construct the components for programs in other languages.
componentProviderHost({ name: PACKAGE_NAME, dirname: __dirname, components: COMPONENTS });
