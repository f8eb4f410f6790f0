/**
 * "My work": the tasks that are the person's (the API's task-ownership rule), the follow-ups of
 * their cases, the plans waiting for them as a supervisor, and the cases assigned to them; read from
 * the fold's tables, what falls due first at the top. Its list part is also served alone, for the
 * page to refresh while it is open.
 */
import { Router, type Request, type Response } from 'express';
import { caseScopeOf } from '../../api/auth/authorize';
import { listVisibleCases } from '../../api/case-list';
import type { Db } from '../../store/db';
import { listMyFollowUps, listMyTasks, listPlansAwaitingApproval, WORK_LIMIT } from '../../store/my-work';
import { csrfTokenOf, viewerOf, type Viewer } from '../context';
import { HOME } from '../paths';
import { peopleNames } from '../people-names';
import { sendFragment, sendPage } from '../render';
import { MyWorkLive, MyWorkPage, type WorkItem } from '../templates/my-work';

const isLivePoll = (req: Request) => req.get('HX-Request') === 'true' && req.get('HX-Target') === 'my-work-lists';

async function workItems(db: Db, viewer: Viewer): Promise<WorkItem[]> {
  const { user } = viewer;
  const supervises = user.roles.includes('supervisor') || user.roles.includes('admin');
  const [tasks, followUps, approvals] = await Promise.all([
    listMyTasks(db, user),
    listMyFollowUps(db, user.id),
    supervises ? listPlansAwaitingApproval(db, user.roles.includes('admin') ? undefined : user.teams) : Promise.resolve([]),
  ]);
  const items: WorkItem[] = [
    ...tasks.map((t): WorkItem => ({ kind: 'task', caseId: t.caseId, caseTitle: t.caseTitle, what: t.title, dueAt: t.dueAt, why: t.claim })),
    ...followUps.map((f): WorkItem => ({ kind: 'follow-up', caseId: f.caseId, caseTitle: f.caseTitle, what: `Follow-up ${f.n}${f.escalated ? ' (escalated)' : ''}`, dueAt: f.dueAt, why: 'ownCase' })),
    ...approvals.map((a): WorkItem => ({ kind: 'approval', caseId: a.caseId, caseTitle: a.caseTitle, what: 'Plan to approve', dueAt: a.dueAt, why: 'supervisor' })),
  ];
  // What falls due first comes first; what has no due time comes last, in the order read.
  const sorted = items.map((item, i) => ({ item, i })).sort((a, b) => (a.item.dueAt ?? '\uffff').localeCompare(b.item.dueAt ?? '\uffff') || a.i - b.i);
  return sorted.slice(0, WORK_LIMIT).map(({ item }) => item);
}

export function myWorkRoutes({ db, clock }: { db: Db; clock: () => Date }): Router {
  const router = Router();
  router.get('/', (_req, res) => res.redirect(303, HOME));

  router.get('/my-work', async (req: Request, res: Response) => {
    const viewer = viewerOf(res);
    const [items, cases, names] = await Promise.all([
      workItems(db, viewer),
      listVisibleCases(db, { assignee: viewer.user.id, status: 'open', sort: 'dueAt', limit: WORK_LIMIT }, caseScopeOf(res)),
      peopleNames(db),
    ]);
    const lists = { viewer, items, rows: cases.items, now: clock(), names, limit: WORK_LIMIT };
    if (isLivePoll(req)) return sendFragment(res, MyWorkLive(lists));
    sendPage(res, MyWorkPage({ ...lists, csrfToken: csrfTokenOf(res) }));
  });
  return router;
}
