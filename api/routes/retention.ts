/** Retention routes: legal holds on a case, the cases listed for destruction, approving one, and the record of destructions. */
import { Router, type Request, type Response } from 'express';
import type { Actor } from '../../common/case-types';
import { getCaseRow, getCaseView } from '../../store/cases';
import type { Db } from '../../store/db';
import { getDefinitionVersion } from '../../store/definitions';
import { listDestructions, listRetentionReviews } from '../../store/retention';
import { caseScopeOf } from '../auth/authorize';
import type { Annotator } from '../case-annotations';
import type { CasePurger } from '../case-purge';
import { HttpError, notFound } from '../problem';
import { caseIdParams } from '../schemas/cases';
import { reasonOnlyBody, reviewParams } from '../schemas/case-lifecycle';
import { validate } from '../validate';

const DEFAULT_HOLD_ROLES = ['supervisor'];

export function retentionRoutes({ db, annotate, purge }: { db: Db; annotate: Annotator; purge: CasePurger }): Router {
  const router = Router();

  /** Places or releases a legal hold, by admin or a role the definition's retention names. */
  const legalHold = (placing: boolean) => async (_req: Request, res: Response) => {
    const id = res.locals.params.id as string;
    const actor = res.locals.actor as Actor;
    const { reason } = res.locals.body as { reason: string };
    const view = await getCaseView(db, id);
    if (!view) throw notFound('the case');
    const roles = (await getDefinitionVersion(db, view.definition.key, view.definition.version))?.definition.retention?.hold_roles ?? DEFAULT_HOLD_ROLES;
    if (!actor.roles.some((r) => r === 'admin' || roles.includes(r))) throw new HttpError(403, 'Forbidden', `only ${roles.join(' or ')} may place or release a legal hold on this kind of case`);
    if (view.purged) throw new HttpError(409, 'Invalid Transition', 'the case was destroyed');
    if (placing && view.legalHold) throw new HttpError(409, 'Invalid Transition', `the case is on legal hold already, since ${view.legalHold.since}`);
    if (!placing && !view.legalHold) throw new HttpError(409, 'Invalid Transition', 'the case is not on legal hold');
    await annotate(id, placing ? { type: 'legal_hold_placed', data: { reason } } : { type: 'legal_hold_released', data: { reason } }, actor);
    res.json(await getCaseView(db, id));
  };
  router.post('/cases/:id/legal-hold', validate({ params: caseIdParams, body: reasonOnlyBody }), legalHold(true));
  router.post('/cases/:id/legal-hold/release', validate({ params: caseIdParams, body: reasonOnlyBody }), legalHold(false));

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
