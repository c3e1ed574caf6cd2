/** Suggestions for misspelt words: the known word nearest to the one written. */

/** The known word nearest to `word` (edit distance ≤ 3), to suggest a fix for a typo. */
export function closest(word: string, known: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = 4;
    for (const candidate of known) {
        const d = editDistance(word.toLowerCase(), candidate);
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best;
}

/** Levenshtein distance: insertions, deletions and substitutions of one character each. */
export function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const current = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = current;
        }
    }
    return row[b.length];
}
