/** Case routes: open, list, read, and the audit trail. Commands are in case-commands.ts. */
import { Router } from 'express';
import type { z } from 'zod';
import type { Actor, CaseRow } from '../../common/case-types';
import { DEFAULT_CASE_SORT, listCases, sortPosition, type CaseSort } from '../../store/cases';
import type { Db } from '../../store/db';
import { readTrail, verifyChain } from '../../store/trail';
import { caseScopeOf } from '../auth/authorize';
import { answerShowsCase } from '../idempotency';
import type { CaseService } from '../case-service';
import { HttpError, notFound } from '../problem';
import { validate } from '../validate';
import { caseIdParams, listCasesQuery, openCaseBody } from './case-schemas';

const actorOf = (locals: Record<string, unknown>) => locals.actor as Actor;

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

export function caseRoutes({ cases, db }: { cases: CaseService; db: Db }): Router {
  const router = Router();

  router.post('/cases', validate({ body: openCaseBody }), async (req, res) => {
    const view = await cases.open(res.locals.body as z.infer<typeof openCaseBody>, actorOf(res.locals), req.get('Idempotency-Key'));
    answerShowsCase(res, view.id);
    res.status(201).location(`/cases/${view.id}`).json(view);
  });

  router.get('/cases', validate({ query: listCasesQuery }), async (_req, res) => {
    const q = res.locals.query as z.infer<typeof listCasesQuery>;
    const scope = caseScopeOf(res);
    // Someone who sees only the cases assigned to them asked for another person's: there are none.
    if (scope?.assignee && q.assignee && q.assignee !== scope.assignee) {
      res.json({ items: [], nextCursor: null });
      return;
    }
    const sort = q.sort ?? DEFAULT_CASE_SORT;
    const rows = await listCases(db, { ...q, sort, after: decodeCursor(q.cursor, sort), ...(scope ? { teams: scope.teams, assignee: scope.assignee ?? q.assignee } : {}) });
    const last = rows[rows.length - 1];
    res.json({ items: rows, nextCursor: rows.length === q.limit && last ? encodeCursor(last, sort) : null });
  });

  router.get('/cases/:id', validate({ params: caseIdParams }), async (_req, res) => {
    res.json(await cases.view(res.locals.params.id));
  });

  router.get('/cases/:id/events', validate({ params: caseIdParams }), async (_req, res) => {
    const events = await readTrail(db, res.locals.params.id);
    if (events.length === 0) throw notFound('the case');
    res.json({ items: events });
  });

  router.get('/cases/:id/events/verify', validate({ params: caseIdParams }), async (_req, res) => {
    const events = await readTrail(db, res.locals.params.id);
    if (events.length === 0) throw notFound('the case');
    res.json(verifyChain(events));
  });

  return router;
}
