/** "My work": for now, the open cases assigned to the person, what falls due first at the top. */
import { Router } from 'express';
import { caseScopeOf } from '../../api/auth/authorize';
import { listVisibleCases } from '../../api/case-list';
import type { Db } from '../../store/db';
import { csrfTokenOf, viewerOf } from '../context';
import { HOME } from '../paths';
import { peopleNames } from '../people-names';
import { sendPage } from '../render';
import { MyWorkPage } from '../templates/my-work';

export function myWorkRoutes({ db, clock }: { db: Db; clock: () => Date }): Router {
  const router = Router();
  router.get('/', (_req, res) => res.redirect(303, HOME));

  router.get('/my-work', async (_req, res) => {
    const viewer = viewerOf(res);
    const { items } = await listVisibleCases(db, { assignee: viewer.user.id, status: 'open', sort: 'dueAt', limit: 200 }, caseScopeOf(res));
    sendPage(res, MyWorkPage({ viewer, csrfToken: csrfTokenOf(res), rows: items, now: clock(), names: await peopleNames(db) }));
  });
  return router;
}
