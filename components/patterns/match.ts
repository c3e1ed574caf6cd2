/** Whether the event matches the pattern. */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
    void pattern; void event;
    throw new Error("matchesPattern: implementation lands in the next commit");
}
