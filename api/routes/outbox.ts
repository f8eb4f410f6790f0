/** `GET /outbox`: the notification e-mails on record, newest first, to see what went out and what waits. */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../store/db';
import { listOutbox, OUTBOX_STATUSES } from '../../store/outbox';
import { caseScopeOf } from '../auth/authorize';
import { validate } from '../validate';

export const outboxQuery = z
  .object({
    case: z.string().trim().min(1).max(128).optional(),
    status: z.enum(OUTBOX_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

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
