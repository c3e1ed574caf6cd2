// The pack's entry. The Pulumi CLI's policy host (`@pulumi/pulumi/cmd/run-policy-pack`) runs with
// this folder as its working directory and loads `.`, i.e. package.json `main`: this file.
// Constructing the PolicyPack starts the analyzer server and prints its port; PolicyPack reads
// the pack's version from ./package.json.
"use strict";
const fs = require("fs");
const path = require("path");
const { PolicyPack } = require("@pulumi/policy");

// In a clone the TypeScript sources sit next door (the policy host compiles them with ts-node);
// the npm package ships only the compiled policies, under dist/.
const sources = path.join(__dirname, "..", "policy", "index.ts");
const { policies, policyPackName } = require(fs.existsSync(sources) ? sources : "../dist/policy");

new PolicyPack(policyPackName, {
    description: "EventBridge integrations held to eventbridge-kit's bar: valid, scoped patterns; targets with the right permissions, roles and dead-letter queues; verified public endpoints; HTTPS API destinations.",
    enforcementLevel: "advisory",
    policies,
});
