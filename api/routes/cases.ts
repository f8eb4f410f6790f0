/** Case routes: open, list, read, and the audit trail. Commands are in case-commands.ts. */
import { Router } from 'express';
import type { z } from 'zod';
import type { Actor } from '../../common/case-types';
import { listNotes } from '../../store/case-reads';
import { getCaseRow } from '../../store/cases';
import type { Db } from '../../store/db';
import { readTrail, verifyChain } from '../../store/trail';
import { caseScopeOf } from '../auth/authorize';
import { listVisibleCases } from '../case-list';
import { visibleChildren, visibleLinks } from './case-lifecycle';
import { answerShowsCase } from '../idempotency';
import type { CaseService } from '../case-service';
import { HttpError, notFound } from '../problem';
import { validate } from '../validate';
import { caseIdParams, listCasesQuery, listNotesQuery, openCaseBody } from '../schemas/cases';

const actorOf = (locals: Record<string, unknown>) => locals.actor as Actor;

function decodeNoteCursor(cursor?: string): number | undefined {
  if (!cursor) return undefined;
  try {
    const [position] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Number.isSafeInteger(position) && position >= 0) return position as number;
  } catch {
    // fall through to the error below
  }
  throw new HttpError(422, 'Invalid Data', 'the cursor is not one this API handed out', [{ field: 'query.cursor', message: 'is not a valid cursor' }]);
}

export function caseRoutes({ cases, db, clock = () => new Date() }: { cases: CaseService; db: Db; clock?: () => Date }): Router {
  const router = Router();

  router.post('/cases', validate({ body: openCaseBody }), async (req, res) => {
    const view = await cases.open(res.locals.body as z.infer<typeof openCaseBody>, actorOf(res.locals), req.get('Idempotency-Key'));
    answerShowsCase(res, view.id);
    res.status(201).location(`/cases/${view.id}`).json(view);
  });

  router.get('/cases', validate({ query: listCasesQuery }), async (_req, res) => {
    const q = res.locals.query as z.infer<typeof listCasesQuery>;
    res.json(await listVisibleCases(db, q, caseScopeOf(res), clock()));
  });

  router.get('/cases/:id', validate({ params: caseIdParams }), async (_req, res) => {
    const view = await cases.view(res.locals.params.id);
    // Like links, a child case is named only to those who may see it: a child of another team stays out of the answer.
    const actor = actorOf(res.locals);
    const children = (await visibleChildren(db, actor, view)).map(({ child, row }) => ({ ...child, ...(row ? { phase: row.phase, status: row.status } : {}) }));
    // Links are not part of the case's fold (a case of another team is not named to everyone): a view without any is the fold as it is.
    const links = await visibleLinks(db, actor, view.id);
    res.json({ ...view, ...(view.children ? { children } : {}), ...(links.length > 0 ? { links } : {}) });
  });

  // Every note of the case, oldest first, a page at a time; the case's view shows the latest.
  router.get('/cases/:id/notes', validate({ params: caseIdParams, query: listNotesQuery }), async (_req, res) => {
    const id = res.locals.params.id as string;
    const q = res.locals.query as z.infer<typeof listNotesQuery>;
    if (!(await getCaseRow(db, id))) throw notFound('the case');
    const notes = await listNotes(db, id, { after: decodeNoteCursor(q.cursor), limit: q.limit });
    const last = notes[notes.length - 1];
    res.json({ items: notes.map(({ position: _p, ...note }) => note), nextCursor: notes.length === q.limit && last ? Buffer.from(JSON.stringify([last.position])).toString('base64url') : null });
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
