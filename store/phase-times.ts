/**
 * Per-phase cycle time over the phases completed in a period: every visit to a phase that ended
 * (the case left the phase) within the period, whenever the case was opened. A case that left a
 * phase more than once in the period counts once for it, with the hours of those visits added up,
 * as its own report adds up its visits.
 *
 * Ranking every visit of a quarter on each load sorts hundreds of thousands of rows at 100,000
 * cases, so nothing is sorted: a visit carries its length, its case's team and definition, and
 * whether its case left the phase more than once (store/projection-tables.ts). The lone visits of
 * a phase are counted in the period, and a percentile is read off the index that keeps them in
 * order of length, counting from whichever end is nearer. The visits of cases that left the phase
 * more than once are few: they are summed per case and merged in (see `nth`).
 */
import type { Knex } from 'knex';
import { PHASES, type Phase } from '../common/phases';
import { round } from '../reports/case-report';
import type { Percentiles } from '../reports/types';
import type { Db } from './db';
import type { ReportWindow } from './reports';

const HOUR_MS = 3_600_000;

/** Nearest rank of `p` percent among `n` values, 1-based. */
export const rankOf = (p: number, n: number) => Math.floor((p * n + 99) / 100);

type Order = 'asc' | 'desc';

/** The visits of the window that ended, by the columns each visit carries. */
function ended(query: Knex.QueryBuilder, w: ReportWindow): Knex.QueryBuilder {
  query.whereNotNull('left_at');
  if (w.since) query.where('left_at', '>=', w.since);
  if (w.before) query.where('left_at', '<', w.before);
  if (w.definition) query.where('definition_key', w.definition);
  if (w.teams) query.whereIn('team', w.teams);
  return query;
}

/**
 * The `k`th value (1-based, in `order`) of a phase's lone visits together with `summed`, the
 * per-case sums of the cases that left it more than once (`m` of them). Of the lone visits only
 * those from position k - m on can be it: at most m values come before it from the sums, so the k -
 * m - 1 lone visits first in order are before it whatever the sums are. Those are skipped by the
 * index, the rest (at most m + 1) read and merged with the sums.
 */
async function nth(db: Db, w: ReportWindow, phase: Phase, k: number, order: Order, summed: number[]): Promise<number> {
  const skip = Math.max(0, k - 1 - summed.length);
  const rows: Array<{ duration_ms: number | string }> = await ended(db('case_visits').where({ phase, repeated: false }), w)
    .select('duration_ms')
    .orderBy('duration_ms', order)
    .limit(k - skip)
    .offset(skip);
  const merged = [...rows.map((r) => Number(r.duration_ms)), ...summed].sort((a, b) => (order === 'asc' ? a - b : b - a));
  return merged[k - skip - 1];
}

const DAY_MS = 86_400_000;
const instant = (iso: string) => new Date(iso).toISOString();
const dayOf = (iso: string) => iso.slice(0, 10);
const startsDay = (iso: string) => iso.endsWith('T00:00:00.000Z');
const nextDay = (iso: string) => dayOf(new Date(Date.parse(iso) + DAY_MS).toISOString());

/**
 * How many lone visits of each phase ended in the window: the whole days from the daily counts,
 * the part of a day at either end (a window that does not start or end at midnight) from the visits.
 */
async function loneCounts(db: Db, w: ReportWindow): Promise<Map<Phase, number>> {
  const since = w.since && instant(w.since);
  const before = w.before && instant(w.before);
  const fromDay = since && (startsDay(since) ? dayOf(since) : nextDay(since));
  const toDay = before && dayOf(before);
  const counts = new Map<Phase, number>();
  const add = (rows: Array<{ phase: Phase; n: number | string | null }>) => {
    for (const r of rows) counts.set(r.phase, (counts.get(r.phase) ?? 0) + Number(r.n ?? 0));
  };
  // By the index of visits by end time: a part of a day is a short range of it. (Asked for the phases by name, SQLite would walk the index of their lengths.)
  const fromVisits = (part: ReportWindow) => ended(db('case_visits').where('repeated', false), part).select('phase').count({ n: '*' }).groupBy('phase');
  if (fromDay && toDay && fromDay >= toDay) {
    add(await fromVisits(w));
    return counts;
  }
  const days = db('phase_end_counts').whereIn('phase', PHASES);
  if (fromDay) days.where('day', '>=', fromDay);
  if (toDay) days.where('day', '<', toDay);
  if (w.definition) days.where('definition_key', w.definition);
  if (w.teams) days.whereIn('team', w.teams);
  add(await days.select('phase').sum({ n: 'n' }).groupBy('phase'));
  if (since && fromDay && !startsDay(since)) add(await fromVisits({ ...w, since, before: `${fromDay}T00:00:00.000Z` }));
  if (before && toDay && !startsDay(before)) add(await fromVisits({ ...w, since: `${toDay}T00:00:00.000Z`, before }));
  return counts;
}

export async function completedPhaseTimes(db: Db, w: ReportWindow): Promise<Array<{ phase: Phase } & Percentiles>> {
  const [counts, repeated]: [Map<Phase, number>, Array<{ phase: Phase; ms: number | string }>] = await Promise.all([
    loneCounts(db, w),
    ended(db('case_visits').whereIn('phase', PHASES).where('repeated', true), w).select('phase').sum({ ms: 'duration_ms' }).groupBy('phase', 'case_id'),
  ]);
  const summed = new Map<Phase, number[]>();
  for (const r of repeated) summed.set(r.phase, [...(summed.get(r.phase) ?? []), Number(r.ms)]);
  const phases = PHASES.filter((p) => (counts.get(p) ?? 0) + (summed.get(p)?.length ?? 0) > 0);
  const percentile = (phase: Phase, p: number) => {
    const sums = summed.get(phase) ?? [];
    const n = (counts.get(phase) ?? 0) + sums.length;
    const k = rankOf(p, n);
    // Counted from the end nearer the rank: the index walks only that far.
    return k <= n - k + 1 ? nth(db, w, phase, k, 'asc', sums) : nth(db, w, phase, n - k + 1, 'desc', sums);
  };
  return Promise.all(
    phases.map(async (phase) => {
      const [p50, p90] = await Promise.all([percentile(phase, 50), percentile(phase, 90)]);
      // Hours to two places, as the reports give them.
      return { phase, cases: (counts.get(phase) ?? 0) + (summed.get(phase)?.length ?? 0), p50: round(p50 / HOUR_MS), p90: round(p90 / HOUR_MS) };
    }),
  );
}
