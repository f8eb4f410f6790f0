/** `GET /outbox`: the notification e-mails on record, newest first, to see what went out and what waits. */
import { Router } from 'express';
import type { z } from 'zod';
import type { Db } from '../../store/db';
import { listOutbox } from '../../store/outbox';
import { caseScopeOf } from '../auth/authorize';
import { outboxQuery } from '../schemas/outbox';
import { validate } from '../validate';

export function outboxRoutes({ db }: { db: Db }): Router {
  const router = Router();
  router.get('/outbox', validate({ query: outboxQuery }), async (_req, res) => {
    const q = res.locals.query as z.infer<typeof outboxQuery>;
    // A supervisor sees the mail about their own teams' cases; admin sees it all.
    const teams = caseScopeOf(res)?.teams;
    res.json({ items: await listOutbox(db, { caseId: q.case, status: q.status, limit: q.limit, ...(teams ? { teams } : {}) }) });
  });
  return router;
}
