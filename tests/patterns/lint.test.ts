import * as assert from "assert";
import { InvalidPatternError, lintPattern, LintFinding, LintOptions, LintRuleId } from "../../components/patterns";

const scoped = { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"], detail: { state: ["running"] } };

function rulesOf(findings: LintFinding[]): LintRuleId[] {
    return findings.map((f) => f.rule);
}

interface Case {
    rule: LintRuleId;
    failing: unknown;
    options?: LintOptions;
    level: string;
    path: string;
    message: RegExp;
    passing: unknown;
}

const cases: Case[] = [
    {
        rule: "missing-source", failing: { "detail-type": ["push"] }, level: "error", path: "$",
        message: /^the pattern has no "source" filter, so events from any service or application on the bus can match; add e\.g\. "source": \["aws\.ec2"\]$/,
        passing: { source: ["github.com"], "detail-type": ["push"] },
    },
    {
        rule: "missing-source", failing: { "detail-type": ["push"], $or: [{ source: ["a"] }, { detail: { x: ["1"] } }] }, level: "error", path: "$",
        message: /^1 of 2 \$or alternatives have no "source" filter/,
        passing: { "detail-type": ["push"], $or: [{ source: ["a"] }, { source: ["b"], detail: { x: ["1"] } }] },
    },
    {
        rule: "missing-detail-type", failing: { source: ["github.com"] }, level: "warn", path: "$",
        message: /no "detail-type" filter, so new event types from the same source will start matching later/,
        passing: { source: ["github.com"], "detail-type": ["push"] },
    },
    {
        rule: "match-all", failing: { source: [{ prefix: "" }] }, level: "error", path: "$",
        message: /^the pattern matches every event on the bus \(source: \[\{"prefix":""\}\]\)/,
        passing: { source: [{ prefix: "aws." }] },
    },
    {
        rule: "match-all", failing: { source: [{ exists: true }], "detail-type": [{ wildcard: "*" }] }, level: "error", path: "$",
        message: /matches every event on the bus/,
        passing: { source: [{ exists: true }], "detail-type": [{ wildcard: "Object *" }] },
    },
    {
        rule: "match-any-value", failing: { ...scoped, detail: { bucket: [{ suffix: "" }] } }, level: "warn", path: "$.detail.bucket[0]",
        message: /^\{"suffix":""\} accepts any string, so it does not filter "detail\.bucket"/,
        passing: { ...scoped, detail: { bucket: [{ suffix: "-logs" }] } },
    },
    {
        rule: "exists-only", failing: { detail: { id: [{ exists: true }] } }, level: "warn", path: "$",
        message: /^the pattern only checks that fields exist \(detail\.id\); add content filters/,
        passing: { detail: { id: [{ exists: true }], kind: ["order"] } },
    },
    {
        rule: "long-value-list", failing: { ...scoped, detail: { state: Array.from({ length: 11 }, (_, i) => `s${i}`) } }, level: "warn", path: "$.detail.state",
        message: /^"detail\.state" lists 11 values \(more than 10\); match a common prefix or wildcard, filter on another field, or split the alternatives with \$or$/,
        passing: { ...scoped, detail: { state: Array.from({ length: 10 }, (_, i) => `s${i}`) } },
    },
    {
        rule: "long-value-list", options: { maxValueListLength: 2 }, failing: { ...scoped, detail: { state: ["a", "b", "c"] } }, level: "warn", path: "$.detail.state",
        message: /lists 3 values \(more than 2\)/,
        passing: { ...scoped, detail: { state: ["a", "b"] } },
    },
    {
        rule: "missing-account", options: { crossAccount: true }, failing: scoped, level: "warn", path: "$",
        message: /no "account" filter although the bus receives events from other accounts/,
        passing: { ...scoped, account: ["111122223333"] },
    },
    {
        rule: "missing-region", options: { crossRegion: true }, failing: scoped, level: "warn", path: "$",
        message: /no "region" filter although the bus receives events from other regions/,
        passing: { ...scoped, region: ["eu-west-1"] },
    },
    {
        rule: "near-size-quota", options: { maxPatternLength: 200 }, failing: { ...scoped, detail: { id: ["x".repeat(80)] } }, level: "info", path: "$",
        message: /^the pattern is 1\d\d of 200 allowed characters/,
        passing: scoped,
    },
];

describe("patterns: lintPattern", () => {
    it("finds nothing in a scoped pattern", () => {
        assert.deepStrictEqual(lintPattern(scoped), []);
        assert.deepStrictEqual(lintPattern(JSON.stringify(scoped), { crossAccount: false, crossRegion: false }), []);
    });

    for (const c of cases) {
        it(`${c.rule}: fires on ${JSON.stringify(c.failing).slice(0, 60)} and not on the fix`, () => {
            const finding = lintPattern(c.failing, c.options).find((f) => f.rule === c.rule);
            assert.ok(finding, `expected ${c.rule} in ${JSON.stringify(lintPattern(c.failing, c.options), null, 1)}`);
            assert.strictEqual(finding.level, c.level);
            assert.strictEqual(finding.path, c.path);
            assert.match(finding.message, c.message);
            assert.ok(!rulesOf(lintPattern(c.passing, c.options)).includes(c.rule), JSON.stringify(lintPattern(c.passing, c.options)));
        });
    }

    it("does not require account or region unless the bus is cross-account or cross-region", () => {
        assert.deepStrictEqual(rulesOf(lintPattern(scoped, { crossAccount: false, crossRegion: false })), []);
    });

    it("levels can be changed or turned off per rule", () => {
        const pattern = { source: ["github.com"] };
        assert.deepStrictEqual(lintPattern(pattern, { levels: { "missing-detail-type": "error" } }).map((f) => [f.rule, f.level]), [["missing-detail-type", "error"]]);
        assert.deepStrictEqual(lintPattern(pattern, { levels: { "missing-detail-type": "off" } }), []);
    });

    it("throws InvalidPatternError for an invalid pattern", () => {
        assert.throws(() => lintPattern({ source: "x" }), InvalidPatternError);
    });
});
