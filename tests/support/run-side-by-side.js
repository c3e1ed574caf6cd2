// Runs npm scripts side by side and fails if any fails: `npm test`'s single-threaded checks
// (build's tsc, the type check, eslint) would otherwise leave the second core idle. Each
// script's output is printed in one piece when it ends, so the outputs never interleave.
"use strict";
const { spawn } = require("child_process");

const scripts = process.argv.slice(2);
// npm sets npm_execpath to its own CLI when it runs a script; elsewhere, find npm on the PATH.
const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ["npm", []];

const runs = scripts.map((script) => new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(npm[0], [...npm[1], "run", script], { stdio: ["ignore", "pipe", "pipe"], shell: !process.env.npm_execpath && process.platform === "win32" });
    const output = [];
    child.stdout.on("data", (chunk) => output.push(chunk));
    child.stderr.on("data", (chunk) => output.push(chunk));
    child.on("error", (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on("close", (code, signal) => {
        const status = code === 0 ? "ok" : `failed (${signal ?? `exit ${code}`})`;
        process.stdout.write(`> npm run ${script}: ${status} in ${((Date.now() - started) / 1000).toFixed(0)} s\n${Buffer.concat(output).toString()}`);
        resolve(code === 0);
    });
}));

Promise.all(runs).then((passed) => {
    process.exitCode = passed.every(Boolean) ? 0 : 1;
});
