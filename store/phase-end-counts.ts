/**
 * The daily counts of ended visits (`phase_end_counts`, migration 180) count, beside all of a day's
 * lone visits of a phase, those shorter than each of these lengths: a quarter of an hour, doubling
 * up to 8,192 hours. From them a percentile's rank is placed between two lengths, and only the
 * visits between are walked.
 */
export const PIVOTS_MS: readonly number[] = Array.from({ length: 16 }, (_, i) => 2 ** (i - 2) * 3_600_000);

/** The column that counts the visits shorter than PIVOTS_MS[i]. */
export const belowColumn = (i: number) => `below_${i}`;
