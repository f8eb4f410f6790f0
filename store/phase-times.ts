/**
 * Per-phase cycle time over the phases completed in a period: every visit to a phase that ended
 * (the case left the phase) within the period, whenever the case was opened. A case that left a
 * phase more than once in the period counts once for it, with the hours of those visits added up,
 * as its own report adds up its visits. The database ranks the cases of each phase and answers
 * only the two ranks the percentiles take, so a quarter of visits never crosses into the process.
 */
import type { Phase } from '../common/phases';
import { round } from '../reports/case-report';
import type { Percentiles } from '../reports/types';
import { isSqlite, type Db } from './db';
import type { ReportWindow } from './reports';

/** Nearest rank of `p` percent among `n` values, 1-based: integer arithmetic both databases do alike. */
const rankOf = (p: number, n: number) => Math.floor((p * n + 99) / 100);

export async function completedPhaseTimes(db: Db, w: ReportWindow): Promise<Array<{ phase: Phase } & Percentiles>> {
  const hours = isSqlite(db)
    ? '(julianday(case_visits.left_at) - julianday(case_visits.entered_at)) * 24'
    : 'extract(epoch from (case_visits.left_at::timestamptz - case_visits.entered_at::timestamptz)) / 3600';
  const perCase = db('case_visits')
    .whereNotNull('case_visits.left_at')
    .select({ phase: 'case_visits.phase' })
    .select(db.raw(`sum(${hours}) as h`))
    .groupBy('case_visits.phase', 'case_visits.case_id');
  if (w.since) perCase.where('case_visits.left_at', '>=', w.since);
  if (w.before) perCase.where('case_visits.left_at', '<', w.before);
  // The definition and teams are asked of each visit's own case, by its key, rather than joined: a join
  // lets SQLite, which keeps no statistics, start from every case of the definition instead of the
  // visits that ended in the period.
  if (w.definition || w.teams) {
    perCase.whereExists((q) => {
      q.select('cases.id').from('cases').whereRaw('cases.id = case_visits.case_id');
      if (w.definition) q.where('cases.definition_key', w.definition);
      if (w.teams) q.whereIn('cases.team', w.teams);
    });
  }
  const ranked = db
    .select('phase', 'h', db.raw('row_number() over (partition by phase order by h) as rn'), db.raw('count(*) over (partition by phase) as n'))
    .from(perCase.as('per_case'));
  const rows: Array<{ phase: Phase; h: number | string; rn: number | string; n: number | string }> = await db
    .select('phase', 'h', 'rn', 'n')
    .from(ranked.as('ranked'))
    .whereRaw('rn = (50 * n + 99) / 100 or rn = (90 * n + 99) / 100');
  const byPhase = new Map<Phase, { phase: Phase } & Percentiles>();
  for (const r of rows) {
    const n = Number(r.n);
    const rn = Number(r.rn);
    const entry = byPhase.get(r.phase) ?? { phase: r.phase, cases: n, p50: null, p90: null };
    // Hours to two places, as the reports give them: the databases' date arithmetic is off by microseconds.
    if (rn === rankOf(50, n)) entry.p50 = round(Number(r.h));
    if (rn === rankOf(90, n)) entry.p90 = round(Number(r.h));
    byPhase.set(r.phase, entry);
  }
  return [...byPhase.values()];
}
