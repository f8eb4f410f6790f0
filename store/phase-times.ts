/**
 * Per-phase cycle time over the phases completed in a period: every visit to a phase that ended
 * (the case left the phase) within the period, whenever the case was opened. A case that left a
 * phase more than once in the period counts once for it, with the hours of those visits added up,
 * as its own report adds up its visits.
 */
import type { Phase } from '../common/phases';
import type { Db } from './db';
import type { ReportWindow } from './reports';

const HOUR_MS = 3_600_000;

/** For each phase, the hours each case spent in the visits to it that ended in the window. */
export async function completedPhaseHours(db: Db, w: ReportWindow): Promise<Map<Phase, number[]>> {
  const query = db('case_visits').join('cases', 'cases.id', 'case_visits.case_id').whereNotNull('case_visits.left_at').select('case_visits.case_id', 'case_visits.phase', 'case_visits.entered_at', 'case_visits.left_at');
  if (w.since) query.where('case_visits.left_at', '>=', w.since);
  if (w.before) query.where('case_visits.left_at', '<', w.before);
  if (w.definition) query.where('cases.definition_key', w.definition);
  if (w.teams) query.whereIn('cases.team', w.teams);
  const rows: Array<{ case_id: string; phase: Phase; entered_at: string; left_at: string }> = await query;
  const perCase = new Map<Phase, Map<string, number>>();
  for (const r of rows) {
    const cases = perCase.get(r.phase) ?? new Map<string, number>();
    cases.set(r.case_id, (cases.get(r.case_id) ?? 0) + Math.max(0, Date.parse(r.left_at) - Date.parse(r.entered_at)) / HOUR_MS);
    perCase.set(r.phase, cases);
  }
  return new Map([...perCase].map(([phase, cases]) => [phase, [...cases.values()]]));
}
