/** `GET /audit`: what was done to the system itself, newest first; for admins. */
import { Router } from 'express';
import { z } from 'zod';
import { AUDIT_ACTIONS, listAudit } from '../../store/audit-log';
import type { Db } from '../../store/db';
import { validate } from '../validate';

export const auditQuery = z
  .object({
    actor: z.string().trim().min(1).max(128).optional().describe('Only what this user did'),
    action: z.enum(AUDIT_ACTIONS).optional(),
    subject: z.string().trim().min(1).max(255).optional().describe('Only what was done to this, e.g. definition:hr-grievance'),
    before: z.coerce.number().int().min(1).optional().describe('Only entries older than this id: pass the last id of a page for the next'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export function auditRoutes({ db }: { db: Db }): Router {
  const router = Router();
  router.get('/audit', validate({ query: auditQuery }), async (_req, res) => {
    res.json({ items: await listAudit(db, res.locals.query as z.infer<typeof auditQuery>) });
  });
  return router;
}
