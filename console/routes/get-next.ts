/** "Get next", and claim, release and assign of a task, from the console: the same service the API's work routes call. */
import { Router, type Response } from 'express';
import { toHttpError } from '../../api/error-handler';
import type { CaseService } from '../../api/case-service';
import { createWorkService } from '../../api/work-service';
import { taskParams } from '../../api/schemas/cases';
import { taskAssignBody } from '../../api/schemas/routing';
import { notFound } from '../../api/problem';
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

  // Back to the page the form came from, when it is one of the console's own.
  const back = (body: unknown, res: Response, fallback: string) => {
    const to = (body as { _back?: unknown } | undefined)?._back;
    res.redirect(303, typeof to === 'string' && /^\/app\/[A-Za-z0-9/_.?=&-]*$/.test(to) ? to : fallback);
  };

  for (const what of ['claim', 'release', 'assign'] as const) {
    router.post(`/cases/:id/tasks/:taskId/${what}`, async (req, res) => {
      const params = taskParams.safeParse(req.params);
      if (!params.success) throw notFound('the task');
      const actor = pageLocals(res).actor!;
      const { id, taskId } = params.data;
      const refused = (status: number, message: string) => sendPage(res, GetNextPage({ viewer: viewerOf(res), csrfToken: csrfTokenOf(res), refused: message }), status);
      try {
        if (what === 'assign') {
          const body = taskAssignBody.safeParse({ assignee: (req.body as { assignee?: unknown } | undefined)?.assignee });
          if (!body.success) return refused(422, `assignee: ${body.error.issues[0].message}`);
          await work.assign(actor, id, taskId, body.data.assignee);
        } else await (what === 'claim' ? work.claim(actor, id, taskId) : work.release(actor, id, taskId));
      } catch (err) {
        const http = toHttpError(err);
        if (http?.status !== 409 && http?.status !== 403 && http?.status !== 422) throw err;
        return refused(http.status, http.errors?.length ? http.errors.map((e) => `${e.field}: ${e.message}`).join('; ') : http.message);
      }
      back(req.body, res, `/app/cases/${id}`);
    });
  }
  return router;
}
