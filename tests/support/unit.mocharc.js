// `npm run test:unit`: every test that starts no process (tests/support/suites.js).
"use strict";
const { mochaConfig, unit } = require("./suites");

module.exports = mochaConfig(unit, { require: [require.resolve("./no-processes")] });
