// `npm run test:integration`: the process-level tests (tests/support/suites.js).
"use strict";
const { integration, mochaConfig } = require("./suites");

module.exports = mochaConfig(integration);
