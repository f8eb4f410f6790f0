/**
 * The routes of the case commands: one POST per row of the table (api/schemas/case-commands.ts),
 * validated, turned into the case's update, and answered with the case's new state. A request with
 * an Idempotency-Key is sent with an update id made from the whole request (see update-id.ts), so a
 * retried request is applied once.
 */
import { Router } from 'express';
import type { Actor } from '../../common/case-types';
import type { CaseService } from '../case-service';
import { bodyHash, IDEMPOTENCY_HEADER } from '../idempotency';
import { CASE_COMMANDS } from '../schemas/case-commands';
import { updateIdFor } from '../update-id';
import { validate } from '../validate';

export function caseCommandRoutes({ cases }: { cases: CaseService }): Router {
  const router = Router();
  for (const c of CASE_COMMANDS) {
    router.post(c.path, validate({ params: c.params, body: c.body }), async (req, res) => {
      const params = res.locals.params as Record<string, string>;
      const actor = res.locals.actor as Actor;
      const args = c.args(params, res.locals.body);
      const key = req.get(IDEMPOTENCY_HEADER);
      const updateId = key === undefined ? undefined : updateIdFor({ actorId: actor.id, method: req.method, route: c.path, params, bodyHash: bodyHash(req.body), key });
      res.json(await cases.command(params.id, c.update, args as never, actor, updateId));
    });
  }
  return router;
}
