import { planProgram } from "./cli/eventbridge-kit";
(async () => {
    for (const dir of ["examples/github-to-stepfunctions", "examples/twilio-to-lambda", "examples/bird-to-s3", "examples/api-destinations", "."]) {
        const t0 = Date.now();
        try {
            const result = await planProgram(dir, "dev");
            const mine = result.findings.filter((f) => f.policyName === "rule-matches-ingress-events");
            console.log(dir, result.findings.length, "findings;", mine.length, "mine", Date.now() - t0, "ms", result.routing.webhooks.map((w) => `${w.name}:${w.provider}->${w.buses}`));
            for (const f of mine) console.log("   ", f.message);
        } catch (e) { console.log(dir, "ERR", (e as Error).message.slice(0, 300)); }
    }
})();
