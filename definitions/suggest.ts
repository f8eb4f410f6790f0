/** Did-you-mean: the known name nearest to an unknown one, by edit distance, with its work bounded. */
import { LIMITS } from '../common/definition-limits';

/** Rows for editDistance, kept between calls: suggestions compare a name with every field's. */
let rows: Int32Array[] = [];
function rowsFor(length: number): Int32Array[] {
  if (rows.length === 0 || rows[0].length < length + 2) rows = [0, 1, 2].map(() => new Int32Array(length + 2));
  return rows;
}

/**
 * Edit distance between two names (a swap of neighbours counts as one edit), for suggestions. Any
 * distance above `limit` comes back as `limit + 1`, found in time proportional to the shorter name
 * times the limit: only cells within `limit` of the table's diagonal can hold a smaller distance.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const over = Math.min(limit + 1, a.length + b.length + 1);
  if (Math.abs(a.length - b.length) >= over) return over;
  if (limit === 0) return a === b ? 0 : 1;
  // Three rows of the table, reused: the one before the previous (for swaps), the previous, this one.
  // Each row is read only within one cell of the band its own row wrote, and those edge cells are
  // set to `over`, so what earlier calls left in the rows is never read.
  let [before, previous, row] = rowsFor(b.length);
  for (let j = 0; j <= Math.min(b.length, over); j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - (over - 1));
    const hi = Math.min(b.length, i + (over - 1));
    row[0] = Math.min(i, over);
    row[lo - 1] = lo === 1 ? row[0] : over;
    row[hi + 1] = over;
    let best = row[lo - 1];
    for (let j = lo; j <= hi; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best >= over) return over;
    [before, previous, row] = [previous, row, before];
  }
  return Math.min(previous[b.length], over);
}

/** Names longer than this get no suggestion; no field name is. */
const SUGGEST_MAX_LENGTH = LIMITS.nameLength;
/** Edits a suggestion may be away; more is rarely a typo, and costs more to look for. */
const SUGGEST_MAX_EDITS = 3;

/** The candidate closest to `name`, if it is a likely typo or a shortening of it (`max` for `maximum`). */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length > SUGGEST_MAX_LENGTH) return undefined;
  const limit = Math.min(SUGGEST_MAX_EDITS, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate.length > SUGGEST_MAX_LENGTH) continue;
    const [a, b] = [name.toLowerCase(), candidate.toLowerCase()];
    const prefix = Math.min(a.length, b.length) >= 3 && (a.startsWith(b) || b.startsWith(a));
    const d = a === b ? 0 : prefix ? 1 : editDistance(name, candidate, Math.min(limit, bestDistance - 1));
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
    if (d === 0) break;
  }
  return best;
}

export const didYouMean = (name: string, candidates: Iterable<string>): string => {
  const s = suggest(name, candidates);
  return s ? ` (did you mean '${s}'?)` : '';
};
