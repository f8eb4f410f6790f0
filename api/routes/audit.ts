/** `GET /audit`: what was done to the system itself, newest first; for admins. */
import { Router } from 'express';
import type { z } from 'zod';
import { listAudit } from '../../store/audit-log';
import type { Db } from '../../store/db';
import { auditQuery } from '../schemas/audit';
import { validate } from '../validate';

export function auditRoutes({ db }: { db: Db }): Router {
  const router = Router();
  router.get('/audit', validate({ query: auditQuery }), async (_req, res) => {
    res.json({ items: await listAudit(db, res.locals.query as z.infer<typeof auditQuery>) });
  });
  return router;
}
