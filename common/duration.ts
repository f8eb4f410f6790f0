/**
 * ISO 8601 durations (`P7D`, `PT2S`, `P1M`), kept free of Node APIs because workflow code uses them.
 * Months count as 30 days and years as 365: a cadence is a working rhythm, not a calendar date.
 */
export const ISO_DURATION_PATTERN =
  /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const UNIT_MS = [365 * 86_400_000, 30 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000];

export function isDuration(text: string): boolean {
  return ISO_DURATION_PATTERN.test(text);
}

/** Milliseconds in an ISO 8601 duration; throws RangeError on text that is not one. */
export function durationMs(text: string): number {
  const match = ISO_DURATION_PATTERN.exec(text);
  if (!match) throw new RangeError(`'${text}' is not an ISO 8601 duration such as P7D or PT2H`);
  return match.slice(1).reduce((total, part, i) => total + (part ? Number(part) * UNIT_MS[i] : 0), 0);
}
