import * as fs from "fs";
import * as path from "path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { COMPONENTS, PACKAGE_NAME } from "./components";
/** Where the expected schema is checked in (`npm run schema` rewrites it). */
export const SCHEMA_FILE = path.join(__dirname, "schema.json");

/** The component provider `componentProviderHost` serves, built the same way. */
export function componentProvider(): ComponentProvider {
    return new ComponentProvider({ name: PACKAGE_NAME, dirname: __dirname, components: COMPONENTS });
}

/** The schema Pulumi infers from the front doors' sources, as stable JSON text. */
export async function inferSchema(provider: ComponentProvider = componentProvider()): Promise<string> {
    return `${JSON.stringify(JSON.parse(await provider.getSchema()), null, 2)}\n`;
}

if (require.main === module) {
    inferSchema().then((schema) => {
        fs.writeFileSync(SCHEMA_FILE, schema);
        console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
    }, (error: Error) => {
        console.error(error.message);
        process.exitCode = 1;
    });
}
