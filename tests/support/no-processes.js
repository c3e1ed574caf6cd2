// Loaded by `npm run test:unit`: a unit test starts no process. esbuild's own service process
// is a library's detail (the components bundle a user's hook with it), not a test of a process.
"use strict";
const childProcess = require("child_process");

// Only in mocha's workers, where the tests run: the main process forks the workers themselves.
const inWorker = process.env.MOCHA_WORKER_ID !== undefined;
for (const name of inWorker ? ["spawn", "spawnSync", "fork", "exec", "execSync", "execFile", "execFileSync"] : []) {
    const original = childProcess[name];
    childProcess[name] = function (command, ...rest) {
        if (typeof command === "string" && /esbuild/.test(command)) {
            return original.call(this, command, ...rest);
        }
        throw new Error(`a unit test started a process (${name} ${command}): move its file to \`integration\` in tests/support/suites.js`);
    };
}
