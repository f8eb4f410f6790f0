/** Routes of a case's life beyond one straight run: reopening a closed case, and links between cases. */
import { Router } from 'express';
import type { z } from 'zod';
import type { Actor, CaseRow } from '../../common/case-types';
import type { CaseView } from '../../common/case-view';
import { listCaseLinks } from '../../store/case-links';
import { getCaseRow } from '../../store/cases';
import type { Db } from '../../store/db';
import { maySeeCase } from '../auth/authorize';
import type { CaseLinker } from '../case-links';
import type { CaseReopener } from '../case-reopen';
import { notFound } from '../problem';
import { caseIdParams } from '../schemas/cases';
import { linkBody, reopenBody } from '../schemas/case-lifecycle';
import { validate } from '../validate';

/** The case's links to cases the reader may see: a link names no case hidden from them. */
export async function visibleLinks(db: Db, actor: Actor, id: string) {
  const links = await listCaseLinks(db, id);
  const seen = await Promise.all(links.map((l) => maySeeCase(db, actor, l.caseId)));
  return links.filter((_l, i) => seen[i]);
}

/** The case's children the reader may see, each with its row in the read model once it has one: like a link, a child names no case hidden from them. */
export async function visibleChildren(db: Db, actor: Actor, view: Pick<CaseView, 'children'>) {
  const shown: Array<{ child: NonNullable<CaseView['children']>[number]; row?: CaseRow }> = [];
  for (const child of view.children ?? []) {
    if (await maySeeCase(db, actor, child.caseId)) shown.push({ child, row: await getCaseRow(db, child.caseId) });
  }
  return shown;
}

export function caseLifecycleRoutes({ reopen, link, db }: { reopen: CaseReopener; link: CaseLinker; db: Db }): Router {
  const router = Router();
  router.post('/cases/:id/reopen', validate({ params: caseIdParams, body: reopenBody }), async (_req, res) => {
    res.json(await reopen(res.locals.params.id as string, (res.locals.body as { reason: string }).reason, res.locals.actor as Actor));
  });

  // The case in the path is checked by the permission table; the other one by the linker.
  router.post('/cases/:id/links', validate({ params: caseIdParams, body: linkBody }), async (_req, res) => {
    res.status(201).json(await link(res.locals.params.id as string, res.locals.body as z.infer<typeof linkBody>, res.locals.actor as Actor));
  });

  router.get('/cases/:id/links', validate({ params: caseIdParams }), async (_req, res) => {
    const id = res.locals.params.id as string;
    if (!(await getCaseRow(db, id))) throw notFound('the case');
    res.json({ items: await visibleLinks(db, res.locals.actor as Actor, id) });
  });
  return router;
}
