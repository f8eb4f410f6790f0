/** The read model's case lists: their filters, orders and pages, shared by the API, the console and the dashboard. */
import type { Knex } from 'knex';
import type { CaseRow } from '../common/case-types';
import { CASE_STATUSES } from '../common/phases';
import { isSqlite, type Db } from './db';
import { ROW_COLUMNS, rowFromColumns } from './cases';

/** Orders a list may take: a field, ascending, or descending with a leading `-`. */
export const CASE_SORTS = ['-openedAt', 'openedAt', 'dueAt', '-dueAt', '-updatedAt', 'updatedAt', 'title', '-title', 'urgency', '-urgency'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];
export const DEFAULT_CASE_SORT: CaseSort = '-openedAt';

/** A case with nothing due sorts after every case with a due time, whichever way the list runs. */
const NOTHING_DUE = '9999-12-31T23:59:59.999Z';
/**
 * `urgency` lists the most urgent first (common/urgency.ts: the higher, the more urgent), `-urgency`
 * the least. Its position is a number; `bind` gives it to SQL as one.
 */
const SORT_COLUMNS: Record<string, { sql: string; of: (r: CaseRow) => string; bind?: (value: string) => number; reversed?: boolean }> = {
  urgency: { sql: 'urgency', of: (r) => String(r.urgency ?? 0), bind: (v) => (Number.isFinite(Number(v)) ? Number(v) : 0), reversed: true },
  openedAt: { sql: 'opened_at', of: (r) => r.openedAt },
  dueAt: { sql: `coalesce(due_at, '${NOTHING_DUE}')`, of: (r) => r.dueAt ?? NOTHING_DUE },
  updatedAt: { sql: 'updated_at', of: (r) => r.updatedAt },
  title: { sql: 'title', of: (r) => r.title },
};

function sortParts(sort: CaseSort) {
  const column = SORT_COLUMNS[sort.replace(/^-/, '')];
  return { column, descending: sort.startsWith('-') !== Boolean(column.reversed) };
}

/** The position of a row in a list sorted so: what the next page starts after. */
export function sortPosition(row: CaseRow, sort: CaseSort = DEFAULT_CASE_SORT): { value: string; id: string } {
  return { value: sortParts(sort).column.of(row), id: row.id };
}

export interface CaseFilters {
  phase?: string;
  /** A risk level, or `none`: not assessed yet. */
  risk?: string;
  status?: string;
  assignee?: string;
  definition?: string;
  team?: string;
  /** Only cases of these teams: what the caller may see. */
  teams?: string[];
  /** Text found in the id, title or subject, whatever its letter case. */
  q?: string;
  /** Only cases with something due before this time (ISO 8601, UTC). */
  dueBefore?: string;
  /** Only cases with something due at or after this time (ISO 8601, UTC). */
  dueAfter?: string;
  /** Only cases opened at or after, and before, these times. */
  openedAfter?: string;
  openedBefore?: string;
  /** Only cases closed at or after, and before, these times. */
  closedAfter?: string;
  closedBefore?: string;
  /** Only cases that completed (left) this phase within `completedAfter`/`completedBefore`, as per-phase cycle time counts them. */
  completedPhase?: string;
  /** Only cases that completed a phase (the one `completedPhase` names, else any) at or after, and before, these times. */
  completedAfter?: string;
  completedBefore?: string;
  /** True: only cases not closed; false: only closed ones. */
  open?: boolean;
  /** Only cases whose deadline was (true) or was not (false) missed. */
  breached?: boolean;
  /** Only cases not closed with something due before this time (true), or none that is (false); needs `now`. */
  overdue?: boolean;
  /** Only cases with (true) or without (false) a case report, as the portfolio's figures come from. */
  reported?: boolean;
  /** The time `overdue` is judged at (ISO 8601, UTC). */
  now?: string;
  sort?: CaseSort;
  limit: number;
  /** Position after which the page starts: that of the last row of the previous page (see sortPosition). */
  after?: { value: string; id: string };
}

const NOT_CLOSED = CASE_STATUSES.filter((s) => s !== 'closed');

/**
 * The filters every read of a set of cases shares: the list, the counts of the dashboard and the
 * board. A column is compared on the cases table, so `cases.`-qualified names keep joins unambiguous.
 */
export function whereCases<Q extends Knex.QueryBuilder>(query: Q, f: Omit<CaseFilters, 'sort' | 'limit' | 'after'>): Q {
  const c = (name: string) => `cases.${name}`;
  if (f.phase) query.where(c('phase'), f.phase);
  if (f.risk === 'none') query.whereNull(c('risk_level'));
  else if (f.risk) query.where(c('risk_level'), f.risk);
  if (f.status) query.where(c('status'), f.status);
  if (f.assignee) query.where(c('assignee'), f.assignee);
  if (f.definition) query.where(c('definition_key'), f.definition);
  if (f.team) query.where(c('team'), f.team);
  if (f.teams) query.whereIn(c('team'), f.teams);
  if (f.dueBefore) query.where(c('due_at'), '<', f.dueBefore);
  if (f.dueAfter) query.where(c('due_at'), '>=', f.dueAfter);
  if (f.openedAfter) query.where(c('opened_at'), '>=', f.openedAfter);
  if (f.openedBefore) query.where(c('opened_at'), '<', f.openedBefore);
  if (f.closedAfter) query.where(c('closed_at'), '>=', f.closedAfter);
  if (f.closedBefore) query.where(c('closed_at'), '<', f.closedBefore);
  if (f.completedPhase || f.completedAfter || f.completedBefore) {
    query.whereExists((q: Knex.QueryBuilder) => {
      q.select('case_id').from('case_visits').whereRaw('case_visits.case_id = cases.id').whereNotNull('case_visits.left_at');
      if (f.completedPhase) q.where('case_visits.phase', f.completedPhase);
      if (f.completedAfter) q.where('case_visits.left_at', '>=', f.completedAfter);
      if (f.completedBefore) q.where('case_visits.left_at', '<', f.completedBefore);
    });
  }
  // Open as a list of statuses rather than "not closed", so an index on status can answer it.
  if (f.open !== undefined) query.whereIn(c('status'), f.open ? NOT_CLOSED : ['closed']);
  if (f.breached !== undefined) query.where(c('breached'), f.breached);
  if (f.overdue !== undefined) {
    if (!f.now) throw new Error('the overdue filter needs the time it is judged at');
    const now = f.now;
    if (f.overdue) query.whereIn(c('status'), NOT_CLOSED).andWhere(c('due_at'), '<', now);
    else query.where((q) => q.where(c('status'), 'closed').orWhereNull(c('due_at')).orWhere(c('due_at'), '>=', now));
  }
  if (f.reported !== undefined) {
    const reports = (q: Knex.QueryBuilder) => q.select('case_id').from('case_reports').whereRaw('case_reports.case_id = cases.id');
    if (f.reported) query.whereExists(reports);
    else query.whereNotExists(reports);
  }
  if (f.q) {
    const pattern = likePattern(f.q);
    query.where((q) =>
      q
        .whereRaw("lower(cases.id) like ? escape '\\'", [pattern])
        .orWhereRaw("lower(cases.title) like ? escape '\\'", [pattern])
        .orWhereRaw("lower(coalesce(cases.subject, '')) like ? escape '\\'", [pattern]),
    );
  }
  return query;
}

/** How many cases the filters let through (paging aside). */
export async function countCases(db: Db, f: Omit<CaseFilters, 'sort' | 'limit' | 'after'>): Promise<number> {
  const rows = (await whereCases(db('cases').count({ n: '*' }), f)) as Array<{ n: unknown }>;
  return Number(rows[0]?.n ?? 0);
}

/** `%` and `_` in searched text are letters, not wildcards. */
const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function onePage(db: Db, f: CaseFilters) {
  const query = whereCases(db('cases').select(ROW_COLUMNS), f);
  const { column, descending } = sortParts(f.sort ?? DEFAULT_CASE_SORT);
  const order = descending ? 'desc' : 'asc';
  if (f.after) {
    const { id } = f.after;
    const value = column.bind ? column.bind(f.after.value) : f.after.value;
    const beyond = descending ? '<' : '>';
    query.where((q) => q.whereRaw(`${column.sql} ${beyond} ?`, [value]).orWhere((q2) => q2.whereRaw(`${column.sql} = ?`, [value]).andWhere('id', beyond, id)));
  }
  return query.orderByRaw(`${column.sql} ${order}, id ${order}`).limit(f.limit);
}

/** Every filter but the reader's teams: a list with none of them set is the list as it opens. */
const OTHER_FILTERS = ['phase', 'risk', 'status', 'assignee', 'definition', 'team', 'q', 'dueBefore', 'dueAfter', 'openedAfter', 'openedBefore', 'closedAfter', 'closedBefore', 'open', 'breached', 'overdue', 'reported'] as const satisfies ReadonlyArray<keyof CaseFilters>;

/**
 * Newest first unless sorted otherwise; paging by position rather than offset keeps deep pages as
 * fast as the first. On SQLite, a list by opening time narrowed only to several teams (the list as
 * it opens for most readers) is read a page per team, each in order from the index of cases by team
 * and opening time, and the pages merged: read at once, SQLite takes every case of those teams and
 * sorts them all. PostgreSQL merges such reads itself.
 */
export async function listCases(db: Db, f: CaseFilters): Promise<CaseRow[]> {
  const sort = f.sort ?? DEFAULT_CASE_SORT;
  const teams = [...new Set(f.teams ?? [])];
  if (!isSqlite(db) || teams.length < 2 || sort.replace(/^-/, '') !== 'openedAt' || OTHER_FILTERS.some((k) => f[k] !== undefined)) return (await onePage(db, f)).map(rowFromColumns);
  const pages = await Promise.all(teams.map((team) => onePage(db, { ...f, teams: undefined, team })));
  // Opening times are ISO 8601 text and ids compared as SQLite compares them (bytes), so the merge keeps the order each page was read in.
  const ascending = (a: CaseRow, b: CaseRow) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const descending = sort.startsWith('-');
  return pages.flat().map(rowFromColumns).sort((a, b) => (descending ? ascending(b, a) : ascending(a, b))).slice(0, f.limit);
}
