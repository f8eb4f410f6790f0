/** Retention routes: legal holds on a case, the cases listed for destruction, approving one, and the record of destructions. */
import { Router, type Request, type Response } from 'express';
import type { Actor } from '../../common/case-types';
import { getCaseRow } from '../../store/cases';
import type { Db } from '../../store/db';
import { listDestructions, listRetentionReviews } from '../../store/retention';
import { caseScopeOf } from '../auth/authorize';
import type { LegalHolds } from '../legal-holds';
import type { CasePurger } from '../case-purge';
import { notFound } from '../problem';
import { caseIdParams } from '../schemas/cases';
import { reasonOnlyBody, reviewParams } from '../schemas/case-lifecycle';
import { validate } from '../validate';

export function retentionRoutes({ db, legalHold, purge }: { db: Db; legalHold: LegalHolds; purge: CasePurger }): Router {
  const router = Router();

  /** Places or releases a legal hold, by admin or a role the definition's retention names. */
  const setHold = (placing: boolean) => async (_req: Request, res: Response) => {
    res.json(await legalHold(res.locals.params.id as string, placing, (res.locals.body as { reason: string }).reason, res.locals.actor as Actor));
  };
  router.post('/cases/:id/legal-hold', validate({ params: caseIdParams, body: reasonOnlyBody }), setHold(true));
  router.post('/cases/:id/legal-hold/release', validate({ params: caseIdParams, body: reasonOnlyBody }), setHold(false));

  router.get('/retention/reviews', async (_req, res) => {
    const scope = caseScopeOf(res);
    res.json({ items: await listRetentionReviews(db, scope?.teams) });
  });

  router.post('/retention/reviews/:caseId/approve', validate({ params: reviewParams, body: reasonOnlyBody }), async (_req, res) => {
    const caseId = res.locals.params.caseId as string;
    const actor = res.locals.actor as Actor;
    const row = await getCaseRow(db, caseId);
    if (!row || !(actor.roles.includes('admin') || actor.teams.includes(row.team))) throw notFound('the case');
    res.json(await purge.approve(caseId, (res.locals.body as { reason: string }).reason, actor));
  });

  router.get('/retention/destructions', async (_req, res) => {
    res.json({ items: await listDestructions(db) });
  });
  return router;
}
