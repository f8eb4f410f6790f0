/**
 * Listing the cases a person may see: the list's filters and order, narrowed to the caller's scope,
 * one page at a time behind a cursor. `GET /cases` and the console's case lists both use it.
 */
import type { z } from 'zod';
import type { CaseRow } from '../common/case-types';
import { DEFAULT_CASE_SORT, countCases, listCases, sortPosition, type CaseSort } from '../store/case-list';
import type { Db } from '../store/db';
import type { CaseScope } from './auth/authorize';
import { HttpError } from './problem';
import type { listCasesQuery } from './schemas/cases';

export type CaseListQuery = z.infer<typeof listCasesQuery>;

export interface CasePage {
  items: CaseRow[];
  /** Hands the next page out; null on the last one. */
  nextCursor: string | null;
}

const badCursor = (message: string) => new HttpError(422, 'Invalid Data', 'the cursor is not one this API handed out for this order', [{ field: 'query.cursor', message }]);

/** A cursor holds the last row's position and, past the default order, the order it was made for. */
function decodeCursor(cursor: string | undefined, sort: CaseSort) {
  if (!cursor) return undefined;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor('is not a valid cursor');
  }
  const [value, id, made = DEFAULT_CASE_SORT] = Array.isArray(parts) ? parts : [];
  if (typeof value !== 'string' || typeof id !== 'string') throw badCursor('is not a valid cursor');
  if (made !== sort) throw badCursor(`was made for the order '${String(made)}', not '${sort}'; start again without a cursor`);
  return { value, id };
}

const encodeCursor = (row: CaseRow, sort: CaseSort) => {
  const { value, id } = sortPosition(row, sort);
  return Buffer.from(JSON.stringify(sort === DEFAULT_CASE_SORT ? [value, id] : [value, id, sort])).toString('base64url');
};

/** One page of the cases the query asks for, of those the scope lets the caller see (all of them when there is none); `overdue` is judged at `now`. */
export async function listVisibleCases(db: Db, q: CaseListQuery, scope: CaseScope | undefined, now: Date = new Date()): Promise<CasePage> {
  // Someone who sees only the cases assigned to them asked for another person's: there are none.
  if (scope?.assignee && q.assignee && q.assignee !== scope.assignee) return { items: [], nextCursor: null };
  const sort = q.sort ?? DEFAULT_CASE_SORT;
  const rows = await listCases(db, { ...q, now: now.toISOString(), sort, after: decodeCursor(q.cursor, sort), ...(scope ? { teams: scope.teams, assignee: scope.assignee ?? q.assignee } : {}) });
  const last = rows[rows.length - 1];
  return { items: rows, nextCursor: rows.length === q.limit && last ? encodeCursor(last, sort) : null };
}

/** How many cases in all the query's filters let through, of those the scope lets the caller see. */
export async function countVisibleCases(db: Db, q: CaseListQuery, scope: CaseScope | undefined, now: Date = new Date()): Promise<number> {
  if (scope?.assignee && q.assignee && q.assignee !== scope.assignee) return 0;
  const { sort: _sort, limit: _limit, cursor: _cursor, ...filters } = q;
  return countCases(db, { ...filters, now: now.toISOString(), ...(scope ? { teams: scope.teams, assignee: scope.assignee ?? q.assignee } : {}) });
}
