/**
 * Per-phase cycle time over the phases completed in a period: every visit to a phase that ended
 * (the case left the phase) within the period, whenever the case was opened. A case that left a
 * phase more than once in the period counts once for it, with the hours of those visits added up,
 * as its own report adds up its visits.
 *
 * Ranking every visit of a quarter on each load sorts hundreds of thousands of rows at 100,000
 * cases, so nothing is sorted: a visit carries its length, its case's team and definition, and
 * whether its case left the phase more than once (store/projection-tables.ts). The lone visits of
 * a phase are counted in the period from daily counts, which also place a percentile between two
 * lengths (store/phase-end-counts.ts); it is read off the index that keeps the visits in order of
 * length, walked from the nearer of the two. The visits of cases that left the phase more than
 * once are few: they are summed per case and merged in (see `nth`).
 */
import type { Knex } from 'knex';
import { PHASES, type Phase } from '../common/phases';
import { round } from '../reports/case-report';
import type { Percentiles } from '../reports/types';
import type { Db } from './db';
import { belowColumn, PIVOTS_MS } from './phase-end-counts';
import type { ReportWindow } from './reports';
import { inScope } from './scope';

const HOUR_MS = 3_600_000;

/** Nearest rank of `p` percent among `n` values, 1-based. */
export const rankOf = (p: number, n: number) => Math.floor((p * n + 99) / 100);

type Order = 'asc' | 'desc';

/** A phase's lone visits ended in the window: how many, and how many shorter than each of PIVOTS_MS. */
interface Lone {
  n: number;
  below: number[];
}

/** The visits of the window that ended, by the columns each visit carries. */
function ended(query: Knex.QueryBuilder, w: ReportWindow): Knex.QueryBuilder {
  query.whereNotNull('left_at');
  if (w.since) query.where('left_at', '>=', w.since);
  if (w.before) query.where('left_at', '<', w.before);
  return inScope(query, w);
}

/** Where a walk starts: from `bound` on (`asc`, lengths at least it) or below it (`desc`), the whole phase without one. */
interface Walk {
  order: Order;
  bound?: number;
}

/**
 * The `k`th value (1-based, in the walk's order) of a phase's lone visits past the walk's bound,
 * together with `summed`, the per-case sums past it of the cases that left the phase more than once.
 * Of the lone visits only those from position k - m on (m sums) can be it: at most m values come
 * before it from the sums, so the k - m - 1 lone visits first in order are before it whatever the
 * sums are. Those are skipped by the index, the rest (at most m + 1) read and merged with the sums.
 */
async function nth(db: Db, w: ReportWindow, phase: Phase, k: number, walk: Walk, summed: number[]): Promise<number> {
  const skip = Math.max(0, k - 1 - summed.length);
  const query = ended(db('case_visits').where({ phase, repeated: false }), w);
  if (walk.bound !== undefined) query.where('duration_ms', walk.order === 'asc' ? '>=' : '<', walk.bound);
  const rows: Array<{ duration_ms: number | string }> = await query
    .select('duration_ms')
    .orderBy('duration_ms', walk.order)
    .limit(k - skip)
    .offset(skip);
  const merged = [...rows.map((r) => Number(r.duration_ms)), ...summed].sort((a, b) => (walk.order === 'asc' ? a - b : b - a));
  return merged[k - skip - 1];
}

/**
 * The `k`th shortest of a phase's values: its lone visits (`lone`) and the sums of the cases that
 * left it more than once (`sums`). The daily counts place it between two of PIVOTS_MS; the walk
 * starts at whichever of the two leaves fewer values to step over.
 */
function percentileOf(db: Db, w: ReportWindow, phase: Phase, k: number, lone: Lone, sums: number[]): Promise<number> {
  const n = lone.n + sums.length;
  const below = PIVOTS_MS.map((ms, i) => lone.below[i] + sums.filter((s) => s < ms).length);
  // The counts grow with the length: the pivots short of k all come before the first that reaches it.
  const upper = below.findIndex((c) => c >= k);
  const lower = (upper < 0 ? below.length : upper) - 1;
  const fromLower = k - (lower < 0 ? 0 : below[lower]);
  const fromUpper = (upper < 0 ? n : below[upper]) - k + 1;
  if (fromLower <= fromUpper) {
    const bound = lower < 0 ? undefined : PIVOTS_MS[lower];
    return nth(db, w, phase, fromLower, { order: 'asc', bound }, sums.filter((s) => bound === undefined || s >= bound));
  }
  const bound = upper < 0 ? undefined : PIVOTS_MS[upper];
  return nth(db, w, phase, fromUpper, { order: 'desc', bound }, sums.filter((s) => bound === undefined || s < bound));
}

const DAY_MS = 86_400_000;
const instant = (iso: string) => new Date(iso).toISOString();
const dayOf = (iso: string) => iso.slice(0, 10);
const startsDay = (iso: string) => iso.endsWith('T00:00:00.000Z');
const nextDay = (iso: string) => dayOf(new Date(Date.parse(iso) + DAY_MS).toISOString());
const BELOW = PIVOTS_MS.map((_, i) => belowColumn(i));

/**
 * The lone visits of each phase that ended in the window: the whole days from the daily counts,
 * the part of a day at either end (a window that does not start or end at midnight) from the visits.
 */
async function loneCounts(db: Db, w: ReportWindow): Promise<Map<Phase, Lone>> {
  const since = w.since && instant(w.since);
  const before = w.before && instant(w.before);
  const fromDay = since && (startsDay(since) ? dayOf(since) : nextDay(since));
  const toDay = before && dayOf(before);
  const counts = new Map<Phase, Lone>();
  const add = (rows: Array<Record<string, number | string | null>>) => {
    for (const r of rows) {
      const phase = r.phase as Phase;
      const c = counts.get(phase) ?? { n: 0, below: PIVOTS_MS.map(() => 0) };
      c.n += Number(r.n ?? 0);
      BELOW.forEach((col, i) => (c.below[i] += Number(r[col] ?? 0)));
      counts.set(phase, c);
    }
  };
  // By the index of visits by end time: a part of a day is a short range of it. (Asked for the phases by name, SQLite would walk the index of their lengths.)
  const fromVisits = (part: ReportWindow) =>
    ended(db('case_visits').where('repeated', false), part)
      .select('phase')
      .count({ n: '*' })
      .select(PIVOTS_MS.map((ms, i) => db.raw(`sum(case when duration_ms < ? then 1 else 0 end) as ??`, [ms, BELOW[i]])))
      .groupBy('phase');
  if (fromDay && toDay && fromDay >= toDay) {
    add(await fromVisits(w));
    return counts;
  }
  const days = db('phase_end_counts').whereIn('phase', PHASES);
  if (fromDay) days.where('day', '>=', fromDay);
  if (toDay) days.where('day', '<', toDay);
  add(await inScope(days, w).select('phase').sum({ n: 'n' }).sum(Object.fromEntries(BELOW.map((c) => [c, c]))).groupBy('phase'));
  if (since && fromDay && !startsDay(since)) add(await fromVisits({ ...w, since, before: `${fromDay}T00:00:00.000Z` }));
  if (before && toDay && !startsDay(before)) add(await fromVisits({ ...w, since: `${toDay}T00:00:00.000Z`, before }));
  return counts;
}

export async function completedPhaseTimes(db: Db, w: ReportWindow): Promise<Array<{ phase: Phase } & Percentiles>> {
  const [counts, repeated]: [Map<Phase, Lone>, Array<{ phase: Phase; ms: number | string }>] = await Promise.all([
    loneCounts(db, w),
    ended(db('case_visits').whereIn('phase', PHASES).where('repeated', true), w).select('phase').sum({ ms: 'duration_ms' }).groupBy('phase', 'case_id'),
  ]);
  const summed = new Map<Phase, number[]>();
  for (const r of repeated) summed.set(r.phase, [...(summed.get(r.phase) ?? []), Number(r.ms)]);
  const none: Lone = { n: 0, below: PIVOTS_MS.map(() => 0) };
  const phases = PHASES.filter((p) => (counts.get(p)?.n ?? 0) + (summed.get(p)?.length ?? 0) > 0);
  return Promise.all(
    phases.map(async (phase) => {
      const lone = counts.get(phase) ?? none;
      const sums = summed.get(phase) ?? [];
      const n = lone.n + sums.length;
      const [p50, p90] = await Promise.all([percentileOf(db, w, phase, rankOf(50, n), lone, sums), percentileOf(db, w, phase, rankOf(90, n), lone, sums)]);
      // Hours to two places, as the reports give them.
      return { phase, cases: n, p50: round(p50 / HOUR_MS), p90: round(p90 / HOUR_MS) };
    }),
  );
}
