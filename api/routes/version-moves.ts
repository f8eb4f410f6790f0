/** Routes that move running cases to a newer version of their definition: a dry run, a move job, its results, resuming it. */
import { Router } from 'express';
import type { z } from 'zod';
import type { Actor } from '../../common/case-types';
import type { Db } from '../../store/db';
import { checkOwnership } from '../definition-publishing';
import { definitionKeyParams } from '../schemas/definitions';
import { dryRunBody, moveBody, moveJobParams } from '../schemas/case-lifecycle';
import type { VersionMover } from '../version-moves';
import { validate } from '../validate';

export function versionMoveRoutes({ db, mover }: { db: Db; mover: VersionMover }): Router {
  const router = Router();
  // Designers of the definition's team (and admins) move its cases, as they publish its versions.
  router.post('/definitions/:key/moves/dry-run', validate({ params: definitionKeyParams, body: dryRunBody }), async (_req, res) => {
    const { key } = res.locals.params as { key: string };
    await checkOwnership(db, res.locals.actor as Actor, key);
    const { from, to } = res.locals.body as z.infer<typeof dryRunBody>;
    res.json(await mover.dryRun(key, from, to));
  });
  router.post('/definitions/:key/moves', validate({ params: definitionKeyParams, body: moveBody }), async (_req, res) => {
    const { key } = res.locals.params as { key: string };
    await checkOwnership(db, res.locals.actor as Actor, key);
    const job = await mover.move(key, res.locals.body as z.infer<typeof moveBody>, res.locals.actor as Actor);
    res.status(202).location(`/definitions/${key}/moves/${job.id}`).json(job);
  });
  router.get('/definitions/:key/moves/:jobId', validate({ params: moveJobParams }), async (_req, res) => {
    const { key, jobId } = res.locals.params as z.infer<typeof moveJobParams>;
    res.json(await mover.job(key, jobId));
  });
  router.post('/definitions/:key/moves/:jobId/resume', validate({ params: moveJobParams }), async (_req, res) => {
    const { key, jobId } = res.locals.params as z.infer<typeof moveJobParams>;
    await checkOwnership(db, res.locals.actor as Actor, key);
    res.status(202).json(await mover.resume(key, jobId));
  });
  return router;
}
