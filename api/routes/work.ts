/** Work routing over HTTP: Get next, skip, claim, release and assign a task, and the queues' state. */
import { Router } from 'express';
import type { z } from 'zod';
import type { Actor } from '../../common/case-types';
import type { Db } from '../../store/db';
import { queueStats } from '../../store/work-queue';
import type { Clock } from '../idempotency';
import { reasonOptional, skipBody, taskAssignBody } from '../schemas/routing';
import { taskParams } from '../schemas/cases';
import { validate } from '../validate';
import type { WorkService } from '../work-service';

export function workRoutes({ db, work, clock }: { db: Db; work: WorkService; clock: Clock }): Router {
  const router = Router();
  const actorOf = (res: { locals: Record<string, unknown> }) => res.locals.actor as Actor;

  router.post('/work/next', validate({ body: reasonOptional }), async (_req, res) => {
    res.json(await work.next(actorOf(res)));
  });

  router.post('/work/skip', validate({ body: skipBody }), async (_req, res) => {
    const { caseId, taskId, reason } = res.locals.body as z.infer<typeof skipBody>;
    await work.skip(actorOf(res), caseId, taskId, reason);
    res.json({ caseId, taskId, skipped: true, reason });
  });

  router.get('/work/queues', async (_req, res) => {
    const actor = actorOf(res);
    res.json({ items: await queueStats(db, actor.roles.includes('admin') ? 'all' : actor.teams, clock()) });
  });

  router.post('/cases/:id/tasks/:taskId/claim', validate({ params: taskParams, body: reasonOptional }), async (_req, res) => {
    res.json(await work.claim(actorOf(res), res.locals.params.id, res.locals.params.taskId, res.locals.body.reason));
  });

  router.post('/cases/:id/tasks/:taskId/release', validate({ params: taskParams, body: reasonOptional }), async (_req, res) => {
    res.json(await work.release(actorOf(res), res.locals.params.id, res.locals.params.taskId, res.locals.body.reason));
  });

  router.post('/cases/:id/tasks/:taskId/assign', validate({ params: taskParams, body: taskAssignBody }), async (_req, res) => {
    const { assignee, reason } = res.locals.body as z.infer<typeof taskAssignBody>;
    res.json(await work.assign(actorOf(res), res.locals.params.id, res.locals.params.taskId, assignee, reason));
  });

  return router;
}
