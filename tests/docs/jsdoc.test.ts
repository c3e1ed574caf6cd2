// The public API documents itself: every export of the package entry has JSDoc, every member of
// its exported interfaces too, and every optional member of an Args/Options interface (what users
// pass to a component or builder) says its `@default`, as CDK's construct props do. The API
// reference (`npm run docs`) is generated from these comments.
import * as assert from "assert";
import { docsFindings } from "./docs-program";
import type { Coverage } from "./jsdoc-coverage";

describe("docs: JSDoc on the public API", function () {
    this.timeout(300_000);

    let found: Coverage;
    before(() => { found = docsFindings().jsdoc; });

    it("sees the component arguments (so the checks below cover them)", () => {
        for (const name of ["WebhookIngressArgs.secret", "SafeRuleArgs.deadLetterQueue", "ApiDestinationTargetArgs.connection", "AlbEndpointArgs.domainName", "QueueTargetOptions.messageGroupId"]) {
            assert.ok(found.members.includes(name), `${name} not among ${found.members.length} members`);
        }
        assert.ok(found.optionalArgsMembers.includes("SafeRuleArgs.retryPolicy"));
    });

    it("every export of the package entry and every Args/Options interface has JSDoc", () => {
        assert.deepStrictEqual(found.undocumentedExports, []);
    });

    it("every member of those interfaces has JSDoc", () => {
        assert.deepStrictEqual(found.undocumentedMembers, []);
    });

    it("every optional member of an Args/Options interface has a @default", () => {
        assert.deepStrictEqual(found.withoutDefault, []);
    });
});
