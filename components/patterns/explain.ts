/** Why a pattern matched or did not match an event. */
export interface MatchExplanation {
    matches: boolean;
    path?: string;
    reason?: string;
}

/** Explains the match decision. */
export function explainMatch(pattern: unknown, event: unknown): MatchExplanation {
    void pattern; void event;
    throw new Error("explainMatch: implementation lands in a following commit");
}
