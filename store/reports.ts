/** Stored case reports, and the reads the portfolio is added up from. */
import type { CaseReport, StoredCaseReport } from '../reports/types';
import type { Knex } from 'knex';
import type { Db } from './db';

/** Cases opened at or after `since` and before `before` (both ISO date-times), of one definition. */
export interface ReportWindow {
  since?: string;
  before?: string;
  definition?: string;
  /** Only cases of these teams. */
  teams?: string[];
}

/**
 * Saves a case's report; safe to repeat. A report made from an older revision of the case never
 * replaces one made from a newer revision, so a retried or late call cannot undo a fresher report.
 */
export async function saveCaseReport(db: Db, report: CaseReport, producedAt: string): Promise<void> {
  await db('case_reports')
    .insert({
      case_id: report.caseId,
      definition_key: report.definition.key,
      revision: report.revision,
      produced_at: producedAt,
      opened_at: report.openedAt,
      evaluated_at: report.evaluatedAt ?? null,
      closed_at: report.closedAt ?? null,
      cycle_hours: report.cycleHours,
      satisfaction: report.satisfaction,
      cost: report.cost,
      goals_reached: report.goals.reached,
      goals_total: report.goals.total,
      deadlines_met: report.deadlines.met,
      deadlines_missed: report.deadlines.missed,
      follow_ups_done: report.followUps.done,
      follow_ups_on_time: report.followUps.onTime,
      reassessments: report.loops.reassessments,
      replans: report.loops.replans,
      content: JSON.stringify(report),
    })
    .onConflict('case_id')
    .merge()
    .where('case_reports.revision', '<=', report.revision);
}

export async function getCaseReport(db: Db, caseId: string): Promise<StoredCaseReport | undefined> {
  const row = await db('case_reports').select('content', 'produced_at').where({ case_id: caseId }).first();
  return row ? { ...(JSON.parse(row.content) as CaseReport), producedAt: row.produced_at } : undefined;
}

function within<Q extends Knex.QueryBuilder>(query: Q, w: ReportWindow): Q {
  if (w.since) query.where('opened_at', '>=', w.since);
  if (w.before) query.where('opened_at', '<', w.before);
  if (w.definition) query.where('definition_key', w.definition);
  return query;
}

/**
 * Reports of cases of the window's teams; a report row names its case, whose row has the team. Asked
 * of each report's own case (by its key), never as the list of every id of those teams, which SQLite
 * made by reading each of their case rows.
 */
function ofTeams<Q extends Knex.QueryBuilder>(db: Db, query: Q, w: ReportWindow): Q {
  const teams = w.teams;
  if (teams) query.whereExists(db('cases').select('cases.id').whereRaw('cases.id = case_reports.case_id').whereIn('cases.team', teams));
  return query;
}

export type CaseCountColumn = 'phase' | 'risk_level' | 'status' | 'closure';

/** Cases in the window counted by one column of the read model; a missing value counts as `none`. */
export async function countCasesBy(db: Db, w: ReportWindow, column: CaseCountColumn): Promise<Record<string, number>> {
  const query = within(db('cases').select(column).count({ n: '*' }).groupBy(column), w);
  if (w.teams) query.whereIn('team', w.teams);
  if (column === 'closure') query.where('status', 'closed');
  const rows = (await query) as Record<string, unknown>[];
  const counts: Record<string, number> = {};
  for (const r of rows) counts[(r[column] as string | null) ?? 'none'] = Number(r.n);
  return counts;
}

/**
 * Cases in the window counted by every count column at once, in one read: an index on the opening
 * time that holds the columns answers it without reading the rows. Closures are of closed cases.
 */
export async function countCasesByEach(db: Db, w: ReportWindow): Promise<Record<CaseCountColumn, Record<string, number>>> {
  const columns: CaseCountColumn[] = ['phase', 'risk_level', 'status', 'closure'];
  const query = within(db('cases').select(columns).count({ n: '*' }).groupBy(columns), w);
  if (w.teams) query.whereIn('team', w.teams);
  const rows = (await query) as Record<string, unknown>[];
  const counts = Object.fromEntries(columns.map((c) => [c, {} as Record<string, number>])) as Record<CaseCountColumn, Record<string, number>>;
  for (const r of rows) {
    for (const c of columns) {
      if (c === 'closure' && r.status !== 'closed') continue;
      const value = (r[c] as string | null) ?? 'none';
      counts[c][value] = (counts[c][value] ?? 0) + Number(r.n);
    }
  }
  return counts;
}

export interface ReportFigures {
  cycleHours: number | null;
  satisfaction: number | null;
  cost: number | null;
  deadlinesMet: number;
  deadlinesMissed: number;
  followUpsDone: number;
  followUpsOnTime: number;
}

/**
 * The stored figures of every report of a case in the window. The fractional ones come from the
 * report itself: PostgreSQL keeps the float columns in single precision, about seven digits.
 */
export async function reportFigures(db: Db, w: ReportWindow): Promise<ReportFigures[]> {
  const rows = await ofTeams(db, within(db('case_reports').select('deadlines_met', 'deadlines_missed', 'follow_ups_done', 'follow_ups_on_time', 'content'), w), w);
  return rows.map((r) => {
    const report = JSON.parse(r.content) as CaseReport;
    return {
      cycleHours: report.cycleHours ?? null,
      satisfaction: report.satisfaction ?? null,
      cost: report.cost ?? null,
      deadlinesMet: Number(r.deadlines_met),
      deadlinesMissed: Number(r.deadlines_missed),
      followUpsDone: Number(r.follow_ups_done),
      followUpsOnTime: Number(r.follow_ups_on_time),
    };
  });
}
