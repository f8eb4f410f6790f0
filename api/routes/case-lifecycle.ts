/** Routes of a case's life beyond one straight run: reopening a closed case, and links between cases. */
import { Router } from 'express';
import type { z } from 'zod';
import type { Actor } from '../../common/case-types';
import { recordAudit } from '../../store/audit-log';
import { addCaseLink, LinkExistsError, listCaseLinks } from '../../store/case-links';
import { getCaseRow } from '../../store/cases';
import { writeTransaction, type Db } from '../../store/db';
import { maySeeCase } from '../auth/authorize';
import type { Annotator } from '../case-annotations';
import type { CaseReopener } from '../case-reopen';
import { HttpError, invalid, notFound } from '../problem';
import { caseIdParams } from '../schemas/cases';
import { linkBody, reopenBody } from '../schemas/case-lifecycle';
import { validate } from '../validate';

/** The case's links to cases the reader may see: a link names no case hidden from them. */
export async function visibleLinks(db: Db, actor: Actor, id: string) {
  const links = await listCaseLinks(db, id);
  const seen = await Promise.all(links.map((l) => maySeeCase(db, actor, l.caseId)));
  return links.filter((_l, i) => seen[i]);
}

export function caseLifecycleRoutes({ reopen, annotate, db }: { reopen: CaseReopener; annotate: Annotator; db: Db }): Router {
  const router = Router();
  router.post('/cases/:id/reopen', validate({ params: caseIdParams, body: reopenBody }), async (_req, res) => {
    res.json(await reopen(res.locals.params.id as string, (res.locals.body as { reason: string }).reason, res.locals.actor as Actor));
  });

  // The case in the path is checked by the permission table; the other one here: a person links
  // only cases they may see, and one they may not is answered as if it did not exist.
  router.post('/cases/:id/links', validate({ params: caseIdParams, body: linkBody }), async (_req, res) => {
    const id = res.locals.params.id as string;
    const { to, kind, reason } = res.locals.body as z.infer<typeof linkBody>;
    const actor = res.locals.actor as Actor;
    if (!(await getCaseRow(db, id))) throw notFound('the case');
    if (to === id) throw invalid([{ field: 'to', message: 'a case is not linked to itself' }]);
    if (!(await maySeeCase(db, actor, to))) throw invalid([{ field: 'to', message: `no case ${to} that you may see` }]);
    if ((await listCaseLinks(db, id)).some((l) => l.direction === 'outgoing' && l.caseId === to && l.kind === kind)) {
      throw new HttpError(409, 'Conflict', `${id} is linked to ${to} as ${kind} already`);
    }
    // Each case's trail records the link, in order with its commands while it runs.
    await annotate(id, { type: 'case_linked', data: { caseId: to, kind, reason, direction: 'outgoing' } }, actor);
    await annotate(to, { type: 'case_linked', data: { caseId: id, kind, reason, direction: 'incoming' } }, actor);
    const link = await writeTransaction(db, async (trx) => {
      const made = await addCaseLink(trx, { from: id, to, kind, reason, by: actor.id, at: new Date().toISOString() }).catch((err: unknown) => {
        if (err instanceof LinkExistsError) throw new HttpError(409, 'Conflict', err.message);
        throw err;
      });
      await recordAudit(trx, { actor: actor.id, action: 'case.linked', subject: `case:${id}`, details: { to, kind, reason } });
      return made;
    });
    res.status(201).json(link);
  });

  router.get('/cases/:id/links', validate({ params: caseIdParams }), async (_req, res) => {
    const id = res.locals.params.id as string;
    if (!(await getCaseRow(db, id))) throw notFound('the case');
    res.json({ items: await visibleLinks(db, res.locals.actor as Actor, id) });
  });
  return router;
}
