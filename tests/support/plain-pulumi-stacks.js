// Pulumi records a stack trace with every promise it makes and every resource (for its leak
// report and the resource's source position). Under ts-node each of them would be source-mapped,
// which is about a third of a component test's time. Those traces are formatted plainly here;
// every other error, a failing test's included, keeps its source-mapped stack.
"use strict";

const PULUMI_TRACES = new Set(["debuggablePromise", "callsites"]);
const mapped = Error.prepareStackTrace;

function plain(error, callsites) {
    return `${error}${callsites.map((site) => `\n    at ${site}`).join("")}`;
}

Error.prepareStackTrace = function prepareStackTrace(error, callsites) {
    const top = callsites[0] && callsites[0].getFunctionName();
    return PULUMI_TRACES.has(top) || !mapped ? plain(error, callsites) : mapped(error, callsites);
};
