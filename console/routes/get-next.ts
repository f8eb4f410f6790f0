/** "Get next" from the console: the same service the API's POST /work/next calls. */
import { Router } from 'express';
import { toHttpError } from '../../api/error-handler';
import type { CaseService } from '../../api/case-service';
import { createWorkService } from '../../api/work-service';
import type { Db } from '../../store/db';
import { csrfTokenOf, pageLocals, viewerOf } from '../context';
import { sendPage } from '../render';
import { GetNextPage } from '../templates/get-next';

export function getNextRoutes({ db, cases, clock }: { db: Db; cases: CaseService; clock: () => Date }): Router {
  const router = Router();
  const work = createWorkService({ db, cases, clock });

  router.post('/work/next', async (_req, res) => {
    const viewer = viewerOf(res);
    const actor = pageLocals(res).actor!;
    try {
      sendPage(res, GetNextPage({ viewer, csrfToken: csrfTokenOf(res), next: await work.next(actor) }));
    } catch (err) {
      // Absent, or at their limit: the person reads why, as the API's 409 says it.
      const http = toHttpError(err);
      if (http?.status !== 409) throw err;
      sendPage(res, GetNextPage({ viewer, csrfToken: csrfTokenOf(res), refused: http.message }), 409);
    }
  });
  return router;
}
