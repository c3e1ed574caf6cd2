// `npm test`'s mocha run: the integration files, then the unit files, in one run on two workers.
// Mocha hands files to free workers in order, so the long process-level files start first and a
// long file never runs alone at the end while the other core idles.
"use strict";
const { integration, mochaConfig, unit } = require("./suites");

module.exports = mochaConfig([...integration, ...unit]);
