/** Case routes: open, list, read, and the audit trail. Commands are in case-commands.ts. */
import { Router } from 'express';
import type { z } from 'zod';
import type { Actor } from '../../common/case-types';
import type { Db } from '../../store/db';
import { readTrail, verifyChain } from '../../store/trail';
import { caseScopeOf } from '../auth/authorize';
import { listVisibleCases } from '../case-list';
import { answerShowsCase } from '../idempotency';
import type { CaseService } from '../case-service';
import { notFound } from '../problem';
import { validate } from '../validate';
import { caseIdParams, listCasesQuery, openCaseBody } from '../schemas/cases';

const actorOf = (locals: Record<string, unknown>) => locals.actor as Actor;

export function caseRoutes({ cases, db }: { cases: CaseService; db: Db }): Router {
  const router = Router();

  router.post('/cases', validate({ body: openCaseBody }), async (req, res) => {
    const view = await cases.open(res.locals.body as z.infer<typeof openCaseBody>, actorOf(res.locals), req.get('Idempotency-Key'));
    answerShowsCase(res, view.id);
    res.status(201).location(`/cases/${view.id}`).json(view);
  });

  router.get('/cases', validate({ query: listCasesQuery }), async (_req, res) => {
    const q = res.locals.query as z.infer<typeof listCasesQuery>;
    res.json(await listVisibleCases(db, q, caseScopeOf(res)));
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
