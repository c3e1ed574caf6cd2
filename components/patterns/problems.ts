/**
 * A reason a pattern or input transformer is invalid.
 *
 * `path` is a JSON path into the pattern (or transformer) that locates the problem, e.g.
 * `$.detail.state[0]`, or `$` for the whole document.
 */
export interface PatternProblem {
    path: string;
    message: string;
}

function describe(what: string, problems: PatternProblem[]): string {
    const lines = problems.map((p) => `  - ${p.path}: ${p.message}`);
    return `${what} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`;
}

/**
 * Thrown when an event pattern would be rejected by EventBridge (InvalidEventPatternException).
 * The message lists every problem; `problems` holds them for programs.
 */
export class InvalidPatternError extends Error {
    readonly problems: PatternProblem[];
    constructor(problems: PatternProblem[], what = "Invalid event pattern") {
        super(describe(what, problems));
        this.name = "InvalidPatternError";
        this.problems = problems;
    }
}

/**
 * Thrown when an input transformer would be rejected by EventBridge.
 * The message lists every problem; `problems` holds them for programs.
 */
export class InvalidInputTransformerError extends Error {
    readonly problems: PatternProblem[];
    constructor(problems: PatternProblem[], what = "Invalid input transformer") {
        super(describe(what, problems));
        this.name = "InvalidInputTransformerError";
        this.problems = problems;
    }
}
